"""What ``bep list`` and ``bep show`` report, as plain data (the faces render it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bepkit.gitops import Git
from bepkit.model import sections
from bepkit.model.document import Document
from bepkit.model.metadata import metadata_of
from bepkit.model.numbers import row_of
from bepkit.model.proposal import (
    decision_log,
    document_title,
    jira_key,
    meta,
    questions,
    status_of,
)
from bepkit.model.pulls import known_pulls
from bepkit.model.registry import RegistryRow
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = ["Entry", "list_entries", "show"]


@dataclass(slots=True)
class Entry:
    """One line of ``bep list``: a main document, or a number without one."""

    number: int
    id: str
    title: str
    status: str
    author: str
    created: str
    layout: str  # single, segmented, reserved (registry row only), folder (folder only)
    path: str | None
    registry: dict[str, Any] | None = None
    jira: str | None = None  # the key in its Related Issues
    target: str = ""  # its target version
    implemented: str = ""  # the version it was implemented in
    pull_requests: list[str] = field(default_factory=list)  # as the pull-request cache knows

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _row_dict(row: RegistryRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "line": row.line + 1,
        "title": row.plain_title,
        "author": row.author,
        "status": row.status,
        "link": row.link,
    }


def _row_for(ws: Workspace, p: Proposal, main: MainDoc | None) -> RegistryRow | None:
    """The registry row of ``main`` (for a number without a document: its first row)."""
    if main is None:
        return p.rows[0] if p.rows else None
    return row_of(ws, p, main)


def _entry(ws: Workspace, p: Proposal, main: MainDoc | None, jira: bool = True) -> Entry:
    cfg = ws.config
    row = _row_for(ws, p, main)
    if main is None:
        return Entry(
            number=p.number,
            id=cfg.ident(p.number),
            title=row.plain_title if row else "",
            status=row.status if row else "",
            author=row.author if row else "",
            created="",
            layout="reserved" if p.rows else "folder",
            path=p.folders[0].rel if p.folders else None,
            registry=_row_dict(row),
        )
    doc = ws.document(main.rel)
    title = (
        document_title(doc, cfg) or (row.plain_title if row else "") or main.slug.replace("-", " ")
    )
    return Entry(
        number=p.number,
        id=cfg.ident(p.number),
        title=title,
        status=status_of(doc, cfg) or (row.status if row else ""),
        author=meta(doc, cfg, "author") or (row.author if row else ""),
        created=meta(doc, cfg, "created"),
        layout="segmented" if p.segmented else "single",
        path=main.rel,
        registry=_row_dict(row),
        # the key is read from its section, which takes reading the whole document
        jira=jira_key(doc, cfg) if jira else None,
        target=meta(doc, cfg, "target-version"),
        implemented=meta(doc, cfg, "implemented-version"),
    )


def list_entries(ws: Workspace, *, jira: bool = True) -> list[Entry]:
    """Every proposal's line of ``bep list``; ``jira=False`` leaves the JIRA key
    out, and with it the one part that reads each whole document."""
    out: list[Entry] = []
    for p in ws.proposals.values():
        if p.mains:
            out.extend(_entry(ws, p, m, jira) for m in p.mains)
        else:
            out.append(_entry(ws, p, None, jira))
    pulls = known_pulls(ws, Git(ws.root))
    for e in out:
        e.pull_requests = pulls.get(e.number, [])
    return out


@dataclass(slots=True)
class DocumentInfo:
    path: str
    lines: int
    frontmatter: dict[str, str] | None
    title: str | None
    # the metadata wherever the process keeps it (front matter, list, section, sidecar)
    metadata: dict[str, str] | None = None
    structure: str = ""  # classic, tech-spec, ... (the profile's structures)
    labels: dict[str, str] = field(default_factory=dict)  # role -> the section's name
    sections: list[dict[str, Any]] = field(default_factory=list)
    context_for_ai: list[dict[str, Any]] = field(default_factory=list)
    decision_log: list[dict[str, Any]] = field(default_factory=list)
    open_questions: list[dict[str, Any]] = field(default_factory=list)
    settled_questions: list[dict[str, Any]] = field(default_factory=list)
    subdocuments: list[dict[str, Any]] = field(default_factory=list)
    supporting_files: list[str] = field(default_factory=list)
    registry: dict[str, Any] | None = None


def _document_info(ws: Workspace, rel: str, doc: Document) -> DocumentInfo:
    cfg = ws.config
    fm = doc.frontmatter
    info = DocumentInfo(
        path=rel,
        lines=len(doc.lines),
        frontmatter=fm.as_dict() if fm else None,
        title=doc.title,
    )
    md = metadata_of(doc, cfg)
    info.metadata = md.as_dict() if md else None
    info.structure = sections.structure_of(doc, cfg)
    info.labels = {
        role: cfg.section_name(role, info.structure) for role in ("decisions", "open-questions")
    }
    matched = {id(s): m for s, m in sections.matched_sections(doc, cfg, info.structure)}
    for s in doc.sections:
        m = matched.get(id(s))
        info.sections.append(
            {
                "title": s.title,
                "depth": s.depth,
                "line": s.start + 1,
                "lines": s.line_count,
                "section": m.spec.name if m else None,
                "role": m.spec.role if m else None,
            }
        )
    for block in doc.ai_contexts:
        info.context_for_ai.append({"line": block.start + 1, "keys": block.as_dict()})
    for d in decision_log(doc, cfg):
        info.decision_log.append(
            {"line": d.line + 1, "date": d.date, "decision": d.decision, "rationale": d.rationale}
        )
    for q in questions(doc, cfg):
        entry = {"id": q.id, "line": q.line + 1, "text": q.text, "checked": q.checked}
        (info.settled_questions if q.settled else info.open_questions).append(entry)
    return info


def show(ws: Workspace, number: int) -> list[DocumentInfo]:
    """One record per main document of ``number`` (two when two documents share it)."""
    p = ws.proposal(number)
    out = []
    mains: list[MainDoc | None] = list(p.mains) or [None]
    for main in mains:
        row = _row_for(ws, p, main)
        if main is None:
            info = DocumentInfo(path="", lines=0, frontmatter=None, title=None)
            info.labels = {r: ws.config.section_name(r) for r in ("decisions", "open-questions")}
        else:
            info = _document_info(ws, main.rel, ws.document(main.rel))
        info.registry = _row_dict(row)
        for folder in p.folders:
            for sub in folder.subdocs:
                doc = ws.document(sub)
                blocks = doc.ai_contexts
                info.subdocuments.append(
                    {
                        "path": sub,
                        "lines": len(doc.lines),
                        "title": doc.title,
                        "context_for_ai": blocks[0].as_dict() if blocks else None,
                    }
                )
            info.supporting_files.extend(folder.supporting)
        out.append(info)
    return out


def as_json(info: DocumentInfo) -> dict[str, Any]:
    return asdict(info)
