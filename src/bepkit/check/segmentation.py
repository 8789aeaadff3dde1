"""Segmentation: G001-G007."""

from __future__ import annotations

import posixpath
import re

from bepkit.check.context import Context
from bepkit.check.fixes import Change
from bepkit.check.rule import ERROR, WARNING, Rule
from bepkit.check.structure import check_one_h1, template_lines
from bepkit.model.derive import (
    components,
    phases,
)
from bepkit.model.derived import index_lines
from bepkit.model.document import Document, Edit
from bepkit.model.document.tables import format_row
from bepkit.model.proposal import document_title
from bepkit.model.sections import find, section_depth
from bepkit.model.segments import (
    find_index,
    folder_relative,
    row_target,
    subdoc_names,
)
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = ["check_folders", "check_main", "check_subdoc"]


RULES = [
    Rule(
        "G001",
        "should-segment",
        WARNING,
        "a single-file proposal that should be segmented",
        "Segment when the document exceeds ~500 lines, when Proposed Design has 3 or more\n"
        "components (### headings), or when Implementation Plan has 3 or more phases\n"
        "(`Phase N` headings or items). Components and phases count only in a document\n"
        "longer than one sub-document may be (300 lines): a shorter one gains nothing.",
    ),
    Rule(
        "G002",
        "main-too-long",
        WARNING,
        "a segmented main document over its limit",
        "The main document of a segmented proposal is an overview under ~200 lines.",
    ),
    Rule(
        "G003",
        "subdoc-too-long",
        WARNING,
        "a sub-document over its limit",
        "Each sub-document is one work unit under ~300 lines.",
    ),
    Rule(
        "G004",
        "folder-name",
        WARNING,
        "a sub-document folder not named by the number alone",
        "The folder of sub-documents and supporting files is `BEP-NNNN/`, not\n"
        "`BEP-NNNN-title/` (directory naming rule).",
    ),
    Rule(
        "G005",
        "orphan-subdocuments",
        ERROR,
        "sub-documents without a main document",
        "A `BEP-NNNN/` folder with sub-documents needs its main document\n"
        "`BEP-NNNN-title.md` beside it.",
    ),
    Rule(
        "G006",
        "subdoc-open-questions",
        WARNING,
        "Open Questions in a sub-document",
        "Open Questions go in the main document only: one place for unresolved items.",
    ),
    Rule(
        "G007",
        "document-index",
        ERROR,
        "the Document Index does not match the sub-documents",
        "A segmented main document has a Document Index table linking each sub-document.\n"
        "`--fix` adds missing rows (and the section), and drops rows of sub-documents that\n"
        "are gone; descriptions written by people are kept.",
    ),
    Rule(
        "G008",
        "subdoc-number-prefix",
        WARNING,
        "a sub-document file name with a number prefix",
        "The guide: descriptive file names without number prefixes (`data-model.md`, not\n"
        "`01-data-model.md`); the Document Index gives the order.",
    ),
    Rule(
        "G009",
        "second-main-in-folder",
        ERROR,
        "a second main document inside the sub-document folder",
        "A sub-document with its own metadata block and the main document's title is a\n"
        "copy of the main document (often left from a split or a merge): the folder holds\n"
        "sub-documents only. Remove it, or turn it into a sub-document.",
    ),
]


