"""Decision Log: D001-D002."""

from __future__ import annotations

from bepkit.check.context import Context
from bepkit.check.metadata import is_iso_date
from bepkit.check.rule import ERROR, Rule
from bepkit.model.document import Document
from bepkit.model.proposal import decision_log_section

__all__ = ["check"]


RULES = [
    Rule(
        "D001",
        "decision-row",
        ERROR,
        "a malformed Decision Log row",
        "Each row has a date, a decision and a rationale (the table's columns).",
    ),
    Rule(
        "D002",
        "decision-date",
        ERROR,
        "a Decision Log date that is not ISO",
        "Dates are written YYYY-MM-DD.",
    ),
]


def check(ctx: Context, rel: str, doc: Document) -> None:
    section = decision_log_section(doc, ctx.config)
    if section is None:
        return
    tables = doc.tables(section.body_start, section.end)
    if not tables:
        return
    table = tables[0]
    columns = len(table.header)
    date_i = table.column("date", "when")
    decision_i = table.column("decision", "decisions", "what")
    for row in table.rows:
        line = row.line + 1
        if len(row.cells) != columns:
            ctx.add(
                "D001",
                rel,
                line,
                f"Decision Log row has {len(row.cells)} cells, the table has {columns} columns",
            )
            continue
        if decision_i is not None and not row.cell(decision_i).strip():
            ctx.add("D001", rel, line, "Decision Log row without a decision")
        if date_i is not None:
            date = row.cell(date_i).strip()
            if not is_iso_date(date):
                ctx.add("D002", rel, line, f"Decision Log date {date!r} is not YYYY-MM-DD")
