"""Edits to proposals, each touching only the lines it must.

Every function takes a parsed document and returns ``Edit`` objects (line
replacements); none writes.  They work on documents written by hand: keys in
any case, tables with their own columns, Open Questions as bullets, numbered
items, checkboxes or sub-headings.
"""

from __future__ import annotations

import re

from bepkit.config import Config
from bepkit.errors import BepError
from bepkit.model.derived import table_head
from bepkit.model.document import Document, Edit
from bepkit.model.document.links import strip_inline
from bepkit.model.document.tables import Table, format_row
from bepkit.model.metadata import Metadata, metadata_of
from bepkit.model.proposal import (
    TABLE_ROW,
    Question,
    decision_log_section,
    open_questions,
    open_questions_section,
    question_column,
    questions,
)
from bepkit.model.sections import matched_sections, section_depth, specs_for, structure_of

__all__ = [
    "add_decision",
    "add_question",
    "find_question",
    "insert_section",
    "note_under_title",
    "remove_question",
    "set_field",
]

_ORDERED_RE = re.compile(r"^(\s*)(\d+)([.)])(\s+)")
_BULLET_RE = re.compile(r"^(\s*)([-*+])(\s+)(\[[ xX]\]\s+)?")


def set_field(doc: Document, config: Config, key: str, value: str) -> Edit:
    """Set frontmatter ``key`` (in its existing spelling) to ``value``; add it when missing."""
    fm = doc.frontmatter
    if fm is None:
        raise BepError("no frontmatter to set metadata in", path=doc.path or None)
    entry = fm.entry(key)
    if entry is not None:
        return Edit.replace(entry.line, entry.end, [f"{entry.key}: {value}".rstrip()])
    # a missing key goes after the key that precedes it in the configured order
    order = [k.lower() for k in config.metadata_keys]
    at = fm.end - 1  # before the closing ---
    if key.lower() in order:
        for earlier in reversed(order[: order.index(key.lower())]):
            e = fm.entry(earlier)
            if e is not None:
                at = e.end
                break
    return Edit.insert(at, [f"{key}: {value}".rstrip()])


_WRAPPERS = ("**", "__", "*", "_", "`")


def set_meta(doc: Document, config: Config, key: str, value: str) -> tuple[Document, Edit]:
    """Set metadata ``key`` to ``value`` where the process keeps it: the document's
    front matter, its list under the title or its section, or the sidecar file
    beside it.  The document to edit (``doc`` or its sidecar) and the edit of
    one line: the key's spelling, the bullet, the quotes or emphasis around the
    old value and the line break stay as they were."""
    md = metadata_of(doc, config)
    entry = md.entry(key) if md is not None else None
    if entry is None or entry.source == "frontmatter":
        if entry is None and md is not None and md.sources[0] != "frontmatter":
            return _add_entry(doc, config, md, key, value)
        return doc, set_field(doc, config, key, value)
    target = doc.sidecar if entry.source == "sidecar" and doc.sidecar is not None else doc
    line = target.line_text(entry.line)
    if entry.source == "section":
        indent = line[: len(line) - len(line.lstrip())]
        return target, Edit.replace(entry.line, entry.line + 1, [indent + value])
    old = entry.value.strip()
    at = line.rfind(old) if old else len(line.rstrip())
    before = line[:at] if old else line.rstrip() + " "
    new = value
    for wrap in _WRAPPERS:  # **Accepted**, "v1.27", 'x'
        if len(old) > 2 * len(wrap) and old.startswith(wrap) and old.endswith(wrap):
            new = f"{wrap}{value}{wrap}"
            break
    else:
        if len(old) >= 2 and old[0] == old[-1] and old[0] in "\"'":
            new = f"{old[0]}{value}{old[0]}"
    return target, Edit.replace(entry.line, entry.line + 1, [(before + new).rstrip()])


