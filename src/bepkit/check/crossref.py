"""Cross-references: X001 (X002 is reported with the links)."""

from __future__ import annotations

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, Rule
from bepkit.config import Config
from bepkit.model.proposal import number_of_path
from bepkit.model.segments import resolve

__all__ = ["check"]


RULES = [
    Rule(
        "X001",
        "supersede-pair",
        ERROR,
        "a superseded proposal and its successor do not link each other",
        "When A is superseded by B, A links B on its `Superseded by` line and B links A.",
    ),
    Rule(
        "X002",
        "unknown-proposal",
        ERROR,
        "a link to a proposal number that does not exist",
        "Links to `BEP-NNNN-*.md` name a number that has a document.",
    ),
]


def _superseded(cfg: Config) -> str | None:
    """The status that says a proposal is superseded: the one that requires a
    successor. A process without one (a KEP's ``replaced`` asks for nothing) has
    no pairs to check."""
    return next((s for s, needs in cfg.requirements.items() if "successor" in needs), None)


def _links_to(ctx: Context, rel: str, number: int) -> bool:
    """Does the document at ``rel`` link to a main document of ``number``, or name
    it in its supersession metadata?"""
    p = ctx.ws.proposals.get(number)
    if p is None:
        return False
    facts = ctx.facts[rel]
    if any(n == number for _, n in facts.supersedes):
        return True
    targets = {m.rel for m in p.mains}
    return any(resolve(rel, path) in targets for _, _, _, path, _ in facts.links)


def _superseded_by(ctx: Context, rel: str, number: int) -> bool:
    facts = ctx.facts[rel]
    superseded = _superseded(ctx.config)
    return (
        superseded is not None
        and ctx.config.status_name(facts.status) == superseded
        and any(n == number for _, n in facts.successors)
    )


def check(ctx: Context) -> None:
    ws = ctx.ws
    cfg = ctx.config
    superseded = _superseded(cfg)
    for p in ctx.in_focus():
        for main in p.mains:
            facts = ctx.facts[main.rel]
            # a number the metadata names by a link: the link's own finding says it
            linked = {(ln, number_of_path(path, cfg)) for ln, _, _, path, _ in facts.links}
            # the metadata's own file: the document, or the sidecar that holds it
            meta_file = ws.sidecar_path(main.rel) or main.rel
            for line, n in facts.meta_refs:
                q = ws.proposals.get(n)
                if (line + 1, n) in linked:
                    continue
                if q is None or not (q.mains or q.rows):
                    ctx.add(
                        "X002",
                        meta_file,
                        line + 1,
                        f"the metadata names {cfg.ident(n)}, which does not exist",
                    )
            if superseded and cfg.status_name(facts.status) == superseded:
                for _line, successor in facts.successors:
                    q = ws.proposals.get(successor)
                    if q is None or not q.mains:
                        continue
                    if not any(_links_to(ctx, m.rel, p.number) for m in q.mains):
                        name = main.rel.rsplit("/", 1)[-1]
                        ctx.add(
                            "X001",
                            q.mains[0].rel,
                            1,
                            f"{cfg.ident(successor)} supersedes {cfg.ident(p.number)} but does not link it",
                            hint=f"add '> Supersedes [{cfg.ident(p.number)}]({name})'",
                        )
            for line, older in facts.supersedes if superseded else ():
                q = ws.proposals.get(older)
                if q is None or not q.mains:
                    continue
                if not any(_superseded_by(ctx, m.rel, p.number) for m in q.mains):
                    # the hint must be a command that works: an older proposal that
                    # another one already superseded cannot be superseded again
                    taken = [
                        n
                        for m in q.mains
                        if cfg.status_name(ctx.facts[m.rel].status) == superseded
                        for _, n in ctx.facts[m.rel].successors
                    ]
                    hint = (
                        f"{cfg.ident(older)} is superseded by {cfg.ident(taken[0])}: "
                        "correct or remove this line"
                        if taken
                        else f"bep status {older} Superseded --by {p.number}"
                    )
                    ctx.add(
                        "X001",
                        main.rel,
                        line + 1,
                        f"{cfg.ident(p.number)} says it supersedes {cfg.ident(older)}, "
                        f"which is not marked Superseded by it",
                        hint=hint,
                    )