def check_main(ctx: Context, p: Proposal, main: MainDoc, doc: Document) -> None:
    limits = ctx.config.limits
    total = len(doc.lines)
    if p.segmented:
        if total > limits.main:
            ctx.add(
                "G002",
                main.rel,
                1,
                f"the main document of a segmented proposal is {total} lines (limit {limits.main})",
                hint="keep the overview here and move detail into the sub-documents",
                key="main document over the limit",
            )
        _check_index(ctx, p, main, doc)
        return
    reasons = []
    if total > limits.single:
        reasons.append(f"{total} lines (over {limits.single})")
    # Components and phases count only for a document longer than one sub-document
    # may be: a shorter one gains nothing from being split.
    if total > limits.subdoc:
        n = components(doc, ctx.config)
        if n >= 3:
            reasons.append(f"{n} components in Proposed Design")
        _, template = ctx.remember("template-lines", lambda: template_lines(ctx.ws))
        k = phases(doc, ctx.config, template)
        if k >= 3:
            reasons.append(f"{k} phases in Implementation Plan")
    if reasons:
        ctx.add(
            "G001",
            main.rel,
            1,
            "should be segmented: " + ", ".join(reasons),
            hint=f"bep split {p.number} makes a main document and one sub-document per component",
            key="should be segmented",
        )


def _new_index_fits(doc: Document, p: Proposal, limit: int) -> bool:
    """G007, for its check and its fix: a new Document Index (heading, blank, two
    table lines, a row per sub-document, blank) keeps the main document within
    its limit.  A fix never pushes a document over a limit."""
    return len(doc.lines) + len(p.subdocs) + 5 <= limit


def _check_index(ctx: Context, p: Proposal, main: MainDoc, doc: Document) -> None:
    present = set(p.subdocs)
    index = find_index(doc, ctx.config, main.rel, sorted(present))
    name = ctx.config.section_name("index")
    if index is None:
        fits = _new_index_fits(doc, p, ctx.config.limits.main)
        ctx.add(
            "G007",
            main.rel,
            1,
            f"no {name} listing the {len(present)} sub-documents",
            hint="bep check --fix adds it"
            if fits
            else f"a table or list linking them, under any heading ({name} would push the "
            f"document over {ctx.config.limits.main} lines)",
            key="no Document Index",
            fixable=fits,
        )
        return
    table = index.table is not None  # a list index is the author's to edit
    for target, line in sorted(index.targets.items(), key=lambda kv: kv[1]):
        if target not in present:
            ctx.add(
                "G007",
                main.rel,
                line + 1,
                f"the {name} lists {target}, which does not exist",
                fixable=table,
            )
    missing = sorted(present - set(index.targets))
    if missing:
        ctx.add(
            "G007",
            main.rel,
            index.start + 1,
            f"the {name} does not list " + ", ".join(subdoc_names(p, missing)),
            hint="bep check --fix adds the rows" if table else None,
            fixable=table,
        )


_NUMBER_PREFIX_RE = re.compile(r"^\d+[-_. ]")


def check_folders(ctx: Context, p: Proposal) -> None:
    ident = ctx.config.ident(p.number)
    main_file = ctx.config.main_file
    if main_file:  # a proposal is a folder (a KEP): one without its main file
        for folder in p.folders:
            ctx.add(
                "G005",
                folder.rel,
                1,
                f"the folder {folder.name}/ has no {main_file}: its proposal has no document",
            )
        return
    for folder in p.folders:
        if folder.name != ident:
            where = (folder.subdocs or folder.supporting or [folder.rel])[0]
            ctx.add(
                "G004",
                where,
                1,
                f"the folder {folder.name}/ is not named {ident}/",
                hint="the folder of a proposal is named by its number alone",
            )
        main_title = ctx.facts[p.mains[0].rel].title if p.mains else None
        numbered = [s for s in folder.subdocs if _NUMBER_PREFIX_RE.match(s.rsplit("/", 1)[-1])]
        for sub in folder.subdocs:
            name = sub.rsplit("/", 1)[-1]
            # an ordering scheme: several numbered names, or a zero-padded one
            # ("2-tier-storage.md" alone is a name that starts with a number word)
            if sub in numbered and (len(numbered) >= 2 or name.startswith("0")):
                ctx.add(
                    "G008",
                    sub,
                    1,
                    f"the sub-document name {name} starts with a number",
                    hint="use a descriptive name; the Document Index gives the order",
                )
            facts = ctx.facts.get(sub)
            if facts is not None and facts.status and main_title and facts.title == main_title:
                ctx.add(
                    "G009",
                    sub,
                    1,
                    f"{name} has its own metadata and the main document's title: "
                    "a second main document",
                    hint=f"the main document is {p.mains[0].rel}",
                )
        if folder.subdocs and not p.mains:
            ctx.add(
                "G005",
                folder.subdocs[0],
                1,
                f"sub-documents in {folder.name}/ have no main document {ident}-*.md",
            )


