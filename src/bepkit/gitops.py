"""git, run as a subprocess: branches, trees at other refs, reservation refs.

Every call is one ``git`` process with a fixed argument list (no shell); a
failure raises ``GitError`` with git's own message.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

__all__ = ["Git", "GitError"]


class GitError(Exception):
    """git failed; ``str()`` is git's last line, ``stderr`` all it said."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


# git commands that talk to a remote: the ones a person may wait for
_NETWORK = frozenset({"ls-remote", "push", "fetch", "pull"})


def _timeout() -> float:
    """Seconds git may take (BEP_GIT_TIMEOUT, 60 by default)."""
    try:
        return max(1.0, float(os.environ.get("BEP_GIT_TIMEOUT", "60")))
    except ValueError:
        return 60.0


@dataclass(frozen=True)
class Git:
    root: Path
    timeout: float = field(default_factory=_timeout)
    # told before git talks to a remote, so that a wait is never silent (the CLI
    # sets it: "bep: waiting for origin (git push) ...")
    announce: ClassVar[Callable[[str], None] | None] = None

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> str:
        """Run ``git ARGS``; callers put ``--`` or ``--end-of-options`` before any
        value that came from configuration or a user, so no value is read as an option."""
        return self.run_bytes(*args, check=check, input=input).decode("utf-8", "surrogateescape")

    def run_bytes(self, *args: str, check: bool = True, input: bytes | None = None) -> bytes:
        """``run``, with git's output as bytes (file contents)."""
        # a path is a path, never a pattern: "[draft].md" names that one file
        env = {
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "GIT_LITERAL_PATHSPECS": "1",
        }
        command = next((a for a in args if not a.startswith("-") and "=" not in a), args[0])
        if command in _NETWORK and Git.announce is not None:
            Git.announce(f"waiting for the remote (git {command}, at most {self.timeout:g} s)")
        try:
            proc = subprocess.run(
                ["git", *args],
                cwd=self.root,
                capture_output=True,
                input=input,
                timeout=self.timeout,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GitError(
                f"git {command}: no answer in {self.timeout:g} s "
                "(BEP_GIT_TIMEOUT sets how long to wait)"
            ) from None
        except OSError as exc:
            raise GitError(f"git {args[0]}: {exc}") from None
        if check and proc.returncode != 0:
            stderr = proc.stderr.decode("utf-8", "replace").strip()
            lines = stderr.splitlines()
            raise GitError(
                lines[-1] if lines else f"git {args[0]} failed ({proc.returncode})", stderr
            )
        return proc.stdout

    def merge_file(
        self, ours: bytes, base: bytes, theirs: bytes, marker_size: int = 7
    ) -> tuple[bytes, int]:
        """``git merge-file``: the three-way merge of three texts, and the number of
        conflicts it left marked in it."""
        import tempfile

        from bepkit import disk

        with tempfile.TemporaryDirectory(prefix="bepkit-merge-") as tmp:
            paths = []
            for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
                path = Path(tmp) / name
                disk.write_atomic(path, data)
                paths.append(str(path))
            proc = subprocess.run(
                ["git", "merge-file", "-p", f"--marker-size={marker_size}",
                 "-L", "ours", "-L", "base", "-L", "theirs", "--", *paths],
                capture_output=True, timeout=self.timeout, check=False,
            )  # fmt: skip
        if proc.returncode < 0 or proc.returncode > 127:
            raise GitError(f"git merge-file failed ({proc.returncode})", proc.stderr.decode())
        return proc.stdout, proc.returncode

    def ok(self, *args: str) -> bool:
        try:
            self.run(*args)
        except GitError:
            return False
        return True

    def move_in_index(self, moves: dict[str, str]) -> int:
        """Record in the index that files were moved (what ``git mv`` records):
        each tracked file under a moved path leaves its old name for the new one,
        with the same content and mode.  Returns how many entries moved."""
        if not moves:
            return 0
        listed = self.run("ls-files", "--stage", "-z", "--", *moves)
        lines: list[str] = []
        for entry in filter(None, listed.split("\0")):
            info, _, path = entry.partition("\t")
            mode, sha, _stage = info.split(" ")
            for old, new in moves.items():
                if path == old or path.startswith(old + "/"):
                    lines.append(f"0 {'0' * len(sha)}\t{path}")
                    lines.append(f"{mode} {sha}\t{new}{path[len(old) :]}")
                    break
        if lines:
            data = "".join(line + "\0" for line in lines).encode("utf-8", "surrogateescape")
            self.run("update-index", "-z", "--index-info", input=data)
        return len(lines) // 2

    def is_repo(self) -> bool:
        return self.ok("rev-parse", "--git-dir")

    def current_branch(self) -> str | None:
        try:
            return self.run("symbolic-ref", "--short", "-q", "HEAD").strip() or None
        except GitError:
            return None

    def resolve(self, ref: str) -> str | None:
        try:
            return (
                self.run(
                    "rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{commit}}"
                ).strip()
                or None
            )
        except GitError:
            return None

    def merge_base(self, a: str, b: str = "HEAD") -> str | None:
        try:
            return self.run("merge-base", "--end-of-options", a, b).strip() or None
        except GitError:
            return None

    def default_base(self) -> str | None:
        """The branch a pull request would merge into: origin/HEAD, else main or master."""
        try:
            ref = self.run("symbolic-ref", "-q", "refs/remotes/origin/HEAD").strip()
            if ref:
                return ref.removeprefix("refs/remotes/")
        except GitError:
            pass
        current = self.current_branch()
        for name in ("main", "master"):
            if name != current and self.resolve(name):
                return name
        return None

    @staticmethod
    def branch_name(ref: str, remote: str) -> str:
        """A branch's own name: ``origin/release/1.0`` -> ``release/1.0`` (only the
        remote's prefix goes; a local ``release/1.0`` stays whole)."""
        return ref.removeprefix(f"{remote}/")

    def changed_paths(self, base: str, pathspec: str) -> list[str]:
        """Paths that differ between ``base`` and the working tree, untracked files included."""
        out = self.run(
            "diff", "--name-only", "-z", "--no-renames", "--end-of-options", base, "--", pathspec
        ).split("\0")
        out += self.run("ls-files", "-z", "--others", "--exclude-standard", "--", pathspec).split(
            "\0"
        )
        return [path for path in out if path]

    def diff_added_lines(self, base: str, path: str) -> list[str]:
        text = self.run("diff", "-U0", "--no-renames", "--end-of-options", base, "--", path)
        return [
            ln[1:] for ln in text.splitlines() if ln.startswith("+") and not ln.startswith("+++")
        ]

    def ls_tree(self, ref: str, path: str) -> list[str]:
        try:
            out = self.run(
                "ls-tree", "-r", "-z", "--name-only", "--end-of-options", ref, "--", path
            )
            return [name for name in out.split("\0") if name]
        except GitError:
            return []

    def show(self, ref: str, path: str) -> bytes | None:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
        proc = subprocess.run(
            ["git", "show", "--end-of-options", f"{ref}:{path}"],
            cwd=self.root,
            capture_output=True,
            env=env,
            timeout=self.timeout,
            check=False,
        )
        return proc.stdout if proc.returncode == 0 else None

    def refs(self, pattern: str, fmt: str = "%(refname)") -> list[str]:
        return self.run("for-each-ref", f"--format={fmt}", pattern).splitlines()

    def remote_url(self, remote: str) -> str | None:
        """The remote's URL as configured (``url.*.insteadOf`` not applied: it names
        the repository, wherever git is told to reach it)."""
        try:
            return self.run("config", "--get", f"remote.{remote}.url").strip() or None
        except GitError:
            return None

    def config(self, key: str) -> str | None:
        try:
            return self.run("config", "--get", key).strip() or None
        except GitError:
            return None
