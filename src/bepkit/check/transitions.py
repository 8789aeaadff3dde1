"""Status transitions: T001.

With ``--base REF``, each status change between REF (where the branch forked
from it) and the working tree is checked against the profile's transition
table: every commit's change in turn, then the change not yet committed.  A
proposal created on the branch starts where its author put it; what a status
requires (Target-Version, a reason, a successor) is M008-M010, reported for
every proposal with or without ``--base``.
"""

from __future__ import annotations

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, Rule
from bepkit.gitops import Git
from bepkit.model.document import Document
from bepkit.model.history import StatusChange, read_log, status_changes, statuses_at
from bepkit.model.proposal import status_of

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


def _status_line(doc: Document, key: str) -> int:
    fm = doc.frontmatter
    entry = fm.entry(key) if fm is not None and key else None
    return entry.line + 1 if entry is not None else 1


def check(ctx: Context, base: str | None) -> None:
    cfg = ctx.config
    git = Git(ctx.ws.root)
    if not base or not cfg.key("status") or not git.is_repo():
        return  # branch.check says why a --base check was skipped
    fork = git.merge_base(base)
    if fork is None:
        return
    changed = set(git.changed_paths(fork, cfg.proposals_dir))
    mains = [m.rel for p in ctx.ws.proposals.values() for m in p.mains if m.rel in changed]
    if not mains:
        return
    followed = read_log(git, cfg, f"{fork}..HEAD").follow_each({rel: [rel] for rel in mains})
    origin = {}  # each document's path at the fork
    for rel, touches in followed.items():
        first = touches[-1] if touches else None
        if first is None:
            origin[rel] = rel
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
        rel,
        _status_line(doc, cfg.key("status")),
        f"status {old} -> {new} {when} is not a transition the process allows",
        hint=f"from {old}: {', '.join(allowed) if allowed else 'no transitions'}",
    )
