"""Status transitions: T001.

With ``--base REF``, each status change between REF (where the branch forked
from it) and the working tree is checked against the profile's transition
table: every commit's change in turn, then the change not yet committed.  A
proposal created on the branch starts where its author put it; what a status
requires (Target-Version, a reason, a successor) is M008-M010, reported for
every proposal with or without ``--base``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, Rule
from bepkit.config import Config
from bepkit.gitops import Git
from bepkit.model.document import Document
from bepkit.model.metadata import metadata_of
from bepkit.model.proposal import status_of

if TYPE_CHECKING:
    from bepkit.model.history import StatusChange

__all__ = ["check"]

RULES = [
    Rule(
        "T001",
        "status-transition",
        ERROR,
        "a status change the transition table does not allow",
        "With `--base REF`: a proposal moved from one status to another that the\n"
        "profile's `[statuses.transitions]` table does not list (for BEPs, Draft goes to\n"
        "Accepted before Implemented). Each commit's change is checked, then the change\n"
        "not yet committed. A repository that has always skipped a step can make this a\n"
        'warning: `[rules] T001 = "warning"`.',
    ),
]


def _status_at(doc: Document, rel: str, cfg: Config) -> tuple[str, int]:
    """Where the status is written: the document's line, or its sidecar's."""
    md = metadata_of(doc, cfg)
    entry = md.entry(cfg.key("status")) if md is not None else None
    return ((entry.path or rel), entry.line + 1) if entry is not None else (rel, 1)


def check(ctx: Context, base: str | None) -> None:
    cfg = ctx.config
    git = Git(ctx.ws.root)
    if not base or not cfg.key("status") or not git.is_repo():
        return  # branch.check says why a --base check was skipped
    # here: a check without --base reads no history
    from bepkit.model.history import StatusChange, read_log, status_changes, statuses_at

    fork = git.merge_base(base)
    if fork is None:
        return
    changed = set(git.changed_paths(fork, cfg.proposals_dir))
    # the file that holds each document's status: itself, or its sidecar (a kep.yaml)
    holder = {
        m.rel: ctx.ws.sidecar_path(m.rel) or m.rel
        for p in ctx.ws.proposals.values()
        for m in p.mains
    }
    mains = [rel for rel, h in holder.items() if rel in changed or h in changed]
    if not mains:
        return
    log = read_log(git, cfg, f"{fork}..HEAD")
    followed = log.follow_each({rel: [holder[rel]] for rel in mains})
    origin = {}  # each document's path at the fork
    for rel, touches in followed.items():
        first = touches[-1] if touches else None
        if first is None:
            origin[rel] = holder[rel]
        elif first.kind != "added":  # a document added on the branch had no status before
            origin[rel] = first.old_path or first.path
    before = statuses_at(git, cfg, fork, list(origin.values()))
    for rel, touches in followed.items():
        start = before.get(origin[rel]) if rel in origin else None
        changes = status_changes(touches, start)
        doc = ctx.ws.document(rel)
        now = status_of(doc, cfg) or None
        last = changes[-1].new if changes else start
        if now is not None and last is not None and now != last:
            changes.append(StatusChange(None, rel, last, now))
        for c in changes:
            _judge(ctx, rel, doc, c)


def _judge(ctx: Context, rel: str, doc: Document, change: StatusChange) -> None:
    cfg = ctx.config
    old = cfg.status_name(change.old) if change.old else None
    new = cfg.status_name(change.new)
    if old is None or new is None or old == new:
        return  # a creation, or an unknown status (M005 reports it)
    allowed = cfg.transitions.get(old, ())
    if new in allowed:
        return
    c = change.commit
    when = f"in {c.sha[:9]} ({c.day}, {c.author})" if c else "not yet committed"
    ctx.add(
        "T001",
        *_status_at(doc, rel, cfg),
        f"status {old} -> {new} {when} is not a transition the process allows",
        hint=f"from {old}: {', '.join(allowed) if allowed else 'no transitions'}",
    )
