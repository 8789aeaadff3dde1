"""Links in a document, and the anchors its headings get on GitHub."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = [
    "Link",
    "find_links",
    "heading_anchor",
    "is_relative_target",
    "map_targets",
    "strip_inline",
]

# [text](target "title") and ![alt](target); text may hold one level of brackets.
# Every repetition is possessive and bounded (CommonMark's 999 characters for a
# label), so a line is scanned in linear time whatever it holds.
_INLINE_RE = re.compile(
    r"(?<!\\)(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.){0,999}+\]){0,999}+)\]"
    r"\(\s*+(<[^<>\n]{0,2048}+>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.){0,999}+\)){0,2048}+)"
    r"(?:\s++(?:\"[^\"]{0,999}+\"|'[^']{0,999}+'|\([^)]{0,999}+\)))?\s*+\)"
)
# "[^1]: text" is a footnote (GitHub's extension), not a link
_DEFINITION_RE = re.compile(r"^ {0,3}\[(?!\^)((?:[^\[\]\\]|\\.)+)\]:[ \t]*(<[^<>\n]*>|\S+)")
_BACKTICKS_RE = re.compile(r"`+")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Link:
    line: int  # 0-based
    col: int  # 0-based character column
    text: str
    target: str  # as written (angle brackets removed)
    image: bool = False
    definition: bool = False

    @property
    def is_relative(self) -> bool:
        t = self.target
        return bool(t) and not _SCHEME_RE.match(t) and not t.startswith("//")

    @property
    def path(self) -> str:
        """The file part of a relative target, percent-decoded ('' for ``#anchor``)."""
        return unquote(self.target.split("#", 1)[0].split("?", 1)[0])

    @property
    def fragment(self) -> str | None:
        if "#" not in self.target:
            return None
        return unquote(self.target.split("#", 1)[1])


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of the code spans of a line: a run of backticks up to the next
    run of the same length (CommonMark); an unmatched run is literal.  Linear:
    each length's runs are visited in order once."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for k, (s, e) in enumerate(runs):
        by_length.setdefault(e - s, []).append(k)
    next_of: dict[int, int] = dict.fromkeys(by_length, 0)
    out = []
    k = 0
    while k < len(runs):
        length = runs[k][1] - runs[k][0]
        same = by_length[length]
        p = next_of[length]
        while p < len(same) and same[p] <= k:
            p += 1
        next_of[length] = p
        if p < len(same):
            out.append((runs[k][0], runs[same[p]][1]))
            k = same[p] + 1
        else:
            k += 1
    return out


def _blank_code_spans(line: str) -> str:
    if "`" not in line:
        return line
    parts = []
    last = 0
    for s, e in code_spans(line):
        parts += [line[last:s], " " * (e - s)]
        last = e
    return "".join(parts) + line[last:]


def find_links(lines: list[str], skip: list[tuple[int, int]]) -> list[Link]:
    """Inline links, images and reference definitions outside the ``skip`` spans."""
    out: list[Link] = []
    skip_iter = iter(sorted(skip))
    next_skip = next(skip_iter, None)
    for i, raw in enumerate(lines):
        while next_skip is not None and next_skip[1] <= i:
            next_skip = next(skip_iter, None)
        if next_skip is not None and next_skip[0] <= i:
            continue
        if "](" not in raw and "]:" not in raw:
            continue
        line = _blank_code_spans(raw)
        for m in _INLINE_RE.finditer(line):
            target = m.group(3)
            if target.startswith("<"):
                target = target[1:-1]
            out.append(Link(i, m.start(), m.group(2), target, image=m.group(1) == "!"))
        d = _DEFINITION_RE.match(line)
        if d:
            target = d.group(2)
            if target.startswith("<"):
                target = target[1:-1]
            out.append(Link(i, d.start(1) - 1, d.group(1), target, definition=True))
    return out


_LINK_TEXT_RE = re.compile(r"!?\[([^\]]{0,999}+)\]\([^)]{0,2048}+\)")
# the first [text](target) of a table cell: (text, target)
_CELL_LINK_RE = re.compile(r"\[([^\]]{0,999}+)\]\(\s*+<?([^)\s>]{0,2048}+)>?[^)]{0,999}+\)")


def cell_link(text: str) -> tuple[str, str] | None:
    """The text and target of the first link in ``text`` (a registry or index cell)."""
    m = _CELL_LINK_RE.search(text)
    return (m.group(1), m.group(2)) if m else None


def strip_inline(text: str) -> str:
    """Heading text as a reader sees it: link text kept, markup removed."""
    if not _MARKUP_CHARS.intersection(text):  # the usual heading: nothing to remove
        return text.strip()
    text = _LINK_TEXT_RE.sub(r"\1", text)
    text = _UNDERSCORE_RE.sub(r"\1\2", text)  # _emphasis_ and __strong__, not snake_case
    return re.sub(r"[`*]|<[^>]+>", "", text).strip()


# every pattern of strip_inline needs one of these to match
_MARKUP_CHARS = frozenset("[_`*<")
# each alternative stops at the next underscore: linear
_UNDERSCORE_RE = re.compile(r"(?<!\w)__([^_\n]+)__(?!\w)|(?<!\w)_([^_\n]+)_(?!\w)")


_ANCHOR_DROP_RE = re.compile(r"[^\w\- ]")


def heading_anchor(text: str, seen: dict[str, int]) -> str:
    """GitHub's anchor for a heading, made unique against ``seen`` (updated).

    Lowercase; everything but letters, digits, ``_``, ``-`` and spaces removed;
    spaces become ``-``; a repeated anchor gets ``-1``, ``-2``, ...
    """
    base = _ANCHOR_DROP_RE.sub("", strip_inline(text).lower()).replace(" ", "-")
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


# the target of an inline link or image, or of a reference definition
_TARGET_RE = re.compile(r"(\]\(\s*<?)([^)\s>]+)|^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?)(?=\s|$)")


def is_relative_target(target: str) -> bool:
    """A path in this repository (or an ``#anchor``), not a URL."""
    return not _SCHEME_RE.match(target) and not target.startswith("//")


def link_targets(line: str) -> list[str]:
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _TARGET_RE.finditer(line)]


def map_targets(
    line: str, target: Callable[[str], str], text: Callable[[str], str] | None = None
) -> str:
    """``line`` with each link target passed through ``target`` and, when given,
    the text between targets through ``text``.  Code spans are left as they are:
    neither a target nor text is ever rewritten inside backticks."""
    spans = code_spans(line) if "`" in line else []
    masked = _blank_code_spans(line) if spans else line
    pieces: list[str] = []
    pos = 0

    def plain(start: int, end: int) -> None:
        at = start
        for s, e in spans:
            if e <= at or s >= end:
                continue
            chunk = line[at:s] if s > at else ""
            pieces.append(text(chunk) if text and chunk else chunk)
            pieces.append(line[max(s, at) : min(e, end)])
            at = min(e, end)
        chunk = line[at:end]
        pieces.append(text(chunk) if text and chunk else chunk)

    for m in _TARGET_RE.finditer(masked):
        group = 2 if m.group(2) is not None else 4
        start, end = m.start(group), m.end(group)
        plain(pos, start)
        pieces.append(target(line[start:end]))
        pos = end
    plain(pos, len(line))
    return "".join(pieces)
