"""All-or-nothing writes of several files: a journal, then the changes.

A command that changes files hands ``run`` the whole list of operations:
renames first, then files created or replaced, then files removed, each
carrying the bytes it expects to find and the bytes it leaves.  ``run``
checks every expectation, writes the journal (one atomic file holding every
old and new byte), applies the operations, and deletes the journal.

- A failure while applying (a full disk, a permission) undoes what was done
  and raises: the repository is as it was.
- A kill leaves the journal: ``recover`` finishes the operations, or with
  ``abort`` undoes them.  Each step is idempotent and checks the file is the
  old or the new bytes, never a third version someone saved since.
- The temporary copies a kill may leave beside a file are removed by
  ``recover``.
"""

from __future__ import annotations

import base64
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bepkit import disk
from bepkit.errors import BepError

__all__ = ["Op", "Recovery", "origin", "pending", "recover", "run"]

Kind = Literal["rename", "create", "write", "remove"]
_ORDER: dict[str, int] = {"rename": 0, "create": 1, "write": 1, "remove": 2}


@dataclass(frozen=True)
class Op:
    """One change to one path (relative to the repository, with ``/``)."""

    kind: Kind
    path: str
    dest: str = ""  # a rename's new path
    old: bytes | None = None  # what a write or remove expects to find
    new: bytes | None = None  # what a create or write leaves
    dirs: tuple[str, ...] = field(default=())  # folders a create or rename makes

    def paths(self) -> list[str]:
        return [self.path, self.dest] if self.kind == "rename" else [self.path]


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def _encode(command: str, ops: list[Op]) -> bytes:
    items = [
        {
            "kind": op.kind,
            "path": op.path,
            "dest": op.dest,
            "old": _b64(op.old),
            "new": _b64(op.new),
            "dirs": list(op.dirs),
        }
        for op in ops
    ]
    return json.dumps({"bepkit-journal": 1, "command": command, "ops": items}).encode()


