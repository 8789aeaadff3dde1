"""context-for-ai blocks: A001-A007."""

from __future__ import annotations

from collections.abc import Callable

from bepkit.check.context import Context
from bepkit.check.fixes import Change, rewrite_entry
from bepkit.check.rule import ERROR, WARNING, Rule
from bepkit.model import derive
from bepkit.model.document import AiContext, Document
from bepkit.model.numbers import (
    parse_parent,
)
from bepkit.model.proposal import document_title
from bepkit.model.sections import normalize
from bepkit.model.segments import (
    folder_relative,
)
from bepkit.model.workspace import Folder, MainDoc, Proposal, Workspace

__all__ = ["check_main", "check_subdoc"]


RULES = [
    Rule(
        "A001",
        "missing-ai-context",
        WARNING,
        "no context-for-ai block",
        "Every main document and sub-document carries a `<!-- context-for-ai ... -->` block\n"
        "that agents read first. `bep sync --add-blocks` writes the derivable keys.",
    ),
    Rule(
        "A002",
        "ai-context-keys",
        WARNING,
        "context-for-ai keys missing or unknown for the type",
        "master-bep: scope (and detail-docs when segmented); optional key-constraints,\n"
        "key-decisions, phases. detail-doc: parent, scope; optional depends-on,\n"
        "key-decisions.",
    ),
    Rule(
        "A003",
        "detail-docs-mismatch",
        ERROR,
        "detail-docs does not match the sub-documents",
        "`detail-docs` lists the file names of the sub-documents present. `--fix` rewrites it.",
    ),
    Rule(
        "A004",
        "parent-mismatch",
        ERROR,
        "parent does not name the main document",
        "A detail-doc block's `parent` is `BEP-NNNN (Title)` of its main document.\n"
        "`--fix` corrects the title.",
    ),
    Rule(
        "A005",
        "depends-on-missing",
        ERROR,
        "depends-on names a missing file",
        "`depends-on` lists sibling sub-documents by file name.",
    ),
    Rule(
        "A006",
        "ai-context-syntax",
        ERROR,
        "a context-for-ai block that cannot be read",
        "Each line is `key: value`, `key: [a, b]`, or an indented `- item` under a key;\n"
        "`type` is master-bep or detail-doc.",
    ),
    Rule(
        "A007",
        "ai-context-key-derivable",
        WARNING,
        "a recommended context-for-ai key is missing though the document has its content",
        "The guide lists `phases`, `key-constraints` and `key-decisions` for a main\n"
        "document's block. When the document has an Implementation Plan with phases, a\n"
        "Non-goals section, or Decision Log rows, its block says so. `bep sync` writes\n"
        "`phases` and `key-decisions`; a missing key is reported only when its content exists.",
    ),
]

MASTER = "master-bep"
DETAIL = "detail-doc"
# (required, optional) keys of each block type


def _block(ctx: Context, rel: str, doc: Document, expected: str, what: str) -> AiContext | None:
    blocks = doc.ai_contexts
    if not blocks:
        ctx.add(
            "A001",
            rel,
            1,
            f"no context-for-ai block{what}",
            hint="bep sync --add-blocks writes one with the keys that can be derived",
            key="no context-for-ai block",
        )
        return None
    block = blocks[0]
    for line, text in block.problems:
        ctx.add(
            "A006", rel, line + 1, f"context-for-ai line is not 'key: value' or '- item': {text!r}"
        )
    kind = block.type
    if not kind:
        ctx.add("A006", rel, block.start + 1, "context-for-ai block without a type")
        return None
    types = ctx.config.blocks  # the block types and their keys, from the profile
    if kind not in types:
        ctx.add(
            "A006",
            rel,
            block.start + 1,
            f"unknown context-for-ai type {kind!r}",
            hint=f"one of {', '.join(types)}",
        )
        return None
    if kind != expected:
        ctx.add(
            "A006", rel, block.start + 1, f"context-for-ai type {kind!r} where {expected!r} belongs"
        )
        return None
    required, optional = types[kind].required, types[kind].recommended
    for key in required:
        if block.entry(key) is None:
            ctx.add("A002", rel, block.start + 1, f"context-for-ai ({kind}) has no {key!r}")
    for e in block.entries:
        if e.key not in required and e.key not in optional:
            ctx.add(
                "A002",
                rel,
                e.line + 1,
                f"unknown context-for-ai key {e.key!r} for {kind}",
                hint="known keys: " + ", ".join(required + optional),
            )
    return block


def check_main(ctx: Context, p: Proposal, main: MainDoc, doc: Document) -> None:
    if not doc.text:
        return
    what = f" (type: {MASTER})" if p.segmented else ""
    block = _block(ctx, main.rel, doc, MASTER, what)
    if block is None:
        return
    _check_derivable(ctx, main.rel, doc, block)
    entry = block.entry("detail-docs")
    present = sorted(folder_relative(p, s) for s in p.subdocs)
    if entry is None:
        if p.segmented:
            ctx.add(
                "A002",
                main.rel,
                block.start + 1,
                "context-for-ai (master-bep) has no 'detail-docs'",
            )
        return
    listed = entry.items
    if sorted(listed) != present:
        extra = sorted(set(listed) - set(present))
        absent = sorted(set(present) - set(listed))
        parts = []
        if extra:
            parts.append("lists missing " + ", ".join(extra))
        if absent:
            parts.append("omits " + ", ".join(absent))
        ctx.add(
            "A003",
            main.rel,
            entry.line + 1,
            "detail-docs " + "; ".join(parts or ["is out of order"]),
            hint="bep check --fix rewrites it from the sub-documents present",
        )


