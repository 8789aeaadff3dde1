"""The registry merges itself: a git merge driver for the registry file.

Two branches that each add a row to the registry table conflict in a plain
text merge, though nothing is in conflict.  ``bep merge-driver`` merges the
table row by row, a row being known by its number: rows added on either side
are both kept (in number order, as ``bep new`` places them; two rows with one
number are kept too, and ``bep check`` reports the duplicate), a row changed
on one side takes that change, and only a row both sides changed differently
(or one changed and the other removed) is left as a conflict.  The text around
the table is merged by ``git merge-file``.  ``bep install-merge-driver``
registers the driver in ``.git/config`` and names the registry file in
``.gitattributes``.
"""

from __future__ import annotations

import re
import secrets
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from bepkit.config import Config
from bepkit.errors import BepError
from bepkit.gitops import Git
from bepkit.model.document import Document
from bepkit.model.registry import Registry, find_registry
from bepkit.model.workspace import Workspace

__all__ = ["DRIVER", "Installed", "install", "merge_registry"]

DRIVER = "bep-registry"

Key = tuple[object, int]  # (the row's number, or its text for a placeholder row; occurrence)


@dataclass(frozen=True, slots=True)
class _Split:
    before: list[str]  # the lines up to and including the table's delimiter row
    rows: list[tuple[Key, int | None, str]]  # (key, number, line)
    after: list[str]
    bom: bool


def _split(data: bytes, heading: str) -> _Split | None:
    doc = Document.from_bytes(data)
    reg: Registry | None = find_registry(doc, heading)
    if reg is None:
        return None
    lines = doc.lines
    seen: dict[object, int] = {}
    rows: list[tuple[Key, int | None, str]] = []
    for r in reg.rows:
        ident: object = r.number if r.number is not None else lines[r.line].strip()
        seen[ident] = seen.get(ident, -1) + 1
        rows.append(((ident, seen[ident]), r.number, lines[r.line]))
    start, end = reg.table.start + 2, reg.table.end
    return _Split(lines[:start], rows, lines[end:], doc.bom)


def _conflict(ours: list[str], theirs: list[str], size: int) -> list[str]:
    eol = "\r\n" if (ours or theirs)[0].endswith("\r\n") else "\n"
    return [
        "<" * size + " ours" + eol,
        *ours,
        "=" * size + eol,
        *theirs,
        ">" * size + " theirs" + eol,
    ]


def _merge_rows(base: _Split, ours: _Split, theirs: _Split, size: int) -> tuple[list[str], int]:
    """The merged rows, and how many conflicts they hold."""
    b = {k: line for k, _, line in base.rows}
    t = {k: line for k, _, line in theirs.rows}
    o_keys = {k for k, _, _ in ours.rows}
    out: list[tuple[int | None, list[str]]] = []  # (number, lines) in order
    conflicts = 0
    for k, number, o in ours.rows:
        if k in b:
            if k not in t:
                if o == b[k]:
                    continue  # removed on their side
                out.append((number, _conflict([o], [], size)))
                conflicts += 1
            elif o == t[k] or t[k] == b[k]:
                out.append((number, [o]))
            elif o == b[k]:
                out.append((number, [t[k]]))
            else:
                out.append((number, _conflict([o], [t[k]], size)))
                conflicts += 1
        else:
            out.append((number, [o]))
            if k in t and t[k] != o:  # both added a row with this number: keep both
                out.append((number, [t[k]]))
    for k, number, line in theirs.rows:
        if k in o_keys:
            continue
        if k in b:
            if line != b[k]:  # removed on our side, changed on theirs
                out.append((number, _conflict([], [line], size)))
                conflicts += 1
            continue
        at = len(out)  # added on their side: numeric order, above a placeholder row
        if number is not None:
            for i, (n, _) in enumerate(out):
                if n is None or n > number:
                    at = i
                    break
        out.insert(at, (number, [line]))
    return [line for _, lines in out for line in lines], conflicts


