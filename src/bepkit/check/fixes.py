"""The fixes of ``bep check``: derived pieces kept in step with their sources.

The registry rows (status, title, link, missing rows, order), the Document
Index of a segmented proposal, the ``detail-docs`` of its master block and the
``parent`` of each detail-doc block.  Each function returns the edits it would
make; ``bep check --fix`` and ``bep sync`` apply them.  Nothing written by a
person is removed: descriptions in the Document Index are kept, unknown rows
are kept, and a second run finds nothing to do.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bepkit.model.document import Document, Edit
from bepkit.model.document.aicontext import AiEntry, format_entry
from bepkit.model.workspace import Workspace

__all__ = ["Change", "apply", "merge", "rewrite_entry", "unified_diff", "write"]


@dataclass
class Change:
    """Edits to one file, with what each does (for the report)."""

    path: str
    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, edit: Edit, note: str) -> None:
        self.edits.append(edit)
        self.notes.append(note)


# -- registry -------------------------------------------------------------------------


def merge(items: list[Change]) -> list[Change]:
    by_path: dict[str, Change] = {}
    for c in items:
        into = by_path.setdefault(c.path, Change(c.path))
        into.edits.extend(c.edits)
        into.notes.extend(c.notes)
    return [by_path[k] for k in sorted(by_path)]


def apply(ws: Workspace, change: Change) -> Document:
    """The document at ``change.path`` with the change's edits applied (not written)."""
    return ws.document(change.path).edit(change.edits)


def unified_diff(ws: Workspace, items: list[Change]) -> str:
    """The changes as a unified diff (nothing written)."""
    out: list[str] = []
    for change in items:
        before = ws.document(change.path).text.splitlines(keepends=True)
        after = apply(ws, change).text.splitlines(keepends=True)
        out.extend(
            difflib.unified_diff(
                before, after, fromfile=f"a/{change.path}", tofile=f"b/{change.path}"
            )
        )
    return "".join(out)


def write(ws: Workspace, compute: Callable[[], list[Change]], what: str) -> list[Change]:
    """Compute the changes under the write lock (on fresh files) and write them
    all or nothing; ``what`` names the command if it is interrupted."""
    with ws.locked(what):
        items = compute()
        for change in items:
            ws.write(change.path, apply(ws, change))
    return items


def rewrite_entry(entry: AiEntry, doc: Document, value: list[str] | str) -> Edit:
    indent = re.match(r"^\s*", doc.line_text(entry.line + 1) if entry.end > entry.line + 1 else "")
    lines = format_entry(entry.key, value, "block" if entry.style == "block" else "flow")
    if entry.style == "block" and indent is not None and indent.group(0):
        lines = [lines[0], *(indent.group(0) + ln.lstrip() for ln in lines[1:])]
    # keep a closing --> that shares the entry's last line
    last = doc.line_text(entry.end - 1)
    if "-->" in last:
        lines[-1] = lines[-1] + " -->"
    return Edit.replace(entry.line, entry.end, lines)
