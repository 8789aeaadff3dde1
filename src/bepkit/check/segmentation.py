"""Segmentation: G001-G007."""

from __future__ import annotations

from bepkit.check import Context
from bepkit.model.derive import components, phases
from bepkit.model.document import Document
from bepkit.model.sections import find
from bepkit.model.segments import document_index, index_targets, subdoc_names
from bepkit.model.workspace import MainDoc, Proposal

__all__ = ["check_folders", "check_main", "check_subdoc"]


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
        k = phases(doc, ctx.config)
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


def _check_index(ctx: Context, p: Proposal, main: MainDoc, doc: Document) -> None:
    present = set(p.subdocs)
    index = document_index(doc, ctx.config)
    if index is None:
        ctx.add(
            "G007",
            main.rel,
            1,
            f"no Document Index listing the {len(present)} sub-documents",
            hint="bep check --fix adds it",
            key="no Document Index",
        )
        return
    listed = index_targets(main.rel, doc, index)
    for target, line in sorted(listed.items(), key=lambda kv: kv[1]):
        if target not in present:
            ctx.add(
                "G007",
                main.rel,
                line + 1,
                f"the Document Index lists {target}, which does not exist",
            )
    missing = sorted(present - set(listed))
    if missing:
        ctx.add(
            "G007",
            main.rel,
            index.start + 1,
            "the Document Index does not list " + ", ".join(subdoc_names(p, missing)),
            hint="bep check --fix adds the rows",
        )


def check_folders(ctx: Context, p: Proposal) -> None:
    ident = ctx.config.ident(p.number)
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
        if folder.subdocs and not p.mains:
            ctx.add(
                "G005",
                folder.subdocs[0],
                1,
                f"sub-documents in {folder.name}/ have no main document {ident}-*.md",
            )


def check_subdoc(ctx: Context, p: Proposal, rel: str, doc: Document) -> None:
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