def merge_registry(
    git: Git, config: Config, base: bytes, ours: bytes, theirs: bytes, marker_size: int = 7
) -> tuple[bytes, int]:
    """The merged registry file, and the number of conflicts left in it."""
    if theirs in (base, ours):
        return ours, 0
    if ours == base:
        return theirs, 0
    parts = [_split(data, config.registry_heading) for data in (base, ours, theirs)]
    if any(p is None for p in parts):  # no table on some side: a plain text merge
        return git.merge_file(ours, base, theirs, marker_size)
    b, o, t = (p for p in parts if p is not None)
    rows, conflicts = _merge_rows(b, o, t, marker_size)
    if (b.before, b.after) == (o.before, o.after) == (t.before, t.after):
        around = (o.before, o.after)
    else:
        token = f"bepkit-registry-rows-{secrets.token_hex(8)}\n"
        texts = [_text([*p.before, token, *p.after]) for p in (b, o, t)]
        merged, text_conflicts = git.merge_file(texts[1], texts[0], texts[2], marker_size)
        head, found, tail = merged.decode("utf-8", "surrogateescape").partition(token)
        if not found or token in tail:  # the table itself moved: merge the whole file
            return git.merge_file(ours, base, theirs, marker_size)
        conflicts += text_conflicts
        around = (head.splitlines(keepends=True), tail.splitlines(keepends=True))
    lines = [*around[0], *rows, *around[1]]
    eol = "\r\n" if any(ln.endswith("\r\n") for ln in rows) else "\n"
    # a last row without a line break gets one when a row now follows it
    lines = [ln if ln.endswith("\n") else ln + eol for ln in lines[:-1]] + lines[-1:]
    return Document("".join(lines), bom=o.bom).to_bytes(), conflicts


def _text(lines: list[str]) -> bytes:
    return "".join(lines).encode("utf-8", "surrogateescape")


@dataclass
class Installed:
    gitattributes: str  # the file, relative to the repository
    line: str
    added: bool  # False: the line was there already
    driver: str  # the command git runs

    def as_dict(self) -> dict[str, object]:
        return {
            "gitattributes": self.gitattributes,
            "line": self.line,
            "added": self.added,
            "driver": self.driver,
        }


_PATTERN_SAFE_RE = re.compile(r"^[A-Za-z0-9._/+@-]+$")


def install(ws: Workspace) -> Installed:
    """Register the driver in ``.git/config`` and name the registry in ``.gitattributes``."""
    git = Git(ws.root)
    if not git.is_repo():
        raise BepError(f"{ws.root} is not a git repository", hint="git init")
    registry = ws.config.registry_file
    if not _PATTERN_SAFE_RE.match(registry):
        raise BepError(
            f"registry_file {registry!r} holds characters a .gitattributes pattern cannot name",
            hint=f"add a line for it to .gitattributes by hand: merge={DRIVER}",
        )
    line = f"/{registry} merge={DRIVER}"
    rel = ".gitattributes"
    old = ws.read_bytes(rel) if ws.exists(rel) else b""
    present = any(ln.split() == line.split() for ln in old.decode("utf-8", "replace").splitlines())
    driver = f"{shlex.quote(sys.executable)} -m bepkit merge-driver %O %A %B %P --marker-size %L"
    if not present:
        eol = b"\r\n" if b"\r\n" in old else b"\n"
        sep = eol if old and not old.endswith(b"\n") else b""
        new = Document.from_bytes(old + sep + line.encode() + eol)
        with ws.locked("install-merge-driver"):
            if old:
                ws.write(rel, new)
            else:
                ws.create(rel, new)
    git.run("config", f"merge.{DRIVER}.name", "bepkit: the registry table, merged row by row")
    git.run("config", f"merge.{DRIVER}.driver", driver)
    return Installed(rel, line, not present, driver)


def run_driver(root: Path, config: Config, base: Path, ours: Path, theirs: Path, size: int) -> int:
    """What git runs: merge into ``ours``; the number of conflicts left (0: clean)."""
    from bepkit import disk

    merged, conflicts = merge_registry(
        Git(root),
        config,
        disk.read_bytes(base),
        disk.read_bytes(ours),
        disk.read_bytes(theirs),
        size,
    )
    disk.write_atomic(ours, merged)
    return conflicts
