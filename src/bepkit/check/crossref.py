"""Cross-references: X001 (X002 is reported with the links)."""

from __future__ import annotations

from ..proposal import linked_numbers, status_of, successors
from ..segments import resolve
from . import Context

__all__ = ["check"]


def _links_to(ctx: Context, rel: str, number: int) -> bool:
    """Does the document at ``rel`` link to a main document of ``number``?"""
    p = ctx.ws.proposals.get(number)
    if p is None:
        return False
    targets = {m.rel for m in p.mains}
    return any(
        link.is_relative and link.path and resolve(rel, link.path) in targets
        for link in ctx.ws.document(rel).links
    )


def check(ctx: Context) -> None:
    ws = ctx.ws
    cfg = ctx.config
    superseded = cfg.status_name("Superseded")
    for p in ws.proposals.values():
        for main in p.mains:
            doc = ws.document(main.rel)
            if superseded and status_of(doc).strip().lower() == superseded.lower():
                for _line, successor in successors(doc, cfg):
                    q = ws.proposals.get(successor)
                    if q is None or not q.mains:
                        continue
                    if not any(_links_to(ctx, m.rel, p.number) for m in q.mains):
                        ctx.add(
                            "X001",
                            q.mains[0].rel,
                            1,
                            f"{cfg.ident(successor)} supersedes {cfg.ident(p.number)} but does not link it",
                            hint=f"add '> Supersedes [{cfg.ident(p.number)}]({main.rel.rsplit('/', 1)[-1]})'",
                        )
            for line, older in linked_numbers(doc, cfg, "supersedes"):
                q = ws.proposals.get(older)
                if q is None or not q.mains:
                    continue
                if not any(
                    superseded
                    and status_of(ws.document(m.rel)).strip().lower() == superseded.lower()
                    and any(n == p.number for _, n in successors(ws.document(m.rel), cfg))
                    for m in q.mains
                ):
                    ctx.add(
                        "X001",
                        main.rel,
                        line + 1,
                        f"{cfg.ident(p.number)} says it supersedes {cfg.ident(older)}, "
                        f"which is not marked Superseded by it",
                        hint=f"bep status {older} Superseded --by {p.number}",
                    )
