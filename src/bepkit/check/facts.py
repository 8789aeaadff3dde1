"""The per-document phase of ``bep check``.

Each main document and sub-document is read once, checked by the rules that
need only it (and the proposal's layout), and reduced to ``DocFacts``: its
findings plus the little the repository-wide rules need (title, status,
links, anchors, context-for-ai parent, suppressions).  The facts depend only
on the document's bytes and its place in the proposal, so they can be
computed in parallel and cached by content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bepkit.check import Context, Finding, suppressions
from bepkit.model.document import Document
from bepkit.model.proposal import document_title, linked_numbers, status_of, successors
from bepkit.model.workspace import Folder, Proposal, Workspace

__all__ = ["DocFacts", "Task", "collect"]


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
    anchors: set[str] = field(default_factory=set)
    # relative links with a file part: (line, col, target as written, path, fragment)
    links: list[tuple[int, int, str, str, str | None]] = field(default_factory=list)
    successors: list[tuple[int, int]] = field(default_factory=list)
    supersedes: list[tuple[int, int]] = field(default_factory=list)
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
            "anchors": sorted(self.anchors),
            "links": [list(link) for link in self.links],
            "successors": [list(s) for s in self.successors],
            "supersedes": [list(s) for s in self.supersedes],
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
            anchors=set(d["anchors"]),
            links=[(a, b, c, e, f) for a, b, c, e, f in d["links"]],
            successors=[(a, b) for a, b in d["successors"]],
            supersedes=[(a, b) for a, b in d["supersedes"]],
            parent=(d["parent"][0], d["parent"][1]) if d["parent"] else None,
            ignore_file=set(d["ignore_file"]),
            ignore_lines={int(k): set(v) for k, v in d["ignore_lines"].items()},
        )


def collect(ws: Workspace, task: Task, memo: dict[str, Any]) -> DocFacts:
    """Check one document and keep its facts (the document itself is dropped)."""
    from bepkit.check import aicontext, decisions, metadata, segmentation, structure

    p = ws.proposals[task.number]
    doc = ws.read_document(task.rel)
    ctx = Context(ws, memo=memo)
    facts = DocFacts(task.rel, ctx.findings)
    if task.main:
        main = next(m for m in p.mains if m.rel == task.rel)
        metadata.check(ctx, p, main, doc)
        structure.check(ctx, p, main, doc)
        segmentation.check_main(ctx, p, main, doc)
        aicontext.check_main(ctx, p, main, doc)
        decisions.check(ctx, main.rel, doc)
        facts.status = status_of(doc, ws.config)
        facts.successors = successors(doc, ws.config)
        facts.supersedes = linked_numbers(doc, ws.config, "supersedes")
    else:
        folder = _folder_of(p, task.rel)
        segmentation.check_subdoc(ctx, p, task.rel, doc)
        aicontext.check_subdoc(ctx, p, folder, task.rel, doc)
        if doc.ai_contexts:
            entry = doc.ai_contexts[0].entry("parent")
            if entry is not None and isinstance(entry.value, str):
                facts.parent = (entry.line, entry.value)
    facts.title = document_title(doc, ws.config)
    facts.anchors = doc.anchors
    _links(ctx, task.rel, doc, facts)
    facts.ignore_file, facts.ignore_lines = suppressions(doc)
    return facts


def _folder_of(p: Proposal, rel: str) -> Folder:
    return next(f for f in p.folders if rel in f.subdocs)


def _links(ctx: Context, rel: str, doc: Document, facts: DocFacts) -> None:
    """Links within the document are checked here; links to files, by the repository phase."""
    for link in doc.links:
        if not link.is_relative:
            continue
        if link.path:
            facts.links.append((link.line + 1, link.col + 1, link.target, link.path, link.fragment))
            continue
        fragment = link.fragment
        if fragment and fragment.lower() not in doc.anchors:
            ctx.add(
                "L002",
                rel,
                link.line + 1,
                f"link to a missing heading #{fragment}",
                col=link.col + 1,
            )
