"""Reading a proposal the way the process describes it.

Title, metadata, Decision Log rows and Open Questions, from documents written
by hand: these functions accept the variants real documents use and never
fail on a document they do not understand — they return less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import sections
from .config import Config
from .document import Document, Section
from .document.links import strip_inline

__all__ = ["Decision", "Question", "decision_log", "document_title", "open_questions", "status_of"]

PLACEHOLDER_TITLES = {"title", "your title", "proposal title"}
_CHECKBOX_RE = re.compile(r"^\[([ xX])\]\s+")


def document_title(doc: Document, config: Config) -> str | None:
    """The H1 without a ``BEP-NNNN:`` prefix; None for a missing or placeholder title."""
    title = doc.title
    if title is None:
        return None
    plain = strip_inline(title)
    ident = rf"^{re.escape(config.prefix)}[- ]?\d+\s*[:.\-\u2013\u2014]?\s*"
    plain = re.sub(ident, "", plain, flags=re.I)
    if not plain or plain.lower() in PLACEHOLDER_TITLES:
        return None
    return plain


def status_of(doc: Document) -> str:
    fm = doc.frontmatter
    return (fm.get("Status") or "") if fm else ""


@dataclass(frozen=True, slots=True)
class Decision:
    line: int
    date: str
    decision: str
    rationale: str
    cells: tuple[str, ...]


def decision_log_section(doc: Document, config: Config) -> Section | None:
    return sections.find(doc, "Decision Log", config.sections)


def decision_log(doc: Document, config: Config) -> list[Decision]:
    """The rows of the first table in the Decision Log section."""
    section = decision_log_section(doc, config)
    if section is None:
        return []
    tables = doc.tables(section.body_start, section.end)
    if not tables:
        return []
    table = tables[0]
    date_i = table.column("date", "when")
    decision_i = table.column("decision", "decisions", "what")
    rationale_i = table.column("rationale", "reason", "why")
    out = []
    for row in table.rows:
        out.append(
            Decision(
                row.line,
                row.cell(date_i) if date_i is not None else "",
                row.cell(decision_i if decision_i is not None else (1 if date_i == 0 else 0)),
                row.cell(rationale_i) if rationale_i is not None else "",
                tuple(row.cells),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Question:
    line: int
    end: int  # exclusive
    text: str  # first line, without marker or checkbox
    marker: str  # "-", "1.", "###" ...
    checked: bool | None  # for checkbox items


def open_questions_section(doc: Document, config: Config) -> Section | None:
    return sections.find(doc, "Open Questions", config.sections)


def open_questions(doc: Document, config: Config) -> list[Question]:
    """Top-level list items of the Open Questions section, or its sub-headings.

    Bullets, numbered items and checkboxes all count; a checked checkbox is
    reported with ``checked=True`` (it is still in the section).
    """
    section = open_questions_section(doc, config)
    if section is None:
        return []
    out: list[Question] = []
    lists = [
        b
        for b in doc.blocks
        if b.kind == "list" and b.level == 0 and section.body_start <= b.start < section.end
    ]
    for lst in lists:
        for b in doc.blocks:
            if b.kind == "item" and b.level == 1 and lst.start <= b.start < lst.end:
                first = doc.line_text(b.start).lstrip()
                text = first[len(b.text) :].strip()
                checked: bool | None = None
                m = _CHECKBOX_RE.match(text)
                if m:
                    checked = m.group(1) != " "
                    text = text[m.end() :]
                out.append(Question(b.start, b.end, text, b.text, checked))
    if out:
        return out
    for s in doc.sections:
        if s.parent is not None and doc.sections[s.parent] == section:
            out.append(Question(s.start, s.end, s.title, "#" * s.depth, None))
    return out
