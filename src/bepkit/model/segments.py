"""Segmented proposals: the Document Index, detail-docs, and sub-document names."""

from __future__ import annotations

import posixpath
import re

from bepkit.config import Config
from bepkit.model.document import Document, Table
from bepkit.model.sections import find
from bepkit.model.workspace import Proposal

__all__ = [
    "document_index",
    "index_section",
    "index_targets",
    "resolve",
    "row_target",
    "subdoc_names",
]

_LINK_RE = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)")


def resolve(doc_rel: str, target: str) -> str:
    """The repository path a relative link in ``doc_rel`` leads to."""
    path = target.split("#", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc_rel), path))


def index_section(doc: Document, config: Config) -> tuple[int, int] | None:
    """Line span of the Document Index section (heading included), whatever the
    document calls it."""
    section = find(doc, "index", config)
    return (section.start, section.end) if section is not None else None


def document_index(doc: Document, config: Config) -> Table | None:
    """The table of the Document Index section, if there is one."""
    span = index_section(doc, config)
    if span is None:
        return None
    tables = doc.tables(span[0], span[1])
    return tables[0] if tables else None


def row_target(main_rel: str, cells: list[str]) -> str | None:
    """The repository path the first link in a table row's cells leads to."""
    for cell in cells:
        m = _LINK_RE.search(cell)
        if m and m.group(2):
            return resolve(main_rel, m.group(2))
    return None


def index_targets(main_rel: str, doc: Document, table: Table) -> dict[str, int]:
    """Sub-document paths the index links to, with the line of their row."""
    out: dict[str, int] = {}
    for row in table.rows:
        target = row_target(main_rel, row.cells)
        if target is not None:
            out.setdefault(target, row.line)
    return out


def folder_relative(p: Proposal, rel: str) -> str:
    """``rel`` relative to the proposal folder that holds it (``component-a.md``)."""
    for folder in p.folders:
        prefix = folder.rel + "/"
        if rel.startswith(prefix):
            return rel[len(prefix) :]
    return posixpath.basename(rel)


def subdoc_names(p: Proposal, rels: list[str]) -> list[str]:
    return [folder_relative(p, r) for r in rels]