def _add_entry(
    doc: Document, config: Config, md: Metadata, key: str, value: str
) -> tuple[Document, Edit]:
    """A key the document lacks, added after the last entry of its first place."""
    first = md.sources[0]
    same = [e for e in md.entries if e.source == first]
    last = same[-1]
    target = doc.sidecar if first == "sidecar" and doc.sidecar is not None else doc
    line = target.line_text(last.line)
    if first == "list":
        bullet = line[: len(line) - len(line.lstrip())] + line.lstrip()[:2]
        text = f"{bullet}{key}: {value}" if line.lstrip()[:1] in "*-+" else f"{key}: {value}"
    else:
        text = f"{key}: {value}"
    end = max(e.line for e in same) + 1
    if first == "sidecar":  # after the last entry's own continuation lines
        while end < len(target.lines) and target.line_text(end)[:1] in (" ", "\t", "-"):
            end += 1
    return target, Edit.insert(end, [text])


def _blank(doc: Document, line: int) -> bool:
    return line >= len(doc.lines) or not doc.line_text(line).strip()


def _last_text_line(doc: Document, start: int, end: int) -> int:
    """The last non-blank line in [start, end), or start - 1 when all are blank."""
    i = end - 1
    while i >= start and _blank(doc, i):
        i -= 1
    return i


def note_under_title(doc: Document, text: str) -> Edit:
    """A status note (block quote) right under the H1, set off by blank lines."""
    h1 = next((h for h in doc.headings if h.depth == 1), None)
    at = h1.end if h1 is not None else doc.body_start
    lines = ["", f"> {text}"]
    if not _blank(doc, at):
        lines.append("")
    return Edit.insert(at, lines)


def section_position(doc: Document, config: Config, role: str) -> int:
    """Where a new section with ``role`` goes: before the first section that the
    process's order puts after it, else after the last one it puts before it."""
    structure = structure_of(doc, config)
    order = [s.role for s in specs_for(config, structure)]
    rank = order.index(role) if role in order else len(order)
    matched = matched_sections(doc, config, structure)
    for section, match in matched:
        if order.index(match.spec.role) > rank:
            return section.start
    before = [s for s, m in matched if order.index(m.spec.role) < rank]
    return before[-1].end if before else len(doc.lines)


def insert_section(doc: Document, config: Config, role: str, body: list[str]) -> Edit:
    """A new section with ``role``, named as the document's structure names it,
    where the process's order puts it."""
    at = section_position(doc, config, role)
    name = config.section_name(role, structure_of(doc, config))
    lines = [f"{'#' * section_depth(doc)} {name}", "", *body]
    if at > 0 and not _blank(doc, at - 1):
        lines.insert(0, "")
    if at < len(doc.lines):
        lines.append("")
    return Edit.insert(at, lines)


def _cell(text: str) -> str:
    return " ".join(text.split())


def add_decision(doc: Document, config: Config, date: str, decision: str, rationale: str) -> Edit:
    """A dated row at the end of the Decision Log table (the section or table made if missing)."""
    values = {"date": date, "decision": _cell(decision), "rationale": _cell(rationale)}
    section = decision_log_section(doc, config)
    default_row = format_row([values["date"], values["decision"], values["rationale"]])
    table_lines = [*table_head(config, "decisions"), default_row]
    if section is None:
        return insert_section(doc, config, "decisions", table_lines)
    tables = doc.tables(section.body_start, section.end)
    if not tables:
        last = _last_text_line(doc, section.body_start, section.end)
        at = max(last + 1, section.body_start)
        return Edit.insert(at, ["", *table_lines])
    table = tables[0]
    cells = [""] * len(table.header)
    for key, names in (
        ("date", ("date", "when")),
        ("decision", ("decision", "decisions", "what")),
        ("rationale", ("rationale", "reason", "why")),
    ):
        i = table.column(*names)
        if i is not None:
            cells[i] = values[key]
    if table.column("decision", "decisions", "what") is None and cells:
        cells[min(1, len(cells) - 1) if table.column("date", "when") == 0 else 0] = values[
            "decision"
        ]
    _number_row(table, cells)
    return Edit.insert(table.end, [format_row(cells, table.leading_pipe)])


# anchored and possessive: linear; a number of more than 18 digits is not one to follow
_ROW_NUMBER_RE = re.compile(r"^([A-Za-z]*+-?)(\d{1,18}+)$")


