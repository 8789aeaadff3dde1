"""The reference: block structure as markdown-it-py reads it (commonmark + tables)."""

from __future__ import annotations

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable("table")

_OPEN = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "fence": "fence",
    "code_block": "code",
    "html_block": "html",
    "table_open": "table",
    "hr": "hr",
    "blockquote_open": "blockquote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "list_item_open": "item",
}


def reference_blocks(text: str) -> list[tuple[str, int, int, int, int]]:
    """(kind, start, end, level, heading depth) for every block token."""
    out = []
    for tok in _MD.parse(text):
        kind = _OPEN.get(tok.type)
        if kind is None or tok.map is None:
            continue
        depth = int(tok.tag[1]) if kind == "heading" else 0
        out.append((kind, tok.map[0], tok.map[1], tok.level, depth))
    return out


def heading_texts(text: str) -> list[str]:
    toks = _MD.parse(text)
    return [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open"]
