"""``bep sync``: every derived piece of one proposal, or of all of them.

The safe fixes of ``bep check --fix`` for every fixable rule (whatever its
severity or the baseline), plus the context-for-ai keys that follow the
document (``phases``, ``key-decisions``) and, with ``add_blocks``, the
blocks a document lacks.
"""

from __future__ import annotations

from bepkit.check import catalogue
from bepkit.check.engine import baseline_fixes
from bepkit.check.fixes import Change, merge, rewrite_entry
from bepkit.model.derive import constraints, decisions, detail_block, master_block, phases, scope
from bepkit.model.document import Document, Edit
from bepkit.model.numbers import (
    owner,
)
from bepkit.model.proposal import document_title
from bepkit.model.sections import normalize
from bepkit.model.segments import (
    folder_relative,
    resolve,
)
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = ["sync_changes"]


def sync_changes(
    ws: Workspace,
    number: int | None = None,
    *,
    add_blocks: bool = False,
    use_baseline: bool = True,
) -> list[Change]:
    """The registry row (title, status, link, a missing row), the Document Index,
    ``detail-docs``, ``parent`` titles, ``phases`` and ``key-decisions``; with
    ``add_blocks``, context-for-ai blocks where a document has none.  On a
    repository with a baseline, the rules whose findings it holds back are left
    alone."""
    codes = set(catalogue.FIXABLE - catalogue.UNSAFE)
    allowed = baseline_fixes(ws, use_baseline=use_baseline)
    if allowed is not None:
        codes &= allowed
    out = catalogue.changes(ws, codes, only=number) if codes else []
    proposals = [ws.proposal(number)] if number is not None else list(ws.proposals.values())
    for p in proposals:
        if add_blocks:
            out.extend(block_changes(ws, p))
        for main in p.mains[:1]:
            for c in (phases_change(ws, main), key_decisions_change(ws, main)):
                if c is not None:
                    out.append(c)
    return merge(out)


def phases_change(ws: Workspace, main: MainDoc) -> Change | None:
    """``phases`` of a master block, from the Implementation Plan's "Phase N" items."""

    doc = ws.document(main.rel)
    if not doc.ai_contexts:
        return None
    entry = doc.ai_contexts[0].entry("phases")
    count = phases(doc, ws.config)
    if entry is None or not count or entry.value == str(count):
        return None
    change = Change(main.rel)
    change.add(rewrite_entry(entry, doc, str(count)), f"phases: {count}")
    return change


def key_decisions_change(ws: Workspace, main: MainDoc) -> Change | None:
    """Entries of a master block's ``key-decisions`` for Decision Log rows it lacks.

    Entries written by people stay as they are; only missing decisions are added.
    """

    doc = ws.document(main.rel)
    if not doc.ai_contexts:
        return None
    entry = doc.ai_contexts[0].entry("key-decisions")
    if entry is None:
        return None
    have = [normalize(item) for item in entry.items]
    missing = [d for d in decisions(doc, ws.config) if not any(normalize(d) in h for h in have)]
    if not missing:
        return None
    change = Change(main.rel)
    change.add(
        rewrite_entry(entry, doc, [*entry.items, *missing]), f"key-decisions: added {len(missing)}"
    )
    return change


def block_changes(ws: Workspace, p: Proposal) -> list[Change]:
    """context-for-ai blocks for the documents of ``p`` that have none, with derivable keys only."""

    cfg = ws.config
    out = []
    keeper = owner(ws, p)
    title = document_title(ws.document(keeper.rel), cfg) if keeper else None
    for main in p.mains:
        doc = ws.document(main.rel)
        if not doc.ai_contexts and doc.text:
            block = master_block(
                scope(doc, cfg, whole=True) or document_title(doc, cfg),
                sorted(folder_relative(p, s) for s in p.subdocs),
                constraints(doc, ws.config),
                decisions(doc, cfg),
                phases(doc, cfg),
            )
            change = Change(main.rel)
            change.add(_block_edit(doc, block), "added a context-for-ai block (master-bep)")
            out.append(change)
    for sub in p.subdocs:
        doc = ws.document(sub)
        if doc.ai_contexts:
            continue
        parent = f"{cfg.ident(p.number)} ({title})" if title else cfg.ident(p.number)
        siblings = {folder_relative(p, s) for s in p.subdocs} - {folder_relative(p, sub)}
        linked = sorted(
            {
                folder_relative(p, resolve(sub, link.path))
                for link in doc.links
                if link.is_relative
                and link.path
                and folder_relative(p, resolve(sub, link.path)) in siblings
            }
        )
        block = detail_block(parent, scope(doc, cfg, whole=True), linked, [])
        change = Change(sub)
        change.add(_block_edit(doc, block), "added a context-for-ai block (detail-doc)")
        out.append(change)
    return out


def _block_edit(doc: Document, block: list[str]) -> Edit:
    """The block right after the frontmatter (before the title), set off by a blank line."""
    at = doc.body_start
    lines = list(block)
    if at > 0:
        lines.insert(0, "")
    if (at < len(doc.lines) and doc.line_text(at).strip()) or at >= len(doc.lines) or at == 0:
        lines.append("")
    return Edit.insert(at, lines)
