"""Reading bundles for agents: the slice of a proposal a task needs.

The guide's "AI Agent Working Pattern": read the main document's
context-for-ai block, status, Decision Log and Open Questions, the Document
Index, then only the sub-documents of the task.  ``bundle`` assembles exactly
that for a task named by sub-documents (``docs``, following their
``depends-on``), a phase of the Implementation Plan (its entry, and the
sub-documents it links or clearly names), or a topic (clear matches only).
The other parts of the proposal are listed with their size and the call that
returns only that part (``sections``).  Every part carries its file and line
range.  Under a budget the asked-for parts are never dropped; other parts go
least relevant first, an oversized one cut at its own sub-headings.

Tokens are counted by ``bepkit.tokens``: o200k when ``bpe-openai`` is
installed, else an estimate that does not under-count any script by more
than 5 %.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from bepkit.actions.authoring import select
from bepkit.actions.info import list_entries
from bepkit.errors import BepError
from bepkit.model.derive import phase_entry, scope
from bepkit.model.document import Document, Section
from bepkit.model.document.links import strip_inline
from bepkit.model.metadata import metadata_of
from bepkit.model.proposal import document_title, open_questions_section, questions, status_of
from bepkit.model.sections import find, locate, matched_sections, outline, structure_of
from bepkit.model.segments import folder_relative, index_section, resolve
from bepkit.model.workspace import Proposal, Workspace
from bepkit.tokens import count

__all__ = [
    "Bundle",
    "Part",
    "bundle",
    "clear_match",
    "find_subdoc",
    "registry",
    "relevance",
    "tokens",
    "words",
]

# how relevant a part of the main document is without a task, by its role
_ORDER = {"plan": 3, "motivation": 4, "related-issues": 6, "references": 7}
CLEAREST = 0.75  # a topic's match stays within this share of the best match's score
_WORD_RE = re.compile(r"[^\W_]+")  # hyphens, underscores, dots and slashes split words
_PHASE_WORD_RE = re.compile(r"\bphase\s*([0-9]+|[ivx]+)\b", re.I)


def tokens(text: str) -> int:
    """Tokens of ``text`` (o200k when installed, else an estimate: ``bepkit.tokens``)."""
    return count(text)


@dataclass
class Part:
    title: str
    path: str
    start: int  # first line, from 1
    end: int  # last line
    text: str
    kind: str  # header, decisions, questions, index, plan, section, subdoc
    priority: float = 0.0
    must: bool = False
    tokens: int = 0
    how: str = ""  # the call that returns just this part
    score: float = 0.0  # how well it matches the topic (0: not asked by topic)

    def __post_init__(self) -> None:
        self.tokens = tokens(self.text)

    @property
    def label(self) -> str:
        if not self.start:
            return f"not in `{self.path}`"
        return f"`{self.path}` lines {self.start}-{self.end}"


@dataclass
class Bundle:
    number: int
    title: str
    status: str
    parts: list[Part] = field(default_factory=list)
    omitted: list[Part] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    budget: int | None = None

    @property
    def total(self) -> int:
        return sum(p.tokens for p in self.parts)

    def markdown(self) -> str:
        out = [f"> {p.label}\n\n{p.text.rstrip(chr(10))}\n" for p in self.parts]
        tail: list[str] = [f"- {note}" for note in self.notes]
        if self.omitted:
            if self.budget is not None:
                tail.append(f"- Budget {self.budget} tokens; about {self.total} used.")
            tail += [
                f"- {p.title} ({p.label}, ~{p.tokens} tokens): `{p.how}`" for p in self.omitted
            ]
        if tail:
            out.append("## Not included (fetch what you need)\n\n" + "\n".join(tail) + "\n")
        return "\n".join(out)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "budget": self.budget,
            "tokens": self.total,
            "token_count": _method(),
            "parts": [asdict(p) for p in self.parts],
            "omitted": [{k: v for k, v in asdict(p).items() if k != "text"} for p in self.omitted],
            "notes": self.notes,
        }


def _method() -> str:
    from bepkit.tokens import method

    return method()


def words(text: str) -> set[str]:
    """The words of ``text`` for ranking: lowercase, split at any non-letter
    (``stale-kernel_detection.md`` is four words), Latin words of three letters
    or more, any word in other scripts, a final ``s`` dropped."""
    out = set()
    for w in _WORD_RE.findall(text.lower()):
        if w.isascii() and (len(w) < 3 or w.isdigit()):
            continue
        out.add(w[:-1] if w.isascii() and len(w) > 3 and w.endswith("s") else w)
    return out


def relevance(topic: set[str], title: str, text: str) -> float:
    """How much of the topic a part covers: title words count five times."""
    if not topic:
        return 0.0
    title_words = words(title)
    text_words = words(text)
    covered = len(topic & (text_words | title_words))
    return covered / len(topic) + 5 * len(topic & title_words) / len(topic)


def clear_match(topic: set[str], title: str, text: str) -> bool:
    """A part is a clear match when its title (or file name) holds a topic word,
    or its text holds every topic word."""
    return bool(topic) and bool(topic & words(title) or topic <= words(text))


def _lines(doc: Document, start: int, end: int) -> str:
    return "".join(doc.lines[start:end])


def _header(ws: Workspace, p: Proposal, rel: str, doc: Document) -> Part:
    cfg = ws.config
    title = document_title(doc, cfg) or ""
    lines = [f"# {cfg.ident(p.number)}: {title}"]
    end = 1
    md = metadata_of(doc, cfg)  # wherever the process keeps it
    if md is not None:
        lines.append("")
        lines += [f"- {k}: {v}" for k, v in md.as_dict().items() if v]
        if doc.frontmatter is not None:
            end = doc.body_start
    if doc.ai_contexts:
        block = doc.ai_contexts[0]
        lines += ["", _lines(doc, block.start, block.end).rstrip("\n")]
        end = max(end, block.end)
    return Part(
        "Metadata and context-for-ai", rel, 1, end, "\n".join(lines) + "\n", "header", must=True
    )


def _questions(ws: Workspace, rel: str, doc: Document, name: str) -> Part:
    """The open questions, each with the id that names it in resolve_question."""
    section = open_questions_section(doc, ws.config)
    if section is None:
        return Part(name, rel, 0, 0, f"## {name}\n\n(none)\n", "questions", must=True)
    lines = [f"## {name}", ""]
    settled = 0
    for q in questions(doc, ws.config):
        if q.settled:
            settled += 1
            continue
        rest = _lines(doc, q.line, q.end).rstrip().partition("\n")[2]
        lines.append(f"- [{q.id}] {q.text}")
        if rest.strip():
            lines.append(rest)
    if len(lines) == 2:
        lines.append("(none open)")
    if settled:
        lines += [
            "",
            f"({settled} settled question(s) not shown: resolved, struck through or checked)",
        ]
    text = "\n".join(lines) + "\n"
    return Part(name, rel, section.start + 1, section.end, text, "questions", must=True)


def _section_part(
    doc: Document, rel: str, section: Section, title: str, kind: str, how: str
) -> Part:
    return Part(
        title,
        rel,
        section.start + 1,
        section.end,
        _lines(doc, section.start, section.end),
        kind,
        how=how,
    )


def _fetch(number: int, title: str, doc: str | None = None) -> str:
    where = f" --doc {doc}" if doc else ""
    return f"bep context {number}{where} --section {_quote(title)}"


def _quote(text: str) -> str:
    return text if re.fullmatch(r"[\w.-]+", text) else '"' + text.replace('"', "'") + '"'


def bundle(
    ws: Workspace,
    number: int,
    *,
    docs: Sequence[str] = (),
    phase: str | None = None,
    sections: Sequence[str] = (),
    topic: str | None = None,
    budget: int | None = None,
    path: str | None = None,
    follow: bool = True,
) -> Bundle:
    """The reading bundle of proposal ``number`` for one task (see the module's text)."""
    cfg = ws.config
    p, chosen = select(ws, number, path)
    main_rel = chosen.rel
    main = ws.document(main_rel)
    result = Bundle(number, document_title(main, cfg) or "", status_of(main, cfg), budget=budget)
    wanted = [find_subdoc(ws, p, d) for d in docs]
    if sections:
        for name in sections:
            result.parts.append(_one_section(ws, p, main_rel, wanted, name))
        return result

    topic_words = words(topic or "")
    if phase is None and topic:
        said = _PHASE_WORD_RE.search(topic)
        if said:  # "Phase 2" names the phase: its words rank nothing else
            phase = said.group(1)
            topic_words = words(topic[: said.start()] + " " + topic[said.end() :])
    structure = structure_of(main, cfg)
    result.parts.append(_header(ws, p, main_rel, main))
    taken: set[int] = set()
    roles = {spec.role for spec in cfg.sections}  # a process may have no Decision Log
    decisions = find(main, "decisions", cfg)
    name = cfg.section_name("decisions", structure)
    if decisions is not None:
        taken.add(decisions.start)
        result.parts.append(_section_part(main, main_rel, decisions, name, "decisions", ""))
        result.parts[-1].must = True
    elif "decisions" in roles:
        result.parts.append(
            Part(
                name, main_rel, 1, 1, f"## {name}\n\n(none in {main_rel})\n", "decisions", must=True
            )
        )
    oq = open_questions_section(main, cfg)
    if oq is not None:
        taken.add(oq.start)
    if oq is not None or "open-questions" in roles:
        result.parts.append(
            _questions(ws, main_rel, main, cfg.section_name("open-questions", structure))
        )
    index = index_section(main, cfg)
    if index is not None:
        taken.add(index[0])
        result.parts.append(
            Part(cfg.section_name("index", structure), main_rel, index[0] + 1, index[1],
                 _lines(main, *index), "index", must=True)
        )  # fmt: skip

    if phase is not None:
        entry = phase_entry(main, cfg, phase)
        if entry is None:
            raise BepError(
                f"no Phase {phase} in the {cfg.section_name('plan', structure)} of {main_rel}",
                hint=f"bep context {number} --section plan shows the plan",
            )
        text = _lines(main, *entry)
        result.parts.append(
            Part(f"Phase {phase}", main_rel, entry[0] + 1, entry[1], text, "plan", must=True)
        )
        linked = _phase_subdocs(ws, p, main_rel, main, entry)
        if not linked:
            result.notes.append(
                f"Phase {phase} names no sub-document; the Document Index lists them."
            )
        wanted += [s for s in linked if s not in wanted]
    if follow:
        wanted = _with_dependencies(ws, p, wanted, result)
    task = bool(wanted or phase is not None or topic_words)

    for section, m in matched_sections(main, cfg, structure):
        taken.add(section.start)
        if section.start in {decisions.start if decisions else -1, oq.start if oq else -1} or (
            index is not None and section.start == index[0]
        ):
            continue
        part = _section_part(
            main, main_rel, section, m.spec.name, "section", _fetch(number, m.spec.name)
        )
        _place(result, part, task, topic_words, _ORDER.get(m.spec.role, 5))
    for section in main.sections:  # the document's other top sections
        if (
            section.start in taken
            or section.depth > 2
            or (section.depth == 1 and section is main.sections[0])
        ):
            continue
        title = strip_inline(section.title)
        part = _section_part(main, main_rel, section, title, "section", _fetch(number, title))
        _place(result, part, task, topic_words, 6)

    for sub in p.subdocs:
        sdoc = ws.document(sub)
        name = folder_relative(p, sub)
        text = sdoc.text if sdoc.text.endswith("\n") else sdoc.text + "\n"
        part = Part(
            f"Sub-document {name}",
            sub,
            1,
            len(sdoc.lines),
            text,
            "subdoc",
            how=f"bep context {number} --doc {name}",
        )
        if sub in wanted:
            part.must = True
            part.priority = wanted.index(sub)
            result.parts.append(part)
        elif topic_words and clear_match(topic_words, f"{sdoc.title or ''} {name}", text):
            part.score = relevance(topic_words, f"{sdoc.title or ''} {name}", text)
            part.priority = 10 - part.score
            result.parts.append(part)
        else:
            result.omitted.append(part)
    _keep_the_clearest(result)
    _trim(result, budget)
    order = {
        "header": 0,
        "decisions": 1,
        "questions": 2,
        "index": 3,
        "plan": 4,
        "section": 5,
        "subdoc": 6,
    }
    result.parts.sort(
        key=lambda part: (order[part.kind], part.path != main_rel, part.priority, part.start)
    )
    return result


def _keep_the_clearest(result: Bundle) -> None:
    """Of the parts a topic matched, only those close to the best match stay."""
    matched = [part for part in result.parts if part.score]
    if not matched:
        return
    best = max(part.score for part in matched)
    for part in matched:
        if part.score < CLEAREST * best:
            result.parts.remove(part)
            result.omitted.append(part)


def _place(result: Bundle, part: Part, task: bool, topic: set[str], base: float) -> None:
    """A part of the main document: in the bundle when there is no task (the
    whole proposal is read) or it clearly matches the topic; else listed."""
    if topic and clear_match(topic, part.title, part.text):
        part.score = relevance(topic, part.title, part.text)
        part.priority = base - 5 * part.score
        result.parts.append(part)
    elif not task:
        part.priority = base
        result.parts.append(part)
    else:
        result.omitted.append(part)


def _one_section(ws: Workspace, p: Proposal, main_rel: str, wanted: list[str], name: str) -> Part:
    """One section by role, guide name or heading: of the one sub-document asked
    for, else of the main document."""
    if len(wanted) > 1:
        raise BepError("--section reads one document: name at most one --doc")
    rel = wanted[0] if wanted else main_rel
    d = ws.document(rel)
    found = locate(d, ws.config, name)
    if found is None:
        raise BepError(f"no section {name!r} in {rel}", hint=f"sections: {outline(d)}")
    return _section_part(d, rel, found[0], found[1], "section", "")


def _phase_subdocs(
    ws: Workspace, p: Proposal, main_rel: str, main: Document, entry: tuple[int, int]
) -> list[str]:
    """The sub-documents a phase's plan entry links, or (without links) names by
    a word that is distinctive among the sub-documents (in at most a third of them)."""
    linked = []
    for link in main.links:
        if entry[0] <= link.line < entry[1] and not link.target.startswith(("#", "http")):
            target = resolve(main_rel, link.target.partition("#")[0])
            if target in p.subdocs and target not in linked:
                linked.append(target)
    if linked:
        return linked
    named = {s: words(f"{ws.document(s).title or ''} {folder_relative(p, s)}") for s in p.subdocs}
    frequency: dict[str, int] = {}
    for ws_ in named.values():
        for w in ws_:
            frequency[w] = frequency.get(w, 0) + 1
    entry_words = words(_lines(main, *entry)) - {"phase"}
    distinctive = {w for w in entry_words if 0 < frequency.get(w, 0) * 3 <= len(named)}
    return [s for s, ws_ in named.items() if ws_ & distinctive]


def _with_dependencies(ws: Workspace, p: Proposal, wanted: list[str], result: Bundle) -> list[str]:
    """``wanted`` and, transitively, the sub-documents their ``depends-on`` names."""
    out = list(wanted)
    i = 0
    while i < len(out):
        block = ws.document(out[i]).ai_contexts
        for dep in block[0].items("depends-on") if block else []:
            target = resolve(out[i], dep.strip())
            if target in p.subdocs and target not in out:
                out.append(target)
                result.notes.append(
                    f"{folder_relative(p, target)} is included: {folder_relative(p, out[i])} depends on it."
                )
        i += 1
    return out


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
    """Keep the must parts; add the others, most relevant first, while they fit;
    one that does not fit is cut at its own sub-headings."""
    candidates = sorted(result.parts, key=lambda p: (not p.must, p.priority))
    result.parts = []
    for part in candidates:
        if part.must or budget is None or result.total + part.tokens <= budget:
            result.parts.append(part)
            continue
        pieces = _pieces(part)
        for piece in pieces:
            if result.total + piece.tokens <= budget:
                result.parts.append(piece)
            else:
                result.omitted.append(piece)
        if not pieces:
            result.omitted.append(part)
    result.omitted.sort(key=lambda p: (p.priority, p.path, p.start))


def _pieces(part: Part) -> list[Part]:
    """A section cut at its next level of sub-headings (none when it has none)."""
    doc = Document(part.text)
    if not doc.sections:
        return []
    top = doc.sections[0]
    children = [s for s in doc.sections if s.parent is not None and doc.sections[s.parent] is top]
    if part.kind == "subdoc":
        children = [s for s in doc.sections if s.depth == 2] or children
    if not children:
        return []
    out = []
    head_end = children[0].start
    if _lines(doc, 0, head_end).strip():
        out.append(
            Part(
                part.title,
                part.path,
                part.start,
                part.start + head_end - 1,
                _lines(doc, 0, head_end),
                part.kind,
                part.priority,
                how=part.how,
            )
        )
    for s in children:
        title = f"{part.title} / {strip_inline(s.title)}"
        how = part.how if part.kind == "subdoc" else ""
        out.append(
            Part(
                title,
                part.path,
                part.start + s.start,
                part.start + s.end - 1,
                _lines(doc, s.start, s.end),
                part.kind,
                part.priority + 0.01,
                how=how or part.how,
            )
        )
    return out


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
