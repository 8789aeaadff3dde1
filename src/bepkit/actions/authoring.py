"""What an author does, one function each: new, status, decide, question, renumber.

Each runs under the repository's write lock, reads the files afresh, applies
line edits (``bepkit.edits``) and writes atomically; a refusal raises
``BepError`` before anything is written.  The CLI and the MCP server call
these same functions.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bepkit.actions.reserve import Reservation, claim
from bepkit.config import Config
from bepkit.errors import BepError
from bepkit.gitops import Git
from bepkit.model import derive, edits
from bepkit.model.derived import index_lines
from bepkit.model.document import Document, Edit
from bepkit.model.document.links import strip_inline
from bepkit.model.document.tables import format_row
from bepkit.model.metadata import metadata_of
from bepkit.model.numbers import row_of
from bepkit.model.proposal import (
    decision_log,
    document_title,
    open_questions,
    predecessors,
    status_of,
)
from bepkit.model.registry import author_name
from bepkit.model.workspace import MainDoc, Proposal, Workspace

__all__ = [
    "Result",
    "decide",
    "make_slug",
    "new_proposal",
    "question_add",
    "question_resolve",
    "reserve",
    "select",
    "set_status",
]

SLUG_MAX = 60


@dataclass
class Result:
    """What a command did: (path, what changed) pairs, and warnings for the user."""

    changed: list[tuple[str, str]] = field(default_factory=list)
    number: int | None = None
    warnings: list[str] = field(default_factory=list)
    branch: str | None = None
    jira: str | None = None  # the proposal's JIRA key, when a command learned it
    pull: str | None = None  # its pull request's URL, likewise

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "branch": self.branch,
            **({"jira": self.jira} if self.jira else {}),
            **({"pull_request": self.pull} if self.pull else {}),
            "changed": [{"path": p, "change": c} for p, c in self.changed],
            "warnings": self.warnings,
        }


def today() -> str:
    return dt.date.today().isoformat()


def make_slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, at most SLUG_MAX characters ('' if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def _checked_slug(text: str, what: str) -> str:
    slug = make_slug(text)
    if not slug:
        raise BepError(
            f"{what} {text!r} makes no file name (it needs ASCII letters or digits)",
            hint="give one with --slug",
        )
    return slug


def select(ws: Workspace, number: int, path: str | None = None) -> tuple[Proposal, MainDoc]:
    """The proposal ``number`` and its main document (``path`` picks one of two that share it)."""
    p = ws.proposal(number)
    ident = ws.config.ident(number)
    if not p.mains:
        raise BepError(f"{ident} has no document yet (only a registry row or folder)")
    if path is not None:
        for m in p.mains:
            if m.rel == path or m.rel.endswith("/" + path.lstrip("./")):
                return p, m
        raise BepError(
            f"{path} is not a document of {ident}",
            hint="documents: " + ", ".join(m.rel for m in p.mains),
        )
    if len(p.mains) > 1:
        raise BepError(
            f"{ident} is used by {len(p.mains)} documents; choose one with --path",
            hint=", ".join(m.rel for m in p.mains),
        )
    return p, p.mains[0]


def _git(ws: Workspace) -> Git | None:
    git = Git(ws.root)
    return git if git.is_repo() else None


def _date(value: str | None) -> str:
    if value is None:
        return today()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BepError(f"date {value!r} is not YYYY-MM-DD") from None


def _text(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise BepError(f"{what} is empty")
    return value


# -- decisions and questions ------------------------------------------------------------


def decide(
    ws: Workspace,
    number: int,
    decision: str,
    rationale: str,
    *,
    date: str | None = None,
    path: str | None = None,
) -> Result:
    """Append a dated row to the Decision Log (the section is made in its place if missing)."""
    decision = _text(decision, "the decision")
    rationale = _text(rationale, "the rationale")
    when = _date(date)
    _require_role(ws, "decisions")
    with ws.locked(f"decide {number}"):
        _, main = select(ws, number, path)
        doc = ws.document(main.rel)
        new = doc.edit([edits.add_decision(doc, ws.config, when, decision, rationale)])
        _read_back(ws, main.rel, new, decisions=[decision])
        ws.write(main.rel, new)
    return Result([(main.rel, f"Decision Log: {when} {decision}")], number)


def _read_back(
    ws: Workspace,
    rel: str,
    new: Document,
    *,
    decisions: Sequence[str] = (),
    questions: Sequence[str] = (),
) -> None:
    """Refuse an edit that the next read would not find, as black re-parses its
    output: the new Decision Log row and Open Question must read back."""
    doc = Document(new.text, bom=new.bom)  # parsed afresh
    found = {d.decision for d in decision_log(doc, ws.config)}
    asked = {" ".join(q.text.split()) for q in open_questions(doc, ws.config)}
    lost = [d for d in decisions if " ".join(d.split()) not in found]
    lost += [q for q in questions if " ".join(q.split()) not in asked]
    if lost:
        raise BepError(
            f"{lost[0]!r} would not be read back: nothing written",
            path=rel,
            hint="the section may end inside an unclosed code block or HTML block; close it",
        )


def _require_role(ws: Workspace, role: str) -> None:
    """Refuse a command for a section the process does not have."""
    if not any(spec.role == role for spec in ws.config.sections) or (
        role == "decisions" and "decisions" not in ws.config.tables
    ):
        raise BepError(f"the {ws.config.profile} process has no section with the role {role!r}")


def question_add(ws: Workspace, number: int, text: str, *, path: str | None = None) -> Result:
    text = _text(text, "the question")
    _require_role(ws, "open-questions")
    with ws.locked(f"question {number} add"):
        _, main = select(ws, number, path)
        doc = ws.document(main.rel)
        new = doc.edit([edits.add_question(doc, ws.config, text)])
        _read_back(ws, main.rel, new, questions=[text])
        ws.write(main.rel, new)
    return Result([(main.rel, f"Open Questions: added {text!r}")], number)


def question_resolve(
    ws: Workspace,
    number: int,
    question: str,
    decision: str,
    rationale: str,
    *,
    date: str | None = None,
    path: str | None = None,
) -> Result:
    """Remove the open question ``question`` names (its id or its text) and record
    its resolution in the Decision Log, naming it.  A question that is not open
    any more (another writer resolved it) is refused, never a neighbour removed."""
    decision = _text(decision, "the decision")
    rationale = _text(rationale, "the rationale")
    when = _date(date)
    _require_role(ws, "open-questions")
    _require_role(ws, "decisions")
    with ws.locked(f"question {number} resolve"):
        _, main = select(ws, number, path)
        doc = ws.document(main.rel)
        removal, asked = edits.remove_question(doc, ws.config, question)
        why = f"{rationale} (resolves the open question: {strip_inline(asked.text)})"
        row = edits.add_decision(doc, ws.config, when, decision, why)
        new = doc.edit([removal, row])
        _read_back(ws, main.rel, new, decisions=[decision])
        if any(q.id == asked.id for q in open_questions(new, ws.config)):
            raise BepError(
                f"{asked.text!r} would still be open: nothing written",
                path=main.rel,
                hint="two open questions with the same words? reword one",
            )
        ws.write(main.rel, new)
    return Result(
        [
            (main.rel, f"Open Questions: resolved {asked.id} {asked.text!r}"),
            (main.rel, f"Decision Log: {when} {decision}"),
        ],
        number,
    )


# -- status -----------------------------------------------------------------------------------


def _main_title(ws: Workspace, main: MainDoc) -> str:
    return document_title(ws.document(main.rel), ws.config) or main.slug.replace("-", " ")


def _link(from_rel: str, to_rel: str) -> str:
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel))


def set_status(
    ws: Workspace,
    number: int,
    status: str,
    *,
    target_version: str | None = None,
    implemented_version: str | None = None,
    reason: str | None = None,
    by: int | None = None,
    path: str | None = None,
    date: str | None = None,
    registry: bool = True,
) -> Result:
    """Move a proposal to ``status`` by the configured transition table.

    Updates the document's metadata, writes what the new status requires (a
    version, a reason, a link to the successor and back) and the registry row.
    """
    cfg = ws.config
    when = _date(date)
    with ws.locked(f"status {number} {status}"):
        p, main = select(ws, number, path)
        doc = ws.document(main.rel)
        if metadata_of(doc, cfg) is None:
            raise BepError("the document has no metadata to hold its status", path=main.rel)
        current_text = status_of(doc, cfg).strip()
        current = cfg.status_name(current_text)
        if current is None:
            raise BepError(
                f"the document's status {current_text!r} is not one of {', '.join(cfg.statuses)}",
                path=main.rel,
                hint="fix it by hand first",
            )
        target = cfg.status_name(status)
        if target is None:
            raise BepError(f"unknown status {status!r}", hint=f"one of {', '.join(cfg.statuses)}")
        allowed = cfg.transitions.get(current, ())
        if target == current:
            raise BepError(f"{cfg.ident(number)} is already {current}")
        if target not in allowed:
            raise BepError(
                f"{cfg.ident(number)} cannot go from {current} to {target}",
                hint=f"from {current}: {', '.join(allowed) if allowed else 'no transitions'}",
            )
        values = {"target-version": target_version, "implemented-version": implemented_version}
        for key, value in values.items():
            if value is not None and not cfg.version_regex.match(value):
                raise BepError(f"{key} {value!r} is not a {cfg.version_pattern} version")
        status_key = cfg.key("status")
        # the edits of the document and, where the process keeps metadata there, its sidecar
        staged: dict[str, tuple[Document, list[Edit]]] = {main.rel: (doc, [])}
        changes = staged[main.rel][1]

        def set_meta(key: str, value: str) -> str:
            target, edit = edits.set_meta(doc, cfg, key, value)
            staged.setdefault(target.path, (target, []))[1].append(edit)
            return target.path

        where = set_meta(status_key, target)
        done: list[tuple[str, str]] = [(where, f"{status_key}: {current} -> {target}")]
        md = metadata_of(doc, cfg)
        for role, value in values.items():
            key = cfg.key(role)
            if value is not None and key:
                done.append((set_meta(key, value), f"{key}: {value}"))
        other: tuple[str, Document] | None = None
        needs = cfg.requirements.get(target, ())
        given = {"reason": reason is not None, "successor": by is not None}
        for need, option in (("reason", "--reason"), ("successor", "--by")):
            if given[need] and need not in needs:  # an option that does not apply
                raise BepError(f"{option} does not apply to {target}")
        for need in needs:
            if need == "reason":
                if not reason or not reason.strip():
                    raise BepError(f"{target} needs a written reason: pass --reason TEXT")
                changes.append(
                    edits.note_under_title(
                        doc, f"**{target}** ({when}): {' '.join(reason.split())}"
                    )
                )
                done.append((main.rel, "reason written under the title"))
            elif need == "successor":
                if by is None:
                    raise BepError(f"{target} needs its successor: pass --by NUMBER")
                if by == number:
                    raise BepError(f"{cfg.ident(number)} cannot supersede itself")
                _, successor = select(ws, by)
                successor_title = _main_title(ws, successor)
                link = _link(main.rel, successor.rel)
                changes.append(
                    edits.note_under_title(
                        doc,
                        f"**{target}** by [{cfg.ident(by)}: {successor_title}]({link}) ({when}).",
                    )
                )
                done.append((main.rel, f"superseded by {cfg.ident(by)}"))
                sdoc = ws.document(successor.rel)
                back = _link(successor.rel, main.rel)
                if not any(n == number for _, n in _supersedes(sdoc, cfg)):
                    title = _main_title(ws, main)
                    other = (
                        successor.rel,
                        sdoc.edit(
                            [
                                edits.note_under_title(
                                    sdoc, f"Supersedes [{cfg.ident(number)}: {title}]({back})."
                                )
                            ]
                        ),
                    )
                    done.append((successor.rel, f"links back: supersedes {cfg.ident(number)}"))
            else:
                provided = values.get(need.lower())
                existing = md.get(need) if md else None
                if provided is None and not (existing or "").strip():
                    flag = "--" + need.lower()
                    hint = (
                        f"pass {flag} V"
                        if need.lower() in values
                        else f"fill {need} in the document first"
                    )
                    raise BepError(f"{target} needs {need}: {hint}")
        table = ws.registry
        registry_doc = None
        row = row_of(ws, p, main) if table is not None else None
        registry = registry and cfg.registry_kind != "none"  # else the files are the registry
        if registry and (table is None or row is None):  # document and registry agree
            raise BepError(
                f"no registry row of {cfg.ident(number)} to update"
                if table is not None
                else f"no registry table under {cfg.registry_heading!r}",
                path=cfg.registry_file,
                hint="bep check --fix adds the row, or --no-registry; nothing was written",
            )
        if table is not None and row is not None:
            edit = table.update_row(row, status=target)
            if edit is not None:
                registry_doc = table.doc.edit([edit])
                done.append((cfg.registry_file, f"registry row {number}: status -> {target}"))
        for rel, (target_doc, doc_edits) in staged.items():
            if doc_edits:
                ws.write(rel, target_doc.edit(doc_edits))
        if other is not None:
            ws.write(other[0], other[1])
        if registry_doc is not None:
            ws.write(cfg.registry_file, registry_doc)
    return Result(done, number)


def _supersedes(doc: Document, cfg: Config) -> list[tuple[int, int]]:

    return predecessors(doc, cfg)


# -- new proposals --------------------------------------------------------------------------


def git_author(git: Git | None) -> str | None:
    if git is None:
        return None
    name = git.config("user.name")
    email = git.config("user.email")
    if not name:
        return None
    return f"{name} ({email})" if email else name


def _filled_template(
    ws: Workspace,
    title: str,
    author: str,
    created: str,
    version: str,
    number: int,
    file: str,
    group: str = "",
) -> tuple[Document, Document | None]:
    """The template with the new proposal's title and metadata (as each key's
    ``new`` in the profile says), and its sidecar likewise, where it has one."""
    cfg = ws.config
    if not ws.is_file(cfg.template):
        raise BepError(f"no template at {cfg.template}", hint="set template in bep.toml")
    template = ws.document(cfg.template)
    given = {
        "ident": cfg.ident(number),
        "n": str(number),
        "title": title,
        "file": file,
        "author": author,
        "created": created,
        "status": cfg.statuses[0],
        "version": version,
        "group": group,
    }
    values = {m.key: m.new.format(**given) for m in cfg.metadata if m.new}
    frontmatter = cfg.metadata_sources[:1] == ("frontmatter",)
    if frontmatter:  # keys the process requires start empty, unless given
        values = {m.key: values.get(m.key, "") for m in cfg.metadata if m.required} | values
        if template.frontmatter is None:
            head = ["---", *(f"{k}: {v}".rstrip() for k, v in values.items()), "---", ""]
            template = template.edit([Edit.insert(0, head)])
            template.sidecar = None
    md = metadata_of(template, cfg)
    staged: dict[int, tuple[Document, list[Edit]]] = {}
    for key, value in values.items():
        if md is None or (md.entry(key) is None and frontmatter):
            continue  # a front matter key the template does not have stays out
        target, edit = edits.set_meta(template, cfg, key, value)
        staged.setdefault(id(target), (target, []))[1].append(edit)
    main_edits = staged.pop(id(template), (template, []))[1]
    h1 = next((h for h in template.headings if h.depth == 1), None)
    heading = cfg.title_format.format(**given)
    if h1 is not None:
        main_edits.append(Edit.replace(h1.line, h1.end, [heading]))
    else:
        fm = template.frontmatter
        main_edits.append(Edit.insert(fm.end if fm else 0, ["", heading] if fm else [heading, ""]))
    main = Document(template.edit(main_edits).text, bom=template.bom)
    side = None
    if template.sidecar is not None:
        side_edits = staged.get(id(template.sidecar), (template.sidecar, []))[1]
        side = Document(template.sidecar.edit(side_edits).text, bom=template.sidecar.bom)
    return main, side


def _segmented(
    ws: Workspace, filled: Document, number: int, title: str, components: Sequence[tuple[str, str]]
) -> tuple[Document, list[tuple[str, Document]]]:
    """A segmented main document (the template's metadata, the profile's
    segmented-main template) and its sub-documents (the subdoc template)."""
    cfg = ws.config
    ident = cfg.ident(number)
    fm = filled.frontmatter
    head = "".join(filled.lines[: fm.end]) if fm else ""
    names = [f"{slug}.md" for _, slug in components]
    nl = filled.newline
    rows = [format_row([f"[{slug}](./{ident}/{slug}.md)", name]) for name, slug in components]
    phases = [f"{i}. **Phase {i}**: {name}" for i, (name, _) in enumerate(components, 1)]
    master = derive.master_block(title, names, [], [], len(components))
    main_text = _fill(
        cfg.templates["segmented-main"],
        metadata=head.rstrip("\r\n"),
        master_block=master,
        title=[title],
        index=index_lines(cfg, rows),
        phases=phases,
    )
    main = Document(nl.join(main_text) + nl, bom=filled.bom)
    subs = []
    for name, slug in components:
        block = derive.detail_block(f"{ident} ({title})", name, [], [])
        sub = _fill(cfg.templates["subdoc"], detail_block=block, ident=[ident], name=[name])
        subs.append((f"{cfg.proposals_dir}/{ident}/{slug}.md", Document(nl.join(sub) + nl)))
    return main, subs


def _fill(template: str, **values: str | list[str]) -> list[str]:
    """The template's lines with ``$name`` replaced: a line that is only ``$name``
    becomes the value's lines (none for an empty value), elsewhere the value's text."""
    out: list[str] = []
    for line in template.splitlines():
        key = line.strip().removeprefix("$")
        if line.strip().startswith("$") and key in values:
            value = values[key]
            out.extend([value] if isinstance(value, str) and value else value or [])
            continue
        out.append(
            string.Template(line).safe_substitute(
                {k: v if isinstance(v, str) else " ".join(v) for k, v in values.items()}
            )
        )
    while out and not out[0].strip():
        out.pop(0)
    return out


def new_proposal(
    ws: Workspace,
    title: str,
    *,
    author: str | None = None,
    version: str | None = None,
    segmented: bool = False,
    components: Sequence[str] = (),
    group: str | None = None,
    branch: bool = True,
    slug: str | None = None,
    number: int | None = None,
    date: str | None = None,
) -> Result:
    """Reserve a number, write the document from the template, add the registry row,
    and create the branch ``bep/NNNN-slug``."""
    cfg = ws.config
    title = _text(title, "the title")
    if any(ch in title for ch in "|\n\r"):
        raise BepError("a title cannot hold '|' or a line break (it goes into the registry table)")
    name_slug = _checked_slug(slug or title, "slug" if slug else "the title")
    if slug is not None and name_slug != slug:
        raise BepError(
            f"slug {slug!r} is not lowercase ASCII words joined by hyphens (try {name_slug!r})"
        )
    parts = [(_text(c, "a component"), _checked_slug(c, "component")) for c in components]
    if len({s for _, s in parts}) != len(parts):
        raise BepError("two components make the same file name")
    if parts and not segmented:
        segmented = True
    if segmented and not parts:
        raise BepError("a segmented proposal needs its components: --component NAME (repeatable)")
    created = _date(date)
    version = version if version is not None else cfg.created_version
    if version and not cfg.version_regex.match(version):
        raise BepError(f"version {version!r} is not a {cfg.version_pattern} version")
    git = _git(ws)
    who = author or git_author(git)
    if not who:
        raise BepError("no author: pass --author 'Name (email)' or set git config user.name")
    result = Result()
    if cfg.group_folders and not group:
        template_dir = cfg.template.rpartition("/")[0]
        groups = sorted(
            rel.rsplit("/", 1)[-1]
            for rel, is_dir in ws.entries
            if is_dir and rel.count("/") == cfg.proposals_dir.count("/") + 1 and rel != template_dir
        )
        raise BepError(
            "proposals here live in group folders: pass --group NAME"
            + (f" (one of {', '.join(groups)})" if groups else "")
        )
    if group is not None and (not cfg.group_folders or not _GROUP_RE.match(group)):
        raise BepError(f"--group {group!r}: " + (
            "a folder name (letters, digits, '._-')" if cfg.group_folders
            else f"the {cfg.profile} process has no group folders"
        ))  # fmt: skip
    if segmented and "segmented-main" not in cfg.templates:
        raise BepError(f"the {cfg.profile} process has no segmented proposals")
    folder = f"{cfg.proposals_dir}/{group}" if group else cfg.proposals_dir
    with ws.locked("new"):
        registry = ws.require_registry() if cfg.registry_kind == "table" else None
        if not ws.is_file(cfg.template):
            raise BepError(f"no template at {cfg.template}", hint="set template in bep.toml")
        reservation = claim(ws, git, title, number=number)
        n = reservation.number
        if reservation.note:
            result.warnings.append(reservation.note)
        rel = f"{folder}/{cfg.document_name(n, name_slug)}"
        if ws.exists(rel) or ws.exists(f"{folder}/{cfg.ident(n)}"):
            raise BepError(f"{rel} or its folder already exists")
        if branch and git is not None:
            branch_name = cfg.branch_name(n, name_slug)
            if git.resolve(f"refs/heads/{branch_name}"):
                raise BepError(f"branch {branch_name} already exists")
            # from the branch a pull request merges into (origin's default), not from
            # whatever is checked out: never carry another proposal's commits
            base = git.default_base()  # a ref git named (a branch name never starts with '-')
            start = ["--no-track", "-b", branch_name, base] if base else ["-b", branch_name]
            git.run("checkout", "--quiet", *start)
            result.branch = branch_name
            if base:  # the files are now the base's: read them again
                ws.refresh()
                registry = ws.require_registry() if registry is not None else None
        file = rel.rsplit("/", 1)[-1]
        filled, sidecar = _filled_template(ws, title, who, created, version, n, file, group or "")
        if segmented:
            main_doc, subs = _segmented(ws, filled, n, title, parts)
        else:
            main_doc, subs = filled, []
        ws.create(rel, main_doc)
        result.changed.append((rel, f"created {cfg.ident(n)}: {title}"))
        if sidecar is not None:
            side_rel = rel.rsplit("/", 1)[0] + "/" + cfg.sidecar
            ws.create(side_rel, sidecar)
            result.changed.append((side_rel, "created its metadata"))
        for sub_rel, sub_doc in subs:
            ws.create(sub_rel, sub_doc)
            result.changed.append((sub_rel, "created sub-document"))
        if registry is not None:
            link = posixpath.relpath(rel, posixpath.dirname(cfg.registry_file) or ".")
            row = registry.add_row(
                f"[{cfg.number_text(n)}]({link})", n, title, author_name(who), cfg.statuses[0]
            )
            ws.write(cfg.registry_file, registry.doc.edit([row]))
            result.changed.append((cfg.registry_file, f"registry row {cfg.number_text(n)} added"))
        result.number = n
    return result


_GROUP_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def reserve(
    ws: Workspace, title: str, *, row: str | None = None, author: str | None = None
) -> tuple[Reservation, Result]:
    """``bep reserve``: claim the next number, and (as configured, or ``row``) add
    its registry row: plain, or already linking the file to come."""
    cfg = ws.config
    mode = row or cfg.reservation_row
    text = _text(title, "a title")
    git = _git(ws)
    result = Result()
    with ws.locked("reserve"):
        reservation = claim(ws, git, text)
        result.number = reservation.number
        if mode == "none":
            return reservation, result
        registry = ws.registry
        if registry is None:
            raise BepError(
                f"no registry table under {cfg.registry_heading!r} for the reservation row",
                path=cfg.registry_file,
            )
        n = reservation.number
        cell = cfg.number_text(n)
        if mode == "link":
            rel = f"{cfg.proposals_dir}/{cfg.document_name(n, _checked_slug(text, 'title'))}"
            cell = (
                f"[{cell}]({posixpath.relpath(rel, posixpath.dirname(cfg.registry_file) or '.')})"
            )
        who = author_name(author or git_author(git) or "")
        edit = registry.add_row(cell, n, text, who, cfg.statuses[0])
        ws.write(cfg.registry_file, registry.doc.edit([edit]))
        result.changed.append((cfg.registry_file, f"registry row {cfg.number_text(n)} reserved"))
    return reservation, result
