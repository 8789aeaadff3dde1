"""What happened to each document, from one pass over ``git log``: when it last
changed, and each status it was given (the metadata's status line as each
commit wrote it), oldest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bepkit.gitops import Git, GitError
from bepkit.model.workspace import Workspace

__all__ = ["DocHistory", "history"]

_COMMIT = "\x1e"  # a record separator, never in a path or a patch line


@dataclass
class DocHistory:
    modified: str = ""  # the date of the last commit that changed it (YYYY-MM-DD)
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (date, status), oldest first


def history(ws: Workspace) -> dict[str, DocHistory]:
    """Each document's history under the proposals folder (empty outside git)."""
    git = Git(ws.root)
    if not git.is_repo():
        return {}
    key = ws.config.key("status")
    if not key:
        return {}  # a process without a status key has no status history
    status_re = re.compile(rf"^\+{re.escape(key)}:\s*(\S.*?)\s*$")
    try:
        text = git.run(
            "-c",
            "core.quotePath=false",
            "log",
            f"--format={_COMMIT}%ad",
            "--date=short",
            "-p",
            "-U0",
            "--no-renames",
            "--no-color",
            "--",
            ws.config.proposals_dir,
        )
    except GitError:
        return {}
    out: dict[str, DocHistory] = {}
    for record in text.split(_COMMIT)[1:]:  # newest first
        date, _, patch = record.partition("\n")
        current: str | None = None
        for line in patch.splitlines():
            if line.startswith("+++ "):
                current = line[6:] if line.startswith("+++ b/") else None
                if current is not None:
                    entry = out.setdefault(current, DocHistory())
                    entry.modified = entry.modified or date
            elif current is not None and line.startswith("+"):
                m = status_re.match(line)
                if m:
                    out[current].statuses.insert(0, (date, m.group(1)))
    return out
