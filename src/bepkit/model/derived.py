"""The one writer of each artefact bepkit derives: table heads, the Document
Index, and the lines of a new section.  ``bep new``, ``bep split``, ``bep sync``
and ``bep check --fix`` all write through these, so they never disagree."""

from __future__ import annotations

from bepkit.config import Config
from bepkit.model.document.tables import format_row

__all__ = ["index_lines", "table_head"]


def table_head(config: Config, role: str) -> list[str]:
    """The header and delimiter rows of the table of the section with ``role``."""
    header = list(config.tables[role])
    return [format_row(header), "|" + "|".join("-" * (len(h) + 2) for h in header) + "|"]


def index_lines(config: Config, rows: list[str], depth: int = 2) -> list[str]:
    """A Document Index section: heading, table head, rows."""
    return [
        f"{'#' * depth} {config.section_name('index')}",
        "",
        *table_head(config, "index"),
        *rows,
    ]
