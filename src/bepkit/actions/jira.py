"""``bep jira N``: the guide's step 2, "Create JIRA Issue", in one command.

The issue is found before it is made: a key already in the Related Issues
section, else an issue of the project whose summary names the proposal
(``BEP-1046``); only then is one created (summary ``BEP-NNNN: Title``,
optionally under an epic).  A remote link from the issue back to the proposal
carries a ``globalId``, so a second run updates it instead of adding one.
The key is written into the Related Issues section: the template's
placeholder (``BA-XXXX``) replaced in place, else one line added, with a
minimal diff.  Whatever JIRA answers, the document is written only after it
has answered.
"""

from __future__ import annotations

from collections.abc import Callable

from bepkit.actions.authoring import Result, select
from bepkit.config import Config
from bepkit.errors import BepError
from bepkit.github import repo_of
from bepkit.gitops import Git
from bepkit.jira import JiraClient, issue_key_re
from bepkit.model.document import Document, Edit
from bepkit.model.edits import insert_section
from bepkit.model.proposal import document_title, jira_key
from bepkit.model.sections import find
from bepkit.model.workspace import Workspace

__all__ = ["link_jira"]


def _proposal_url(ws: Workspace, rel: str, ident: str) -> tuple[str, str]:
    """Where people read the proposal (its page on the repository's host, if known),
    and the remote link's global id: one per proposal and repository."""
    git = Git(ws.root)
    url = git.remote_url(ws.config.remote) if git.is_repo() else None
    repo = repo_of(url) if url else None
    if repo is None:
        return rel, f"bepkit:{ident}:{ws.root.name}"
    base = Git.branch_name(git.default_base() or "main", ws.config.remote)
    return f"{repo.web}/blob/{base}/{rel}", f"bepkit:{ident}:{repo.web}"


def _key_edit(doc: Document, config: Config, key: str, url: str) -> Edit | None:
    """The one-line edit that writes ``key`` into the Related Issues section."""
    link = config.jira.line.format(key=key, url=url)
    section = find(doc, "related-issues", config)
    if section is not None and any(
        key in (m.group() for m in issue_key_re(config.jira.project).finditer(doc.line_text(i)))
        for i in range(section.body_start, section.end)
    ):
        return None  # written already
    if section is None:
        return insert_section(doc, config, "related-issues", [link])
    placeholder = config.jira.placeholder
    for i in range(section.body_start, section.end):
        text = doc.line_text(i)
        if placeholder and placeholder in text:
            return Edit.replace(i, i + 1, [text.replace(placeholder, f"[{key}]({url})", 1)])
    last = section.body_start - 1
    for i in range(section.body_start, section.end):
        if doc.line_text(i).strip():
            last = i
    return Edit.insert(last + 1, [link] if last >= section.body_start else ["", link])


def link_jira(
    ws: Workspace,
    number: int,
    *,
    epic: str | None = None,
    key: str | None = None,
    path: str | None = None,
    client: Callable[[str], JiraClient] = JiraClient.from_env,
) -> Result:
    """Find or create the proposal's JIRA issue, link it back, and write its key."""
    cfg = ws.config
    pattern = issue_key_re(cfg.jira.project)
    for given, what in ((key, "--key"), (epic, "--epic")):
        if given is not None and not pattern.fullmatch(given):
            raise BepError(f"{what} {given!r} is not a {cfg.jira.project}-N issue key")
    result = Result(number=number)
    with ws.locked(f"jira {number}"):
        _, main = select(ws, number, path)
        doc = ws.document(main.rel)
        title = document_title(doc, cfg) or main.slug.replace("-", " ")
        ident = cfg.ident(number)
        jira = client(cfg.jira.api)
        url, global_id = _proposal_url(ws, main.rel, ident)
        found = key or jira_key(doc, cfg)
        if found is not None:
            if not jira.exists(found):
                raise BepError(f"{found} does not exist in JIRA", path=main.rel)
        else:
            found = jira.find(cfg.jira.project, ident)
        if found is None:
            found = jira.create(
                cfg.jira.project,
                cfg.jira.issue_type,
                cfg.jira.summary.format(ident=ident, title=title),
                f"{ident}: {title}",
                url,
                parent=epic,
            )
            result.changed.append(("(jira)", f"created {found}"))
        else:
            result.changed.append(("(jira)", f"found {found}"))
        jira.link(found, global_id, url, f"{ident}: {title}")
        edit = _key_edit(doc, cfg, found, jira.browse(found))
        if edit is not None:
            ws.write(main.rel, doc.edit([edit]))
            result.changed.append((main.rel, f"Related Issues: {found}"))
    result.jira = found
    return result
