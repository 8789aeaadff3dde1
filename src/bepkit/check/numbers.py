"""Numbers and the registry: N001-N012."""

from __future__ import annotations

from bepkit.check import Context
from bepkit.model.document.links import strip_inline
from bepkit.model.numbers import link_target, owner, relinkable, row_of, same_title
from bepkit.model.registry import Registry
from bepkit.model.workspace import Proposal

__all__ = ["check"]


def check(ctx: Context) -> None:
    ws = ctx.ws
    cfg = ctx.config
    reg = ws.registry
    if reg is None:
        ctx.add(
            "N009",
            cfg.registry_file,
            1,
            f"no table under a {cfg.registry_heading!r} heading",
            hint="the registry is a markdown table under that heading",
        )
    else:
        _check_order(ctx, reg)
    for p in ws.proposals.values():
        if p.number < cfg.first_number:
            for m in p.mains:
                ctx.add(
                    "N007",
                    m.rel,
                    1,
                    f"number {p.number} is below the first number {cfg.first_number}",
                )
        _check_shared(ctx, p)
        if reg is not None:
            _check_rows(ctx, reg, p)
    for rel in ws.other_documents:
        ctx.add(
            "N012",
            rel,
            1,
            "not a proposal file name",
            hint=f"main documents are {cfg.prefix}-NNNN-slug.md; sub-documents go in {cfg.prefix}-NNNN/",
        )


def _check_shared(ctx: Context, p: Proposal) -> None:
    if len(p.mains) < 2:
        return
    keeper = owner(ctx.ws, p)
    assert keeper is not None
    for m in p.mains:
        if m is keeper:
            continue
        ident = ctx.config.ident(p.number)
        ctx.add(
            "N001",
            m.rel,
            1,
            f"{ident} is also used by {keeper.rel}",
            hint=f"give this proposal a new number: bep renumber {p.number} NEW --path {m.rel}",
        )


def _check_rows(ctx: Context, reg: Registry, p: Proposal) -> None:
    ws = ctx.ws
    path = ctx.config.registry_file
    ident = ctx.config.ident(p.number)
    for extra in p.rows[1:]:
        ctx.add("N011", path, extra.line + 1, f"{ident} has {len(p.rows)} registry rows")
    if p.mains and not p.rows:
        keeper = owner(ws, p)
        assert keeper is not None
        ctx.add(
            "N002",
            keeper.rel,
            1,
            f"{ident} has no row in the registry ({path})",
            hint="bep check --fix adds it",
        )
    keeper = owner(ws, p)
    for row in p.rows:
        target = link_target(ws, row)
        line = row.line + 1
        if row.link and target is not None and not ws.exists(target):
            hint = (
                f"the document is {keeper.rel}" if keeper else "a reserved number's row has no link"
            )
            ctx.add(
                "N003",
                path,
                line,
                f"registry row {p.number} links to a missing file {row.link}",
                hint=hint,
                fixable=relinkable(ws, p, row),
            )
        elif target is not None and ws.is_dir(target):
            ctx.add(
                "N004",
                path,
                line,
                f"registry row {p.number} links to the folder {row.link}",
                hint=f"link the main document {keeper.rel}" if keeper else None,
                fixable=relinkable(ws, p, row),
            )
        elif not row.link and keeper is not None:
            ctx.add(
                "N010",
                path,
                line,
                f"registry row {p.number} does not link its document {keeper.rel}",
                fixable=relinkable(ws, p, row),
            )
    for m in p.mains:
        linked = row_of(ws, p, m)
        if linked is None:
            continue
        facts = ctx.facts[m.rel]
        status = facts.status
        if (
            status
            and linked.status
            and status.strip().lower() != strip_inline(linked.status).lower()
        ):
            ctx.add(
                "N005",
                path,
                linked.line + 1,
                f"registry status of {p.number} is {linked.status!r}, the document says {status!r}",
            )
        title = facts.title
        if title and linked.title and not same_title(title, linked.plain_title):
            ctx.add(
                "N006",
                path,
                linked.line + 1,
                f"registry title of {p.number} is {linked.plain_title!r}, the document's is {title!r}",
            )


def _check_order(ctx: Context, reg: Registry) -> None:
    last: int | None = None
    placeholder_seen = False
    for row in reg.rows:
        if row.number is None:
            placeholder_seen = True
            continue
        if placeholder_seen or (last is not None and row.number < last):
            after = "the placeholder row" if placeholder_seen else f"row {last}"
            ctx.add(
                "N008",
                ctx.config.registry_file,
                row.line + 1,
                f"registry row {row.number} is out of numeric order (after {after})",
                hint="bep check --fix sorts the rows",
            )
            return
        last = row.number
