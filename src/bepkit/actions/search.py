"""Finding things for agents: search, one section, one proposal's findings."""

from __future__ import annotations

import re
from typing import Any

from bepkit.actions.authoring import select
from bepkit.actions.context import find_subdoc, relevance, words
from bepkit.errors import BepError
from bepkit.model.document.links import strip_inline
from bepkit.model.proposal import document_title
from bepkit.model.sections import locate, outline
from bepkit.model.workspace import Workspace

__all__ = ["search", "section_text"]


def search(ws: Workspace, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Documents ranked by the query's words (titles count more), with matching lines."""
    wanted = words(query)
    if not wanted:
        raise BepError(f"nothing to search for in {query!r}")
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(wanted, key=len, reverse=True)), re.I
    )
    hits: list[dict[str, Any]] = []
    for p in ws.proposals.values():
        for rel in [m.rel for m in p.mains] + p.subdocs:
            doc = ws.document(rel)
            title = doc.title or rel
            score = relevance(wanted, title, doc.text)
            if not score:
                continue
            lines = [
                {"line": i + 1, "text": doc.line_text(i).strip()[:200]}
                for i in range(len(doc.lines))
                if pattern.search(doc.line_text(i))
            ][:5]
            hits.append(
                {
                    "number": p.number,
                    "title": document_title(doc, ws.config) or strip_inline(title),
                    "path": rel,
                    "score": round(score, 3),
                    "lines": lines,
                }
            )
    hits.sort(key=lambda h: (-float(h["score"]), str(h["path"])))
    return hits[:limit]


def section_text(
    ws: Workspace, number: int, section: str, *, doc: str | None = None, path: str | None = None
) -> str:
    """A section of the main document (or of sub-document ``doc``), by heading or guide name."""
    p, main = select(ws, number, path)
    rel = find_subdoc(ws, p, doc) if doc else main.rel
    d = ws.document(rel)
    found = locate(d, ws.config, section)
    if found is None:
        raise BepError(f"no section {section!r} in {rel}", hint=f"sections: {outline(d, 2)}")
    s = found[0]
    return "".join(d.lines[s.start : s.end])
