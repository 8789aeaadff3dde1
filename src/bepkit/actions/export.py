"""``bep export``: the whole repository as one versioned JSON document.

The envelope says what made it and from what (``schemaVersion``,
``bepkitVersion``, the commit, the creation time); every proposal follows, a
document per entry (two documents sharing a number stay two entries).  The
shape is described by ``export.schema.json`` beside this module (``bep export
--schema``); any change of shape bumps ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from bepkit import __version__, disk
from bepkit.actions.history import proposal_log
from bepkit.actions.info import as_json, list_entries, show
from bepkit.gitops import Git, GitError
from bepkit.model.document.links import is_relative_target
from bepkit.model.history import read_log
from bepkit.model.proposal import predecessors, successors
from bepkit.model.segments import resolve
from bepkit.model.workspace import Workspace

__all__ = ["SCHEMA_VERSION", "export", "schema"]

SCHEMA_VERSION = 1
SCHEMA = Path(__file__).resolve().parent.parent / "data" / "export.schema.json"


def schema() -> dict[str, Any]:
    """The JSON Schema of the export."""
    data: dict[str, Any] = json.loads(disk.read_text(SCHEMA))
    return data


def _commit(git: Git) -> tuple[str | None, bool]:
    """HEAD's commit, and whether the proposals differ from it (uncommitted changes)."""
    if not git.is_repo():
        return None, False
    head = git.resolve("HEAD")
    if head is None:
        return None, True
    try:
        dirty = bool(git.run("status", "--porcelain", "-z", "--", ".").strip("\0"))
    except GitError:
        dirty = False
    return head, dirty


def export(ws: Workspace, now: dt.datetime | None = None) -> dict[str, Any]:
    cfg = ws.config
    git = Git(ws.root)
    commit, dirty = _commit(git)
    log = read_log(git, cfg)
    files = {m.rel: n for n, p in ws.proposals.items() for m in p.mains}
    files |= {s: n for n, p in ws.proposals.items() for s in p.subdocs}
    proposals: list[dict[str, Any]] = []
    infos = {}
    for e in list_entries(ws):
        if e.number not in infos:
            infos[e.number] = {i.path: i for i in show(ws, e.number)}
        record = e.as_dict()
        info = infos[e.number].get(e.path or "") if e.layout in ("single", "segmented") else None
        if info is None:  # a reserved number or a folder without its document
            record["document"] = None
            record["links"] = {"supersedes": [], "superseded_by": [], "proposals": []}
            record["history"] = None
            proposals.append(record)
            continue
        data = as_json(info)
        data.pop("registry", None)
        record["document"] = data
        doc = ws.document(info.path)
        record["links"] = {
            "supersedes": [n for n, _ in predecessors(doc, cfg)],
            "superseded_by": [n for n, _ in successors(doc, cfg)],
            "proposals": _linked(ws, [info.path, *ws.proposals[e.number].subdocs], files, e.number),
        }
        logs = [lg for lg in proposal_log(ws, e.number, log) if lg.path == info.path]
        record["history"] = (
            {"commits": logs[0].commits, "statuses": logs[0].statuses} if logs else None
        )
        proposals.append(record)
    created = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    return {
        "schemaVersion": SCHEMA_VERSION,
        "bepkitVersion": __version__,
        "profile": cfg.profile,
        "commit": commit,
        "uncommittedChanges": dirty,
        "creationDate": created,
        "proposals": proposals,
    }


def _linked(ws: Workspace, rels: list[str], files: dict[str, int], number: int) -> list[int]:
    """The other proposals these documents link to, by number, in order of first link."""
    out: dict[int, None] = {}
    for rel in rels:
        for link in ws.document(rel).links:
            if not is_relative_target(link.target) or link.target.startswith("#"):
                continue
            target = files.get(resolve(rel, link.target.partition("#")[0]))
            if target is not None and target != number:
                out[target] = None
    return list(out)