def _number_row(table: Table, cells: list[str]) -> None:
    """An empty first cell of a new row takes the next number of a numbering first
    column (``3`` after ``2``, ``D3`` after ``D2``, ``Q-04`` after ``Q-03``)."""
    if not cells or cells[0] or not table.rows or not table.numbered():
        return
    m = _ROW_NUMBER_RE.fullmatch(table.rows[-1].cell(0).strip())
    if m is not None:
        prefix, digits = m.groups()
        cells[0] = f"{prefix}{int(digits) + 1:0{len(digits)}d}"


def add_question(doc: Document, config: Config, text: str) -> Edit:
    """An open question after the last open one, in its list's style (bullet,
    number, checkbox); never under a sub-heading of settled questions."""
    text = _cell(text)
    section = open_questions_section(doc, config)
    if section is None:
        return insert_section(doc, config, "open-questions", [f"- {text}"])
    items = [q for q in open_questions(doc, config) if not q.marker.startswith("#")]
    if items and items[-1].marker == TABLE_ROW:  # the questions are kept in a table
        at = items[-1].line
        tables = doc.tables(section.body_start, section.end)
        return _question_row(next(t for t in tables if t.start <= at < t.end), text)
    if not items:
        # the section's own text, before any sub-heading (of settled questions, say)
        stop = next(
            (s.start for s in doc.sections if section.start < s.start < section.end), section.end
        )
        last = _last_text_line(doc, section.body_start, stop)
        return Edit.insert(max(last + 1, section.body_start), ["", f"- {text}"])
    last_item = items[-1]
    first_line = doc.line_text(last_item.line)
    ordered = _ORDERED_RE.match(first_line)
    bullet = _BULLET_RE.match(first_line)
    if ordered:
        indent, number, delim, gap = ordered.groups()
        line = f"{indent}{int(number) + 1}{delim}{gap}{text}"
    elif bullet:
        indent, marker, gap, box = bullet.groups()
        line = f"{indent}{marker}{gap}{'[ ] ' if box else ''}{text}"
    else:
        line = f"- {text}"
    end = _last_text_line(doc, last_item.line, last_item.end) + 1
    loose = len(items) > 1 and _blank(doc, items[-2].end - 1)
    return Edit.insert(end, ["", line] if loose else [line])


def _question_row(table: Table, text: str) -> Edit:
    """A new last row of a table of questions: the question in its column, the
    next number in a numbering first column, the other cells empty."""
    column = question_column(table)
    assert column is not None
    cells = [""] * len(table.header)
    cells[column] = text
    _number_row(table, cells)
    return Edit.insert(table.end, [format_row(cells, table.leading_pipe)])


def find_question(doc: Document, config: Config, ref: str) -> Question:
    """The open question ``ref`` names: its id (``q1a2b3c``) or its text (any case
    and spacing).  Refused when it is not open any more: a question another
    writer resolved since is never confused with its neighbour."""

    def words(text: str) -> str:
        return " ".join(text.lower().split())

    wanted = words(ref)
    found = [
        q
        for q in open_questions(doc, config)
        if wanted in (q.id, words(q.text), words(strip_inline(q.text)))
    ]
    if not found:
        raise BepError(
            f"no open question {ref!r}: it may have been resolved or reworded since",
            path=doc.path or None,
            hint="bep show N lists the open questions with their ids",
        )
    return found[0]


def remove_question(doc: Document, config: Config, ref: str) -> tuple[Edit, Question]:
    """Remove the open question ``ref`` names (see ``find_question``)."""
    q = find_question(doc, config, ref)
    if q.marker.startswith("#") or q.marker == TABLE_ROW:  # its subsection, or its row
        return Edit.replace(q.line, q.end, []), q
    same_list = [o for o in questions(doc, config) if not o.marker.startswith("#")]
    following = next((o for o in same_list if o.line == q.end), None)
    if following is not None:
        # the next item of the same list takes its place (with its own spacing)
        return Edit.replace(q.line, q.end, []), q
    start = q.line
    end = _last_text_line(doc, q.line, q.end) + 1
    if start > 0 and _blank(doc, start - 1) and _blank(doc, end):
        start -= 1  # keep one blank line between what stays above and below
    return Edit.replace(start, end, []), q
