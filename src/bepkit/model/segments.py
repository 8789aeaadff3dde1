"""Segmented proposals: the Document Index, detail-docs, and sub-document names."""

from __future__ import annotations

import posixpath
import re

from bepkit.model.document import Document, Table
from bepkit.model.document.links import strip_inline
from bepkit.model.sections import normalize
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
INDEX_TITLE = "Document Index"


def resolve(doc_rel: str, target: str) -> str:
    """The repository path a relative link in ``doc_rel`` leads to."""
    path = target.split("#", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc_rel), path))


def index_section(doc: Document) -> tuple[int, int] | None:
    """Line span of the Document Index section (heading included)."""
    wanted = normalize(INDEX_TITLE)
    for s in doc.sections:
        if normalize(strip_inline(s.title)) == wanted:
            return s.start, s.end
    return None


def document_index(doc: Document) -> Table | None:
    """The table of the Document Index section, if there is one."""
    span = index_section(doc)
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
