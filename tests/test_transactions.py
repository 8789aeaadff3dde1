"""A command that writes several files writes all of them or none.

Each writing command is killed (``os._exit``, no clean-up runs) before each of
its disk operations in turn, and made to fail there as a full disk would.
After a kill the repository is the old one, or a journal is left that
``bep recover`` finishes to exactly what an uninterrupted run writes and
``bep recover --abort`` undoes to exactly the old bytes; after a failure the
repository is the old one.  No temporary file survives either.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gitrepo import git
from helpers import bep

from bepkit import disk

# (name, arguments): each writes two or more files, one of them a folder's worth
SCENARIOS = [
    ("split", ["split", "1001"]),
    ("renumber", ["renumber", "1002", "1010"]),
    (
        "new",
        [
            "new",
            "Journal Test",
            "--no-branch",
            "--author",
            "Ara Choi (ara@example.com)",
            "--component",
            "Data Model",
            "--component",
            "API",
        ],
    ),
    ("status", ["status", "1005", "Rejected", "--reason", "Not needed.", "--date", "2026-01-02"]),
]

# The disk operations a command is stopped at: the writes are stopped halfway
# (the temporary copy written, not yet renamed), as a kill would leave them.
OPERATIONS = {
    "write_atomic": True,
    "create_exclusive": True,
    "rename": False,
    "remove": False,
    "make_dir": False,
}

KILLER = """
import os, sys
from bepkit import disk

stop, counter = int(sys.argv[1]), sys.argv[2]
done = 0

def stopping(name, halfway):
    real = getattr(disk, name)

    def operation(path, *args):
        global done
        if done == stop:
            if halfway:
                disk._temp_copy(path, args[0], None)
            os._exit(137)
        done += 1
        with open(counter, "w") as f:
            f.write(str(done))
        return real(path, *args)

    setattr(disk, name, operation)

for name, halfway in OPERATIONS.items():
    stopping(name, halfway)

from bepkit.faces.cli import main
main(sys.argv[3:], prog_name="bep")
"""


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``root``, outside ``.git``."""
    out: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        out[rel] = None if path.is_dir() else path.read_bytes()
    return out


def leftovers(root: Path) -> list[str]:
    """Temporary copies and journals anywhere, .git included."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.name.endswith(disk.TEMP_SUFFIX) or "bepkit-journal" in p.name
    )


def run_killed(repo: Path, stop: int, args: list[str]) -> tuple[int, int]:
    """Run bep in ``repo`` as a process killed before disk operation ``stop``;
    returns its exit code and how many operations it completed."""
    counter = repo.parent / f"{repo.name}.count"
    counter.write_text("0")
    script = f"OPERATIONS = {OPERATIONS!r}\n{KILLER}"
    r = subprocess.run(
        [sys.executable, "-c", script, str(stop), str(counter), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return r.returncode, int(counter.read_text())


@pytest.mark.parametrize(("name", "args"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_a_kill_at_every_step_leaves_the_old_repository_or_a_journal(
    name: str, args: list[str], examples_copy: Path, tmp_path: Path
) -> None:
    old = snapshot(examples_copy)
    whole = tmp_path / "whole"
    shutil.copytree(examples_copy, whole)
    code, steps = run_killed(whole, 10**6, args)
    assert code == 0, name
    new = snapshot(whole)
    assert new != old and steps >= 3, steps  # a journal, two files, its removal at least
    for stop in range(steps):
        killed = tmp_path / f"killed-{stop}"
        shutil.copytree(examples_copy, killed)
        code, _ = run_killed(killed, stop, args)
        assert code == 137, (name, stop)
        interrupted = (killed / "proposals" / ".bepkit-journal.json").exists()
        undone = tmp_path / f"undone-{stop}"
        shutil.copytree(killed, undone)

        if interrupted:
            refused = bep("check", "--fix", cwd=killed)
            assert refused.code == 2 and "was interrupted" in refused.err, refused.err
            warned = bep("list", cwd=killed)
            assert warned.code == 0 and "bep recover" in warned.err

        finished = bep("recover", cwd=killed)
        assert finished.code == 0, finished.err
        assert snapshot(killed) == (new if interrupted else old), (name, stop)
        assert not leftovers(killed), (name, stop)

        aborted = bep("recover", "--abort", cwd=undone)
        assert aborted.code == 0, aborted.err
        assert snapshot(undone) == old, (name, stop)
        assert not leftovers(undone), (name, stop)


class Faults:
    """Make the disk module fail as a full disk would, at operation ``stop``
    (and at every later one when ``persist``), as many times as it is patched."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, stop: int, persist: bool = False) -> None:
        self.done = 0
        self.failed = 0
        for name in OPERATIONS:
            monkeypatch.setattr(disk, name, self._failing(getattr(disk, name), stop, persist))

    def _failing(self, real: Callable[..., Any], stop: int, persist: bool) -> Callable[..., Any]:
        def operation(path: Path, *args: Any) -> Any:
            self.done += 1
            if self.done - 1 == stop or (persist and self.done > stop):
                self.failed += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return real(path, *args)

        return operation


