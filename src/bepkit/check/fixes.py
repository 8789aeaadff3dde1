"""The fixes of ``bep check``: derived pieces kept in step with their sources.

The registry rows (status, title, link, missing rows, order), the Document
Index of a segmented proposal, the ``detail-docs`` of its master block and the
``parent`` of each detail-doc block.  Each function returns the edits it would
make; ``bep check --fix`` and ``bep sync`` apply them.  Nothing written by a
person is removed: descriptions in the Document Index are kept, unknown rows
are kept, and a second run finds nothing to do.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bepkit.model.derive import constraints, decisions, detail_block, master_block, phases, scope
from bepkit.model.derived import index_lines
from bepkit.model.document import Document, Edit
from bepkit.model.document.aicontext import AiEntry, format_entry
from bepkit.model.document.links import strip_inline
from bepkit.model.document.tables import format_row
from bepkit.model.edits import section_position
from bepkit.model.numbers import (
    link_target,
    owner,
    parse_parent,
    relinkable,
    row_of,
    same_title,
)
from bepkit.model.proposal import document_title, status_of
from bepkit.model.registry import Registry, RegistryRow, author_name
from bepkit.model.sections import normalize, section_depth
from bepkit.model.segments import (
    document_index,
    folder_relative,
    index_targets,
    resolve,
    row_target,
)
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = [
    "FIXABLE",
    "Change",
    "apply",
    "block_changes",
    "changes",
    "key_decisions_change",
    "merge",
    "phases_change",
    "registry_change",
    "segment_changes",
    "unified_diff",
    "write",
]


@dataclass
class Change:
    """Edits to one file, with what each does (for the report)."""

    path: str
    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, edit: Edit, note: str) -> None:
        self.edits.append(edit)
        self.notes.append(note)


# -- registry -------------------------------------------------------------------------


def _link_cell(ws: Workspace, row_number_text: str, main: MainDoc) -> str:
    base = posixpath.dirname(ws.config.registry_file)
    return f"[{row_number_text}]({posixpath.relpath(main.rel, base or '.')})"


def _number_text(row: RegistryRow) -> str:
    m = re.search(r"\d+", strip_inline(row.number_cell))
    return m.group(0) if m else row.number_cell


def registry_change(ws: Workspace, codes: set[str], only: int | None = None) -> Change | None:
    """Registry fixes for the enabled ``codes`` (N002-N006, N008, N010); ``only`` one number's row."""
    reg = ws.registry
    if reg is None:
        return None
    cfg = ws.config
    change = Change(cfg.registry_file)
    registry_doc = ws.document(cfg.registry_file)
    original = [registry_doc.line_text(r.line) for r in reg.rows]
    texts: dict[int, str] = {r.line: registry_doc.line_text(r.line) for r in reg.rows}
    new_rows: list[tuple[int, str]] = []
    if only is not None:
        codes = codes - {"N008"}  # the table's order is not one proposal's business
    for p in ws.proposals.values():
        if only is not None and p.number != only:
            continue
        keeper = owner(ws, p)
        if keeper is None:
            continue
        if not p.rows:
            if "N002" in codes:
                doc = ws.document(keeper.rel)
                fm = doc.frontmatter
                title = document_title(doc, cfg) or keeper.slug.replace("-", " ")
                author = author_name(fm.get(cfg.key("author")) or "") if fm else ""
                status = (
                    cfg.status_name(status_of(doc, cfg)) or status_of(doc, cfg) or cfg.statuses[0]
                )
                text = reg.render_row(
                    _link_cell(ws, cfg.number_text(p.number), keeper), title, author, status
                )
                new_rows.append((p.number, text))
                change.notes.append(f"added the registry row of {cfg.ident(p.number)}")
            continue
        for row in p.rows:
            updates: dict[str, str] = {}
            target = link_target(ws, row)
            relink = (
                ("N010" in codes and not row.link)
                or ("N004" in codes and target is not None and ws.is_dir(target))
                or ("N003" in codes and row.link and target is not None and not ws.exists(target))
            )
            if relink and relinkable(ws, p, row):
                updates["number"] = _link_cell(ws, _number_text(row), keeper)
            main = next((m for m in p.mains if row_of(ws, p, m) is row), None)
            if main is not None:
                doc = ws.document(main.rel)
                status = status_of(doc, cfg).strip()
                wanted = cfg.status_name(status) or status
                if (
                    "N005" in codes
                    and status
                    and row.status
                    and wanted.lower() != strip_inline(row.status).lower()
                ):
                    updates["status"] = wanted
                doc_title = document_title(doc, cfg)
                if (
                    "N006" in codes
                    and doc_title
                    and row.title
                    and not same_title(doc_title, row.plain_title)
                ):
                    updates["title"] = doc_title
            if updates:
                edit = reg.update_row(row, **updates)
                if edit is not None:
                    texts[row.line] = edit.lines[0]
                    change.notes.append(
                        f"registry row {p.number}: "
                        + ", ".join(f"{k} -> {v}" for k, v in updates.items())
                    )
    ordered = _table_rows(reg, texts, new_rows, sort="N008" in codes and _out_of_order(reg))
    if ordered != original and reg.rows:
        if "N008" in codes and _out_of_order(reg):
            change.notes.append("sorted the registry rows")
        first = reg.rows[0].line
        last = reg.rows[-1].line
        change.edits.append(Edit.replace(first, last + 1, ordered))
    elif not reg.rows and new_rows:
        change.edits.append(Edit.insert(reg.table.end, [t for _, t in sorted(new_rows)]))
    return change if change.edits else None


