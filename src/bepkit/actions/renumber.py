"""``bep renumber OLD NEW``: move a proposal to another number after a collision landed.

The main document and its folder are renamed; the registry row follows (and
keeps numeric order); ``parent`` keys of the sub-documents, links to the
moved files and ``BEP-OLD`` mentions that mean this proposal are rewritten
(never inside code).  When two documents share OLD, a mention elsewhere
means the moved one only if its line links to it; other mentions are left
alone and reported, because they may mean the document that stays.

Every file is written in one transaction.  Then git follows as ``git mv``
would (the index records the move), the branch ``bep/OLD-slug`` takes the
new number, and OLD's reservation is released when nothing uses it any more.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from bepkit.actions.authoring import Result, select
from bepkit.actions.reserve import claim, release
from bepkit.config import Config
from bepkit.errors import BepError
from bepkit.gitops import Git
from bepkit.model.document import Document, Edit
from bepkit.model.document.links import is_relative_target, link_targets, map_targets, strip_inline
from bepkit.model.numbers import link_target, owner
from bepkit.model.proposal import document_title, meta, status_of
from bepkit.model.registry import author_name
from bepkit.model.reservations import local_reservations
from bepkit.model.segments import resolve
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = ["renumber"]


@dataclass
class _Plan:
    old: int
    new: int
    moves: dict[str, str]  # old path -> new path, files and folders
    title: str
    shared: bool


def _new_name(name: str, cfg: Config, new: int) -> str:
    """A proposal's file or folder name with the new number, by the profile's name."""
    stem, md = (name[:-3], ".md") if name.lower().endswith(".md") else (name, "")
    m = cfg.name_regex.match(stem)
    if m is None:
        return name
    slug = m.group("slug")
    renamed = cfg.proposal_name(new, slug or "")
    if slug is None:  # a folder named by the number alone: BEP-1002/
        head, sep, _ = cfg.name_pattern.partition("{slug}")
        renamed = (
            head[:-1].format(prefix=cfg.prefix, number=cfg.number_text(new)) if sep else renamed
        )
    return renamed + md


def _rewrite_line(
    line: str, rel: str, new_rel: str, plan: _Plan, mention: bool, old_ident: str, new_ident: str
) -> str:
    """Rewrite link targets that lead to moved files, and (when ``mention``) the mentions."""
    return map_targets(
        line,
        lambda target: _retarget(target, rel, new_rel, plan),
        lambda text: _mentions(text, mention, old_ident, new_ident),
    )


def _mentions(text: str, mention: bool, old_ident: str, new_ident: str) -> str:
    if not mention:
        return text
    return re.sub(rf"\b{re.escape(old_ident)}(?!\d)", new_ident, text)


def _retarget(target: str, rel: str, new_rel: str, plan: _Plan) -> str:
    if not is_relative_target(target) or target.startswith("#"):
        return target
    path, sep, fragment = target.partition("#")
    resolved = resolve(rel, path)
    moved = _moved(resolved, plan.moves)
    if moved is None and rel == new_rel:
        return target
    destination = moved if moved is not None else resolved
    new_target = posixpath.relpath(destination, posixpath.dirname(new_rel))
    if path.startswith("./") and not new_target.startswith("../"):
        new_target = "./" + new_target
    if path.endswith("/") and not new_target.endswith("/"):
        new_target += "/"
    if moved is None and new_target.lstrip("./") == path.lstrip("./"):
        return target
    return new_target + sep + fragment


def _moved(path: str, moves: dict[str, str]) -> str | None:
    path = path.rstrip("/")
    for old, new in moves.items():
        if path == old:
            return new
        if path.startswith(old + "/"):
            return new + path[len(old) :]
    return None


def _links_into(doc: Document, rel: str, paths: set[str]) -> bool:
    return any(
        link.is_relative
        and link.path
        and (
            resolve(rel, link.path).rstrip("/") in paths
            or any(resolve(rel, link.path).startswith(p + "/") for p in paths)
        )
        for link in doc.links
    )


def renumber(ws: Workspace, old: int, new: int | None, *, path: str | None = None) -> Result:
    cfg = ws.config
    if cfg.main_file:
        raise BepError(
            f"bep renumber does not move {cfg.profile} folders yet",
            hint=f"rename the folder and set the number in its {cfg.sidecar or cfg.main_file}",
        )
    result = Result()
    with ws.locked(f"renumber {old}"):
        p, main = select(ws, old, path)
        doc = ws.document(main.rel)
        title = document_title(doc, cfg) or main.slug.replace("-", " ")
        git = Git(ws.root)
        reservation = claim(ws, git if git.is_repo() else None, title, number=new)
        if reservation.note:
            result.warnings.append(reservation.note)
        new = reservation.number
        if new == old:
            raise BepError(f"{cfg.ident(old)} is already its number")
        old_ident, new_ident = cfg.ident(old), cfg.ident(new)
        shared = len(p.mains) > 1
        moves = {
            main.rel: posixpath.join(
                posixpath.dirname(main.rel),
                _new_name(posixpath.basename(main.rel), cfg, new),
            )
        }
        for folder in p.folders:
            belongs = not shared or _links_into(doc, main.rel, {folder.rel})
            if belongs:
                moves[folder.rel] = posixpath.join(
                    posixpath.dirname(folder.rel), _new_name(folder.name, cfg, new)
                )
        for target in moves.values():
            if ws.exists(target):
                raise BepError(f"{target} already exists")
        plan = _Plan(old, new, moves, title, shared)
        writes: list[tuple[str, Document]] = []
        ambiguous: list[str] = []
        moved_docs = [main.rel] + [s for f in p.folders if f.rel in moves for s in f.subdocs]
        others = [m.rel for q in ws.proposals.values() for m in q.mains if m.rel not in moved_docs]
        others += [
            s
            for q in ws.proposals.values()
            for f in q.folders
            for s in f.subdocs
            if s not in moved_docs
        ]
        others += ws.other_documents
        for rel in moved_docs + others:
            d = ws.document(rel)
            new_rel = _moved(rel, moves) or rel
            own = rel in moved_docs
            changes = []
            code = d.mask(("fence", "code"))  # text in code blocks is never rewritten
            for i, raw in enumerate(d.lines):
                text = raw.rstrip("\r\n")
                if code[i] or (old_ident not in text and "](" not in text and "]:" not in text):
                    continue
                # which of two documents with one number a mention means: the one its
                # line links to; never a guess from the title (adr-tools' bug)
                links_here = own or _line_links(text, rel, set(moves))
                mention = own or not shared or links_here
                rewritten = _rewrite_line(text, rel, new_rel, plan, mention, old_ident, new_ident)
                if (
                    not own
                    and shared
                    and not mention
                    and re.search(rf"\b{re.escape(old_ident)}(?!\d)", text)
                ):
                    ambiguous.append(f"{rel}:{i + 1}")
                if rewritten != text:
                    changes.append(Edit.replace(i, i + 1, [rewritten]))
            if changes or new_rel != rel:
                writes.append((new_rel, d.edit(changes) if changes else d))
                if changes:
                    result.changed.append((new_rel, f"{len(changes)} line(s) rewritten"))
        registry_doc = _registry(ws, p, main, plan, result)
        # apply: folders first, then documents at their new places, then the registry
        for old_rel, new_rel in moves.items():
            if old_rel != main.rel:
                ws.rename(old_rel, new_rel)
                result.changed.append((new_rel, f"renamed from {old_rel}"))
        for rel, d in writes:
            if rel == moves[main.rel]:
                ws.create(rel, d)
                result.changed.append((rel, f"renamed from {main.rel}"))
            else:
                ws.write(rel, d)
        ws.remove(main.rel)
        if registry_doc is not None:
            ws.write(cfg.registry_file, registry_doc)
        result.number = new
        ws.commit()  # the files first: git follows only what was written
        if git.is_repo():
            git.move_in_index(moves)
            _rename_branch(ws, git, old, new, main.slug, result)
            _release(ws, git, old, result)
        if ambiguous:
            result.warnings.append(
                f"left {len(ambiguous)} mention(s) of {old_ident} unchanged (they may mean the other "
                f"document): " + ", ".join(ambiguous)
            )
    return result


def _rename_branch(ws: Workspace, git: Git, old: int, new: int, slug: str, result: Result) -> None:
    """On the proposal's own branch (``bep/OLD-slug``), the branch follows the number:
    B001 would report it at once otherwise."""
    cfg = ws.config
    current = git.current_branch()
    if current != cfg.branch_name(old, slug):
        return
    target = cfg.branch_name(new, slug)
    if git.resolve(f"refs/heads/{target}"):
        result.warnings.append(f"branch {target} exists: {current} kept its name")
        return
    git.run("branch", "-m", "--", current, target)
    result.branch = target
    result.changed.append(("(git)", f"branch {current} renamed to {target}"))


def _release(ws: Workspace, git: Git, old: int, result: Result) -> None:
    """Give OLD's reservation back when this checkout holds it and nothing uses OLD."""
    if old not in local_reservations(git, ws.config) or ws.proposals.get(old) is not None:
        return
    try:
        release(ws, git, old)
    except BepError as exc:
        result.warnings.append(f"{ws.config.ident(old)} is still reserved: {exc}")
        return
    result.changed.append(("(git)", f"reservation of {ws.config.ident(old)} released"))


