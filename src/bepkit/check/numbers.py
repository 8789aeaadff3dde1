"""Numbers and the registry: N001-N012."""

from __future__ import annotations

import posixpath
import re
import time

from bepkit.check.context import Context
from bepkit.check.fixes import Change
from bepkit.check.rule import ERROR, WARNING, Rule
from bepkit.check.structure import check_conflicts, conflict_lines
from bepkit.gitops import Git
from bepkit.model.document import Edit
from bepkit.model.document.links import strip_inline
from bepkit.model.numbers import (
    link_target,
    owner,
    relinkable,
    row_of,
    same_title,
)
from bepkit.model.proposal import document_title, meta, status_of
from bepkit.model.registry import Registry, RegistryRow, author_name, author_names
from bepkit.model.reservations import line_dates
from bepkit.model.sections import normalize
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = ["check"]


RULES = [
    Rule(
        "N001",
        "duplicate-number",
        ERROR,
        "two documents use one number",
        "Each proposal number belongs to one proposal. When two documents carry the same\n"
        "number, the one the registry row links to keeps it and every other one is reported.\n"
        "Give the other proposal a new number with `bep renumber OLD NEW --path FILE`.",
    ),
    Rule(
        "N002",
        "missing-registry-row",
        ERROR,
        "a document has no registry row",
        "The process reserves a number by adding a row to the registry table before the\n"
        "document is written. A document whose number has no row is unregistered.\n"
        "`bep check --fix` adds the row, in numeric order, above the placeholder row.",
    ),
    Rule(
        "N003",
        "registry-link-missing",
        ERROR,
        "a registry row links to a missing file",
        "A registry row's link must lead to the proposal's main document. When the number's\n"
        "document exists under another name, `--fix` relinks the row; when no document\n"
        "exists, remove the link (a reserved row has none) or write the document.",
    ),
    Rule(
        "N004",
        "registry-link-folder",
        ERROR,
        "a registry row links to a folder",
        "The registry links to the main `.md` document, never to the sub-document folder\n"
        "(registry link rule of the process). `--fix` links the main document.",
    ),
    Rule(
        "N005",
        "registry-status-mismatch",
        ERROR,
        "registry status differs from the document",
        "The document's `Status:` is the truth; the registry row repeats it. `--fix` copies\n"
        "the document's status into the row.",
    ),
    Rule(
        "N006",
        "registry-title-mismatch",
        WARNING,
        "registry title differs from the document",
        "The registry row repeats the document's title (its H1, without a `BEP-NNNN:`\n"
        "prefix). Case and punctuation are ignored. `--fix` copies the title into the row.",
    ),
    Rule(
        "N007",
        "number-below-first",
        ERROR,
        "a number below the first number",
        "Numbers start at the configured `first_number` (1000 for BEPs).",
    ),
    Rule(
        "N008",
        "registry-order",
        WARNING,
        "registry rows out of numeric order",
        "Rows are kept in numeric order, with the placeholder row (`_next_`) last.\n"
        "`--fix` sorts them and changes no row's text.",
    ),
    Rule(
        "N009",
        "registry-missing",
        ERROR,
        "no registry table",
        "The registry is the first table under the configured registry heading\n"
        "(`BEP Number Registry`) of the registry file (`proposals/README.md`).",
    ),
    Rule(
        "N010",
        "registry-row-unlinked",
        WARNING,
        "a registry row has a document but no link",
        "Once the document exists, its registry row links to it. `--fix` adds the link.",
    ),
    Rule(
        "N011",
        "duplicate-registry-row",
        ERROR,
        "two registry rows for one number",
        "Each number has one registry row.",
    ),
    Rule(
        "N012",
        "stray-document",
        WARNING,
        "a markdown file that is no proposal",
        "Markdown files in the proposals folder are main documents named\n"
        "`BEP-NNNN-slug.md`, sub-documents inside a `BEP-NNNN/` folder, the registry or the\n"
        "template. Anything else is not seen by the process. (Markdown a folder deeper in\n"
        "`BEP-NNNN/`, a reference or a translation, supports its proposal.)",
    ),
    Rule(
        "N013",
        "registry-author-mismatch",
        WARNING,
        "registry author names nobody the document names",
        "The registry row's Author repeats the document's (names only, emails aside). A\n"
        "row that lists only the first of several authors is fine; a row that names none\n"
        "of the document's authors is reported.",
    ),
    Rule(
        "N014",
        "stale-reservation",
        WARNING,
        "a reservation row older than the configured age without a document",
        "A registry row in the first status (Draft) for a number with no document\n"
        "anywhere is a reservation, even when it already links the file to come (the\n"
        "team's practice), and is not a broken link. One older than `reservation_max_age`\n"
        "days (from git blame of the registry; 90 by default, 0 turns it off) is reported:\n"
        "write the proposal, or release the number (`bep release N`).",
    ),
]


