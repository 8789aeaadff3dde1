"""The baseline: findings a repository had when it adopted ``bep check``.

Findings are recorded by rule code, document and message — never by line —
with a count, so that editing elsewhere in a document does not reopen them,
and a second finding of the same kind in the same document is new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from bepkit import disk
from bepkit.check.context import Finding
from bepkit.errors import BepError
from bepkit.model.workspace import Workspace
from bepkit.text import json_text

__all__ = ["hold_back", "load", "save"]

Key = tuple[str, str, str]


def key(f: Finding) -> Key:
    return (f.code, f.path, f.identity)


def load(ws: Workspace) -> Counter[Key] | None:
    """The recorded findings, or None when the repository has no baseline file."""
    path = ws.root / ws.config.baseline
    if not disk.exists(path):
        return None
    try:
        data = json.loads(disk.read_text(path))
        return Counter(
            {(e["code"], e["path"], e["message"]): int(e.get("count", 1)) for e in data["findings"]}
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BepError(
            f"not a bepkit baseline: {exc}",
            path=ws.config.baseline,
            hint="rewrite it with bep check --update-baseline",
        ) from None


def save(ws: Workspace, findings: Iterable[Finding]) -> int:
    counts = Counter(key(f) for f in findings)
    rows = [
        {"code": code, "path": path, "message": message, "count": n}
        for (code, path, message), n in sorted(
            counts.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])
        )
    ]
    data = {"version": 1, "tool": "bepkit", "findings": rows}
    disk.write_atomic(
        ws.root / ws.config.baseline,
        (json_text(data) + "\n").encode(),
    )
    return sum(counts.values())


def hold_back(findings: list[Finding], recorded: Counter[Key]) -> tuple[list[Finding], int]:
    """Findings not in the baseline, and how many were held back."""
    left = Counter(recorded)
    new = []
    held = 0
    for f in findings:
        k = key(f)
        if left[k] > 0:
            left[k] -= 1
            held += 1
        else:
            new.append(f)
    return new, held
