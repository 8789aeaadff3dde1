"""Branch and merge target: B001-B002.

On a ``bep/NNNN-slug`` branch, NNNN must be a proposal the branch adds or
changes.  With ``--base REF`` every number the branch adds is checked against
REF, the other remote branches and the reservation refs: the collision is
caught on the pull request, before it merges.
"""

from __future__ import annotations

import re

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, Rule
from bepkit.errors import BepError
from bepkit.gitops import Git
from bepkit.model.document import Document
from bepkit.model.pulls import held
from bepkit.model.registry import find_registry
from bepkit.model.reservations import branch_pattern, fetch_reservations, local_reservations
from bepkit.model.sections import normalize

__all__ = ["check"]


RULES = [
    Rule(
        "B001",
        "branch-number",
        ERROR,
        "the branch's number is not a proposal it adds or changes",
        "On a `bep/NNNN-slug` branch, NNNN is the proposal the branch writes.",
    ),
    Rule(
        "B002",
        "number-taken",
        ERROR,
        "a number the branch adds is already taken",
        "With `--base REF`: a number the branch adds is already used on REF, by another\n"
        "remote branch `bep/NNNN-*`, by an open pull request that adds it, or by a\n"
        "reservation ref held for another title.",
    ),
]


def _numbers_in_paths(ctx: Context, paths: list[str]) -> set[int]:
    return {n for p in paths if (n := ctx.config.number_in(p)) is not None}


def _numbers_at(ctx: Context, git: Git, ref: str) -> set[int]:
    cfg = ctx.config
    numbers = _numbers_in_paths(ctx, git.ls_tree(ref, cfg.proposals_dir))
    numbers.discard(0)
    data = git.show(ref, cfg.registry_file)
    if data is not None:
        reg = find_registry(Document.from_bytes(data), cfg.registry_heading)
        if reg is not None:
            numbers |= {r.number for r in reg.rows if r.number is not None}
    return numbers


def _where(ctx: Context, number: int) -> str:
    p = ctx.ws.proposals.get(number)
    return p.mains[0].rel if p and p.mains else ctx.config.registry_file


def check(ctx: Context, base: str | None) -> None:
    git = Git(ctx.ws.root)
    if not git.is_repo():
        if base:
            ctx.notes.append(
                f"--base {base}: {ctx.ws.root} is not a git repository; branch checks skipped"
            )
        return
    cfg = ctx.config
    branch = git.current_branch()
    base_ref = base or git.default_base()
    if base and git.resolve(base) is None:  # a typo must not pass as "All checks passed"
        raise BepError(f"--base {base}: no such ref", hint="git branch -a lists them")
    fork = git.merge_base(base_ref) if base_ref else None
    if base and fork is None:
        ctx.notes.append(f"--base {base}: no common ancestor with HEAD; branch checks skipped")
        return
    m = branch_pattern(ctx.config).match(branch or "")
    if m and fork:
        number = int(m.group("number"))
        changed = git.changed_paths(fork, cfg.proposals_dir)
        touched = _numbers_in_paths(ctx, changed)
        if cfg.registry_file in changed:
            touched |= _registry_numbers_added(ctx, git, fork)
        if number not in touched:
            ctx.add(
                "B001",
                _where(ctx, number),
                1,
                f"branch {branch} names {cfg.ident(number)}, which this branch does not add or change",
                hint="name the branch after the proposal it writes",
            )
    if not base or fork is None:
        return
    before = _numbers_at(ctx, git, fork)
    now = {n for n, p in ctx.ws.proposals.items() if p.mains or p.rows}
    added = sorted(now - before)
    if not added:
        return
    on_base = _numbers_at(ctx, git, base)
    if not fetch_reservations(git, cfg):
        ctx.notes.append(f"remote {cfg.remote!r} unreachable: reservations not checked")
    reserved = local_reservations(git, cfg)
    others = _other_branches(ctx, git, branch)
    pulls = held(ctx.ws, git, exclude_branch=branch)
    if pulls.note:
        ctx.notes.append(pulls.note)
    for n in added:
        ident = cfg.ident(n)
        where = _where(ctx, n)
        if n in on_base:
            ctx.add(
                "B002",
                where,
                1,
                f"{ident} is already used on {base}",
                hint=f"renumber before merging: bep renumber {n} NEW",
            )
        for other in others.get(n, []):
            ctx.add(
                "B002",
                where,
                1,
                f"{ident} is also claimed by the branch {other}",
                hint=f"renumber before merging: bep renumber {n} NEW",
            )
        for pull in pulls.numbers.get(n, []):
            ctx.add(
                "B002",
                where,
                1,
                f"{ident} is also added by the open pull request {pull}",
                hint=f"renumber before merging: bep renumber {n} NEW",
            )
        title = _title_of(ctx, n)
        holder = reserved.get(n)
        if holder is not None and title and normalize(holder) != normalize(title):
            ctx.add(
                "B002",
                where,
                1,
                f"{ident} is reserved for {holder!r}, not {title!r}",
                hint=f"renumber before merging: bep renumber {n} NEW",
            )


def _registry_numbers_added(ctx: Context, git: Git, fork: str) -> set[int]:
    rows = git.diff_added_lines(fork, ctx.config.registry_file)
    out = set()
    for line in rows:
        m = re.match(r"^\s*\|\s*\[?\s*(\d{1,9})(?!\d)", line)  # longer: no number
        if m:
            out.add(int(m.group(1)))
    return out


def _other_branches(ctx: Context, git: Git, current: str | None) -> dict[int, list[str]]:
    pattern = branch_pattern(ctx.config)
    out: dict[int, list[str]] = {}
    for ref in git.refs("refs/remotes/", "%(refname:short)"):
        _remote, _, name = ref.partition("/")
        if not name or name == current or name == "HEAD":
            continue
        m = pattern.match(name)
        if m:
            out.setdefault(int(m.group("number")), []).append(ref)
    return out


def _title_of(ctx: Context, number: int) -> str | None:
    p = ctx.ws.proposals.get(number)
    if p is None:
        return None
    if p.mains:
        return ctx.facts[p.mains[0].rel].title
    return p.rows[0].plain_title if p.rows else None
