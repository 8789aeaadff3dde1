"""A proposal's metadata, wherever its process keeps it.

The profile's ``[layout] metadata`` names the places, in order:

- ``frontmatter``: a ``---`` block at the top (BEP, MADR 3 and later);
- ``list``: the ``* Key: value`` list right under the title (Swift Evolution,
  MADR 2), or bare ``Key: value`` lines there for keys the profile knows (the
  ``Date:`` line of adr-tools);
- ``sidecar``: a YAML file beside the document (a KEP's ``kep.yaml``), read
  line by line like a front matter: top-level keys, their lists and nesting
  kept as continuation lines.

A key with ``section = "Status"`` in the profile is the first line of that
section instead (adr-tools' ``## Status``).  Every entry keeps the line (and
file) it was read from, so that an edit rewrites exactly that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bepkit.config import Config
from bepkit.model.document import Document
from bepkit.model.document.frontmatter import KeyedEntries, read_entries, unquote
from bepkit.model.document.links import strip_inline

__all__ = ["MetaEntry", "Metadata", "metadata_of"]

_BULLET_RE = re.compile(
    r"^ {0,3}[*+-][ \t]+([A-Za-z][A-Za-z0-9 ()/'._-]{0,60}?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$"
)
_BARE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9 ._-]{0,60}?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")


@dataclass(frozen=True, slots=True)
class MetaEntry:
    key: str
    value: str  # as written after the key
    line: int  # 0-based, in ``path``
    path: str = ""  # "" for the document itself, else the sidecar's path
    source: str = "frontmatter"
    items: tuple[str, ...] = ()  # "- item" lines under the key

    @property
    def text(self) -> str:
        """The value without quotes, emphasis or link markup; a YAML list's items,
        comma-separated, when the key has no value of its own (``authors:``)."""
        v = self.value.strip()
        if not v and self.items:
            return ", ".join(unquote(i) for i in self.items)
        v = unquote(v)
        return strip_inline(v) if self.source not in ("frontmatter", "sidecar") else v


@dataclass
class Metadata(KeyedEntries[MetaEntry]):
    entries: list[MetaEntry] = field(default_factory=list)
    line: int = 0  # where a missing key is reported: the block's first line
    path: str = ""
    sources: tuple[str, ...] = ()  # the places that held metadata

    def first(self, keys: tuple[str, ...]) -> MetaEntry | None:
        """The entry of the first of ``keys`` present (a role's keys: Authors, Author)."""
        for key in keys:
            e = self.entry(key)
            if e is not None:
                return e
        return None


def _from_frontmatter(doc: Document) -> list[MetaEntry]:
    fm = doc.frontmatter
    if fm is None:
        return []
    return [MetaEntry(e.key, e.value, e.line, items=tuple(e.items)) for e in fm.entries]


def _title_line(doc: Document) -> int | None:
    for s in doc.sections:
        if s.depth == 1:
            return s.start
    return None


def _from_list(doc: Document, config: Config) -> list[MetaEntry]:
    """The ``Key: value`` lines right under the title (blank lines before them)."""
    at = _title_line(doc)
    if at is None:
        return []
    known = {k.lower() for k in config.metadata_keys}
    lines = doc.lines
    out: list[MetaEntry] = []
    i = at + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines):
        raw = lines[i].rstrip("\r\n")
        m = _BULLET_RE.match(raw)
        if m is None:
            bare = _BARE_RE.match(raw)
            m = bare if bare and bare.group(1).strip().lower() in known else None
        if m is not None:
            out.append(MetaEntry(m.group(1).strip(), m.group(2) or "", i, source="list"))
        elif out and raw[:1] in (" ", "\t") and raw.strip():
            pass  # a continuation of the entry above
        else:
            break
        i += 1
    return out


def _from_sidecar(doc: Document) -> list[MetaEntry]:
    side = doc.sidecar
    if side is None:
        return []
    return [
        MetaEntry(e.key, e.value, e.line, side.path, "sidecar", tuple(e.items))
        for e in read_entries(side.lines, 0, len(side.lines)) or []
    ]


def _from_sections(doc: Document, config: Config) -> list[MetaEntry]:
    from bepkit.model.sections import normalize

    out: list[MetaEntry] = []
    for m in config.metadata:
        if not m.section:
            continue
        wanted = normalize(m.section)
        for s in doc.sections:
            if s.depth > 1 and normalize(s.title) == wanted:
                line = next((i for i in range(s.body_start, s.end) if doc.lines[i].strip()), None)
                if line is None:
                    out.append(MetaEntry(m.key, "", s.start, source="section"))
                else:
                    out.append(MetaEntry(m.key, doc.lines[line].strip(), line, source="section"))
                break
    return out


def metadata_of(doc: Document, config: Config) -> Metadata | None:
    """The document's metadata from the places its process keeps it; None when
    none of them holds any."""
    cached = doc.memo.get("metadata")
    if cached is not None and cached[0] is config:
        return cached[1]  # type: ignore[no-any-return]
    meta = Metadata()
    found: list[str] = []
    for source in config.metadata_sources:
        if source == "frontmatter":
            entries = _from_frontmatter(doc)
        elif source == "list":
            entries = _from_list(doc, config)
        elif source == "sidecar":
            entries = _from_sidecar(doc)
        else:
            entries = []
        if entries:
            if not found:
                meta.line = entries[0].line
                meta.path = entries[0].path
            found.append(source)
            meta.entries.extend(entries)
    sections = _from_sections(doc, config)
    if sections:
        found.append("section")
        meta.entries.extend(sections)
    if not found:
        result = None
    else:
        meta.sources = tuple(found)
        if meta.sources[0] == "frontmatter" and doc.frontmatter is not None:
            meta.line = doc.frontmatter.start
        result = meta
    doc.memo["metadata"] = (config, result)
    return result
