"""Structure: S001-S010."""

from __future__ import annotations

import re

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, WARNING, Rule
from bepkit.model.document import Document
from bepkit.model.document.links import strip_inline
from bepkit.model.sections import find, matched_sections, specs_for, structure_of
from bepkit.model.workspace import MainDoc, Proposal, Workspace
from bepkit.profiles import SEGMENTED

__all__ = [
    "check",
    "check_conflicts",
    "check_one_h1",
    "check_title_number",
    "conflict_lines",
    "template_lines",
]


RULES = [
    Rule(
        "S001",
        "missing-section",
        ERROR,
        "a required section is missing",
        "The guide's sections (configuration: `sections`, `required_sections`). A heading\n"
        "counts when it names the section leniently: numbering, case, a suffix, an H1, or a\n"
        "name real documents use for it (`Goal` for Motivation, `Decision Summary` for\n"
        "Decision Log).",
    ),
    Rule(
        "S002",
        "missing-recommended-section",
        WARNING,
        "a recommended section is missing",
        "Sections of the guide that most proposals have (configuration:\n`recommended_sections`).",
    ),
    Rule(
        "S003",
        "section-name-variant",
        WARNING,
        "a section named loosely",
        "The heading names a guide section with numbering, another case, a suffix, at H1,\n"
        "or by another name. It counts as the section; the finding says how to name it.",
    ),
    Rule(
        "S004",
        "section-order",
        WARNING,
        "sections out of the guide's order",
        "The guide orders sections: Related Issues, Motivation, Current Design, Proposed\n"
        "Design, Migration / Compatibility, Implementation Plan, Decision Log, Open Questions,\n"
        "References.",
    ),
    Rule(
        "S005",
        "placeholder-title",
        ERROR,
        "the template's `# Title` is left in",
        "The H1 is the proposal's title, not the template's placeholder.",
    ),
    Rule(
        "S006",
        "multiple-h1",
        WARNING,
        "more than one H1",
        "The H1 is the title; sections are `##`.",
    ),
    Rule(
        "S007",
        "missing-title",
        ERROR,
        "no H1 title",
        "A main document has one H1: the proposal's title.",
    ),
    Rule(
        "S008",
        "template-text",
        ERROR,
        "the template's example or placeholder text is left in",
        "Lines copied from the template (its `Example:` blocks and placeholder sentences)\n"
        "are replaced with the proposal's own text.",
    ),
    Rule(
        "S009",
        "section-length",
        WARNING,
        "a section far outside the guide's length",
        "The guide gives a length for most sections (Motivation 10-30 lines, ...). A section\n"
        "three times longer than the guide's upper bound is reported.",
    ),
    Rule(
        "S010",
        "empty-section",
        WARNING,
        "a required section is empty",
        "A required section has a heading but no text.",
    ),
    Rule(
        "S011",
        "merge-conflict",
        ERROR,
        "an unresolved merge conflict",
        "A line starting with `<<<<<<<` (outside code) is what git leaves where a merge\n"
        "conflicted. Resolve the conflict: keep the text that is right, remove the markers.",
    ),
    Rule(
        "S012",
        "title-number",
        WARNING,
        "the title names another number than the document's",
        "A title that starts with the proposal's identifier (`# BEP-1055: Title`, or an\n"
        "ADR's `# 3. Title`) names the number of the file it is in. After a renumber\n"
        "done by hand the old number stays in the title, and readers and search find the\n"
        "proposal under a number it no longer has (`bep renumber` rewrites it).",
    ),
]

_CONFLICT_RE = re.compile(r"^<{7}(?: |$)")
_FENCE_RE = re.compile(r"^>?\s*(```|~~~)")
_LETTERS_RE = re.compile(r"[^\W\d_]")


