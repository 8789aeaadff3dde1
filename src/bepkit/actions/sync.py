"""``bep sync``: every derived piece of one proposal, or of all of them.

The same fixes as ``bep check --fix`` (``bepkit.check.fixes``), for every
fixable rule whatever its severity, plus the context-for-ai keys that
follow the document (``phases``, ``key-decisions``) and, with
``add_blocks``, the blocks a document lacks.
"""

from __future__ import annotations

from bepkit.check.fixes import (
    FIXABLE,
    Change,
    block_changes,
    key_decisions_change,
    merge,
    phases_change,
    registry_change,
    segment_changes,
)
from bepkit.model.workspace import Workspace

__all__ = ["sync_changes"]


def sync_changes(
    ws: Workspace, number: int | None = None, *, add_blocks: bool = False
) -> list[Change]:
    """The registry row (title, status, link, a missing row), the Document Index,
    ``detail-docs``, ``parent`` titles, ``phases`` and ``key-decisions``; with
    ``add_blocks``, context-for-ai blocks where a document has none."""
    out: list[Change] = []
    reg = registry_change(ws, set(FIXABLE), only=number)
    if reg is not None:
        out.append(reg)
    proposals = [ws.proposal(number)] if number is not None else list(ws.proposals.values())
    for p in proposals:
        if add_blocks:
            out.extend(block_changes(ws, p))
        out.extend(segment_changes(ws, p, set(FIXABLE)))
        for main in p.mains[:1]:
            for c in (phases_change(ws, main), key_decisions_change(ws, main)):
                if c is not None:
                    out.append(c)
    return merge(out)
