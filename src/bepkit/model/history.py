"""What git says happened to the documents: one ``git log`` pass over the
proposals folder, renames followed, and the status each commit gave a file.

``git log -p -M -U0`` lists, per commit, the files it changed and their added
lines.  A commit whose added lines mention the status key is a candidate
status change; the file as that commit left it is then read (all candidates
in one ``git cat-file --batch``) and its status taken by the same code that
reads the working tree, so a ``Status:`` line in a document's prose or a
reformatted metadata block is never mistaken for a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from bepkit.config import Config
from bepkit.gitops import Git
from bepkit.model.document import Document
from bepkit.model.proposal import status_of

__all__ = ["Commit", "Log", "StatusChange", "Touch", "read_log", "status_changes", "statuses_at"]

K = TypeVar("K")

_HEAD = "\x1e"  # starts each commit's header line: never the first byte of a patch line
_PULL_RES = (
    re.compile(r"\(#(\d{1,9})\)\s*$"),  # a squash merge: "Subject (#123)"
    re.compile(r"^Merge pull request #(\d{1,9})\b"),  # a merge commit
)


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: str  # the author date, ISO 8601 with its offset
    author: str
    subject: str

    @property
    def day(self) -> str:
        return self.date[:10]

    @property
    def pull(self) -> int | None:
        """The pull request the message names, if it names one."""
        for pattern in _PULL_RES:
            m = pattern.search(self.subject)
            if m:
                return int(m.group(1))
        return None


@dataclass(slots=True)
class Touch:
    """One commit's change to one file."""

    commit: Commit
    path: str  # the file's path after the commit (before it, for a deletion)
    old_path: str | None  # the path before a rename
    kind: str  # "added", "modified", "renamed" or "deleted"
    candidate: bool = False  # an added line mentions the status key
    status: str | None = None  # the status the file has after the commit (candidates only)


@dataclass(frozen=True, slots=True)
class StatusChange:
    commit: Commit | None  # None: the working tree, not yet committed
    path: str
    old: str | None  # None: the file was created with ``new``
    new: str


@dataclass
class Log:
    touches: list[Touch] = field(default_factory=list)  # newest first

    def follow(self, paths: Iterable[str]) -> list[Touch]:
        """The touches of the files now at ``paths``, newest first, through renames."""
        return self.follow_each({"": paths})[""]

    def follow_each(self, groups: Mapping[K, Iterable[str]]) -> dict[K, list[Touch]]:
        """For each group of files (by their paths now), its touches newest first,
        in one pass: before a commit that renamed A to B, the file was A, and before
        the commit that added it, nothing at its path was it."""
        owner: dict[str, K] = {path: k for k, paths in groups.items() for path in paths}
        out: dict[K, list[Touch]] = {k: [] for k in groups}
        for t in self.touches:
            k = owner.get(t.path)
            if k is None:
                continue
            out[k].append(t)
            if t.kind == "added":
                del owner[t.path]
            elif t.old_path is not None:
                del owner[t.path]
                owner[t.old_path] = k
        return out


def status_changes(touches: list[Touch], before: str | None = None) -> list[StatusChange]:
    """The status changes among one file's ``touches`` (newest first, as ``follow``
    gives them), oldest first.  ``before`` is the status the file had where the log
    starts (``bep check --base``); without it, a file's first status is its creation."""
    out: list[StatusChange] = []
    current = before
    for t in reversed(touches):
        if t.status is None or t.status == current:
            continue
        out.append(StatusChange(t.commit, t.path, current, t.status))
        current = t.status
    return out