def template_lines(ws: Workspace) -> tuple[frozenset[str], frozenset[str]]:
    """Body lines of the configured template: (lines that start a finding, all lines).

    A run of template lines is reported when it holds at least one line with
    some words in it (a placeholder sentence, an example line); shorter lines of
    the template (``>``, a fence, ``self,``) only continue a run.
    """
    rel = ws.config.template
    if not ws.is_file(rel):
        return frozenset(), frozenset()
    doc = ws.document(rel)
    # the template's own headings and tables are the document's too; headings inside
    # its example block quotes are example text
    headings = {
        i for b in doc.blocks if b.kind == "heading" and b.level == 0 for i in range(b.start, b.end)
    }
    tables = {
        i for b in doc.blocks if b.kind == "table" and b.level == 0 for i in range(b.start, b.end)
    }
    significant = set()
    every = set()
    for i in range(doc.body_start, len(doc.lines)):
        text = doc.line_text(i).strip()
        if i in headings or i in tables or not text:
            continue
        every.add(text)
        if not _FENCE_RE.match(text) and (
            len(_LETTERS_RE.findall(text)) >= 6 or text == "Example:"
        ):
            significant.add(text)
    return frozenset(significant), frozenset(every)


def check(ctx: Context, p: Proposal, main: MainDoc, doc: Document) -> None:
    rel = main.rel
    if not doc.text:
        return
    h1s = [h for h in doc.headings if h.depth == 1]
    if not h1s:
        ctx.add("S007", rel, doc.body_start + 1, "no H1 title")
    else:
        if h1s[0].text.strip().lower() in {t.lower() for t in ctx.config.placeholder_titles}:
            ctx.add(
                "S005",
                rel,
                h1s[0].line + 1,
                f"the title is the template's placeholder {h1s[0].text!r}",
            )
        check_one_h1(ctx, rel, doc)
    _check_sections(ctx, p, rel, doc)


def check_one_h1(ctx: Context, rel: str, doc: Document) -> None:
    """S006, for main documents and sub-documents alike."""
    h1s = [h for h in doc.headings if h.depth == 1]
    if len(h1s) > 1:
        ctx.add(
            "S006",
            rel,
            h1s[1].line + 1,
            f"{len(h1s)} H1 headings; only the title is an H1",
            hint="use ## for sections",
            key="more than one H1",
        )
    _check_template_text(ctx, rel, doc)


def _check_sections(ctx: Context, p: Proposal, rel: str, doc: Document) -> None:
    """The sections of the document's own structure (classic, tech-spec, ...)."""
    structure = structure_of(doc, ctx.config)
    specs = specs_for(ctx.config, structure)
    order = {s: i for i, s in enumerate(specs)}
    matched = matched_sections(doc, ctx.config, structure)
    found = {m.spec.role for _, m in matched}
    top = (doc.headings[0].line + 1) if doc.headings else 1
    what = "" if structure == ctx.config.default_structure else f" of a {structure} proposal"
    asked = {structure, SEGMENTED} if p.segmented else {structure}
    for spec in specs:
        if spec.role in found or (p.segmented and spec.segmented != "main"):
            continue
        if find(doc, spec.role, ctx.config) is not None:
            continue  # there, under the name another structure gives it (a mixed document)
        if asked & set(spec.required):
            ctx.add("S001", rel, top, f"missing section {spec.name!r}{what}")
        elif asked & set(spec.recommended):
            ctx.add("S002", rel, top, f"missing section {spec.name!r}{what} (recommended)")
    latest: tuple[int, str] | None = None
    seen: set[str] = set()
    for section, m in matched:
        again = m.spec.role in seen  # a second section of one role is not out of order
        seen.add(m.spec.role)
        line = section.start + 1
        heading = f"{'#' * section.depth} {section.title}"
        if m.alias or section.depth == 1:
            how = "under another name" if m.alias else "as an H1"
            ctx.add(
                "S003",
                rel,
                line,
                f"{heading!r} is the section {m.spec.name!r} {how}",
                hint=f"write '## {m.spec.name}'",
            )
        position = order[m.spec]
        if latest is not None and position < latest[0] and not again:
            ctx.add(
                "S004",
                rel,
                line,
                f"section {m.spec.name!r} comes after {latest[1]!r}",
                hint="the process's order: " + ", ".join(s.name for s in specs),
            )
        elif latest is None or position > latest[0]:
            latest = (position, m.spec.name)
        lines = doc.lines
        body = [i for i in range(section.body_start, section.end) if lines[i].strip()]
        if structure in m.spec.required and not body:
            ctx.add("S010", rel, line, f"section {m.spec.name!r} is empty")
        limit = m.spec.max_lines
        length = len(body)
        if limit is not None and length > 3 * limit:
            guide = f"{m.spec.min_lines or 0}-{limit}"
            ctx.add(
                "S009",
                rel,
                line,
                f"section {m.spec.name!r} has {length} lines of text; the guide suggests {guide}",
                key=f"section {m.spec.name!r} too long",
            )


