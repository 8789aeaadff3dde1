"""What can be derived from a document, and nothing that cannot.

The ``context-for-ai`` keys that ``bep sync --add-blocks`` and ``bep split``
write come from here: the first sentence of a summary-like section for
``scope``, the Decision Log's decisions, the Implementation Plan's phases, a
Non-goals section's items.  When a document has none of these, the key is
left out rather than made up.
"""

from __future__ import annotations

import re

from bepkit.config import Config
from bepkit.model.document import Document
from bepkit.model.document.aicontext import format_entry
from bepkit.model.document.links import strip_inline
from bepkit.model.proposal import decision_log
from bepkit.model.sections import find

__all__ = [
    "components",
    "constraints",
    "decisions",
    "detail_block",
    "first_sentence",
    "master_block",
    "phase_entry",
    "phase_labels",
    "phases",
]

_PHASE_RE = re.compile(r"^\W*phase\s*([0-9]+|[ivx]+|[a-z])\b", re.I)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?。])\s+(?=[A-Z0-9가-힣(\"'`])")
MAX_SCOPE = 200


def _paragraph_text(doc: Document, start: int, end: int) -> str | None:
    for b in doc.blocks:
        if b.kind == "paragraph" and start <= b.start < end:
            text = " ".join(doc.line_text(i).strip() for i in range(b.start, b.end))
            text = strip_inline(text).replace("-->", "").strip()
            if text and not text.endswith(":"):  # "Goal:", a label, is not prose
                return text
    return None


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, at most MAX_SCOPE characters (cut at a word)."""
    sentence = _SENTENCE_END_RE.split(text.strip(), maxsplit=1)[0].strip()
    if len(sentence) > MAX_SCOPE:
        sentence = sentence[:MAX_SCOPE].rsplit(" ", 1)[0] + "..."
    return sentence


def scope(doc: Document, config: Config, *, whole: bool = False) -> str | None:
    """The first sentence of the Summary (or Abstract, Overview), else of Motivation or Goal;
    with ``whole``, else of the document's first paragraph."""
    for section in (find(doc, "summary", config), find(doc, "motivation", config)):
        if section is not None:
            text = _paragraph_text(doc, section.body_start, section.end)
            if text:
                return first_sentence(text)
    if whole:
        text = _paragraph_text(doc, doc.body_start, len(doc.lines))
        if text:
            return first_sentence(text)
    return None


def decisions(doc: Document, config: Config) -> list[str]:
    return [d.decision for d in decision_log(doc, config) if d.decision.strip()]


def constraints(doc: Document, config: Config) -> list[str]:
    """Items of the section with the ``constraints`` role (Non-goals, Out of Scope, ...)."""
    section = find(doc, "constraints", config)
    if section is None:
        return []
    out = []
    for b in doc.blocks:
        if b.kind == "item" and section.body_start <= b.start < section.end:
            text = (
                strip_inline(doc.line_text(b.start).strip()[len(b.text) :])
                .replace("-->", "")
                .strip()
            )
            if text:
                out.append(text)
    return out


def components(doc: Document, config: Config) -> int:
    """Components of the design section: its direct subsections with at least
    ``limits.component`` lines of text each (a short one is a note, not a
    component that would become a sub-document)."""
    section = find(doc, "design", config)
    if section is None:
        return 0
    index = doc.sections.index(section)
    minimum = config.limits.component
    return sum(
        1
        for s in doc.sections
        if s.parent == index
        and sum(1 for i in range(s.body_start, s.end) if doc.line_text(i).strip()) >= minimum
    )


def phase_labels(doc: Document, config: Config, ignore: frozenset[str] = frozenset()) -> list[str]:
    """The distinct labels of the "Phase N" headings or list items in the plan
    section, in order; lines in ``ignore`` (the template's own example lines) do
    not count."""
    section = find(doc, "plan", config)
    if section is None:
        return []
    labels: list[str] = []
    for b in doc.blocks:
        if not (section.body_start <= b.start < section.end):
            continue
        if doc.line_text(b.start).strip() in ignore:
            continue
        if b.kind == "heading" or (b.kind == "item" and b.level == 1):
            text = b.text if b.kind == "heading" else doc.line_text(b.start).lstrip()[len(b.text) :]
            m = _PHASE_RE.match(text.strip())
            if m and m.group(1).lower() not in labels:
                labels.append(m.group(1).lower())
    return labels


def phases(doc: Document, config: Config, ignore: frozenset[str] = frozenset()) -> int:
    """How many phases the plan section has (see ``phase_labels``)."""
    return len(phase_labels(doc, config, ignore))


def phase_entry(doc: Document, config: Config, label: str) -> tuple[int, int] | None:
    """The lines ``[start, end)`` of "Phase ``label``" in the plan section: its
    heading's section, or its list item; None when the plan has no such phase."""
    section = find(doc, "plan", config)
    if section is None:
        return None
    for b in doc.blocks:
        if not (section.body_start <= b.start < section.end):
            continue
        if b.kind == "heading":
            m = _PHASE_RE.match(b.text.strip())
            if m and m.group(1).lower() == label.lower():
                inner = next((s for s in doc.sections if s.start == b.start), None)
                return (b.start, inner.end if inner else b.end)
        elif b.kind == "item" and b.level == 1:
            m = _PHASE_RE.match(doc.line_text(b.start).lstrip()[len(b.text) :].strip())
            if m and m.group(1).lower() == label.lower():
                return (b.start, b.end)
    return None


def _entry(key: str, value: str | list[str], style: str = "flow") -> list[str]:
    return format_entry(key, value, style)


def master_block(
    scope_text: str | None,
    detail_docs: list[str],
    constraint_items: list[str],
    decision_items: list[str],
    phase_count: int,
) -> list[str]:
    """A ``master-bep`` block with the keys that have values (lines, no line breaks)."""
    lines = ["<!-- context-for-ai", "type: master-bep"]
    if scope_text:
        lines += _entry("scope", scope_text)
    if detail_docs:
        lines += _entry("detail-docs", detail_docs)
    if constraint_items:
        lines += _entry("key-constraints", constraint_items, "block")
    if decision_items:
        lines += _entry("key-decisions", decision_items, "block")
    if phase_count:
        lines += _entry("phases", str(phase_count))
    return [*lines, "-->"]


def detail_block(
    parent: str, scope_text: str | None, depends_on: list[str], key_decisions: list[str]
) -> list[str]:
    lines = ["<!-- context-for-ai", "type: detail-doc", *_entry("parent", parent)]
    if scope_text:
        lines += _entry("scope", scope_text)
    if depends_on:
        lines += _entry("depends-on", depends_on)
    if key_decisions:
        lines += _entry("key-decisions", key_decisions, "block")
    return [*lines, "-->"]
