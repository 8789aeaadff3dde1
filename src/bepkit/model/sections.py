"""Sections found by role, whatever a document calls them.

A heading is normalised before it is compared: numbering (``1.``, ``2)``,
``IV.``, ``Step 1:``, ``Part 2 -``), case, punctuation, ``&`` for ``and``,
emphasis, and a trailing remark (``(draft)``, ``: notes``, `` - WIP``) do not
change which section it is.  A heading that uses one of the section's aliases
is the section too, reported as a variant of its name by the check.

Every consumer asks for a role (``decisions``, ``open-questions``,
``design``, ...) through ``find``; the names live in the profile only.  A
proposal's structure (classic or tech-spec) is recognised by its headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bepkit.config import Config, SectionSpec
from bepkit.model.document import Document, Section
from bepkit.model.document.links import strip_inline

__all__ = [
    "Match",
    "find",
    "locate",
    "match_heading",
    "matched_sections",
    "normalize",
    "outline",
    "section_depth",
    "specs_for",
    "structure_of",
]

# one numbering prefix: every branch is anchored and bounded by a separator
_NUMBERING_RE = re.compile(
    r"^\s*(?:(?:step|part|section|chapter|phase)\s+)?"
    r"(?:\d+(?:\.\d+)*[.):]?|[IVXLCivxlc]+[.):]|[A-Za-z][.)])"
    r"(?:\s*[-\u2013\u2014:])?\s+",
    re.I,
)
_DASH_RE = re.compile(r"\s[-\u2013\u2014]\s")


def _without_suffix(text: str) -> str:
    """``text`` without a trailing remark: a final ``(...)``, or everything from
    the first `` - `` (or en/em dash) or ``:``.  By finds, so it is linear."""
    t = text.rstrip()
    cuts = []
    if t.endswith(")"):
        start = t.rfind("(")
        if start >= 0 and ")" not in t[start:-1]:
            cuts.append(start)
    dash = _DASH_RE.search(t)
    if dash is not None:
        cuts.append(dash.start())
    colon = t.find(":")
    if colon >= 0:
        cuts.append(colon)
    return t[: min(cuts)].rstrip() if cuts else t


_PUNCT_RE = re.compile(r"[^\w\s]+")


@lru_cache(maxsize=8192)
def normalize(title: str) -> str:
    """Lowercase words only: ``Migration / Compatibility`` -> ``migration compatibility``."""
    text = strip_inline(title).replace("&", " and ").lower()
    return " ".join(_PUNCT_RE.sub(" ", text).split())


def _unnumbered(title: str) -> str:
    return _NUMBERING_RE.sub("", strip_inline(title).strip(), count=1)


@dataclass(frozen=True, slots=True)
class Match:
    spec: SectionSpec
    alias: bool  # True: the heading uses another name for the section


@lru_cache(maxsize=8192)
def match_heading(title: str, specs: tuple[SectionSpec, ...]) -> Match | None:
    """Which section of ``specs`` a heading names: by name first, then by alias."""
    plain = _unnumbered(title)
    core = normalize(plain)
    without_suffix = normalize(_without_suffix(plain))
    if not core:
        return None
    for spec in specs:
        for name in map(normalize, (spec.name, *spec.also)):
            if core == name or without_suffix == name:
                return Match(spec, False)
    for spec in specs:
        name = normalize(spec.name)
        if len(name.split()) >= 2 and core.startswith(name + " "):
            return Match(spec, False)
    for spec in specs:
        for alias in spec.aliases:
            a = normalize(alias)
            if core == a or without_suffix == a:
                return Match(spec, True)
    return None


def specs_for(config: Config, structure: str) -> tuple[SectionSpec, ...]:
    """The sections of one structure, in the profile's order."""
    return _specs_for(config.sections, structure)


@lru_cache(maxsize=64)
def _specs_for(sections: tuple[SectionSpec, ...], structure: str) -> tuple[SectionSpec, ...]:
    return tuple(s for s in sections if structure in s.structures)


def section_depth(doc: Document) -> int:
    """The heading level the document uses for its sections (2 unless it has no H2)."""
    depths = [s.depth for s in doc.sections]
    if 2 in depths:
        return 2
    return min(depths) if depths else 2


