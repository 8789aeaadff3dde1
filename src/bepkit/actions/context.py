"""Reading bundles for agents: the right slice of a proposal for a task.

The guide's "AI Agent Working Pattern": read the main document first (its
context-for-ai block, status, Decision Log, Implementation Plan, Open
Questions, Document Index), then only the sub-document the task needs.
``bundle`` assembles exactly that, ranks the rest by the task's words, and
trims to a token budget by dropping the least relevant parts first — never
the metadata, the block, the Decision Log or the Open Questions — with a note
of what was left out and how to get it.

Tokens are approximated as UTF-8 bytes / 4 (no tokenizer is downloaded);
for English prose that is close to common BPE tokenizers, and for Korean it
overestimates, so a budget is not exceeded.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bepkit.actions.authoring import select
from bepkit.actions.info import list_entries
from bepkit.errors import BepError
from bepkit.model.derive import scope
from bepkit.model.document import Document
from bepkit.model.document.links import strip_inline
from bepkit.model.proposal import document_title, status_of
from bepkit.model.sections import find, matched_sections, structure_of
from bepkit.model.segments import folder_relative, index_section
from bepkit.model.workspace import Proposal, Workspace

__all__ = ["Bundle", "Part", "bundle", "find_subdoc", "registry", "relevance", "tokens", "words"]

# priorities: lower is more relevant; parts with must=True are never dropped
# by the section's role
_ORDER = {
    "decisions": 1,
    "open-questions": 1,
    "index": 2,
    "plan": 3,
    "motivation": 4,
    "related-issues": 6,
    "references": 7,
}
_WORD_RE = re.compile(r"[\w-]+")


def tokens(text: str) -> int:
    """Approximate tokens: UTF-8 bytes / 4, rounded up."""
    return (len(text.encode("utf-8", "surrogateescape")) + 3) // 4


@dataclass
class Part:
    title: str
    path: str
    text: str
    priority: float
    must: bool = False
    tokens: int = 0
    how: str = ""  # how to get it when it is left out

    def __post_init__(self) -> None:
        self.tokens = tokens(self.text)


@dataclass
class Bundle:
    number: int
    title: str
    status: str
    parts: list[Part] = field(default_factory=list)
    omitted: list[Part] = field(default_factory=list)
    budget: int | None = None

    @property
    def total(self) -> int:
        return sum(p.tokens for p in self.parts)

    def markdown(self) -> str:
        out = []
        for p in self.parts:
            out.append(p.text.rstrip("\n") + "\n")
        if self.omitted:
            lines = ["## Left out", ""]
            if self.budget is not None:
                lines.append(
                    f"To fit the budget of {self.budget} tokens (about {self.total} used), "
                    "these parts were left out, least relevant first:"
                )
                lines.append("")
            for p in self.omitted:
                lines.append(f"- {p.title} (`{p.path}`, ~{p.tokens} tokens): {p.how}")
            out.append("\n".join(lines) + "\n")
        return "\n".join(out)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "budget": self.budget,
            "tokens": self.total,
            "parts": [asdict(p) for p in self.parts],
            "omitted": [{k: v for k, v in asdict(p).items() if k != "text"} for p in self.omitted],
        }


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text) if len(w) > 2}


def relevance(topic: set[str], title: str, text: str) -> float:
    """How much of the topic a part covers: title words count five times."""
    if not topic:
        return 0.0
    title_words = words(title)
    counts: dict[str, int] = {}
    for w in _WORD_RE.findall(text.lower()):
        if w in topic:
            counts[w] = counts.get(w, 0) + 1
    covered = sum(1 for w in topic if w in counts or w in title_words)
    return float(
        covered + 5 * len(topic & title_words) / len(topic) + min(sum(counts.values()), 50) / 50
    )


def _section_text(doc: Document, start: int, end: int) -> str:
    return "".join(doc.lines[start:end])


def _header(ws: Workspace, p: Proposal, rel: str, doc: Document) -> str:
    cfg = ws.config
    fm = doc.frontmatter
    title = document_title(doc, cfg) or ""
    lines = [f"# {cfg.ident(p.number)}: {title}", "", f"Source: `{rel}`"]
    if fm is not None:
        lines.append("")
        lines += [f"- {k}: {v}" for k, v in fm.as_dict().items() if v]
    if doc.ai_contexts:
        block = doc.ai_contexts[0]
        lines += ["", "".join(doc.lines[block.start : block.end]).rstrip("\n")]
    return "\n".join(lines) + "\n"


def bundle(
    ws: Workspace,
    number: int,
    *,
    doc: str | None = None,
    topic: str | None = None,
    budget: int | None = None,
    path: str | None = None,
) -> Bundle:
    """The reading bundle of proposal ``number`` for one task."""
    cfg = ws.config
    p, chosen = select(ws, number, path)
    main_rel = chosen.rel
    main = ws.document(main_rel)
    result = Bundle(number, document_title(main, cfg) or "", status_of(main, cfg), budget=budget)
    topic_words = words(topic or "")
    result.parts.append(
        Part("Metadata and context-for-ai", main_rel, _header(ws, p, main_rel, main), 0, must=True)
    )
    structure = structure_of(main, cfg)
    taken = set()
    for role in ("decisions", "open-questions"):
        s = find(main, role, cfg)
        name = cfg.section_name(role, structure)
        text = _section_text(main, s.start, s.end) if s else f"## {name}\n\n(none in {main_rel})\n"
        result.parts.append(Part(name, main_rel, text, 0, must=True))
        if s is not None:
            taken.add(s.start)
    index = index_section(main, cfg)
    if index is not None:
        taken.add(index[0])
        result.parts.append(
            Part(
                cfg.section_name("index", structure),
                main_rel,
                _section_text(main, *index),
                2,
                how=f"bep context {number}",
            )
        )
    how_section = f"bep show {number}, or read {main_rel}"
    for section, m in matched_sections(main, cfg, structure):
        if section.start in taken:
            continue
        taken.add(section.start)
        text = _section_text(main, section.start, section.end)
        base = _ORDER.get(m.spec.role, 5)
        result.parts.append(
            Part(
                m.spec.name,
                main_rel,
                text,
                base - relevance(topic_words, section.title, text),
                how=how_section,
            )
        )
    for section in main.sections:  # the document's other top sections
        if (
            section.start in taken
            or section.depth > 2
            or (section.depth == 1 and section is main.sections[0])
        ):
            continue
        text = _section_text(main, section.start, section.end)
        result.parts.append(
            Part(
                strip_inline(section.title),
                main_rel,
                text,
                6 - relevance(topic_words, section.title, text),
                how=how_section,
            )
        )
    wanted = None
    if doc is not None:
        wanted = find_subdoc(ws, p, doc)
    for sub in p.subdocs:
        sdoc = ws.document(sub)
        name = folder_relative(p, sub)
        text = sdoc.text if sdoc.text.endswith("\n") else sdoc.text + "\n"
        how = f"bep context {number} --doc {name}"
        if sub == wanted:
            result.parts.append(Part(f"Sub-document {name}", sub, text, 1.5, how=how))
        elif topic_words:
            score = relevance(topic_words, sdoc.title or name, text)
            result.parts.append(
                Part(f"Sub-document {name}", sub, text, 8 - score if score else 20, how=how)
            )
        else:
            result.omitted.append(Part(f"Sub-document {name}", sub, text, 20, how=how))
    _trim(result, budget)
    result.parts.sort(key=_reading_order)
    return result


def _reading_order(part: Part) -> tuple[int, float]:
    """Metadata first, then the main document's parts, then sub-documents by relevance."""
    if part.title == "Metadata and context-for-ai":
        return (0, 0.0)
    if part.title.startswith("Sub-document"):
        return (2, part.priority)
    return (1, part.priority)