def check(ctx: Context) -> None:
    ws = ctx.ws
    cfg = ctx.config
    conflicted = cfg.registry_kind != "none" and _conflicted(ws)
    if conflicted:  # a table cut in two by a conflict cannot be read: say only that
        check_conflicts(ctx, cfg.registry_file, ws.document(cfg.registry_file))
    reg = None if conflicted else ws.registry
    if reg is None:
        if not conflicted and cfg.registry_kind != "none":  # the files are the registry
            ctx.add(
                "N009",
                cfg.registry_file,
                1,
                f"no table under a {cfg.registry_heading!r} heading",
                hint="the registry is a markdown table under that heading",
            )
    else:
        _check_order(ctx, reg)
        _check_reservation_ages(ctx)
    for p in ctx.in_focus():
        if p.number < cfg.first_number:
            for m in p.mains:
                ctx.add(
                    "N007",
                    m.rel,
                    1,
                    f"number {p.number} is below the first number {cfg.first_number}",
                )
        _check_shared(ctx, p)
        if reg is not None:
            _check_rows(ctx, reg, p)
    for rel in ws.other_documents:
        ctx.add(
            "N012",
            rel,
            1,
            "not a proposal file name",
            hint=f"main documents are {cfg.prefix}-NNNN-slug.md; sub-documents go in {cfg.prefix}-NNNN/",
        )


def _check_shared(ctx: Context, p: Proposal) -> None:
    if len(p.mains) < 2:
        return
    keeper = owner(ctx.ws, p)
    assert keeper is not None
    for m in p.mains:
        if m is keeper:
            continue
        ident = ctx.config.ident(p.number)
        ctx.add(
            "N001",
            m.rel,
            1,
            f"{ident} is also used by {keeper.rel}",
            hint=f"give this proposal a new number: bep renumber {p.number} NEW --path {m.rel}",
        )


def _check_rows(ctx: Context, reg: Registry, p: Proposal) -> None:
    ws = ctx.ws
    path = ctx.config.registry_file
    ident = ctx.config.ident(p.number)
    for extra in p.rows[1:]:
        ctx.add("N011", path, extra.line + 1, f"{ident} has {len(p.rows)} registry rows")
    if p.mains and not p.rows:
        keeper = owner(ws, p)
        assert keeper is not None
        ctx.add(
            "N002",
            keeper.rel,
            1,
            f"{ident} has no row in the registry ({path})",
            hint="bep check --fix adds it",
        )
    keeper = owner(ws, p)
    for row in p.rows:
        target = link_target(ws, row)
        line = row.line + 1
        if is_reservation(ctx, p, row):
            continue
        if row.link and target is not None and not ws.exists(target):
            hint = (
                f"the document is {keeper.rel}" if keeper else "a reserved number's row has no link"
            )
            ctx.add(
                "N003",
                path,
                line,
                f"registry row {p.number} links to a missing file {row.link}",
                hint=hint,
                fixable=relinkable(ws, p, row),
            )
        elif target is not None and ws.is_dir(target):
            ctx.add(
                "N004",
                path,
                line,
                f"registry row {p.number} links to the folder {row.link}",
                hint=f"link the main document {keeper.rel}" if keeper else None,
                fixable=relinkable(ws, p, row),
            )
        elif not row.link and keeper is not None:
            ctx.add(
                "N010",
                path,
                line,
                f"registry row {p.number} does not link its document {keeper.rel}",
                fixable=relinkable(ws, p, row),
            )
    for m in p.mains:
        linked = row_of(ws, p, m)
        if linked is None:
            continue
        facts = ctx.facts[m.rel]
        status = facts.status
        if status_differs(status, linked):
            ctx.add(
                "N005",
                path,
                linked.line + 1,
                f"registry status of {p.number} is {linked.status!r}, the document says {status!r}",
            )
        if facts.author and linked.author and author_differs(facts.author, linked):
            ctx.add(
                "N013",
                path,
                linked.line + 1,
                f"registry author of {p.number} is {linked.author!r}, "
                f"the document's is {facts.author!r}",
            )
        title = facts.title
        if title_differs(title, linked):
            ctx.add(
                "N006",
                path,
                linked.line + 1,
                f"registry title of {p.number} is {linked.plain_title!r}, the document's is {title!r}",
                fixable=not title_taken(
                    ctx.remember("registry-titles", lambda: registry_titles(reg)),
                    p.number,
                    title or "",
                ),
            )


