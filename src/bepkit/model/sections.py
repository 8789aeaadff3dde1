"""The guide's sections, matched leniently to the headings real documents use.

A heading matches a section *exactly* when it is the section's name, and as a
*variant* when it is the name with numbering (``5. Open Questions``), another
case, a suffix (``Current Design (As-is)``), at another heading level, or one
of the section's aliases (``Decision Summary`` for ``Decision Log``).  Checks
treat a variant as its own, milder finding, never as a missing section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bepkit.config import SectionSpec
from bepkit.model.document import Document, Section
from bepkit.model.document.links import strip_inline

__all__ = ["Match", "find", "match_heading", "normalize"]

_NUMBERING_RE = re.compile(r"^\s*(?:(?:\d+\.)*\d+[.)]?|[IVXivx]+[.)]|[A-Za-z][.)])\s+")
_SUFFIX_RE = re.compile(r"\s*(?:\(.*\)|\s[-\u2013\u2014]\s.*|:.*)\s*$")
_PUNCT_RE = re.compile(r"[^\w\s]+")


@lru_cache(maxsize=8192)
def normalize(title: str) -> str:
    """Lowercase words only: ``Migration / Compatibility`` -> ``migration compatibility``."""
    text = strip_inline(title).replace("&", " and ").lower()
    return " ".join(_PUNCT_RE.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class Match:
    spec: SectionSpec
    exact: bool
    how: str  # "" when exact, else what differs: numbered, case, punctuation, suffix, alias


@lru_cache(maxsize=8192)
def match_heading(title: str, specs: tuple[SectionSpec, ...]) -> Match | None:
    """Which section of ``specs`` a heading names, and how closely."""
    plain = strip_inline(title).strip()
    for spec in specs:
        if plain == spec.name:
            return Match(spec, True, "")
    for spec in specs:
        if any(normalize(plain) == normalize(alt) for alt in spec.alternatives):
            return Match(spec, True, "")
    numbered = _NUMBERING_RE.sub("", plain, count=1)
    core = normalize(numbered)
    without_suffix = normalize(_SUFFIX_RE.sub("", numbered))
    for spec in specs:
        name = normalize(spec.name)
        if core == name:
            how = "numbered" if numbered != plain else "case"
            if numbered == plain and plain.lower() != spec.name.lower():
                how = "punctuation"
            return Match(spec, False, how)
        if without_suffix == name or (core.startswith(name + " ") and len(name.split()) >= 2):
            return Match(spec, False, "suffix")
    for spec in specs:
        for alias in spec.aliases:
            a = normalize(alias)
            if core == a or without_suffix == a:
                return Match(spec, False, "alias")
    return None


def section_depth(doc: Document) -> int:
    """The heading level the document uses for its sections (2 unless it has no H2)."""
    depths = [s.depth for s in doc.sections]
    if 2 in depths:
        return 2
    return min(depths) if depths else 2


def matched_sections(doc: Document, specs: tuple[SectionSpec, ...]) -> list[tuple[Section, Match]]:
    """Every section heading of the document that names a guide section.

    Sections are the headings at the document's section depth, and H1s after
    the first (real documents use ``#`` for sections too).
    """
    cache: dict[tuple[SectionSpec, ...], list[tuple[Section, Match]]]
    cache = doc.__dict__.setdefault("_matched_sections", {})
    if specs not in cache:
        cache[specs] = _matched_sections(doc, specs)
    return cache[specs]


def _matched_sections(doc: Document, specs: tuple[SectionSpec, ...]) -> list[tuple[Section, Match]]:
    depth = section_depth(doc)
    out = []
    first_h1 = True
    for s in doc.sections:
        if s.depth == 1 and first_h1:
            first_h1 = False
            continue
        if s.depth > depth:
            continue
        m = match_heading(s.title, specs)
        if m is not None:
            out.append((s, m))
    return out


def find(doc: Document, name: str, specs: tuple[SectionSpec, ...]) -> Section | None:
    """The section of ``doc`` that the guide section ``name`` is (exact or variant)."""
    wanted = name.lower()
    for s, m in matched_sections(doc, specs):
        if m.spec.name.lower() == wanted:
            return s
    return None