def find_subdoc(ws: Workspace, p: Proposal, name: str) -> str:
    wanted = name.removesuffix(".md").lower()
    for sub in p.subdocs:
        rel_name = folder_relative(p, sub).removesuffix(".md").lower()
        if rel_name == wanted or sub.lower() == name.lower():
            return sub
    available = ", ".join(folder_relative(p, s) for s in p.subdocs) or "none"
    raise BepError(
        f"no sub-document {name!r} in {ws.config.ident(p.number)}", hint=f"available: {available}"
    )


def _trim(result: Bundle, budget: int | None) -> None:
    """Keep the must parts; add the others most relevant first while they fit the budget."""
    candidates = sorted(result.parts, key=lambda p: (not p.must, p.priority))
    result.parts = []
    for part in candidates:
        # a part that matters only for another task (no topic, no name) is never sent
        fits = budget is None or result.total + part.tokens <= budget
        if part.must or (part.priority < 20 and fits):
            result.parts.append(part)
        else:
            result.omitted.append(part)
    result.omitted.sort(key=lambda p: p.priority)


def registry(ws: Workspace) -> list[dict[str, Any]]:
    """One line per proposal for an agent deciding where to look: number, title, status, scope."""

    out = []
    for e in list_entries(ws):
        summary = None
        if e.path and e.layout != "folder":
            d = ws.document(e.path)
            block_scope = d.ai_contexts[0].get("scope") if d.ai_contexts else None
            summary = block_scope if isinstance(block_scope, str) else scope(d, ws.config)
        out.append(
            {
                "number": e.number,
                "title": e.title,
                "status": e.status,
                "layout": e.layout,
                "path": e.path,
                "scope": summary,
            }
        )
    return out
