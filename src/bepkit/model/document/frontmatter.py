"""The metadata block at the top of a proposal, read without a YAML library.

Real proposals put ``# Key: description`` comment lines inside it (they look
like H1 headings), leave values empty, and write dates that YAML would turn
into ``datetime.date``.  We keep every value as the text the author wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

__all__ = ["Entry", "Frontmatter", "KeyedEntries", "find_frontmatter", "read_entries", "unquote"]

_DELIMITER_RE = re.compile(r"^---[ \t]*$")
_CLOSER_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_KEY_RE = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_ .-]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_CONTINUATION_RE = re.compile(r"^(?:[ \t]+\S|-[ \t]|-$)")
_COMMENT_RE = re.compile(r"^[ \t]*#")


@dataclass(slots=True)
class Entry:
    """One ``Key: value`` line (with any indented continuation lines)."""

    key: str
    value: str
    line: int
    end: int  # exclusive: continuation lines belong to the entry
    items: list[str] = field(default_factory=list)  # "- item" continuation lines

    @property
    def text(self) -> str:
        """The value without surrounding quotes."""
        return unquote(self.value)


def unquote(v: str) -> str:
    """``v`` without the quotes around it, as YAML writes a string."""
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'" else v


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def text(self) -> str: ...


K = TypeVar("K", bound=_Keyed)


class KeyedEntries(Generic[K]):
    """Lookup by key, case-insensitive, over ``entries`` (a front matter, or a
    proposal's metadata wherever its process keeps it)."""

    entries: list[K]

    def entry(self, key: str) -> K | None:
        wanted = key.lower()
        for e in self.entries:
            if e.key.lower() == wanted:
                return e
        return None

    def get(self, key: str) -> str | None:
        """The value of ``key`` (case-insensitive), or None when the key is absent."""
        e = self.entry(key)
        return None if e is None else e.text

    def as_dict(self) -> dict[str, str]:
        return {e.key: e.text for e in self.entries}


@dataclass
class Frontmatter(KeyedEntries[Entry]):
    """Lines ``start`` (the opening ``---``) to ``end - 1`` (the closing one)."""

    start: int
    end: int
    entries: list[Entry]
    comments: list[int]  # line numbers of ``# ...`` comment lines


def find_frontmatter(lines: list[str]) -> Frontmatter | None:
    """Parse the frontmatter at the top of ``lines`` (line breaks included).

    A document has frontmatter when its first line is ``---`` and a later
    ``---`` (or ``...``) line closes it, with only ``key: value`` lines, their
    indented continuations, comments and blank lines in between.  Anything else
    — a fenced code block, prose, a heading without a key — means the first
    ``---`` is a thematic break and the document has no frontmatter.
    """
    if not lines or not _DELIMITER_RE.match(lines[0].rstrip("\r\n")):
        return None
    for i in range(1, len(lines)):
        if _CLOSER_RE.match(lines[i].rstrip("\r\n")):
            comments: list[int] = []
            entries = read_entries(lines, 1, i, comments, strict=True)
            return None if entries is None else Frontmatter(0, i + 1, entries, comments)
    return None


def read_entries(
    lines: list[str],
    start: int,
    stop: int,
    comments: list[int] | None = None,
    *,
    strict: bool = False,
) -> list[Entry] | None:
    """The ``key: value`` entries of lines ``start`` to ``stop - 1``, with their
    continuation lines.  ``strict``: None when a line is neither (a front matter
    must be nothing else); otherwise such a line is passed over (a YAML file's
    flow syntax, say), and the result is never None."""
    entries: list[Entry] = []
    for i in range(start, stop):
        raw = lines[i].rstrip("\r\n")
        if not raw.strip():
            continue
        if _COMMENT_RE.match(raw):
            if comments is not None:
                comments.append(i)
            continue
        if strict and raw.lstrip().startswith(("```", "~~~")):
            return None
        m = _KEY_RE.match(raw)
        if m and not raw[0].isspace():
            entries.append(Entry(m.group(1), m.group(2) or "", i, i + 1))
            continue
        if entries and _CONTINUATION_RE.match(raw):
            last = entries[-1]
            last.end = i + 1
            item = raw.strip()
            if item.startswith("-"):
                last.items.append(item[1:].strip())
            continue
        if strict:
            return None
    return entries
