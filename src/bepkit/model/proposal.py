"""Reading a proposal the way the process describes it.

Title, metadata, Decision Log rows and Open Questions, from documents written
by hand: these functions accept the variants real documents use and never
fail on a document they do not understand — they return less.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass

from bepkit.config import Config
from bepkit.jira import issue_key_re
from bepkit.model import sections
from bepkit.model.document import Document, Section
from bepkit.model.document.links import strip_inline
from bepkit.model.document.tables import Table
from bepkit.model.metadata import metadata_of

__all__ = [
    "Decision",
    "Question",
    "decision_log",
    "document_title",
    "jira_key",
    "meta",
    "open_questions",
    "question_id",
    "questions",
    "status_of",
]

_CHECKBOX_RE = re.compile(r"^\[([ xX])\]\s+")


def document_title(doc: Document, config: Config) -> str | None:
    """The H1 without a ``BEP-NNNN:`` prefix; None for a missing or placeholder title."""
    title = doc.title
    if title is None:
        return None
    plain = strip_inline(title)
    ident = rf"^{re.escape(config.prefix)}[- ]?\d+\s*[:.\-\u2013\u2014]?\s*"
    plain = re.sub(ident, "", plain, flags=re.I)
    if config.numbered_titles:  # "# 2. Use PostgreSQL"
        plain = re.sub(r"^\d+\.\s+", "", plain)
    if not plain or plain.lower() in {t.lower() for t in config.placeholder_titles}:
        return None
    return plain


def meta(doc: Document, config: Config, role: str) -> str:
    """The value of the metadata key with ``role`` ('' when absent), wherever the
    process keeps it."""
    md = metadata_of(doc, config)
    entry = md.first(config.keys(role)) if md is not None else None
    return entry.text if entry is not None else ""


def status_of(doc: Document, config: Config) -> str:
    return meta(doc, config, "status")


@dataclass(frozen=True, slots=True)
class Decision:
    line: int
    date: str
    decision: str
    rationale: str
    cells: tuple[str, ...]


def decision_log_section(doc: Document, config: Config) -> Section | None:
    return sections.find(doc, "decisions", config)


def decision_log(doc: Document, config: Config) -> list[Decision]:
    """The rows of the first table in the Decision Log section."""
    section = decision_log_section(doc, config)
    if section is None:
        return []
    tables = doc.tables(section.body_start, section.end)
    if not tables:
        return []
    table = tables[0]
    date_i = table.column("date", "when")
    decision_i = table.column("decision", "decisions", "what")
    rationale_i = table.column("rationale", "reason", "why")
    out = []
    for row in table.rows:
        out.append(
            Decision(
                row.line,
                row.cell(date_i) if date_i is not None else "",
                row.cell(decision_i if decision_i is not None else (1 if date_i == 0 else 0)),
                row.cell(rationale_i) if rationale_i is not None else "",
                tuple(row.cells),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Question:
    line: int
    end: int  # exclusive
    text: str  # first line, without marker or checkbox
    marker: str  # "-", "1.", "###" ...
    checked: bool | None  # for checkbox items
    settled: bool = False  # under a Resolved sub-heading, struck through, or marked

    @property
    def id(self) -> str:
        """A short name from the question's words: it survives every other edit
        (numbers shift when a question above goes; the words do not)."""
        return question_id(self.text)


def question_id(text: str) -> str:
    words = " ".join(strip_inline(text).lower().split())
    return "q" + hashlib.sha1(words.encode("utf-8", "surrogateescape")).hexdigest()[:6]


def open_questions_section(doc: Document, config: Config) -> Section | None:
    return sections.find(doc, "open-questions", config)


def questions(doc: Document, config: Config) -> list[Question]:
    """Every question in the Open Questions section, settled ones included.

    The questions are the top-level list items (bullets, numbers, checkboxes)
    and the rows of a table of questions, or without any, the sub-headings.  One
    is settled when it sits under a sub-heading the process names settled
    ("Resolved"), is struck through or starts with a settled mark, is a checked
    box, or its row's status says so.
    """
    section = open_questions_section(doc, config)
    if section is None:
        return []
    inside = _subsections(doc, section)
    settled_at = [
        (s.start, s.end) for s in inside if _settled_heading(strip_inline(s.title), config)
    ]

    def under_settled(line: int) -> bool:
        return any(start <= line < end for start, end in settled_at)

    out: list[Question] = []
    lists = [
        b
        for b in doc.blocks
        if b.kind == "list" and b.level == 0 and section.body_start <= b.start < section.end
    ]
    for lst in lists:
        for b in doc.blocks:
            if b.kind == "item" and b.level == 1 and lst.start <= b.start < lst.end:
                first = doc.line_text(b.start).lstrip()
                text = first[len(b.text) :].strip()
                checked: bool | None = None
                m = _CHECKBOX_RE.match(text)
                if m:
                    checked = m.group(1) != " "
                    text = text[m.end() :]
                settled = bool(checked) or under_settled(b.start) or _marked(text, config)
                out.append(Question(b.start, b.end, text, b.text, checked, settled))
    for table in doc.tables(section.body_start, section.end):
        column = question_column(table)
        if column is None:
            continue
        state = table.column(*_STATE_COLUMNS)
        for row in table.rows:
            text = row.cell(column)
            status = row.cell(state) if state is not None else ""
            settled = (
                under_settled(row.line)
                or _marked(text, config)
                or (bool(status) and (_marked(status, config) or _settled_heading(status, config)))
            )
            out.append(Question(row.line, row.line + 1, text, TABLE_ROW, None, settled))
    if out:
        return sorted(out, key=lambda q: q.line)
    for s in inside:
        if (
            s.parent is not None
            and doc.sections[s.parent] is section
            and not _settled_heading(s.title, config)
        ):
            settled = under_settled(s.start) or _marked(s.title, config)
            out.append(Question(s.start, s.end, s.title, "#" * s.depth, None, settled))
    return out


TABLE_ROW = "|"  # the marker of a question that is a table row
# the header of the column that holds the question; else the first column that is
# not one of the numbering ones
_QUESTION_COLUMNS = ("question", "questions", "open question", "topic", "item", "issue")
_STATE_COLUMNS = ("status", "state")


def question_column(table: Table) -> int | None:
    """The column of a table in the Open Questions section that holds the
    questions (None: the table is not one of questions, a comparison of options say)."""
    header = [strip_inline(h).strip().lower() for h in table.header]
    if any(h in _QUESTION_COLUMNS for h in header):
        return next(i for i, h in enumerate(header) if h in _QUESTION_COLUMNS)
    if table.numbered() and len(header) > 1:
        return 1
    return None


def open_questions(doc: Document, config: Config) -> list[Question]:
    """The questions still open (see ``questions``)."""
    return [q for q in questions(doc, config) if not q.settled]


def _subsections(doc: Document, section: Section) -> list[Section]:
    """The sections nested in ``section``, at any depth."""
    out: list[Section] = []
    for s in doc.sections:
        parent = s.parent
        while parent is not None and doc.sections[parent] is not section:
            parent = doc.sections[parent].parent
        if parent is not None:
            out.append(s)
    return out


def _settled_heading(title: str, config: Config) -> bool:
    words = sections.normalize(title)
    return any(
        words == h or words.startswith(h + " ")
        for h in map(sections.normalize, config.settled.headings)
    )


def _marked(text: str, config: Config) -> bool:
    lowered = text.lstrip().lower()
    return any(lowered.startswith(mark.lower()) for mark in config.settled.marks)


# -- status notes: the lines `bep status` writes under the title -----------------------

_REASON_WORDS_RE = re.compile(
    r"(?:rejection reason|reason for rejection|rejected|reason|cancellation reason|cancelled)",
    re.I,
)


def _skip(text: str, at: int, extra: str = "*") -> int:
    """The first index from ``at`` that is neither whitespace nor in ``extra``."""
    while at < len(text) and (text[at].isspace() or text[at] in extra):
        at += 1
    return at


def _reason_of(line: str) -> str | None:
    """The reason of a ``> **Rejected**: ...`` or ``Reason (2026-01-02): ...`` line.

    Read by a scan, not one pattern: runs of spaces, stars and quote marks
    between the parts made a single pattern cubic on a line of spaces."""
    at = _skip(line, 0, "*>")
    m = _REASON_WORDS_RE.match(line, at)
    if m is None:
        return None
    at = _skip(line, m.end())
    if at < len(line) and line[at] == "(":
        close = line.find(")", at)
        if close < 0:
            return None
        at = _skip(line, close + 1)
    if at >= len(line) or line[at] not in ":\u2013\u2014-":
        return None
    rest = line[_skip(line, at + 1) :].strip()
    return rest or None


def _prose_lines(doc: Document) -> list[int]:
    code = doc.mask(("fence", "code", "html"))
    return [i for i in range(doc.body_start, len(doc.lines)) if not code[i]]


def rejection_reason(doc: Document) -> str | None:
    """The written reason of a rejected proposal: a ``Rejected: ...`` line, or a
    section titled like "Rejection Reason" with text in it."""
    for i in _prose_lines(doc):
        reason = _reason_of(doc.line_text(i))
        if reason and reason.strip("*_ "):
            return reason
    for s in doc.sections:
        t = sections.normalize(s.title)
        if "reject" in t or "cancel" in t:
            for i in range(s.body_start, s.end):
                if doc.line_text(i).strip():
                    return doc.line_text(i).strip()
    return None


def linked_numbers(doc: Document, config: Config, phrase: str) -> list[tuple[int, int]]:
    """(line, number) of links to other proposals on lines containing ``phrase``."""
    out = []
    phrase = phrase.lower()
    for link in doc.links:
        line = re.sub(r"[*_]", "", doc.line_text(link.line)).lower()
        if not link.is_relative or phrase not in line:
            continue
        number = number_of_path(link.path, config)
        if number is not None:
            out.append((link.line, number))
    return out


def number_of_path(path: str, config: Config) -> int | None:
    """The number of the proposal a path names (its file, its folder, or the
    folder's main file), by the profile's ``name``."""
    parts = [p for p in path.split("/") if p]
    if not parts:
        return None
    last = parts[-1]
    if config.main_file and last == config.main_file and len(parts) > 1:
        last = parts[-2]
    if last.lower().endswith(".md"):
        last = last[:-3]
    m = config.name_regex.match(last)
    return int(m.group("number")) if m else None


def meta_numbers(doc: Document, config: Config, role: str) -> list[tuple[int, int]]:
    """(line, number) of the proposals a metadata value names: ``BEP-1050`` or
    ``1050`` alone, a link or path to its file or folder, or a URL into the
    proposals folder.  Other numbers (a pull request's URL) name no proposal."""
    md = metadata_of(doc, config)
    key = config.key(role)
    entry = md.entry(key) if md is not None and key else None
    if entry is None:
        return []
    ident_re = re.compile(rf"^(?:{re.escape(config.prefix)}-?)?(\d{{1,9}})$", re.I)
    own = config.number_in(doc.path) if doc.path else None
    out: list[int] = []
    for raw in entry.items or (entry.value,):
        for token in _REF_TOKEN_RE.findall(raw):
            token = token.strip("\"'<>()[],;").rstrip(".")
            m = ident_re.match(token)
            number = int(m.group(1)) if m else None
            if number is None and "://" in token:
                _, found, rest = token.partition(f"/{config.proposals_dir.strip('/')}/")
                number = config.number_in(f"{config.proposals_dir}/{rest}") if found else None
            elif number is None and ("/" in token or token.lower().endswith(".md")):
                base = posixpath.dirname(entry.path or doc.path)
                target = (
                    token.lstrip("/")
                    if token.startswith("/")
                    else posixpath.normpath(posixpath.join(base, token))
                )
                number = config.number_in(target)
            if number is not None and number != own and number not in out:
                out.append(number)
    return [(entry.line, n) for n in out]


# the words of a metadata value, a link's text and target apart: "[BEP-1](x.md), 2"
_REF_TOKEN_RE = re.compile(r"[^\s,\[\]()]+")


def _union(*groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    seen: set[int] = set()
    out = []
    for group in groups:
        for line, number in group:
            if number not in seen:
                seen.add(number)
                out.append((line, number))
    return out


def successors(doc: Document, config: Config) -> list[tuple[int, int]]:
    """Proposals this one is superseded by: (line, number), from a "Superseded by"
    link or the metadata key with the ``superseded-by`` role."""
    return _union(
        linked_numbers(doc, config, "superseded by"), meta_numbers(doc, config, "superseded-by")
    )


def predecessors(doc: Document, config: Config) -> list[tuple[int, int]]:
    """Proposals this one supersedes: (line, number), from a "Supersedes" link or
    the metadata key with the ``supersedes`` role."""
    return _union(
        linked_numbers(doc, config, "supersedes"), meta_numbers(doc, config, "supersedes")
    )


def jira_key(doc: Document, config: Config) -> str | None:
    """The proposal's JIRA key as its Related Issues section gives it: the one key
    there (or on the line that says JIRA); None when there is none or it is unclear."""
    section = sections.find(doc, "related-issues", config)
    if section is None:
        return None
    pattern = issue_key_re(config.jira.project)
    lines = [doc.line_text(i) for i in range(section.body_start, section.end)]
    keys: list[str] = list(dict.fromkeys(m.group() for ln in lines for m in pattern.finditer(ln)))
    if len(keys) == 1:
        return keys[0]
    labelled = {m.group() for ln in lines if "jira" in ln.lower() for m in pattern.finditer(ln)}
    return labelled.pop() if len(labelled) == 1 else None
