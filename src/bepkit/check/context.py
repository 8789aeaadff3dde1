"""What rules read and where they report (``Context``, ``Finding``), and what the
per-document phase keeps of each document (``Task``, ``DocFacts``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from bepkit.config import Config
from bepkit.model.workspace import Proposal, Workspace

__all__ = ["Context", "DocFacts", "Finding", "Task"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    code: str
    message: str
    severity: str = "error"
    hint: str | None = field(default=None, compare=False)
    fixable: bool = field(default=False, compare=False)
    # what the baseline records instead of the message when the message holds a
    # figure that edits elsewhere change (a line count)
    key: str | None = field(default=None, compare=False)

    @property
    def identity(self) -> str:
        return self.key if self.key is not None else self.message

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass
class Context:
    """What rules read (the workspace) and where they report (``add``).

    Findings are recorded without their rule's severity or fixability: the
    engine applies both at the end, so that per-document results do not
    depend on the configuration of rules (and can be cached).
    """

    ws: Workspace
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # said once, not findings (e.g. remote unreachable)
    facts: dict[str, DocFacts] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        return self.ws.config

    # the proposals a run is about (``bep check 1033 FILE``); None: all of them
    focus: set[int] | None = None

    def in_focus(self) -> list[Proposal]:
        """The proposals whose findings are wanted: the repository-wide rules look
        at these only (and at the others through ``facts``, read when asked for)."""
        proposals = self.ws.proposals.values()
        if self.focus is None:
            return list(proposals)
        return [p for p in proposals if p.number in self.focus]

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once per run (and per worker process)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return cast(T, self.memo[key])

    def add(
        self,
        code: str,
        path: str,
        line: int,
        message: str,
        *,
        col: int = 1,
        hint: str | None = None,
        fixable: bool = True,
        key: str | None = None,
    ) -> None:
        """Report ``code`` at ``path:line`` (1-based).

        ``fixable=False`` says that this finding of a fixable rule has no safe fix;
        ``key`` replaces the message in the baseline when the message holds a
        figure that edits elsewhere change.
        """
        self.findings.append(
            Finding(path, max(line, 1), col, code, message, "error", hint, fixable, key)
        )


@dataclass(frozen=True, slots=True)
class Task:
    """One document to check: its path, whether it is a main document, its proposal."""

    rel: str
    main: bool
    number: int


@dataclass
class DocFacts:
    rel: str
    findings: list[Finding]
    title: str | None = None
    status: str = ""
    author: str = ""
    anchors: set[str] = field(default_factory=set)
    # relative links with a file part: (line, col, target as written, path, fragment)
    links: list[tuple[int, int, str, str, str | None]] = field(default_factory=list)
    successors: list[tuple[int, int]] = field(default_factory=list)
    supersedes: list[tuple[int, int]] = field(default_factory=list)
    # numbers named by supersession metadata (not links): (line, number)
    meta_refs: list[tuple[int, int]] = field(default_factory=list)
    parent: tuple[int, str] | None = None  # (line, value) of a detail-doc's parent
    ignore_file: set[str] = field(default_factory=set)
    ignore_lines: dict[int, set[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "rel": self.rel,
            "findings": [
                [f.path, f.line, f.col, f.code, f.message, f.hint, f.fixable, f.key]
                for f in self.findings
            ],
            "title": self.title,
            "status": self.status,
            "author": self.author,
            "anchors": sorted(self.anchors),
            "links": [list(link) for link in self.links],
            "successors": [list(s) for s in self.successors],
            "supersedes": [list(s) for s in self.supersedes],
            "meta_refs": [list(s) for s in self.meta_refs],
            "parent": list(self.parent) if self.parent else None,
            "ignore_file": sorted(self.ignore_file),
            "ignore_lines": {str(k): sorted(v) for k, v in self.ignore_lines.items()},
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DocFacts:
        return cls(
            rel=d["rel"],
            findings=[
                Finding(f[0], f[1], f[2], f[3], f[4], "error", f[5], f[6], f[7])
                for f in d["findings"]
            ],
            title=d["title"],
            status=d["status"],
            author=d["author"],
            anchors=set(d["anchors"]),
            links=[(a, b, c, e, f) for a, b, c, e, f in d["links"]],
            successors=[(a, b) for a, b in d["successors"]],
            supersedes=[(a, b) for a, b in d["supersedes"]],
            meta_refs=[(a, b) for a, b in d["meta_refs"]],
            parent=(d["parent"][0], d["parent"][1]) if d["parent"] else None,
            ignore_file=set(d["ignore_file"]),
            ignore_lines={int(k): set(v) for k, v in d["ignore_lines"].items()},
        )
