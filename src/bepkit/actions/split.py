"""``bep split N``: a long single-file proposal becomes a main document and sub-documents.

Each component of Proposed Design (its next-level headings, or those of the
section or level ``--by`` names) becomes ``BEP-NNNN/<name>.md``, and so does
every other section that is not the main document's (Current Design,
Migration, anything the guide does not name).  The main document keeps the
metadata, the title, Motivation, Implementation Plan, Decision Log, Open
Questions and References, gains a master context-for-ai block and a Document
Index, and keeps Proposed Design's heading and introduction.  When the main
document would still exceed its limit, the longest of its own sections move
out too, leaving their heading and a link.  A sub-document over its limit is
split again at its next heading level.

No line is lost: every line of the original is in exactly one output file,
only link targets are rewritten (so that they still resolve from the new
place), and the lines bepkit adds are the blocks, the Document Index, a
heading and a "Part of" line per sub-document, and the links left behind.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from bepkit.actions.authoring import Result, make_slug, select
from bepkit.config import Config, SectionSpec
from bepkit.errors import BepError
from bepkit.model import derive
from bepkit.model.derived import index_lines, table_head
from bepkit.model.document import Document, Edit
from bepkit.model.document.links import (
    heading_anchor,
    is_relative_target,
    map_targets,
    strip_inline,
)
from bepkit.model.document.tables import format_row
from bepkit.model.proposal import document_title
from bepkit.model.sections import (
    match_heading,
    normalize,
    section_depth,
    specs_for,
    structure_of,
)
from bepkit.model.segments import resolve
from bepkit.model.workspace import Workspace

__all__ = ["Line", "Plan", "plan", "split"]

# sections that stay in the main document even when it is over its limit
NEVER_MOVE = {"decisions", "open-questions"}
# sections the guide's main-document template keeps (Motivation, Implementation
# Plan): moved last, only when the main document is still over its limit
MOVE_LAST = {"motivation", "plan"}
SMALL = 15  # lines: an unnamed section this short may stay in the main document
_NUMBERING_RE = re.compile(r"^\s*(?:(?:\d+\.)*\d+[.)]?|[IVXivx]+[.)]|Part\s+\d+:?)\s+")


@dataclass
class Line:
    text: str  # without a line break
    origin: int | None  # index of the original line, None for a line bepkit adds


@dataclass
class _Chunk:
    start: int
    end: int  # exclusive
    title: str  # heading text ('' for the preamble)
    depth: int
    kind: str  # keep, split, move, preamble

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass
class _Part:
    name: str  # file name
    title: str
    section: str  # the section of the original it came from
    ranges: list[tuple[int, int]]

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.ranges)


@dataclass
class Plan:
    number: int
    main: str  # path of the main document
    folder: str  # path of the sub-document folder
    files: dict[str, list[Line]] = field(default_factory=dict)  # path -> content
    original: list[str] = field(default_factory=list)
    other_edits: dict[str, list[Edit]] = field(default_factory=dict)  # links in other documents
    warnings: list[str] = field(default_factory=list)

    def text(self, path: str, newline: str) -> str:
        return "".join(line.text + newline for line in self.files[path])


def _push(lines: list[Line], line: Line) -> None:
    """Append, keeping blank lines single where bepkit adds them."""
    blank = not line.text.strip()
    if blank and lines and not lines[-1].text.strip():
        if line.origin is None:
            return  # an added blank after a blank
        if lines[-1].origin is None:
            lines[-1] = line  # an original blank replaces an added one
            return
    lines.append(line)


def _chunks(doc: Document, depth: int, specs: tuple[SectionSpec, ...]) -> list[_Chunk]:
    """The document cut at its section headings; each section's ``segmented``
    place in the profile says whether it stays, moves, or is split."""
    title_seen = False
    bounds: list[tuple[int, str, int]] = []
    for s in doc.sections:
        if s.depth == 1 and not title_seen:
            title_seen = True
            continue
        if s.depth <= depth:
            bounds.append((s.start, s.title, s.depth))
    out = [_Chunk(0, bounds[0][0] if bounds else len(doc.lines), "", 0, "preamble")]
    for i, (start, title, d) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(doc.lines)
        match = match_heading(title, specs)
        place = match.spec.segmented if match else "subdoc"
        kind = {"main": "keep", "split": "split"}.get(place, "move")
        out.append(_Chunk(start, end, title, d, kind))
    return out


def _name(title: str, taken: set[str], fallback: str) -> str:
    base = make_slug(_NUMBERING_RE.sub("", strip_inline(title))) or fallback
    name = base
    n = 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def _children(doc: Document, start: int, end: int, depth: int) -> list[tuple[int, str]]:
    """Headings right under a heading of ``depth`` within [start, end): (line, text)."""
    below = [h for h in doc.headings if start < h.line < end and h.depth > depth]
    if not below:
        return []
    level = min(h.depth for h in below)
    return [(h.line, h.text) for h in below if h.depth == level]


def _components(doc: Document, chunk: _Chunk, level: int | None) -> list[tuple[int, str]]:
    if level is None:
        return _children(doc, chunk.start, chunk.end, chunk.depth)
    return [
        (h.line, h.text)
        for h in doc.headings
        if chunk.start < h.line < chunk.end and h.depth == level
    ]


def _parts_of(
    doc: Document,
    start: int,
    end: int,
    depth: int,
    title: str,
    section: str,
    limit: int,
    taken: set[str],
    counter: list[int],
) -> list[_Part]:
    """One part for [start, end), or — when it is over ``limit`` — one per child heading."""
    counter[0] += 1
    children = _children(doc, start, end, depth)
    if end - start <= limit or not children:
        return [_Part(_name(title, taken, f"part-{counter[0]}"), title, section, [(start, end)])]
    out: list[_Part] = []
    child_depth = min(h.depth for h in doc.headings if h.line in {c for c, _ in children})
    for i, (line, text) in enumerate(children):
        child_end = children[i + 1][0] if i + 1 < len(children) else end
        child_start = (
            start if i == 0 else line
        )  # the parent's heading and intro go with the first child
        out.extend(
            _parts_of(
                doc, child_start, child_end, child_depth, text, section, limit, taken, counter
            )
        )
    return out


def plan(ws: Workspace, number: int, *, by: str | None = None, path: str | None = None) -> Plan:
    """What ``bep split`` would write (nothing is written)."""
    cfg = ws.config
    shared = ws.proposal(number).mains
    if len(shared) > 1:  # said first: choosing one with --path would not help
        raise BepError(
            f"{cfg.ident(number)} is used by {len(shared)} documents, and its folder would be both's",
            hint=f"give one a new number first: bep renumber {number} NEW --path {shared[-1].rel}",
        )
    p, main = select(ws, number, path)
    if p.segmented:
        raise BepError(f"{cfg.ident(number)} is already segmented ({len(p.subdocs)} sub-documents)")
    doc = ws.document(main.rel)
    if not doc.text:
        raise BepError("the document is empty", path=main.rel)
    ident = cfg.ident(number)
    folder = f"{posixpath.dirname(main.rel)}/{ident}".lstrip("/")
    title = document_title(doc, cfg) or main.slug.replace("-", " ")
    depth = section_depth(doc)
    specs = specs_for(cfg, structure_of(doc, cfg))
    chunks = _chunks(doc, depth, specs)
    level: int | None = None
    if by is not None and by.isdigit():
        level = int(by)
    elif by is not None:
        wanted = normalize(by)
        for c in chunks:
            if c.kind != "preamble" and normalize(c.title) == wanted:
                for other in chunks:
                    if other.kind == "split":
                        other.kind = "move"
                c.kind = "split"
                break
        else:
            raise BepError(f"no section {by!r} to split by", hint="bep show N lists the sections")
    limit = cfg.limits.subdoc - 12  # a sub-document also gets a block, a title and a "Part of" line
    taken = {  # names of the folder's markdown files, which new sub-documents must not take
        posixpath.basename(e)[:-3]
        for e, _ in ws.entries
        if e.startswith(folder + "/") and e.endswith(".md")
    }
    counter = [0]
    parts: list[_Part] = []
    main_ranges: list[tuple[int, int]] = []  # original ranges that stay, in order
    pointers: dict[int, str] = {}  # main range start -> name of the part its body went to
    split_chunk: _Chunk | None = None
    for c in chunks:
        if c.kind == "preamble" or c.kind == "keep" or (c.kind == "move" and c.size <= SMALL):
            main_ranges.append((c.start, c.end))
        elif c.kind == "split":
            heads = _components(doc, c, level)
            if not heads:
                parts += _parts_of(
                    doc, c.start + 1, c.end, c.depth, c.title, c.title, limit, taken, counter
                )
                main_ranges.append((c.start, c.start + 1))
                pointers[c.start] = parts[-1].name
                continue
            split_chunk = c
            main_ranges.append((c.start, heads[0][0]))
            for i, (line, text) in enumerate(heads):
                end = heads[i + 1][0] if i + 1 < len(heads) else c.end
                head_depth = next(h.depth for h in doc.headings if h.line == line)
                parts += _parts_of(doc, line, end, head_depth, text, c.title, limit, taken, counter)
        else:
            parts += _parts_of(
                doc, c.start, c.end, c.depth, c.title, c.title, limit, taken, counter
            )
    if not parts:
        raise BepError(
            f"{ident} has nothing to split out: no components and no sections beyond the main ones"
        )
    # the main document over its limit: move the longest of its own sections' bodies out
    generated = 14 + len(parts) + 6
    budget = cfg.limits.main - 5

    def main_size() -> int:
        return sum(e - s for s, e in main_ranges) + generated + len(pointers)

    movable = []
    for s, e in main_ranges:
        chunk = next((c for c in chunks if c.start == s), None)
        if chunk is None or chunk.kind == "split":
            continue
        m = None if chunk.kind == "preamble" else match_heading(chunk.title, specs)
        if m is not None and m.spec.role in NEVER_MOVE:
            continue
        if e - s <= SMALL:  # too small for a file of its own: it stays
            continue
        movable.append((s, e, chunk, m is not None and m.spec.role in MOVE_LAST))
    # the largest first, the main template's own sections last
    for s, e, chunk, _ in sorted(movable, key=lambda t: (t[3], -(t[1] - t[0]))):
        if main_size() <= budget:
            break
        if chunk.kind == "preamble":
            h1 = next((h for h in doc.headings if h.depth == 1 and h.line < e), None)
            body_start = h1.end if h1 is not None else doc.body_start
            if e - body_start < 3:
                continue
            slug = make_slug(cfg.overview) or "overview"
            part = _Part(_name(slug, taken, slug), cfg.overview, "introduction", [(body_start, e)])
            main_ranges[main_ranges.index((s, e))] = (s, body_start)
        else:
            part = _Part(
                _name(chunk.title, taken, f"part-{len(parts) + 1}"),
                chunk.title,
                chunk.title,
                [(s + 1, e)],
            )
            main_ranges[main_ranges.index((s, e))] = (s, s + 1)
            pointers[s] = part.name
        parts.append(part)
        generated += 1
    return _assemble(
        ws, doc, main.rel, folder, number, title, main_ranges, parts, pointers, split_chunk
    )


def _assemble(
    ws: Workspace,
    doc: Document,
    main_rel: str,
    folder: str,
    number: int,
    title: str,
    main_ranges: list[tuple[int, int]],
    parts: list[_Part],
    pointers: dict[int, str],
    split_chunk: _Chunk | None,
) -> Plan:
    cfg = ws.config
    specs = specs_for(cfg, structure_of(doc, cfg))
    ident = cfg.ident(number)
    result = Plan(
        number, main_rel, folder, original=[doc.line_text(i) for i in range(len(doc.lines))]
    )
    part_path = {p.name: f"{folder}/{p.name}.md" for p in parts}
    where: dict[int, str] = {}  # original line -> output path
    for s, e in main_ranges:
        for i in range(s, e):
            where[i] = main_rel
    for part in parts:
        for s, e in part.ranges:
            for i in range(s, e):
                where[i] = part_path[part.name]
    anchors: dict[str, str] = {}  # anchor of an original heading -> output path
    seen: dict[str, int] = {}
    for b in doc.blocks:
        if b.kind == "heading":
            anchors.setdefault(heading_anchor(b.text, seen), where.get(b.start, main_rel))
    code = doc.mask(("fence", "code", "html"))

    def rewritten(i: int, out_path: str) -> str:
        text = doc.line_text(i)
        if code[i] or ("](" not in text and "]:" not in text):
            return text
        return map_targets(text, lambda t: _retarget(t, main_rel, out_path, anchors))

    # sub-documents
    decisions = derive.decisions(doc, cfg)
    log_link = None
    for section in doc.sections:
        m = match_heading(section.title, specs)
        if m and m.spec.role == "decisions":
            log_link = f"{posixpath.relpath(main_rel, folder)}#{heading_anchor(section.title, {})}"
    titles = {p.name: strip_inline(_NUMBERING_RE.sub("", p.title)) for p in parts}
    for part in parts:
        out_path = part_path[part.name]
        body = [Line(rewritten(i, out_path), i) for s, e in part.ranges for i in range(s, e)]
        text = " ".join(line.text for line in body)
        depends = sorted(
            f"{q.name}.md"
            for q in parts
            if q is not part
            and (
                f"{q.name}.md" in text
                or (
                    len(titles[q.name]) >= 6
                    and re.search(rf"(?<!\w){re.escape(titles[q.name])}(?!\w)", text)
                )
            )
        )
        sub = Document("\n".join(line.text for line in body) + "\n")
        scope = derive.scope(sub, cfg, whole=True) or titles[part.name]
        block = derive.detail_block(
            f"{ident} ({title})", scope, depends, [log_link] if log_link and decisions else []
        )
        link = posixpath.relpath(main_rel, folder)
        head = [
            *block,
            "",
            f"# {ident}: {titles[part.name] or part.title}",
            "",
            f"Part of [{ident}: {title}]({link}): its {strip_inline(part.section)} section.",
            "",
        ]
        result.files[out_path] = [Line(t, None) for t in head] + body
    # the main document
    lines: list[Line] = []
    fm_end = doc.body_start
    existing = doc.ai_contexts[0] if doc.ai_contexts else None
    index_at = _index_anchor(doc, specs, main_ranges)
    names = [f"{p.name}.md" for p in parts]
    master = derive.master_block(
        derive.scope(doc, cfg, whole=True),
        names,
        derive.constraints(doc, cfg),
        decisions,
        derive.phases(doc, cfg),
    )
    index_rows = [
        format_row(
            [
                f"[{part.name}](./{posixpath.relpath(part_path[part.name], posixpath.dirname(main_rel) or '.')})",
                titles[part.name],
            ]
        )
        for part in parts
    ]
    index = [*index_lines(cfg, index_rows), ""]
    if existing is None:
        for i in range(fm_end):
            lines.append(Line(doc.line_text(i), i))
        for t in ([""] if fm_end else []) + master + [""]:
            _push(lines, Line(t, None))
    for s, e in main_ranges:
        for i in range(max(s, fm_end if existing is None else 0), e):
            if (
                existing is not None
                and i == existing.end - 1
                and existing.entry("detail-docs") is None
            ):
                _push(lines, Line(f"detail-docs: [{', '.join(names)}]", None))
            entry = existing.entry("detail-docs") if existing is not None else None
            if entry is not None and entry.line <= i < entry.end:
                if i == entry.line:
                    _push(lines, Line(f"detail-docs: [{', '.join(names)}]", None))
                continue
            _push(lines, Line(rewritten(i, main_rel), i))
            if i == s and s in pointers:
                target = f"./{posixpath.relpath(part_path[pointers[s]], posixpath.dirname(main_rel) or '.')}"
                for t in ("", f"Moved to [{pointers[s]}]({target}).", ""):
                    _push(lines, Line(t, None))
            if split_chunk is not None and i == e - 1 and s == split_chunk.start:
                see = f"Its components are sub-documents: see the {cfg.section_name('index')}."
                for t in ("", see, ""):
                    _push(lines, Line(t, None))
        if e == index_at:
            for t in ["", *index]:
                _push(lines, Line(t, None))
    _add_decision_log(lines, cfg, structure_of(doc, cfg), section_depth(doc))
    result.files[main_rel] = lines
    result.other_edits = _other_links(ws, main_rel, anchors)
    if len(lines) > cfg.limits.main:
        result.warnings.append(
            f"the main document is {len(lines)} lines (limit {cfg.limits.main}): "
            "its Decision Log and Open Questions stay in it"
        )
    return result


def _add_decision_log(lines: list[Line], cfg: Config, structure: str, depth: int) -> None:
    """A segmented main document has a Decision Log (the guide's main template): an
    empty one, where the process's order puts it, when the proposal had none."""
    specs = specs_for(cfg, structure)
    order = [spec.role for spec in specs]
    if "decisions" not in order:
        return
    rank = order.index("decisions")
    at = len(lines)
    for i, line in enumerate(lines):
        heading = _HEADING_RE.match(line.text)
        if heading is None or len(heading.group(1)) > depth:
            continue
        m = match_heading(heading.group(2).rstrip("# "), specs)
        if m is not None and m.spec.role == "decisions":
            return
        if m is not None and order.index(m.spec.role) > rank and at == len(lines):
            at = i
    head = f"{'#' * depth} {cfg.section_name('decisions', structure)}"
    added = [head, "", *table_head(cfg, "decisions"), ""]
    if at == len(lines) and lines and lines[-1].text.strip():
        added.insert(0, "")
    lines[at:at] = [Line(t, None) for t in added]


_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")


def _index_anchor(
    doc: Document, specs: tuple[SectionSpec, ...], main_ranges: list[tuple[int, int]]
) -> int:
    """The end of the range after which the Document Index goes: Motivation's, else the preamble's."""
    for s, e in main_ranges:
        heading = next((h for h in doc.headings if h.line == s), None)
        if heading is not None:
            m = match_heading(heading.text, specs)
            if m and m.spec.role == "motivation":
                return e
    return main_ranges[0][1]


def _retarget(target: str, original: str, out_path: str, anchors: dict[str, str]) -> str:
    if not is_relative_target(target):
        return target
    path, sep, fragment = target.partition("#")
    if not path:
        destination = anchors.get(fragment.lower(), original)
        if destination == out_path:
            return target
        return posixpath.relpath(destination, posixpath.dirname(out_path)) + "#" + fragment
    resolved = resolve(original, path)
    if resolved == original and fragment:
        resolved = anchors.get(fragment.lower(), original)
    if posixpath.dirname(out_path) == posixpath.dirname(original) and resolved != out_path:
        return target
    new = posixpath.relpath(resolved, posixpath.dirname(out_path))
    if path.endswith("/") and not new.endswith("/"):
        new += "/"
    if path.startswith("./") and not new.startswith(("../", "./")):
        new = "./" + new
    return new + sep + fragment


def _other_links(ws: Workspace, main_rel: str, anchors: dict[str, str]) -> dict[str, list[Edit]]:
    """Links from other documents to headings that moved into a sub-document."""
    out: dict[str, list[Edit]] = {}
    docs = [m.rel for q in ws.proposals.values() for m in q.mains] + [
        s for q in ws.proposals.values() for s in q.subdocs
    ]
    for rel in docs:
        if rel == main_rel:
            continue
        d = ws.document(rel)
        for link in d.links:
            if (
                not (link.is_relative and link.path and link.fragment)
                or resolve(rel, link.path) != main_rel
            ):
                continue
            destination = anchors.get(link.fragment.lower())
            if destination is None or destination == main_rel:
                continue
            text = d.line_text(link.line)
            new_target = (
                posixpath.relpath(destination, posixpath.dirname(rel)) + "#" + link.fragment
            )
            new_text = text.replace(f"]({link.target})", f"]({new_target})")
            out.setdefault(rel, []).append(Edit.replace(link.line, link.line + 1, [new_text]))
    return out


def split(
    ws: Workspace,
    number: int,
    *,
    by: str | None = None,
    path: str | None = None,
    dry_run: bool = False,
) -> tuple[Plan, Result]:
    """Split proposal ``number``; with ``dry_run`` only plan it."""
    result = Result(number=number)
    with ws.locked(f"split {number}"):
        the_plan = plan(ws, number, by=by, path=path)
        result.warnings += the_plan.warnings
        if dry_run:
            return the_plan, result
        doc = ws.document(the_plan.main)
        nl = doc.newline
        for out_path in the_plan.files:
            if out_path != the_plan.main:
                ws.create(out_path, Document(the_plan.text(out_path, nl)))
                result.changed.append((out_path, f"{len(the_plan.files[out_path])} lines"))
        text = the_plan.text(the_plan.main, nl)
        if doc.lines and not doc.lines[-1].endswith(("\n", "\r")):
            text = text[: -len(nl)]
        ws.write(the_plan.main, Document(text, bom=doc.bom))
        result.changed.append(
            (the_plan.main, f"main document: {len(the_plan.files[the_plan.main])} lines")
        )
        for rel, edits in the_plan.other_edits.items():
            ws.write(rel, ws.document(rel).edit(edits))
            result.changed.append((rel, f"{len(edits)} link(s) to moved headings"))
    return the_plan, result