def is_reservation(ctx: Context, p: Proposal, row: RegistryRow) -> bool:
    """A row for a number with no document anywhere, in the first status (or none):
    a reservation, whether or not it already links the file to come."""
    first = ctx.config.statuses[0].lower() if ctx.config.statuses else ""
    status = strip_inline(row.status).strip().lower()
    return not p.mains and not p.folders and status in ("", first)


def _check_reservation_ages(ctx: Context) -> None:
    max_age = ctx.config.reservation_max_age
    if max_age <= 0:
        return
    reserved = [(p, row) for p in ctx.in_focus() for row in p.rows if is_reservation(ctx, p, row)]
    if not reserved:
        return
    dates = ctx.remember("registry-line-dates", lambda: line_dates(Git(ctx.ws.root), ctx.config))
    now = time.time()
    for p, row in reserved:
        added = dates.get(row.line + 1)
        if added is None:
            continue
        days = int((now - added) // 86400)
        if days > max_age:
            ctx.add(
                "N014",
                ctx.config.registry_file,
                row.line + 1,
                f"{ctx.config.ident(p.number)} was reserved {days} days ago and has no document",
                hint=f"write it, or bep release {p.number}",
                key=f"stale reservation {p.number}",
            )


def status_differs(status: str, row: RegistryRow) -> bool:
    """N005, for its check and its fix: the row's status is not the document's
    (case aside; a document or row without one is another rule's business)."""
    return bool(
        status.strip() and row.status and status.strip().lower() != strip_inline(row.status).lower()
    )


def author_differs(author: str, row: RegistryRow) -> bool:
    """N013: the row names none of the document's authors."""
    return not (author_names(author) & author_names(strip_inline(row.author)))


def registry_titles(reg: Registry) -> dict[str, set[int | None]]:
    """Each normalised row title, with the numbers of its rows."""
    titles: dict[str, set[int | None]] = {}
    for r in reg.rows:
        titles.setdefault(normalize(r.plain_title), set()).add(r.number)
    return titles


def title_taken(titles: dict[str, set[int | None]], number: int, title: str) -> bool:
    """N006's fix never gives a row the title another proposal's row has."""
    return bool(titles.get(normalize(title), set()) - {number})


def title_differs(title: str | None, row: RegistryRow) -> bool:
    """N006, for its check and its fix: the row's title is not the document's
    (case and punctuation aside)."""
    return bool(title and row.title and not same_title(title, row.plain_title))


def _misplaced(reg: Registry) -> tuple[RegistryRow, str] | None:
    """N008, for its check and its fix: the first row out of numeric order (the
    placeholder row goes last), and what it comes after."""
    last: int | None = None
    placeholder_seen = False
    for row in reg.rows:
        if row.number is None:
            placeholder_seen = True
            continue
        if placeholder_seen or (last is not None and row.number < last):
            return row, "the placeholder row" if placeholder_seen else f"row {last}"
        last = row.number
    return None


def _check_order(ctx: Context, reg: Registry) -> None:
    found = _misplaced(reg)
    if found is not None:
        row, after = found
        ctx.add(
            "N008",
            ctx.config.registry_file,
            row.line + 1,
            f"registry row {row.number} is out of numeric order (after {after})",
            hint="bep check --fix sorts the rows",
        )


# -- fixes --------------------------------------------------------------------------------

FIXABLE = frozenset({"N002", "N003", "N004", "N005", "N006", "N008", "N010"})
# a registry title is what people chose: rewriting it is applied only when asked
UNSAFE = frozenset({"N006"})
# fixes of the table as a whole, not of one proposal's row
TABLE_FIXES = frozenset({"N008"})


def _conflicted(ws: Workspace) -> bool:
    """The registry holds an unresolved merge conflict: its table cannot be trusted."""
    rel = ws.config.registry_file
    return ws.is_file(rel) and bool(conflict_lines(ws.document(rel)))


def fix(ws: Workspace, codes: set[str], only: int | None = None) -> list[Change]:
    """The registry's fixes for the enabled ``codes``; ``only`` one number's row.
    Nothing is fixed in a registry with an unresolved merge conflict."""
    if _conflicted(ws):
        return []
    change = registry_change(ws, codes, only)
    return [change] if change is not None else []


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
    titles = registry_titles(reg)
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
                title = document_title(doc, cfg) or keeper.slug.replace("-", " ")
                author = author_name(meta(doc, cfg, "author"))
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
                if "N005" in codes and status_differs(status, row):
                    updates["status"] = wanted
                doc_title = document_title(doc, cfg)
                if (
                    "N006" in codes
                    and doc_title
                    and title_differs(doc_title, row)
                    and not title_taken(titles, p.number, doc_title)
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
    return _misplaced(reg) is not None


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
