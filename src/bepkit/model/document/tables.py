"""GFM tables: cells and the line of every row."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Row", "Table", "format_row", "split_row"]

_TRIM = " \t"
NUMBERING = frozenset({"#", "no", "no.", "nr", "id", "number", "n", ""})  # first-column headers


def split_row(line: str) -> list[str]:
    """Split a table line into trimmed cells, as GFM does (``\\|`` is a literal pipe)."""
    text = line.rstrip("\r\n").strip(_TRIM)
    if "\\" not in text:  # no escape: every pipe splits (the common row, at C speed)
        cells = text.split("|")
    else:
        cells = []
        current: list[str] = []
        escaped = False
        for ch in text:
            if ch == "|" and not escaped:
                cells.append("".join(current))
                current = []
            elif ch == "|":
                current[-1] = "|"  # an escaped pipe is a literal pipe
            else:
                current.append(ch)
            escaped = ch == "\\"
        cells.append("".join(current))
    if cells and cells[0].strip(_TRIM) == "" and text.startswith("|"):
        cells.pop(0)
    if cells and cells[-1].strip(_TRIM) == "" and text.endswith("|") and len(text) > 1:
        cells.pop()
    return [c.strip(_TRIM) for c in cells]


def format_row(cells: list[str], leading_pipe: bool = True) -> str:
    """Render cells as one table line (no line break)."""
    body = " | ".join(c.replace("|", "\\|") for c in cells)
    return f"| {body} |" if leading_pipe else body


@dataclass(slots=True)
class Row:
    line: int
    cells: list[str]

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


@dataclass(slots=True)
class Table:
    """A table spanning lines ``start`` to ``end - 1``: header, delimiter, body rows."""

    start: int
    end: int
    header: list[str]
    rows: list[Row]
    leading_pipe: bool

    def column(self, *names: str) -> int | None:
        """Index of the first header cell matching one of ``names`` (case-insensitive)."""
        lowered = [h.lower() for h in self.header]
        for name in names:
            if name.lower() in lowered:
                return lowered.index(name.lower())
        return None

    def numbered(self) -> bool:
        """The first column numbers the rows: its header is ``#``, ``No``, ``ID``..."""
        return bool(self.header) and self.header[0].strip("*_` ").lower() in NUMBERING

    @classmethod
    def from_lines(cls, lines: list[str], start: int, end: int) -> Table:
        header = split_row(lines[start])
        rows = [Row(i, split_row(lines[i])) for i in range(start + 2, end)]
        return cls(start, end, header, rows, lines[start].lstrip().startswith("|"))