def _check_template_text(ctx: Context, rel: str, doc: Document) -> None:
    significant, every = ctx.remember("template-lines", lambda: template_lines(ctx.ws))
    for run in template_runs(doc, significant, every):
        _report_run(ctx, rel, doc, run)


def template_runs(
    doc: Document, significant: frozenset[str], every: frozenset[str]
) -> list[list[int]]:
    """The runs of template lines: lines of ``every`` one after another (blank lines
    aside) outside the document's code, each starting at a ``significant`` one."""
    lines = doc.lines
    hits = [i for i in range(doc.body_start, len(lines)) if lines[i].strip() in every]
    if not hits or not significant:
        return []
    # The document's own code is not template text; the template's examples are
    # block quotes, so code inside a block quote is still compared.
    code = doc.mask(("fence", "code", "html"), top_level=True)
    runs: list[list[int]] = []
    run: list[int] = []
    for i in hits:  # only these lines are looked at twice: a document is mostly not template
        if run and (code[i] or any(lines[k].strip() for k in range(run[-1] + 1, i))):
            runs.append(run)
            run = []
        if not code[i] and (run or lines[i].strip() in significant):
            run.append(i)
    return [*runs, run] if run else runs


def _report_run(ctx: Context, rel: str, doc: Document, run: list[int]) -> None:
    """One finding per run of template lines; a lone "Example:" is the author's own."""
    if all(doc.line_text(i).strip() in ("Example:", ">") for i in run):
        return
    _report_template(ctx, rel, doc, run[0])


def _report_template(ctx: Context, rel: str, doc: Document, line: int) -> None:
    text = doc.line_text(line).strip()
    shown = text if len(text) <= 60 else text[:57] + "..."
    ctx.add(
        "S008",
        rel,
        line + 1,
        f"template text left in: {shown!r}",
        hint="replace the template's example and placeholder text with the proposal's own",
    )


def check_title_number(ctx: Context, number: int, rel: str, doc: Document) -> None:
    """S012, for main documents and sub-documents alike."""
    h1 = next((h for h in doc.headings if h.depth == 1), None)
    if h1 is None:
        return
    cfg = ctx.config
    title = strip_inline(h1.text)
    # the identifier and a separator: "BEP-1055: ...", "BEP 1055 - ..."; a title that
    # only mentions another proposal ("BEP-1016 Compatibility") names no number
    # (a number of more than 9 digits is no proposal's: never read as one)
    m = re.match(
        rf"{re.escape(cfg.prefix)}[- ]?(\d{{1,9}})\s*(?::|\s[-\u2013\u2014]\s)", title, re.I
    )
    right = cfg.ident(number)
    if m is None and cfg.numbered_titles:
        m, right = re.match(r"(\d{1,9})\.\s", title), f"{number}."
    if m is None or int(m.group(1)) == number:
        return
    ctx.add(
        "S012",
        rel,
        h1.line + 1,
        f"the title names {cfg.ident(int(m.group(1)))}; this is {cfg.ident(number)}",
        hint=f"write {right} in the title",
    )


def conflict_lines(doc: Document) -> list[int]:
    """0-based lines where a merge conflict starts (``<<<<<<<`` outside code)."""
    if "<<<<<<<" not in doc.text:
        return []
    code = doc.mask(("fence", "code"))
    return [
        i for i in range(len(doc.lines)) if not code[i] and _CONFLICT_RE.match(doc.line_text(i))
    ]


def check_conflicts(ctx: Context, rel: str, doc: Document) -> None:
    for i in conflict_lines(doc):
        ctx.add("S011", rel, i + 1, "an unresolved merge conflict starts here")
