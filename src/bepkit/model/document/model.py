"""The lossless document: parse a proposal, read its parts, edit lines.

``Document.from_bytes(data).to_bytes() == data`` for every input: the text is
kept as it was read (BOM, CRLF, tabs, trailing spaces, bytes that are not
UTF-8, a missing final newline) and every part found in it — frontmatter,
headings, sections, tables, context-for-ai blocks, links — is a line span into
it.  An edit replaces whole lines and leaves every other byte alone.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bepkit.model.document.aicontext import AiContext, is_ai_context_start, parse_ai_context
from bepkit.model.document.blocks import Block, scan, split_lines
from bepkit.model.document.frontmatter import Frontmatter, find_frontmatter
from bepkit.model.document.links import Link, find_links, heading_anchor
from bepkit.model.document.tables import Table

__all__ = ["Document", "Edit", "Heading", "Section"]

_BOM = codecs.BOM_UTF8
# A line that may be an H1: ATX '#', or a setext '===' underline.
_H1_CANDIDATE_RE = re.compile(r"^ {0,3}(?:#(?:[ \t]|\r?$)|=+[ \t]*\r?$)", re.MULTILINE)
_LONE_CR_RE = re.compile(r"\r(?!\n)")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*(?:\r\n?|\n)")


@dataclass(frozen=True, slots=True)
class Heading:
    line: int
    end: int  # exclusive (a setext heading spans two lines)
    depth: int  # 1-6
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it up to the next heading of its depth or above."""

    heading: Heading
    end: int  # exclusive
    parent: int | None  # index in Document.sections

    @property
    def start(self) -> int:
        return self.heading.line

    @property
    def title(self) -> str:
        return self.heading.text

    @property
    def depth(self) -> int:
        return self.heading.depth

    @property
    def body_start(self) -> int:
        return self.heading.end

    @property
    def line_count(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace lines ``start`` to ``end - 1`` with ``lines`` (given without line breaks)."""

    start: int
    end: int
    lines: tuple[str, ...]

    @classmethod
    def replace(cls, start: int, end: int, lines: Iterable[str]) -> Edit:
        return cls(start, end, tuple(lines))

    @classmethod
    def insert(cls, at: int, lines: Iterable[str]) -> Edit:
        return cls(at, at, tuple(lines))


class Document:
    """A markdown document, parsed lazily and losslessly."""

    def __init__(self, text: str, *, bom: bool = False, path: str = "") -> None:
        self.text = text
        self.bom = bom
        self.path = path
        # the file beside it that holds its metadata (a KEP's kep.yaml), set by the workspace
        self.sidecar: Document | None = None
        self.memo: dict[str, Any] = {}  # what readers derived from it, by name

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "") -> Document:
        bom = data.startswith(_BOM)
        if bom:
            data = data[len(_BOM) :]
        return cls(data.decode("utf-8", "surrogateescape"), bom=bom, path=path)

    def to_bytes(self) -> bytes:
        body = self.text.encode("utf-8", "surrogateescape")
        return _BOM + body if self.bom else body

    def __repr__(self) -> str:
        return f"Document({self.path!r}, {len(self.lines)} lines)"

    # -- lines -------------------------------------------------------------------

    @cached_property
    def lines(self) -> list[str]:
        """The lines, each with its own line break ('' after the last one)."""
        return split_lines(self.text) if self.text else []

    @cached_property
    def newline(self) -> str:
        """The line break most lines use (for lines an edit adds)."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    def line_text(self, index: int) -> str:
        return self.lines[index].rstrip("\r\n")

    # -- structure -----------------------------------------------------------------

    @cached_property
    def frontmatter(self) -> Frontmatter | None:
        return find_frontmatter(self.lines)

    @property
    def body_start(self) -> int:
        """First line after the frontmatter."""
        fm = self.frontmatter
        return fm.end if fm else 0

    @cached_property
    def blocks(self) -> list[Block]:
        """The markdown blocks after the frontmatter (line numbers are the document's)."""
        start = self.body_start
        if start == 0:
            return scan(self.text)
        # Blank the frontmatter out so that line numbers stay the document's.
        return scan("\n" * start + "".join(self.lines[start:]))

    @cached_property
    def headings(self) -> list[Heading]:
        """Top-level headings (not those inside lists or block quotes)."""
        return [
            Heading(b.start, b.end, b.depth, b.text)
            for b in self.blocks
            if b.kind == "heading" and b.level == 0
        ]

    @cached_property
    def sections(self) -> list[Section]:
        out: list[Section] = []
        stack: list[int] = []
        total = len(self.lines)
        ends: list[int] = [total] * len(self.headings)
        for i, h in enumerate(self.headings):
            while stack and self.headings[stack[-1]].depth >= h.depth:
                ends[stack.pop()] = h.line
            stack.append(i)
        for i, h in enumerate(self.headings):
            parent = None
            for j in range(i - 1, -1, -1):
                if self.headings[j].depth < h.depth and ends[j] > h.line:
                    parent = j
                    break
            out.append(Section(h, ends[i], parent))
        return out

    @cached_property
    def title(self) -> str | None:
        """The text of the first top-level H1, if any.

        When the blocks have not been scanned yet, only the lines up to the
        first possible H1 (and the paragraph it ends) are scanned: whether a
        line is a heading depends on no line after the next blank one.
        """
        text = self.text
        if "blocks" not in self.__dict__ and not _LONE_CR_RE.search(text):
            offset = sum(map(len, self.lines[: self.body_start]))
            for candidate in _H1_CANDIDATE_RE.finditer(text, offset):
                blank = _BLANK_LINE_RE.search(text, candidate.end())
                prefix = Document(text[: blank.start() + 1] if blank else text)
                prefix.__dict__["frontmatter"] = self.frontmatter
                for b in prefix.blocks:
                    if b.kind == "heading" and b.level == 0 and b.depth == 1:
                        return b.text
            return None
        for h in self.headings:
            if h.depth == 1:
                return h.text
        return None

    def blocks_in(self, start: int, end: int, kind: str | None = None) -> list[Block]:
        """Top-level blocks that start within lines ``start`` to ``end - 1``."""
        return [
            b
            for b in self.blocks
            if b.level == 0 and start <= b.start < end and (kind is None or b.kind == kind)
        ]

    def tables(self, start: int = 0, end: int | None = None) -> list[Table]:
        stop = len(self.lines) if end is None else end
        return [
            Table.from_lines(self.lines, b.start, b.end)
            for b in self.blocks_in(start, stop, "table")
        ]

    @cached_property
    def ai_contexts(self) -> list[AiContext]:
        return [
            parse_ai_context(self.lines, b.start, b.end)
            for b in self.blocks
            if b.kind == "html" and is_ai_context_start(self.lines[b.start])
        ]

    @cached_property
    def code_spans(self) -> list[tuple[int, int]]:
        """Line spans whose text is not markdown prose (code, HTML, frontmatter)."""
        spans = [(b.start, b.end) for b in self.blocks if b.kind in ("fence", "code", "html")]
        if self.body_start:
            spans.append((0, self.body_start))
        return sorted(spans)

    def mask(self, kinds: tuple[str, ...], top_level: bool = False) -> bytearray:
        """1 for each line inside a block of one of ``kinds`` (0-based line index)."""
        key = (kinds, top_level)
        cache: dict[tuple[tuple[str, ...], bool], bytearray] = self.__dict__.setdefault(
            "_masks", {}
        )
        out = cache.get(key)
        if out is None:
            out = bytearray(len(self.lines) + 1)
            for b in self.blocks:
                if b.kind in kinds and (b.level == 0 or not top_level):
                    out[b.start : b.end] = b"\x01" * (b.end - b.start)
            cache[key] = out
        return out

    @cached_property
    def links(self) -> list[Link]:
        return find_links(self.lines, self.code_spans)

    @cached_property
    def anchors(self) -> set[str]:
        seen: dict[str, int] = {}
        return {heading_anchor(b.text, seen) for b in self.blocks if b.kind == "heading"}

    # -- editing -------------------------------------------------------------------

    def edit(self, edits: Sequence[Edit]) -> Document:
        """A new document with ``edits`` applied; other lines are kept byte for byte.

        Edits must not overlap.  New lines take the line break of the line they
        replace, or the document's usual one; a document without a final line
        break keeps it that way.
        """
        lines = list(self.lines)
        nl = self.newline
        for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            replaced = lines[e.start : e.end]
            at_end = e.end >= len(lines)
            open_end = at_end and bool(lines) and not lines[-1].endswith(("\n", "\r"))
            if e.start == e.end and at_end and open_end and e.lines:
                # Appending after a last line that has no line break: give it one,
                # and leave the new last line without.
                lines[-1] = lines[-1] + nl
                new = [text + nl for text in e.lines]
                new[-1] = e.lines[-1]
            else:
                new = []
                for k, text in enumerate(e.lines):
                    old = replaced[k] if k < len(replaced) else ""
                    brk = old[len(old.rstrip("\r\n")) :] or nl
                    new.append(text + brk)
                if open_end and new and e.end == len(lines) and e.end > e.start:
                    new[-1] = new[-1].rstrip("\r\n")
            lines[e.start : e.end] = new
        return Document("".join(lines), bom=self.bom, path=self.path)
