"""Frontmatter, sections, tables, context-for-ai blocks, links and line edits."""

from __future__ import annotations

import re

from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st
from mdgen import document

from bepkit.model.document import Document, Edit, links
from bepkit.model.document.aicontext import split_flow_list
from bepkit.model.document.tables import format_row, split_row

PROPOSALS = CORPUS / "proposals"


def doc(text: str) -> Document:
    return Document(text)


# -- frontmatter -----------------------------------------------------------------------


def test_frontmatter_comment_lines_are_not_headings() -> None:
    d = Document.from_bytes((PROPOSALS / "BEP-1028-kubernetes-bridge.md").read_bytes())
    fm = d.frontmatter
    assert fm is not None
    assert fm.get("Status") == "Draft"
    assert fm.get("Created") == "2026-01-14"  # a date stays text
    assert fm.get("target-version") == ""  # empty value, case-insensitive key
    assert len(fm.comments) == 6
    assert d.title == "Kubernetes Bridge"
    assert all(h.line >= fm.end for h in d.headings)


def test_frontmatter_with_parent_key_and_without_frontmatter() -> None:
    sub = Document.from_bytes((PROPOSALS / "BEP-1012-RBAC" / "design-decision.md").read_bytes())
    assert sub.frontmatter is not None and sub.frontmatter.get("Parent") == "BEP-1012-main.md"
    plain = Document.from_bytes((PROPOSALS / "BEP-1033" / "00-overview.md").read_bytes())
    assert plain.frontmatter is None
    assert plain.title == "BEP-1033 Sokovan Handler Test Scenarios - Overview"


def test_zero_byte_document() -> None:
    empty = Document.from_bytes(
        (PROPOSALS / "BEP-1040-multiple-path-zip-download-implementation.md").read_bytes()
    )
    assert (
        empty.lines == []
        and empty.frontmatter is None
        and empty.sections == []
        and empty.title is None
    )


def test_dash_line_inside_fence_does_not_close_frontmatter() -> None:
    d = doc("---\n\nIntro\n\n```yaml\n---\nkey: v\n```\n# Title\n")
    assert d.frontmatter is None  # the first --- is a thematic break
    assert [h.text for h in d.headings] == ["Title"]
    d2 = doc("---\nA: 1\n```\n---\n")
    assert d2.frontmatter is None


def test_frontmatter_list_values_and_quotes() -> None:
    d = doc('---\nname: x\ntags:\n  - bep\n  - design\nquoted: "a: b"\n---\n# T\n')
    fm = d.frontmatter
    assert fm is not None
    tags = fm.entry("tags")
    assert tags is not None and tags.items == ["bep", "design"] and (tags.line, tags.end) == (2, 5)
    assert fm.get("quoted") == "a: b"


def test_frontmatter_blanked_from_markdown() -> None:
    d = doc("---\nAuthor: x\n---\n# T\n")  # 'Author: x' + '---' would be a setext heading
    assert [(h.line, h.text) for h in d.headings] == [(3, "T")]


# -- sections ---------------------------------------------------------------------------


def test_section_tree_and_line_counts() -> None:
    d = doc("# T\nintro\n## A\na\n### A1\nx\n## B\nb\nb\n")
    assert [(s.title, s.start, s.end, s.parent) for s in d.sections] == [
        ("T", 0, 9, None),
        ("A", 2, 6, 0),
        ("A1", 4, 6, 1),
        ("B", 6, 9, 0),
    ]
    assert d.sections[3].line_count == 3


def test_headings_in_lists_and_code_are_not_sections() -> None:
    d = doc("# T\n- item\n  ## not a section\n```\n## code\n```\n## Real\n")
    assert [s.title for s in d.sections] == ["T", "Real"]


# -- tables -----------------------------------------------------------------------------


def test_table_rows_with_lines_and_escaped_pipes() -> None:
    d = doc("intro\n\n| A | B |\n|---|---|\n| 1 | x \\| y |\n| 2 |\n\nafter\n")
    (table,) = d.tables()
    assert table.header == ["A", "B"]
    assert [(r.line, r.cells) for r in table.rows] == [(4, ["1", "x | y"]), (5, ["2"])]
    assert table.rows[1].cell(1) == ""
    assert format_row(["1", "x | y"]) == "| 1 | x \\| y |"


def test_split_row_forms() -> None:
    assert split_row("| a | b |\n") == ["a", "b"]
    assert split_row("a | b") == ["a", "b"]
    assert split_row("| a | |") == ["a", ""]


# -- context-for-ai ---------------------------------------------------------------------


