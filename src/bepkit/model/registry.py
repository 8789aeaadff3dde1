"""The number registry: the table under the registry heading of the README.

Rows are read with their line, so that an edit rewrites exactly one line.  A
row whose number cell holds no number (``_next_``) is the placeholder that new
rows go above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bepkit.model.document import Document, Edit, Table
from bepkit.model.document.links import cell_link, strip_inline
from bepkit.model.document.tables import format_row

__all__ = ["Registry", "RegistryRow", "author_name", "author_names", "find_registry"]

_NUMBER_RE = re.compile(r"(?<!\d)\d{1,9}(?!\d)")  # a longer run of digits is no number
_COLUMNS = {
    "number": ("number", "#", "no", "no.", "id"),
    "title": ("title", "name", "proposal"),
    "author": ("author", "authors", "owner", "owners"),
    "status": ("status", "state"),
}


@dataclass(frozen=True, slots=True)
class RegistryRow:
    line: int  # 0-based line in the registry file
    number: int | None  # None for a placeholder row such as ``_next_``
    number_cell: str
    title: str
    author: str
    status: str
    link: str | None  # the link target as written, if the row links to a file
    cells: tuple[str, ...]

    @property
    def placeholder(self) -> bool:
        return self.number is None

    @property
    def plain_title(self) -> str:
        return strip_inline(self.title)


@dataclass(slots=True)
class Registry:
    doc: Document
    heading_line: int
    table: Table
    rows: list[RegistryRow]
    columns: dict[str, int]

    def rows_for(self, number: int) -> list[RegistryRow]:
        return [r for r in self.rows if r.number == number]

    @property
    def numbered(self) -> list[RegistryRow]:
        return [r for r in self.rows if r.number is not None]

    @property
    def placeholder(self) -> RegistryRow | None:
        for r in self.rows:
            if r.placeholder:
                return r
        return None

    # -- edits -----------------------------------------------------------------

    def render_row(self, number_cell: str, title: str, author: str, status: str) -> str:
        cells = [""] * len(self.table.header)
        values = {"number": number_cell, "title": title, "author": author, "status": status}
        for key, index in self.columns.items():
            if index < len(cells):
                cells[index] = values[key]
        return format_row(cells, self.table.leading_pipe)

    def insert_position(self, number: int) -> int:
        """The line a new row for ``number`` goes on: numeric order, above the placeholder."""
        for r in self.rows:
            if r.placeholder or (r.number is not None and r.number > number):
                return r.line
        return self.table.end

    def add_row(self, number_cell: str, number: int, title: str, author: str, status: str) -> Edit:
        line = self.render_row(number_cell, title, author, status)
        return Edit.insert(self.insert_position(number), [line])

    def update_row(self, row: RegistryRow, **changes: str) -> Edit | None:
        """Rewrite one cell or more of ``row``; None when nothing changes."""
        cells = list(row.cells)
        while len(cells) < len(self.table.header):
            cells.append("")
        changed = False
        for key, value in changes.items():
            index = self.columns.get(key)
            if index is None or index >= len(cells) or cells[index] == value:
                continue
            cells[index] = value
            changed = True
        if not changed:
            return None
        return Edit.replace(row.line, row.line + 1, [format_row(cells, self.table.leading_pipe)])


def _column_map(header: list[str]) -> dict[str, int]:
    lowered = [strip_inline(h).lower() for h in header]
    out: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for name in names:
            if name in lowered:
                out[key] = lowered.index(name)
                break
    for position, key in enumerate(("number", "title", "author", "status")):
        if key not in out and position < len(header) and position not in out.values():
            out[key] = position
    return out


def _without_comments(text: str) -> str:
    """``text`` with each HTML comment replaced by a space (found with str.find: linear)."""
    if "<!--" not in text:
        return text
    out = []
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out += [text[at:start], " "]
        at = end + 3
    return "".join(out) + text[at:]


def _row(line: int, cells: list[str], columns: dict[str, int]) -> RegistryRow:
    def cell(key: str) -> str:
        i = columns.get(key)
        # an HTML comment in a cell (such as a bep-ignore note) is not part of its value
        return _without_comments(cells[i]).strip() if i is not None and i < len(cells) else ""

    number_cell = cell("number")
    link = None
    m = cell_link(number_cell)
    number_text = m[0] if m else number_cell
    if m:
        link = m[1]
    title = cell("title")
    if link is None:
        t = cell_link(title)
        if t:
            link = t[1]
    digits = _NUMBER_RE.search(number_text)
    number = int(digits.group(0)) if digits else None
    return RegistryRow(
        line, number, number_cell, title, cell("author"), cell("status"), link, tuple(cells)
    )


def find_registry(doc: Document, heading: str) -> Registry | None:
    """The first table in the section headed ``heading`` (case-insensitive)."""
    wanted = heading.strip().lower()
    for section in doc.sections:
        if strip_inline(section.title).lower() != wanted:
            continue
        tables = doc.tables(section.body_start, section.end)
        if not tables:
            return None
        table = tables[0]
        columns = _column_map(table.header)
        rows = [_row(r.line, r.cells, columns) for r in table.rows]
        return Registry(doc, section.start, table, rows, columns)
    return None


def author_names(author: str) -> set[str]:
    """The people an Author value or cell names, emails and markup aside:
    ``Jane Doe (jane@x.org), Bo Lee`` -> ``{"jane doe", "bo lee"}``."""
    text = re.sub(r"[*_`\[\]]", "", author_name(author))
    parts = re.split(r"\s*(?:[,;&/]|\band\b)\s*", text)
    return {" ".join(p.lower().split()) for p in parts if p.strip()}


def author_name(author: str) -> str:
    """``Jane Doe (jane@x.org), Bo Lee (bo@x.org)`` -> ``Jane Doe, Bo Lee``."""
    names = _EMAIL_RE.sub("", author).split(",")
    return ", ".join(" ".join(n.split()) for n in names if n.strip()) or author.strip()


# an email in parentheses or angle brackets; each class stops at the next bracket,
# so the match is linear
_EMAIL_RE = re.compile(r"[(<][^()<>@]*@[^()<>]*[)>]")