def _unquote(path: str) -> str:
    """A path as git writes it in a patch header: C-quoted when it holds a quote,
    a backslash or a control character."""
    if not (len(path) >= 2 and path[0] == '"' and path[-1] == '"'):
        return path
    body = path[1:-1].encode("utf-8", "surrogateescape")
    out = bytearray()
    i = 0
    simple = {ord("n"): 10, ord("t"): 9, ord('"'): 34, ord("\\"): 92, ord("a"): 7,
              ord("b"): 8, ord("f"): 12, ord("r"): 13, ord("v"): 11}  # fmt: skip
    while i < len(body):
        c = body[i]
        if c == 92 and i + 1 < len(body):
            nxt = body[i + 1]
            if 48 <= nxt <= 55 and i + 3 < len(body):  # \ooo, an octal byte
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(simple.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return out.decode("utf-8", "surrogateescape")


def _same_path(rest: str) -> str:
    """The path of ``diff --git a/P b/P`` when both sides name the same unquoted
    path ('' otherwise: the ---/+++ or rename lines that follow name it)."""
    n = (len(rest) - 5) // 2
    if n > 0 and rest.startswith("a/") and rest[2 + n :] == " b/" + rest[2 : 2 + n]:
        return rest[2 : 2 + n]
    return ""


def _side(text: str, prefix: str) -> str | None:
    """The path of a ``--- a/x`` or ``+++ b/x`` line (None for /dev/null)."""
    path = _unquote(text.rstrip("\t"))  # git ends a name with a space in a tab
    if path == "/dev/null":
        return None
    return path[len(prefix) :] if path.startswith(prefix) else path


def read_log(git: Git, config: Config, rev_range: str | None = None) -> Log:
    """The log of the proposals folder (``rev_range`` such as ``BASE..HEAD``, or all
    of HEAD's history); an empty log outside git or on a repository without commits.
    Raises GitError when git fails."""
    log = Log()
    if not git.is_repo() or git.resolve("HEAD") is None:
        return log
    key = config.key("status").lower()
    args = [
        "-c", "core.quotePath=false", "log", f"--format={_HEAD}%H%x00%aI%x00%an%x00%s",
        "-p", "-U0", "-M", "--no-color", "--no-ext-diff", "--no-textconv",
    ]  # fmt: skip
    if rev_range:
        args += ["--end-of-options", rev_range]
    # a git that fails (a timeout, a broken repository) is an error, never an
    # empty history: `bep log` would say "no commits yet"
    text = git.run(*args, "--", config.proposals_dir)
    commit: Commit | None = None
    touch: Touch | None = None
    in_hunk = False  # inside a hunk, "+++ x" is an added line "++ x", not a header
    for line in text.split("\n"):
        if line.startswith(_HEAD):
            sha, date, author, subject = [*line[1:].split("\x00"), "", "", ""][:4]
            commit = Commit(sha, date, author, subject)
            touch = None
        elif commit is None:
            continue
        elif line.startswith("diff --git "):
            touch = Touch(commit, _same_path(line[11:]), None, "modified")
            log.touches.append(touch)
            in_hunk = False
        elif touch is None:
            continue
        elif in_hunk:
            if line.startswith("+") and key and not touch.candidate and key in line.lower():
                touch.candidate = True
        elif line.startswith("@@"):
            in_hunk = True
        elif line.startswith("--- "):
            old = _side(line[4:], "a/")
            if old is not None:
                touch.path = touch.path or old
        elif line.startswith("+++ "):
            new = _side(line[4:], "b/")
            if new is not None:
                touch.path = new
        elif line.startswith("new file mode"):
            touch.kind = "added"
        elif line.startswith("deleted file mode"):
            touch.kind = "deleted"
        elif line.startswith("rename from "):
            touch.old_path = _unquote(line[12:])
            touch.kind = "renamed"
        elif line.startswith("rename to "):
            touch.path = _unquote(line[10:])
    log.touches = [t for t in log.touches if t.path]
    _read_statuses(git, config, [t for t in log.touches if t.candidate and t.kind != "deleted"])
    return log


def _read_statuses(git: Git, config: Config, touches: list[Touch]) -> None:
    """Each candidate's status, from the file as its commit left it (one process)."""
    if not touches:
        return
    blobs = _blobs(git, [f"{t.commit.sha}:{t.path}" for t in touches])
    for t, data in zip(touches, blobs, strict=True):
        if data is not None:
            t.status = _status(config, t.path, data)


def _status(config: Config, path: str, data: bytes) -> str | None:
    """The status a file gives: a document's, or the sidecar's beside one (a kep.yaml)."""
    doc = Document.from_bytes(data, path)
    if config.sidecar and path.rsplit("/", 1)[-1] == config.sidecar:
        main, main.sidecar = Document(""), doc
        doc = main
    return status_of(doc, config) or None


def _blobs(git: Git, specs: list[str]) -> list[bytes | None]:
    """``git cat-file --batch`` for each ``rev:path`` (None where there is no such file)."""
    if any("\n" in s for s in specs):
        return [git.show(*s.split(":", 1)) for s in specs]
    raw = git.run_bytes("cat-file", "--batch", input="".join(s + "\n" for s in specs).encode())
    out: list[bytes | None] = []
    at = 0
    for _ in specs:
        end = raw.index(b"\n", at)
        header = raw[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            out.append(None)
            continue
        size = int(header[2])
        out.append(raw[at : at + size])
        at += size + 1
    return out


def statuses_at(git: Git, config: Config, rev: str, paths: list[str]) -> dict[str, str | None]:
    """The status of each of ``paths`` as it is at ``rev`` (None where the file
    does not exist or gives none), read in one process."""
    blobs = _blobs(git, [f"{rev}:{path}" for path in paths])
    return {
        path: _status(config, path, data) if data is not None else None
        for path, data in zip(paths, blobs, strict=True)
    }