def _line_links(text: str, rel: str, moved: set[str]) -> bool:
    for target in link_targets(text):
        if is_relative_target(target) and not target.startswith("#"):
            resolved = resolve(rel, target.partition("#")[0]).rstrip("/")
            if resolved in moved or any(resolved.startswith(p + "/") for p in moved):
                return True
    return False


def _registry(
    ws: Workspace, p: Proposal, main: MainDoc, plan: _Plan, result: Result
) -> Document | None:
    """The registry with the moved proposal's row at its new number (and a row for the one that stays)."""
    cfg = ws.config
    reg = ws.registry
    if reg is None:
        if cfg.registry_kind != "none":  # else the files are the registry
            result.warnings.append(f"no registry in {cfg.registry_file}: no row updated")
        return None
    base = posixpath.dirname(cfg.registry_file) or "."
    new_main = plan.moves[main.rel]
    doc = ws.document(main.rel)
    mine = [r for r in p.rows if link_target(ws, r) in (main.rel, *plan.moves)]
    if not mine and not plan.shared and p.rows:
        mine = [p.rows[0]]
    edits: list[Edit] = []
    link = f"[{cfg.number_text(plan.new)}]({posixpath.relpath(new_main, base)})"
    keeper_row: list[str] = []
    stays = [m for m in p.mains if m is not main]
    if stays and mine and not [r for r in p.rows if r not in mine]:
        # the number's only row goes with the moved document: the one that stays gets a row
        keeper = owner(ws, Proposal(p.number, stays, [], []))
        assert keeper is not None
        kdoc = ws.document(keeper.rel)
        ktitle = document_title(kdoc, cfg) or keeper.slug.replace("-", " ")
        klink = f"[{cfg.number_text(plan.old)}]({posixpath.relpath(keeper.rel, base)})"
        kauthor = author_name(meta(kdoc, cfg, "author"))
        kstatus = cfg.status_name(status_of(kdoc, cfg)) or status_of(kdoc, cfg) or cfg.statuses[0]
        keeper_row = [reg.render_row(klink, ktitle, kauthor, kstatus)]
        result.changed.append(
            (cfg.registry_file, f"registry row {cfg.number_text(plan.old)}: {ktitle}")
        )
    if mine:
        row = mine[0]
        title, author, status = strip_inline(row.title), row.author, row.status
        # the old row's place keeps the old number's row (or nothing); the new row goes
        # where numeric order puts it
        edits.append(Edit.replace(row.line, row.line + 1, keeper_row))
    else:
        title = plan.title
        author = author_name(meta(doc, cfg, "author"))
        status = cfg.status_name(status_of(doc, cfg)) or status_of(doc, cfg) or cfg.statuses[0]
    edits.append(
        Edit.insert(reg.insert_position(plan.new), [reg.render_row(link, title, author, status)])
    )
    result.changed.append((cfg.registry_file, f"registry row {cfg.number_text(plan.new)}: {title}"))
    return reg.doc.edit(edits)
