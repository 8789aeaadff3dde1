"""Segmented proposals: the Document Index, detail-docs, and sub-document names."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from bepkit.config import Config
from bepkit.model.document import Document, Table
from bepkit.model.document.links import cell_link
from bepkit.model.sections import find
from bepkit.model.workspace import Proposal

__all__ = [
    "Index",
    "document_index",
    "find_index",
    "index_section",
    "index_targets",
    "resolve",
    "row_target",
    "subdoc_names",
]


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


@dataclass(frozen=True)
class Index:
    """A segmented main document's index of its sub-documents: the table or list
    that links them, under whatever heading (``table`` is None for a list)."""

    start: int  # first line of the table or list
    end: int
    targets: dict[str, int]  # sub-document path -> line of its row or item
    table: Table | None


def find_index(doc: Document, config: Config, main_rel: str, subdocs: list[str]) -> Index | None:
    """The Document Index: the first table of the section with the ``index`` role;
    else the table, then the list, that links the most sub-documents (at least
    two, or the only one there is)."""
    present = set(subdocs)
    span = index_section(doc, config)
    if span is not None:
        tables = doc.tables(span[0], span[1])
        if tables:
            t = tables[0]
            return Index(t.start, t.end, index_targets(main_rel, doc, t), t)
    need = min(2, len(present)) or 1
    best: Index | None = None
    for t in doc.tables():
        linked = index_targets(main_rel, doc, t)
        hits = sum(1 for k in linked if k in present)
        if hits >= need and (best is None or hits > len(best.targets)):
            best = Index(t.start, t.end, linked, t)
    if best is not None:
        return best
    for block in doc.blocks:
        if block.kind != "list" or block.level != 0:
            continue
        items: dict[str, int] = {}
        for link in doc.links:
            if block.start <= link.line < block.end and link.is_relative and link.path:
                target = resolve(main_rel, link.path)
                if target in present:
                    items.setdefault(target, link.line)
        if len(items) >= need and (best is None or len(items) > len(best.targets)):
            best = Index(block.start, block.end, items, None)
    return best


def row_target(main_rel: str, cells: list[str]) -> str | None:
    """The repository path the first link in a table row's cells leads to."""
    for cell in cells:
        m = cell_link(cell)
        if m and m[1]:
            return resolve(main_rel, m[1])
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