def _out_of_order(reg: Registry) -> bool:
    keys = [(r.number is None, r.number or 0) for r in reg.rows]
    return keys != sorted(keys)


def _table_rows(
    reg: Registry, texts: dict[int, str], new_rows: list[tuple[int, str]], sort: bool
) -> list[str]:
    entries: list[tuple[int | None, str]] = [(r.number, texts[r.line]) for r in reg.rows]
    for number, text in sorted(new_rows):
        at = len(entries)
        for i, (n, _) in enumerate(entries):
            if n is None or n > number:
                at = i
                break
        entries.insert(at, (number, text))
    if sort:
        numbered = sorted((e for e in entries if e[0] is not None), key=lambda e: e[0] or 0)
        entries = numbered + [e for e in entries if e[0] is None]
    return [t for _, t in entries]


# -- segmented proposals ----------------------------------------------------------------


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
    table = document_index(doc, ws.config)

    def row_for(sub: str) -> str:
        name = folder_relative(p, sub)
        link = "./" + posixpath.relpath(sub, base or ".")
        return format_row([f"[{name.removesuffix('.md')}]({link})", _description(ws, sub)])

    if table is None:
        lines = index_lines(ws.config, [row_for(s) for s in present], section_depth(doc))
        at = section_position(doc, ws.config, "index")
        if at > 0 and doc.line_text(at - 1).strip():
            lines.insert(0, "")
        change.add(
            Edit.insert(at, [*lines, ""]), f"added a Document Index of {len(present)} sub-documents"
        )
        return change
    listed = index_targets(main.rel, doc, table)
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


def _rewrite_entry(entry: AiEntry, doc: Document, value: list[str] | str) -> Edit:
    indent = re.match(r"^\s*", doc.line_text(entry.line + 1) if entry.end > entry.line + 1 else "")
    lines = format_entry(entry.key, value, "block" if entry.style == "block" else "flow")
    if entry.style == "block" and indent is not None and indent.group(0):
        lines = [lines[0], *(indent.group(0) + ln.lstrip() for ln in lines[1:])]
    # keep a closing --> that shares the entry's last line
    last = doc.line_text(entry.end - 1)
    if "-->" in last:
        lines[-1] = lines[-1] + " -->"
    return Edit.replace(entry.line, entry.end, lines)


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
    change.add(_rewrite_entry(entry, doc, value), "detail-docs: " + ", ".join(value))
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
        change.add(_rewrite_entry(entry, doc, value), f"parent: {value}")
        out.append(change)
    return out


def phases_change(ws: Workspace, main: MainDoc) -> Change | None:
    """``phases`` of a master block, from the Implementation Plan's "Phase N" items."""

    doc = ws.document(main.rel)
    if not doc.ai_contexts:
        return None
    entry = doc.ai_contexts[0].entry("phases")
    count = phases(doc, ws.config)
    if entry is None or not count or entry.value == str(count):
        return None
    change = Change(main.rel)
    change.add(_rewrite_entry(entry, doc, str(count)), f"phases: {count}")
    return change


def key_decisions_change(ws: Workspace, main: MainDoc) -> Change | None:
    """Entries of a master block's ``key-decisions`` for Decision Log rows it lacks.

    Entries written by people stay as they are; only missing decisions are added.
    """

    doc = ws.document(main.rel)
    if not doc.ai_contexts:
        return None
    entry = doc.ai_contexts[0].entry("key-decisions")
    if entry is None:
        return None
    have = [normalize(item) for item in entry.items]
    missing = [d for d in decisions(doc, ws.config) if not any(normalize(d) in h for h in have)]
    if not missing:
        return None
    change = Change(main.rel)
    change.add(
        _rewrite_entry(entry, doc, [*entry.items, *missing]), f"key-decisions: added {len(missing)}"
    )
    return change


