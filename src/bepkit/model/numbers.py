"""Numbers and who owns them: registry rows, their links, and shared numbers.

Questions every part of bepkit asks about a proposal number: which registry
row belongs to a document, where a row's link leads, which of two documents
with one number keeps it, and which proposal a ``parent`` value names.
"""

from __future__ import annotations

import posixpath
import re

from bepkit.model.registry import RegistryRow
from bepkit.model.sections import normalize
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = ["link_target", "owner", "parse_parent", "relinkable", "row_of", "same_title"]

_PARENT_RE = re.compile(r"^\s*([A-Za-z]+)-(\d{1,9})\s*(?:\((.*)\))?\s*$")


def link_target(ws: Workspace, row: RegistryRow) -> str | None:
    """The repository path a row's link leads to (None for a row without a link)."""
    if not row.link:
        return None
    base = posixpath.dirname(ws.config.registry_file)
    path = row.link.split("#", 1)[0]
    return posixpath.normpath(posixpath.join(base, path)) if path else None


def row_of(ws: Workspace, p: Proposal, main: MainDoc) -> RegistryRow | None:
    """The registry row of ``main``: the row linking to it, else the number's only row
    when ``main`` is the number's only document (or its owner)."""
    for row in p.rows:
        if link_target(ws, row) == main.rel:
            return row
    if p.rows and owner(ws, p) is main:
        linked = [r for r in p.rows if link_target(ws, r) in {m.rel for m in p.mains}]
        return None if linked else p.rows[0]
    return None


def owner(ws: Workspace, p: Proposal) -> MainDoc | None:
    """The document that keeps a shared number: the one its registry row links to,
    else the first by name."""
    if not p.mains:
        return None
    for row in p.rows:
        target = link_target(ws, row)
        for m in p.mains:
            if m.rel == target:
                return m
    return p.mains[0]


def relinkable(ws: Workspace, p: Proposal, row: RegistryRow) -> bool:
    """Whether ``row`` can be pointed at the document that keeps the number: it is
    the number's first row, or it links one of the number's documents already.
    (A second row of a number names another proposal; no fix guesses which.)"""
    if owner(ws, p) is None:
        return False
    return row is p.rows[0] or link_target(ws, row) in {m.rel for m in p.mains}


def same_title(a: str, b: str) -> bool:
    return normalize(a) == normalize(b)


def parse_parent(value: str) -> tuple[int | None, str | None]:
    """``BEP-1002 (Repository Check)`` -> (1002, 'Repository Check')."""
    m = _PARENT_RE.match(value)
    if not m:
        return None, None
    return int(m.group(2)), m.group(3)