def _check_derivable(ctx: Context, rel: str, doc: Document, block: AiContext) -> None:
    """A007: a recommended key the document has the content for."""
    cfg = ctx.config
    recommended = cfg.blocks[MASTER].recommended if MASTER in cfg.blocks else ()
    content: dict[str, Callable[[], bool]] = {
        "phases": lambda: derive.phases(doc, cfg) > 0,
        "key-constraints": lambda: bool(derive.constraints(doc, cfg)),
        "key-decisions": lambda: bool(derive.decisions(doc, cfg)),
    }
    for key, has in content.items():
        if key in recommended and block.entry(key) is None and has():
            ctx.add(
                "A007",
                rel,
                block.start + 1,
                f"context-for-ai ({MASTER}) has no {key!r}, though the document has its content",
                hint="bep sync writes phases and key-decisions",
            )


def check_subdoc(ctx: Context, p: Proposal, folder: Folder, rel: str, doc: Document) -> None:
    block = _block(ctx, rel, doc, DETAIL, f" (type: {DETAIL})")
    if block is None:
        return
    parent = block.get("parent")
    ident = ctx.config.ident(p.number)
    if isinstance(parent, str) and parent:
        number, _ = parse_parent(parent)
        if number != p.number:
            entry = block.entry("parent")
            ctx.add(
                "A004",
                rel,
                entry.line + 1 if entry else block.start + 1,
                f"parent {parent!r} does not name the main document {ident}",
                fixable=False,
            )
    siblings = {folder_relative(p, s) for s in p.subdocs}
    entry = block.entry("depends-on")
    if entry is not None:
        for item in entry.items:
            name = item.split("#", 1)[0].strip()
            if name.startswith("./"):
                name = name[2:]
            if name and name not in siblings:
                ctx.add(
                    "A005",
                    rel,
                    entry.line + 1,
                    f"depends-on names {item!r}, which is not a sub-document",
                )


def check_parent_titles(ctx: Context) -> None:
    """The title in each detail-doc's ``parent`` is its main document's (A004, repository phase)."""
    for p in ctx.in_focus():
        if not p.mains:
            continue
        main_title = ctx.facts[p.mains[0].rel].title
        if not main_title:
            continue
        for rel in p.subdocs:
            parent = ctx.facts[rel].parent
            if parent is None:
                continue
            line, value = parent
            number, title = parse_parent(value)
            if number == p.number and (title is None or normalize(title) != normalize(main_title)):
                ctx.add(
                    "A004",
                    rel,
                    line + 1,
                    f"parent title {title!r} differs from the main document's {main_title!r}",
                    hint="bep check --fix corrects it",
                )


# -- fixes --------------------------------------------------------------------------------

FIXABLE = frozenset({"A003", "A004"})


def fix(ws: Workspace, codes: set[str], only: int | None = None) -> list[Change]:
    """``detail-docs`` of the master block (A003) and ``parent`` titles (A004)."""
    out: list[Change] = []
    for p in ws.proposals.values():
        if not p.segmented or (only is not None and p.number != only):
            continue
        if "A003" in codes:
            for main in p.mains[:1]:
                change = detail_docs_change(ws, p, main)
                if change is not None:
                    out.append(change)
        if "A004" in codes:
            out.extend(parent_changes(ws, p))
    return out


def detail_docs_change(ws: Workspace, p: Proposal, main: MainDoc) -> Change | None:
    """``detail-docs`` of the master block, from the sub-documents present (A003)."""
    doc = ws.document(main.rel)
    if not doc.ai_contexts:
        return None
    entry = doc.ai_contexts[0].entry("detail-docs")
    present = sorted(folder_relative(p, s) for s in p.subdocs)
    if entry is None or sorted(entry.items) == present:
        return None
    # keep the author's order for names still present; new ones go at the end
    value = [n for n in entry.items if n in present] + [n for n in present if n not in entry.items]
    change = Change(main.rel)
    change.add(rewrite_entry(entry, doc, value), "detail-docs: " + ", ".join(value))
    return change


def parent_changes(ws: Workspace, p: Proposal) -> list[Change]:
    """``parent: BEP-NNNN (Title)`` of each detail-doc block, with the main document's title (A004)."""
    if not p.mains:
        return []
    title = document_title(ws.document(p.mains[0].rel), ws.config)
    if not title:
        return []
    out = []
    for sub in p.subdocs:
        doc = ws.document(sub)
        if not doc.ai_contexts:
            continue
        entry = doc.ai_contexts[0].entry("parent")
        if entry is None or not isinstance(entry.value, str):
            continue
        number, old = parse_parent(entry.value)
        if number != p.number or (old is not None and normalize(old) == normalize(title)):
            continue
        value = f"{ws.config.ident(p.number)} ({title})"
        change = Change(sub)
        change.add(rewrite_entry(entry, doc, value), f"parent: {value}")
        out.append(change)
    return out