def check_subdoc(ctx: Context, p: Proposal, rel: str, doc: Document) -> None:
    check_one_h1(ctx, rel, doc)
    total = len(doc.lines)
    if total > ctx.config.limits.subdoc:
        ctx.add(
            "G003",
            rel,
            1,
            f"the sub-document is {total} lines (limit {ctx.config.limits.subdoc})",
            hint="split it into work units",
            key="sub-document over the limit",
        )
    section = find(doc, "open-questions", ctx.config)
    if section is not None:
        name = ctx.config.section_name("open-questions")
        ctx.add(
            "G006",
            rel,
            section.start + 1,
            f"{name} belong in the main document only",
            hint=f"move them to the main document's {name}",
        )


# -- fixes --------------------------------------------------------------------------------

FIXABLE = frozenset({"G007"})


def fix(ws: Workspace, codes: set[str], only: int | None = None) -> list[Change]:
    """Document Index rows for the sub-documents present (G007)."""
    out = []
    for p in ws.proposals.values():
        if "G007" in codes and p.segmented and (only is None or p.number == only):
            for main in p.mains[:1]:
                change = index_change(ws, p, main)
                if change is not None:
                    out.append(change)
    return out


def _description(ws: Workspace, rel: str) -> str:
    doc = ws.document(rel)
    if doc.ai_contexts:
        scope = doc.ai_contexts[0].get("scope")
        if isinstance(scope, str) and scope:
            return scope
    title = document_title(doc, ws.config)
    return title or ""


def index_change(ws: Workspace, p: Proposal, main: MainDoc) -> Change | None:
    """Document Index rows for the sub-documents present (G007)."""
    doc = ws.document(main.rel)
    present = sorted(p.subdocs)
    if not present:
        return None
    change = Change(main.rel)
    base = posixpath.dirname(main.rel)
    index = find_index(doc, ws.config, main.rel, present)

    def row_for(sub: str) -> str:
        name = folder_relative(p, sub)
        link = "./" + posixpath.relpath(sub, base or ".")
        return format_row([f"[{name.removesuffix('.md')}]({link})", _description(ws, sub)])

    if index is None:
        if not _new_index_fits(doc, p, ws.config.limits.main):
            return None
        lines = index_lines(ws.config, [row_for(s) for s in present], section_depth(doc))
        from bepkit.model.edits import section_position  # the fix only

        at = section_position(doc, ws.config, "index")
        if at > 0 and doc.line_text(at - 1).strip():
            lines.insert(0, "")
        change.add(
            Edit.insert(at, [*lines, ""]), f"added a Document Index of {len(present)} sub-documents"
        )
        return change
    table = index.table
    if table is None:
        return None
    listed = index.targets
    keep = [
        r
        for r in table.rows
        if (target := row_target(main.rel, r.cells)) is None or target in present
    ]
    kept_lines = [doc.line_text(r.line) for r in keep]
    missing = [s for s in present if s not in listed]
    rows = kept_lines + [row_for(s) for s in missing]
    current = [doc.line_text(r.line) for r in table.rows]
    if rows == current:
        return None
    dropped = [t for t in listed if t not in present]
    start = table.start + 2
    change.add(
        Edit.replace(start, table.end, rows),
        "Document Index: "
        + "; ".join(
            part
            for part in (
                ("added " + ", ".join(folder_relative(p, s) for s in missing)) if missing else "",
                ("dropped " + ", ".join(dropped)) if dropped else "",
            )
            if part
        ),
    )
    return change
