"""The per-document phase of ``bep check``.

Each main document and sub-document is read once, checked by the rules that
need only it (and the proposal's layout), and reduced to ``DocFacts``: its
findings plus the little the repository-wide rules need (title, status,
links, anchors, context-for-ai parent, suppressions).  The facts depend only
on the document's bytes and its place in the proposal, so they can be
computed in parallel and cached by content.
"""

from __future__ import annotations

import re
from typing import Any

from bepkit.check import aicontext, decisions, metadata, segmentation, structure
from bepkit.check.context import Context, DocFacts, Task
from bepkit.model.document import Document
from bepkit.model.proposal import (
    document_title,
    meta,
    meta_numbers,
    predecessors,
    status_of,
    successors,
)
from bepkit.model.workspace import Folder, Proposal, Workspace

__all__ = ["DocFacts", "Task", "collect", "suppressions"]


def collect(ws: Workspace, task: Task, memo: dict[str, Any]) -> DocFacts:
    """Check one document and keep its facts (the document itself is dropped)."""
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
        facts.author = meta(doc, ws.config, "author")
        facts.successors = successors(doc, ws.config)
        facts.supersedes = predecessors(doc, ws.config)
        facts.meta_refs = meta_numbers(doc, ws.config, "superseded-by") + meta_numbers(
            doc, ws.config, "supersedes"
        )
    else:
        folder = _folder_of(p, task.rel)
        facts.status = status_of(doc, ws.config)
        segmentation.check_subdoc(ctx, p, task.rel, doc)
        aicontext.check_subdoc(ctx, p, folder, task.rel, doc)
        if doc.ai_contexts:
            entry = doc.ai_contexts[0].entry("parent")
            if entry is not None and isinstance(entry.value, str):
                facts.parent = (entry.line, entry.value)
    structure.check_conflicts(ctx, task.rel, doc)
    structure.check_title_number(ctx, task.number, task.rel, doc)
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


_IGNORE_RE = re.compile(
    r"<!--\s*bep-ignore(-file)?\s*:?\s*([A-Z][0-9]{3}(?:[\s,]+[A-Z][0-9]{3})*)\s*-->"
)


def suppressions(doc: Document) -> tuple[set[str], dict[int, set[str]]]:
    """Codes silenced in the whole file, and per 1-based line.

    ``<!-- bep-ignore CODE -->`` silences CODE on its own line and on the next
    line that is not blank; ``<!-- bep-ignore-file CODE -->`` in the whole file.
    """
    whole: set[str] = set()
    lines: dict[int, set[str]] = {}
    if "bep-ignore" not in doc.text:
        return whole, lines
    code = doc.mask(("fence", "code"))
    for i, raw in enumerate(doc.lines):
        if "bep-ignore" not in raw or code[i]:
            continue
        for m in _IGNORE_RE.finditer(raw):
            codes = set(re.split(r"[\s,]+", m.group(2).strip()))
            if m.group(1):
                whole |= codes
                continue
            lines.setdefault(i + 1, set()).update(codes)
            j = i + 1
            while j < len(doc.lines) and not doc.lines[j].strip():
                j += 1
            lines.setdefault(j + 1, set()).update(codes)
    return whole, lines