def _decode(data: bytes, where: Path) -> tuple[str, list[Op]]:
    try:
        raw: Any = json.loads(data)
        ops = [
            Op(
                kind=item["kind"],
                path=item["path"],
                dest=item["dest"],
                old=_unb64(item["old"]),
                new=_unb64(item["new"]),
                dirs=tuple(item["dirs"]),
            )
            for item in raw["ops"]
        ]
        command = str(raw["command"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BepError(
            f"the journal of an interrupted command cannot be read ({exc})",
            path=str(where),
            hint="restore the files with git, then delete the journal",
        ) from None
    for op in ops:
        if op.kind not in _ORDER or any(_outside(p) for p in op.paths() + list(op.dirs)):
            raise BepError("the journal names a path outside the repository", path=str(where))
    return command, ops


def _outside(rel: str) -> bool:
    return rel.startswith("/") or ".." in rel.split("/") or not rel


# -- checks -----------------------------------------------------------------------


def origin(path: str, ops: list[Op]) -> str:
    """Where ``path`` (a path after the renames) is before them."""
    for op in reversed([o for o in ops if o.kind == "rename"]):
        if path == op.dest or path.startswith(op.dest + "/"):
            path = op.path + path[len(op.dest) :]
    return path


def _missing_dirs(root: Path, rel: str, ops: list[Op]) -> tuple[str, ...]:
    """The folders above ``rel`` that do not exist yet (and no earlier op makes)."""
    made = {d for op in ops for d in op.dirs}
    out: list[str] = []
    parent = posixpath.dirname(rel)
    while parent and not disk.is_dir(root / origin(parent, ops)) and parent not in made:
        out.append(parent)
        parent = posixpath.dirname(parent)
    return tuple(reversed(out))


def _verify(root: Path, ops: list[Op]) -> None:
    """Refuse before anything is written when the disk is not what the ops expect."""
    for op in ops:
        if op.kind == "rename":
            if not disk.exists(root / op.path):
                raise BepError("it was moved or deleted since bep read it", path=op.path)
            if disk.exists(root / op.dest):
                raise BepError(f"{op.dest} already exists", path=op.dest)
            continue
        before = root / origin(op.path, ops)
        current = disk.read_bytes_or_none(before)
        if op.kind == "create":
            if current is not None or disk.exists(before):
                raise BepError(f"{op.path} already exists", path=op.path)
        elif op.old is not None and current != op.old:
            raise BepError(
                "the file changed since bep read it: nothing written",
                path=op.path,
                hint="run the command again",
            )
        if op.kind == "write" and disk.is_read_only(before):
            raise BepError("the file is read-only: refused, nothing written", path=op.path)


# -- steps -----------------------------------------------------------------------


class _Conflict(BepError):
    pass


def _conflict(op: Op, what: str) -> _Conflict:
    return _Conflict(
        f"{what}: neither what bep found nor what it meant to write",
        path=op.path,
        hint="someone changed it since; resolve it by hand (git diff), then delete the journal",
    )


def _move(root: Path, op: Op, *, undo: bool) -> None:
    """A rename, or its undoing; nothing when it is done already."""
    src, dst = (op.dest, op.path) if undo else (op.path, op.dest)
    there, here = disk.exists(root / dst), disk.exists(root / src)
    if there and not here:
        return
    if not (here and not there):
        raise _conflict(op, f"both or neither of it and {op.dest} exist")
    if not undo:
        for d in op.dirs:
            disk.make_dir(root / d)
    disk.rename(root / src, root / dst)
    if undo:
        _remove_dirs(root, op.dirs)


def _forward(root: Path, op: Op) -> None:
    """Apply ``op``; nothing when it is applied already."""
    target = root / op.path
    if op.kind == "rename":
        _move(root, op, undo=False)
        return
    current = disk.read_bytes_or_none(target)
    if op.kind == "remove":
        if current is None:
            return
        if op.old is not None and current != op.old:
            raise _conflict(op, "the file to remove")
        disk.remove(target)
        return
    assert op.new is not None
    if current == op.new:
        return
    if op.kind == "create":
        if current is not None:
            raise _conflict(op, "the file to create exists")
        for d in op.dirs:
            disk.make_dir(root / d)
        if not disk.create_exclusive(target, op.new):
            raise _conflict(op, "the file to create exists")
        return
    if op.old is not None and current != op.old:
        raise _conflict(op, "the file")
    disk.write_atomic(target, op.new)


def _backward(root: Path, op: Op) -> None:
    """Undo ``op``; nothing when it is not applied."""
    target = root / op.path
    if op.kind == "rename":
        _move(root, op, undo=True)
        return
    current = disk.read_bytes_or_none(target)
    if op.kind == "remove":
        if current is not None:
            if current != op.old:
                raise _conflict(op, "the removed file is back")
            return
        if op.old is not None:
            disk.create_exclusive(target, op.old)
        return
    if op.kind == "create":
        if current is not None:
            if current != op.new:
                raise _conflict(op, "the created file")
            disk.remove(target)
        _remove_dirs(root, op.dirs)
        return
    if current is None or current == op.old or op.old is None:
        return  # not written (its folder may not be renamed yet), or written back
    if current != op.new:
        raise _conflict(op, "the file")
    disk.write_atomic(target, op.old)


def _remove_dirs(root: Path, dirs: tuple[str, ...]) -> None:
    for d in reversed(dirs):
        disk.remove_empty_dir(root / d)


def _sweep(root: Path, ops: list[Op]) -> None:
    """Remove the temporary copies a killed write left beside the ops' files."""
    for op in ops:
        for rel in op.paths():
            disk.remove_temps(root / rel)


# -- the journal -----------------------------------------------------------------------


def run(root: Path, journal: Path, command: str, ops: list[Op]) -> None:
    """Apply ``ops`` all or nothing (see the module's text)."""
    if not ops:
        return
    ops = sorted(ops, key=lambda op: _ORDER[op.kind])  # stable: renames, files, removes
    ops = [
        Op(op.kind, op.path, op.dest, op.old, op.new, _missing_dirs(root, op.dest or op.path, ops))
        if op.kind in ("create", "rename")
        else op
        for op in ops
    ]
    _verify(root, ops)
    disk.write_atomic(journal, _encode(command, ops))
    started: list[Op] = []  # the failed one too: undoing is a no-op where nothing was done
    try:
        for op in ops:
            started.append(op)
            _forward(root, op)
    except (OSError, BepError) as exc:
        try:
            _sweep(root, ops)
            for op in reversed(started):
                _backward(root, op)
        except (OSError, BepError):
            raise BepError(
                f"{_reason(exc)}; undoing the earlier files failed too",
                hint="bep recover finishes the command, bep recover --abort undoes it",
            ) from exc
        disk.remove(journal)
        raise BepError(f"{_reason(exc)}: nothing was changed") from exc
    try:
        disk.remove(journal)
    except OSError as exc:
        raise BepError(
            f"every file is written, but the journal could not be removed ({_reason(exc)})",
            path=str(journal),
            hint="bep recover removes it",
        ) from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"could not write{where}: {exc.strerror or exc}"
    return str(exc)


def pending(journal: Path) -> str | None:
    """The command an unfinished journal belongs to, or None."""
    data = disk.read_bytes_or_none(journal)
    if data is None:
        return None
    return _decode(data, journal)[0]


@dataclass
class Recovery:
    command: str
    paths: list[str]
    aborted: bool


def recover(root: Path, journal: Path, *, abort: bool = False) -> Recovery | None:
    """Finish (or with ``abort`` undo) the command a journal was left by; None if none was."""
    disk.remove_temps(journal)  # a kill while the journal was written
    data = disk.read_bytes_or_none(journal)
    if data is None:
        return None
    command, ops = _decode(data, journal)
    _sweep(root, ops)
    if abort:
        for op in reversed(ops):
            _backward(root, op)
    else:
        for op in ops:
            _forward(root, op)
    disk.remove(journal)
    paths = list(dict.fromkeys(p for op in ops for p in op.paths()))
    return Recovery(command, paths, abort)
