"""What happened to each proposal, from one pass over ``git log``: ``bep log N``
(every commit, status change and rename of one proposal) and the site's
last-changed dates and status histories."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bepkit.gitops import Git
from bepkit.model.history import Log, StatusChange, Touch, read_log, status_changes
from bepkit.model.proposal import document_title
from bepkit.model.workspace import Workspace

__all__ = ["DocHistory", "ProposalLog", "history", "proposal_log"]


@dataclass
class DocHistory:
    modified: str = ""  # the day of the last commit that changed it (YYYY-MM-DD)
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (day, status), oldest first


def history(ws: Workspace, log: Log | None = None) -> dict[str, DocHistory]:
    """Each current document's history, renames followed (empty outside git)."""
    log = log if log is not None else read_log(Git(ws.root), ws.config)
    if not log.touches:
        return {}
    rels = [rel for p in ws.proposals.values() for rel in [m.rel for m in p.mains] + p.subdocs]
    # a document's history: its own commits, and its sidecar's (a kep.yaml holds the status)
    groups = {rel: list(dict.fromkeys([rel, ws.sidecar_path(rel) or rel])) for rel in rels}
    return {
        rel: DocHistory(
            touches[0].commit.day,
            [(c.commit.day if c.commit else "", c.new) for c in status_changes(touches)],
        )
        for rel, touches in log.follow_each(groups).items()
        if touches
    }


@dataclass
class ProposalLog:
    number: int
    id: str
    title: str
    path: str
    commits: list[dict[str, Any]] = field(default_factory=list)  # newest first
    statuses: list[dict[str, Any]] = field(default_factory=list)  # oldest first

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _commit(touches: list[Touch], change: StatusChange | None) -> dict[str, Any]:
    c = touches[0].commit
    return {
        "sha": c.sha,
        "date": c.date,
        "author": c.author,
        "subject": c.subject,
        "pull_request": c.pull,
        "files": [{"path": t.path, "change": t.kind, "renamed_from": t.old_path} for t in touches],
        "status": None if change is None else {"from": change.old, "to": change.new},
    }


def proposal_log(ws: Workspace, number: int, log: Log | None = None) -> list[ProposalLog]:
    """The history of ``number``: one record per main document (two when two
    documents share the number), each commit newest first."""
    p = ws.proposal(number)
    log = log if log is not None else read_log(Git(ws.root), ws.config)
    out: list[ProposalLog] = []
    for main in p.mains:
        doc = ws.document(main.rel)
        record = ProposalLog(
            number, ws.config.ident(number), document_title(doc, ws.config) or "", main.rel
        )
        holder = ws.sidecar_path(main.rel) or main.rel  # the file that holds its status
        changes = {c.commit.sha: c for c in status_changes(log.follow([holder])) if c.commit}
        by_commit: dict[str, list[Touch]] = {}
        for t in log.follow(list(dict.fromkeys([main.rel, holder, *p.subdocs]))):
            by_commit.setdefault(t.commit.sha, []).append(t)
        for sha, touches in by_commit.items():  # newest first, as git gave them
            record.commits.append(_commit(touches, changes.get(sha)))
        for c in changes.values():
            assert c.commit is not None
            record.statuses.append(
                {
                    "date": c.commit.date,
                    "author": c.commit.author,
                    "sha": c.commit.sha,
                    "from": c.old,
                    "to": c.new,
                }
            )
        out.append(record)
    return out