def test_ai_context_scalars_flow_and_block_lists() -> None:
    text = (
        "<!-- context-for-ai\n"
        "type: detail-doc\n"
        "parent: BEP-1002 (Repository Check)\n"
        "depends-on: [a.md, b.md]\n"
        "key-decisions:\n"
        "  - one (with, comma)\n"
        "  - two\n"
        "phases: 3 -->\n"
        "# Title\n"
    )
    (block,) = doc(text).ai_contexts
    assert (block.start, block.end) == (0, 8)
    assert block.type == "detail-doc"
    assert block.get("parent") == "BEP-1002 (Repository Check)"
    assert block.items("depends-on") == ["a.md", "b.md"]
    assert block.items("key-decisions") == ["one (with, comma)", "two"]
    assert block.get("phases") == "3"
    entry = block.entry("key-decisions")
    assert entry is not None and (entry.line, entry.end, entry.style) == (4, 7, "block")


def test_flow_list_splitting() -> None:
    assert split_flow_list('a, "b, c", d (e, f)') == ["a", "b, c", "d (e, f)"]
    assert split_flow_list("") == []


def test_ai_context_in_code_is_not_a_block() -> None:
    assert doc("```\n<!-- context-for-ai\ntype: x\n-->\n```\n").ai_contexts == []


# -- links ------------------------------------------------------------------------------


def test_links_outside_code() -> None:
    d = doc(
        'See [BEP-1](BEP-1.md#goal) and ![img](./a/b.png "t").\n'
        "`[not](a link)` [web](https://x.org)\n"
        "```\n[code](c.md)\n```\n"
        "[ref]: ./r.md\n"
    )
    found = [(link.line, link.target, link.image, link.definition) for link in d.links]
    assert found == [
        (0, "BEP-1.md#goal", False, False),
        (0, "./a/b.png", True, False),
        (1, "https://x.org", False, False),
        (5, "./r.md", False, True),
    ]
    assert [link.is_relative for link in d.links] == [True, True, False, True]
    assert d.links[0].path == "BEP-1.md" and d.links[0].fragment == "goal"


def test_anchors_follow_github() -> None:
    d = doc("# Hello, World!\n## `update_group` API\n## Hello, World!\n## 한국어 제목\n")
    assert d.anchors == {"hello-world", "update_group-api", "hello-world-1", "한국어-제목"}


# -- edits ------------------------------------------------------------------------------


def test_edit_changes_only_named_lines_and_keeps_line_breaks() -> None:
    d = Document.from_bytes(b"\xef\xbb\xbfa\r\nb  \r\nc")
    out = d.edit([Edit.replace(1, 2, ["B"])])
    assert out.to_bytes() == b"\xef\xbb\xbfa\r\nB\r\nc"
    appended = d.edit([Edit.insert(3, ["d"])])
    assert appended.to_bytes() == b"\xef\xbb\xbfa\r\nb  \r\nc\r\nd"  # still no final newline
    inserted = d.edit([Edit.insert(0, ["z", "y"]), Edit.replace(2, 3, [])])
    assert inserted.to_bytes() == b"\xef\xbb\xbfz\r\ny\r\na\r\nb  \r\n"


# -- title --------------------------------------------------------------------------


def _full_title(text: str) -> str | None:
    d = Document(text)
    _ = d.blocks  # forces the full scan
    return d.title


def test_title_from_a_prefix_equals_the_full_scan() -> None:
    from conftest import corpus_markdown

    for path in corpus_markdown():
        text = Document.from_bytes(path.read_bytes()).text
        assert Document(text).title == _full_title(text), path
    for text in [
        "```\n# not\n```\n# Yes\n",
        "Setext\n===\n# Later\n",
        "---\n# Key: comment\nKey: v\n---\n\n# Title\n",
        "- item\n  # nested\n\n# Top\n",
        "# a | b\n--|--\n\n# Real\n",
        "<!--\n# x\n\n-->\n# After\n",
        "para\r\n\r\n  # Crlf\r\n",
        "no heading at all\n",
    ]:
        assert Document(text).title == _full_title(text), text


@settings(max_examples=400, deadline=None)
@given(document())
def test_title_prefix_scan_property(text: str) -> None:
    assert Document(text).title == _full_title(text)


def _strip_inline_every_pattern(text: str) -> str:
    """strip_inline with every pattern applied, as first written (no fast path)."""
    text = links._LINK_TEXT_RE.sub(r"\1", text)
    text = links._UNDERSCORE_RE.sub(r"\1\2", text)
    return re.sub(r"[`*]|<[^>]+>", "", text).strip()


@given(st.text(alphabet=st.sampled_from("ab _*`<>[]()!#-\t é"), max_size=40))
@settings(max_examples=500, deadline=None)
def test_strip_inline_fast_path_agrees_with_every_pattern(text: str) -> None:
    assert links.strip_inline(text) == _strip_inline_every_pattern(text)