def block_changes(ws: Workspace, p: Proposal) -> list[Change]:
    """context-for-ai blocks for the documents of ``p`` that have none, with derivable keys only."""

    cfg = ws.config
    out = []
    keeper = owner(ws, p)
    title = document_title(ws.document(keeper.rel), cfg) if keeper else None
    for main in p.mains:
        doc = ws.document(main.rel)
        if not doc.ai_contexts and doc.text:
            block = master_block(
                scope(doc, cfg),
                sorted(folder_relative(p, s) for s in p.subdocs),
                constraints(doc, ws.config),
                decisions(doc, cfg),
                phases(doc, cfg),
            )
            change = Change(main.rel)
            change.add(_block_edit(doc, block), "added a context-for-ai block (master-bep)")
            out.append(change)
    for sub in p.subdocs:
        doc = ws.document(sub)
        if doc.ai_contexts:
            continue
        parent = f"{cfg.ident(p.number)} ({title})" if title else cfg.ident(p.number)
        siblings = {folder_relative(p, s) for s in p.subdocs} - {folder_relative(p, sub)}
        linked = sorted(
            {
                folder_relative(p, resolve(sub, link.path))
                for link in doc.links
                if link.is_relative
                and link.path
                and folder_relative(p, resolve(sub, link.path)) in siblings
            }
        )
        block = detail_block(parent, scope(doc, cfg, whole=True), linked, [])
        change = Change(sub)
        change.add(_block_edit(doc, block), "added a context-for-ai block (detail-doc)")
        out.append(change)
    return out


def _block_edit(doc: Document, block: list[str]) -> Edit:
    """The block right after the frontmatter (before the title), set off by a blank line."""
    at = doc.body_start
    lines = list(block)
    if at > 0:
        lines.insert(0, "")
    if (at < len(doc.lines) and doc.line_text(at).strip()) or at >= len(doc.lines) or at == 0:
        lines.append("")
    return Edit.insert(at, lines)


# -- all of it ----------------------------------------------------------------------------


# The rules whose findings have a safe fix. A rule is fixable exactly when it is
# here: the catalogue reads its ``fixable`` from this set.
REGISTRY_FIXES = frozenset({"N002", "N003", "N004", "N005", "N006", "N008", "N010"})
SEGMENT_FIXES = frozenset({"G007", "A003", "A004"})
FIXABLE = REGISTRY_FIXES | SEGMENT_FIXES


def changes(ws: Workspace, codes: Iterable[str]) -> list[Change]:
    """Every safe fix for the enabled rule ``codes``, merged per file (bep check --fix)."""
    enabled = set(codes)
    out: list[Change] = []
    reg = registry_change(ws, enabled)
    if reg is not None:
        out.append(reg)
    for p in ws.proposals.values():
        out.extend(segment_changes(ws, p, enabled))
    return merge(out)


def segment_changes(ws: Workspace, p: Proposal, enabled: set[str]) -> list[Change]:
    out: list[Change | None] = []
    if p.segmented:
        for main in p.mains[:1]:
            if "G007" in enabled:
                out.append(index_change(ws, p, main))
            if "A003" in enabled:
                out.append(detail_docs_change(ws, p, main))
        if "A004" in enabled:
            out.extend(parent_changes(ws, p))
    return [c for c in out if c is not None]


def merge(items: list[Change]) -> list[Change]:
    by_path: dict[str, Change] = {}
    for c in items:
        into = by_path.setdefault(c.path, Change(c.path))
        into.edits.extend(c.edits)
        into.notes.extend(c.notes)
    return [by_path[k] for k in sorted(by_path)]


def apply(ws: Workspace, change: Change) -> Document:
    """The document at ``change.path`` with the change's edits applied (not written)."""
    return ws.document(change.path).edit(change.edits)


def unified_diff(ws: Workspace, items: list[Change]) -> str:
    """The changes as a unified diff (nothing written)."""
    import difflib

    out: list[str] = []
    for change in items:
        before = ws.document(change.path).text.splitlines(keepends=True)
        after = apply(ws, change).text.splitlines(keepends=True)
        out.extend(
            difflib.unified_diff(
                before, after, fromfile=f"a/{change.path}", tofile=f"b/{change.path}"
            )
        )
    return "".join(out)


def write(ws: Workspace, compute: Callable[[], list[Change]]) -> list[Change]:
    """Compute the changes under the write lock (on fresh files) and write them."""
    with ws.locked():
        items = compute()
        for change in items:
            ws.write(change.path, apply(ws, change))
    return items