def _section_headings(doc: Document) -> list[Section]:
    """Headings at the document's section depth, and H1s after the first
    (real documents use ``#`` for sections too)."""
    depth = section_depth(doc)
    out = []
    first_h1 = True
    for s in doc.sections:
        if s.depth == 1 and first_h1:
            first_h1 = False
            continue
        if s.depth <= depth:
            out.append(s)
    return out


def structure_of(doc: Document, config: Config) -> str:
    """``classic``, ``tech-spec``, ...: the structure whose own section names the
    document's headings use most; the profile's default on a tie."""
    default = config.default_structure
    cache: dict[tuple[SectionSpec, ...], str] = doc.__dict__.setdefault("_structure", {})
    if config.sections in cache:
        return cache[config.sections]
    votes: dict[str, int] = {}
    distinctive = _distinctive(config.sections)
    for s in _section_headings(doc):
        m = match_heading(s.title, distinctive)
        if m is not None:
            for structure in m.spec.structures:
                votes[structure] = votes.get(structure, 0) + 1
    best = default
    for structure, count in votes.items():
        if count > votes.get(best, 0):
            best = structure
    cache[config.sections] = best
    return best


@lru_cache(maxsize=16)
def _distinctive(sections: tuple[SectionSpec, ...]) -> tuple[SectionSpec, ...]:
    """The sections of a single structure whose name no section of another
    structure uses, with only those of their other names that none uses either
    (sub-document sections aside): the headings that tell structures apart."""
    candidates = [s for s in sections if s.structures and "subdoc" not in s.structures]
    out = []
    for spec in candidates:
        if len(spec.structures) != 1:
            continue
        others = {
            normalize(n)
            for o in candidates
            if set(o.structures).isdisjoint(spec.structures)
            for n in (o.name, *o.also, *o.aliases)
        }
        kept = [n for n in (spec.name, *spec.also, *spec.aliases) if normalize(n) not in others]
        if kept and kept[0] == spec.name:
            out.append(
                SectionSpec(
                    role=spec.role,
                    name=spec.name,
                    aliases=tuple(kept[1:]),
                    structures=spec.structures,
                )
            )
    return tuple(out)


def matched_sections(
    doc: Document, config: Config, structure: str | None = None
) -> list[tuple[Section, Match]]:
    """Every section heading of the document that names a section of its structure
    (or of ``structure``)."""
    wanted = structure or structure_of(doc, config)
    specs = specs_for(config, wanted)
    cache: dict[tuple[tuple[SectionSpec, ...], str], list[tuple[Section, Match]]]
    cache = doc.__dict__.setdefault("_matched_sections", {})
    key = (config.sections, wanted)
    if key not in cache:
        out = []
        for s in _section_headings(doc):
            m = match_heading(s.title, specs)
            if m is not None:
                out.append((s, m))
        cache[key] = out
    return cache[key]


def find(doc: Document, role: str, config: Config, structure: str | None = None) -> Section | None:
    """The section of ``doc`` with ``role``: under its structure's names first,
    then under any name the profile gives that role."""
    for s, m in matched_sections(doc, config, structure):
        if m.spec.role == role:
            return s
    others = tuple(spec for spec in config.sections if spec.role == role)
    for s in _section_headings(doc):
        if match_heading(s.title, others) is not None:
            return s
    return None


def locate(doc: Document, config: Config, name: str) -> tuple[Section, str] | None:
    """The section ``name`` means — a role, a guide name or a heading (any case) —
    and the name to show for it; None when the document has none."""
    key = normalize(name)
    for section, m in matched_sections(doc, config):
        if key in (normalize(m.spec.name), normalize(m.spec.role)):
            return section, m.spec.name
    for section in doc.sections:
        if normalize(section.title) == key:
            return section, strip_inline(section.title)
    return None


def outline(doc: Document, depth: int = 3) -> str:
    """The document's headings down to ``depth``, for a message that lists them."""
    return ", ".join(strip_inline(s.title) for s in doc.sections if s.depth <= depth)