@pytest.mark.parametrize(("name", "args"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_a_full_disk_at_any_step_changes_nothing(
    name: str, args: list[str], examples_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = snapshot(examples_copy)
    whole = tmp_path / "whole"
    shutil.copytree(examples_copy, whole)
    assert bep(*args, cwd=whole).code == 0
    new = snapshot(whole)
    for stop in range(12):
        with monkeypatch.context() as patch:
            faults = Faults(patch, stop)
            r = bep(*args, cwd=examples_copy)
        if not faults.failed:  # the command needs fewer operations
            assert r.code == 0, r.err
            break
        assert r.code == 2 and r.err.count("\n") == 1, (name, stop, r.err)
        assert "No space left on device" in r.err, r.err
        if "every file is written" in r.err:  # only the journal's removal failed
            assert bep("recover", cwd=examples_copy).code == 0
            assert snapshot(examples_copy) == new
            break
        assert snapshot(examples_copy) == old, (name, stop)
        assert not leftovers(examples_copy), (name, stop)
    else:
        pytest.fail(f"{name} needs more than 12 disk operations")


def test_when_undoing_fails_too_bep_recover_finishes(
    examples_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "whole"
    shutil.copytree(examples_copy, whole)
    assert bep("split", "1001", cwd=whole).code == 0
    with monkeypatch.context() as patch:
        Faults(patch, 3, persist=True)  # the journal, two sub-documents, then nothing works
        r = bep("split", "1001", cwd=examples_copy)
    assert r.code == 2 and "bep recover" in r.err, r.err
    assert (examples_copy / "proposals" / ".bepkit-journal.json").exists()
    assert bep("recover", cwd=examples_copy).code == 0
    assert snapshot(examples_copy) == snapshot(whole)
    assert not leftovers(examples_copy)


def test_a_file_edited_after_the_kill_is_reported_not_overwritten(
    examples_copy: Path,
) -> None:
    code, _ = run_killed(examples_copy, 2, ["split", "1001"])  # the journal and one file
    assert code == 137
    main = examples_copy / "proposals" / "BEP-1001-collision-proof-numbers.md"
    main.write_text(main.read_text() + "\nAn editor saved this.\n")
    r = bep("recover", cwd=examples_copy)
    assert r.code == 2 and "neither what bep found nor what it meant to write" in r.err, r.err
    assert main.read_text().endswith("An editor saved this.\n")


def test_nothing_to_recover(examples_copy: Path) -> None:
    r = bep("recover", "--json", cwd=examples_copy)
    assert (r.code, r.out) == (0, "null\n")


def test_renumber_moves_the_files_in_the_index_as_git_mv_does(examples_copy: Path) -> None:
    git(examples_copy, "init", "-q", "-b", "main")
    git(examples_copy, "add", "-A")
    git(examples_copy, "commit", "-q", "-m", "examples")
    r = bep("renumber", "1002", "1010", cwd=examples_copy)
    assert r.code == 0, r.err
    staged = git(examples_copy, "status", "--porcelain").splitlines()
    moved = sorted(line[3:] for line in staged if line.startswith("R"))
    assert moved == [
        "proposals/BEP-1002-repository-check.md -> proposals/BEP-1010-repository-check.md",
        "proposals/BEP-1002/baseline.md -> proposals/BEP-1010/baseline.md",
        "proposals/BEP-1002/output-formats.md -> proposals/BEP-1010/output-formats.md",
        "proposals/BEP-1002/rule-catalogue.md -> proposals/BEP-1010/rule-catalogue.md",
    ], staged
    assert not [line for line in staged if line[:2] in ("??", " D", "D ")], staged
    assert not (examples_copy / ".git" / "bepkit-journal.json").exists()


@pytest.mark.parametrize("with_git", [True, False], ids=["git", "no-git"])
def test_twelve_writers_on_one_checkout_lose_nothing(
    with_git: bool, examples_copy: Path, tmp_path: Path
) -> None:
    """Twelve processes, each with its own HOME and cache folder (the lock must
    not depend on them), add a decision to one document at once."""
    if with_git:
        git(examples_copy, "init", "-q", "-b", "main")
    exe = Path(sys.executable).with_name("bep")
    procs = []
    for i in range(12):
        env = {
            **os.environ,
            "HOME": str(tmp_path / f"home{i}"),
            "BEP_CACHE_DIR": str(tmp_path / f"c{i}"),
        }
        procs.append(
            subprocess.Popen(
                [str(exe), "decide", "1005", f"Writer {i} decided", "--rationale", "Because."],
                cwd=examples_copy,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    text = (examples_copy / "proposals" / "BEP-1005-registry-table-sync.md").read_text()
    assert sorted(i for i in range(12) if f"Writer {i} decided" in text) == list(range(12))
    assert not leftovers(examples_copy)
