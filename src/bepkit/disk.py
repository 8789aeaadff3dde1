"""The one module that touches the disk.

Reads return bytes; writes are atomic (a temporary file in the same folder,
flushed and renamed over the target), so a failed command leaves every file as
it was.  ``locked`` serialises writers of one repository across processes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bepkit.errors import BepError

TEMP_SUFFIX = ".bepkit.tmp"

__all__ = [
    "cache_dir",
    "create_exclusive",
    "exists",
    "is_dir",
    "is_file",
    "is_read_only",
    "locked",
    "make_dir",
    "read_bytes",
    "read_text",
    "remove",
    "remove_empty_dir",
    "remove_temps",
    "rename",
    "replace_tree",
    "walk",
    "write_atomic",
]


def cache_dir() -> Path:
    """Where bepkit keeps what it can compute again: $BEP_CACHE_DIR, else the
    user's cache folder."""
    explicit = os.environ.get("BEP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bepkit"


def read_bytes(path: Path) -> bytes:
    return path.read_bytes()


def read_bytes_or_none(path: Path) -> bytes | None:
    """The file's bytes, or None when there is none."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def files(path: Path) -> list[str]:
    """Names of the files in ``path`` (none when it cannot be read)."""
    try:
        return sorted(e.name for e in os.scandir(path) if e.is_file(follow_symlinks=False))
    except OSError:
        return []


def folders(path: Path) -> list[str]:
    """Names of the folders in ``path`` (none when it cannot be read)."""
    try:
        return sorted(e.name for e in os.scandir(path) if e.is_dir())
    except OSError:
        return []


def exists(path: Path) -> bool:
    return path.exists()


def is_file(path: Path) -> bool:
    return path.is_file()


def is_dir(path: Path) -> bool:
    return path.is_dir()


def walk(top: Path, inside: Path) -> Iterator[tuple[str, bool]]:
    """Yield ``(path, is_dir)`` for everything under ``top``, sorted by name, each
    path relative to ``inside`` with ``/`` (no Path object per file: a walk of
    10,000 proposals is mostly that).

    Symbolic links are followed only when they resolve inside ``inside`` (the
    repository): a link out of the repository, or one that loops, is skipped,
    never read; a folder reached twice through links is walked once.
    """
    boundary = inside.resolve()
    real_top = top.resolve()
    seen = {real_top}

    def folder(path: str, real: Path, rel: str) -> Iterator[tuple[str, bool]]:
        prefix = "" if rel in ("", ".") else rel + "/"
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            target = None
            if entry.is_symlink():
                try:
                    target = Path(entry.path).resolve(strict=True)
                except (OSError, RuntimeError):  # dangling, or a loop
                    continue
                if not target.is_relative_to(boundary):
                    continue
            is_dir = entry.is_dir()
            name = prefix + entry.name
            yield name, is_dir
            if is_dir:
                target = target or real / entry.name  # a folder that is no link is where it is
                if target not in seen:
                    seen.add(target)
                    yield from folder(entry.path, target, name)

    yield from folder(str(top), real_top, top.relative_to(inside).as_posix())


def _temp_copy(path: Path, data: bytes, mode: int | None) -> str:
    """A flushed temporary file beside ``path`` holding ``data`` (the caller moves it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def remove_temps(path: Path) -> None:
    """Remove the temporary copies of ``path`` a killed write left beside it."""
    prefix = f".{path.name}."
    for name in files(path.parent):
        if name.startswith(prefix) and name.endswith(TEMP_SUFFIX):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path.parent / name)


def is_read_only(path: Path) -> bool:
    try:
        return not path.stat().st_mode & 0o222
    except FileNotFoundError:
        return False


def make_dir(path: Path) -> None:
    path.mkdir(exist_ok=True)


def make_dirs(path: Path) -> None:
    """``path`` and the folders above it, where missing."""
    path.mkdir(parents=True, exist_ok=True)


def remove_empty_dir(path: Path) -> None:
    """Remove the folder ``path`` if it is there and empty."""
    with contextlib.suppress(OSError):  # missing, or not empty
        path.rmdir()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; keep the file's mode."""
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    if mode is not None and not mode & 0o222:  # is_read_only, from the stat already made
        raise BepError("the file is read-only: refused, not replaced", path=str(path))
    tmp = _temp_copy(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def create_exclusive(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` only if it does not exist; False if it does.

    The content is written to a temporary file first and hard-linked into place,
    so the file appears complete or not at all.
    """
    tmp = _temp_copy(path, data, None)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return True


def rename(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``; refuse to overwrite an existing ``dst``."""
    if dst.exists():
        raise FileExistsError(errno.EEXIST, "already exists", str(dst))
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.rename(src, dst)


def replace_tree(
    out: Path, files: dict[str, bytes], *, marker: str, note: str, keep: tuple[str, ...] = ()
) -> None:
    """Write ``files`` (relative path -> bytes) as a new folder beside ``out``, then
    put it in ``out``'s place: a reader never sees half of it.  Only a folder this
    function made (it holds ``marker``) is ever replaced; a path leading out of the
    folder is skipped; the folders named in ``keep`` move over from the old one."""
    if out.exists() and any(out.iterdir()) and not (out / marker).exists():
        raise BepError(f"{out} exists and was not built by bepkit: refused to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, data in files.items():
            if not _stays_inside(rel):
                continue
            target = fresh / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (fresh / marker).write_text(note)
        for name in keep:  # folders of the old tree that this write does not make
            if (out / name).is_dir() and not (fresh / name).exists():
                os.rename(out / name, fresh / name)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.rename(out, old)
            os.rename(fresh, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def update_tree(out: Path, files: dict[str, bytes], written: dict[str, str]) -> dict[str, str]:
    """Bring a folder that ``replace_tree`` made up to ``files``: write only the files
    whose bytes differ from ``written`` (path -> digest, what the folder holds now;
    each replaced in one rename), remove those no longer there; return the new
    digests.  For a live preview, where a page at a time may change."""
    now = tree_digests(files)
    for rel, digest in now.items():
        if written.get(rel) != digest and _stays_inside(rel):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}{TEMP_SUFFIX}")
            tmp.write_bytes(files[rel])
            os.replace(tmp, target)
    for rel in written.keys() - now.keys():
        if _stays_inside(rel):
            with contextlib.suppress(FileNotFoundError):
                (out / rel).unlink()
    return now


def tree_digests(files: dict[str, bytes]) -> dict[str, str]:
    """What ``update_tree`` compares: each file's digest."""
    return {rel: hashlib.blake2b(data, digest_size=16).hexdigest() for rel, data in files.items()}


def _stays_inside(rel: str) -> bool:
    """A relative path that names a place inside its folder (no ``..``, not absolute):
    the folders written to here are made by this module, so they hold no links."""
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts[:-1]


def remove(path: Path) -> None:
    path.unlink()


@contextlib.contextmanager
def locked(lock: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` for the block: a folder (nothing is
    created in it) or a file (created if missing).  Waiting longer than
    ``timeout`` seconds is an error that says who to wait for."""
    if os.path.isdir(lock):
        fd = os.open(lock, os.O_RDONLY)
    else:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BepError(
                        f"another bep command has held the write lock for {timeout:.0f} s",
                        path=str(lock),
                        hint="wait for it to finish, or end it",
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
