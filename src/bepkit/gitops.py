"""git, run as a subprocess: branches, trees at other refs, reservation refs.

Every call is one ``git`` process with a fixed argument list (no shell); a
failure raises ``GitError`` with git's own message.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Git", "GitError"]


class GitError(Exception):
    """git failed; ``str()`` is git's last line, ``stderr`` all it said."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


@dataclass(frozen=True)
class Git:
    root: Path
    timeout: float = 60.0

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> str:
        """Run ``git ARGS``; callers put ``--`` or ``--end-of-options`` before any
        value that came from configuration or a user, so no value is read as an option."""
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
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
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git {args[0]}: {exc}") from None
        if check and proc.returncode != 0:
            stderr = proc.stderr.decode("utf-8", "replace").strip()
            lines = stderr.splitlines()
            raise GitError(
                lines[-1] if lines else f"git {args[0]} failed ({proc.returncode})", stderr
            )
        return proc.stdout.decode("utf-8", "surrogateescape")

    def ok(self, *args: str) -> bool:
        try:
            self.run(*args)
        except GitError:
            return False
        return True

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

    def changed_paths(self, base: str, pathspec: str) -> list[str]:
        """Paths that differ between ``base`` and the working tree, untracked files included."""
        out = self.run(
            "diff", "--name-only", "--no-renames", "--end-of-options", base, "--", pathspec
        ).splitlines()
        out += self.run("ls-files", "--others", "--exclude-standard", "--", pathspec).splitlines()
        return out

    def diff_added_lines(self, base: str, path: str) -> list[str]:
        text = self.run("diff", "-U0", "--no-renames", "--end-of-options", base, "--", path)
        return [
            ln[1:] for ln in text.splitlines() if ln.startswith("+") and not ln.startswith("+++")
        ]

    def ls_tree(self, ref: str, path: str) -> list[str]:
        try:
            return self.run(
                "ls-tree", "-r", "--name-only", "--end-of-options", ref, "--", path
            ).splitlines()
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
        try:
            return self.run("remote", "get-url", "--", remote).strip() or None
        except GitError:
            return None

    def config(self, key: str) -> str | None:
        try:
            return self.run("config", "--get", key).strip() or None
        except GitError:
            return None
