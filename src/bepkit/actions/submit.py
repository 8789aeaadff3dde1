"""``bep submit [N]``: the guide's step 5, "Submit PR", in one command.

1. Check the proposal (``bep check``, with the branch's base): an error refuses.
2. Commit the proposal's files (main document, its folder, the registry) with
   the team's message (``[github] commit``).
3. Push the branch.
4. Open the pull request through the GitHub REST API (title ``[github]
   pr_title``, e.g. ``docs(BA-1234): BEP-1046: Title``; body ``pr_body``), or
   update the one the branch already has: a rerun never opens a second.
   Reviewers and a draft by option.
5. Add the news fragment ``changes/<PR>.doc.md`` (towncrier's layout; the
   number exists only now), commit and push it.

``dry_run`` reads and checks, and returns the steps it would take; it writes,
commits, pushes and opens nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bepkit.actions.authoring import Result
from bepkit.check.engine import check
from bepkit.errors import BepError
from bepkit.github import GitHubClient, Repo, repo_of
from bepkit.gitops import Git, GitError
from bepkit.model.document import Document
from bepkit.model.proposal import document_title, jira_key, status_of
from bepkit.model.reservations import branch_pattern
from bepkit.model.workspace import Workspace

__all__ = ["Submission", "comment_on_pull", "submit"]

_TYPE_RE = re.compile(r"^([a-z]+)[(:!]")
_EMPTY_SCOPE_RE = re.compile(r"^([a-z]+)\(\)")  # "docs(): ..." without a key: "docs: ..."


@dataclass
class Submission(Result):
    steps: list[str] = field(default_factory=list)  # what was done (or would be, dry)


def _number_of(ws: Workspace, branch: str | None) -> int:
    m = branch_pattern(ws.config).match(branch or "")
    if m is None:
        raise BepError(
            f"the branch {branch or '(detached)'} names no proposal",
            hint="name the number: bep submit N, on the proposal's branch",
        )
    return int(m.group("number"))


def _render(template: str, values: dict[str, str]) -> str:
    text = template.format(**values)
    if not values.get("jira"):  # no key yet: no empty scope, no "Resolves" line
        text = _EMPTY_SCOPE_RE.sub(r"\1", text, count=1)
        text = "\n".join(ln for ln in text.splitlines() if ln.strip() != "Resolves")
    return text


def submit(
    ws: Workspace,
    number: int | None = None,
    *,
    base: str | None = None,
    draft: bool = False,
    reviewers: Sequence[str] = (),
    dry_run: bool = False,
    client: Callable[[Repo, str], GitHubClient] = GitHubClient,
) -> Submission:
    cfg = ws.config
    git = Git(ws.root)
    if not git.is_repo():
        raise BepError("bep submit works in a git repository")
    branch = git.current_branch()
    if number is None:
        number = _number_of(ws, branch)
    if branch is None:
        raise BepError("HEAD is detached: check out the proposal's branch")
    base_ref = base or git.default_base()
    if base_ref is None:
        raise BepError("no base branch to open the pull request against", hint="--base BRANCH")
    base_branch = Git.branch_name(base_ref, cfg.remote)
    if base_branch == branch:
        raise BepError(f"{branch} is the base branch: submit from the proposal's branch")
    url = git.remote_url(cfg.remote)
    repo = repo_of(url) if url else None
    if repo is None:
        raise BepError(f"remote {cfg.remote!r} is not a GitHub repository ({url or 'none'})")
    result = Submission(number=number, branch=branch)

    p = ws.proposal(number)
    if not p.mains:
        raise BepError(f"{cfg.ident(number)} has no document to submit")
    main = p.mains[0]
    doc: Document = ws.document(main.rel)
    outcome = check(ws, number=number, base=base_ref)
    errors = [f for f in outcome.findings if f.severity == "error"]
    if errors:
        first = errors[0]
        raise BepError(
            f"{len(errors)} error(s) in {cfg.ident(number)}, first: {first.path}:{first.line}: "
            f"{first.code} {first.message}",
            hint="bep check shows them all; bep check --fix mends the fixable ones",
        )
    result.steps.append(f"checked {cfg.ident(number)}: no errors")

    key = jira_key(doc, cfg) or ""
    result.jira = key or None
    if not key:
        result.warnings.append(f"no JIRA key in {main.rel}: bep jira {number} creates the issue")
    values = {
        "ident": cfg.ident(number),
        "title": document_title(doc, cfg) or main.slug.replace("-", " "),
        "jira": key,
        "status": status_of(doc, cfg),
        "path": main.rel,
        "number": str(number),
    }
    title = _render(cfg.github.pr_title, values)
    m = _TYPE_RE.match(title)
    if m is None or m.group(1) not in cfg.github.pr_types:
        raise BepError(
            f"the pull request title {title!r} does not start with one of the team's types "
            f"({', '.join(cfg.github.pr_types)})",
            hint="set [github] pr_title in bep.toml",
        )
    body = _render(cfg.github.pr_body, values)
    paths = [r for r in (main.rel, *(f.rel for f in p.folders), cfg.registry_file) if ws.exists(r)]
    message = _render(cfg.github.commit, values)

    if dry_run:
        result.steps += [
            f"would commit {', '.join(paths)}: {message!r}",
            f"would push {branch} to {cfg.remote}",
            f"would open or update the pull request {branch} -> {base_branch}: {title!r}",
            f"would add {cfg.github.fragments}/<PR>.{cfg.github.fragment_type}.md",
        ]
        return result

    _commit(git, paths, message, result)
    _push(git, cfg.remote, branch, result)
    github = client(repo, cfg.github.api)
    pull = github.pull_for(branch)
    if pull is None:
        pull = github.open_pull(title=title, body=body, head=branch, base=base_branch, draft=draft)
        result.steps.append(f"opened pull request #{pull.get('number')}")
    else:
        pull = github.update_pull(int(pull["number"]), title=title, body=body)
        result.steps.append(f"updated pull request #{pull.get('number')}")
    pr = int(pull["number"])
    result.pull = str(pull.get("html_url", ""))
    if reviewers:
        github.request_reviewers(pr, list(reviewers))
        result.steps.append(f"asked {', '.join(reviewers)} to review")
    fragment = f"{cfg.github.fragments}/{pr}.{cfg.github.fragment_type}.md"
    with ws.locked(f"submit {number}"):
        if not ws.exists(fragment):
            ws.create(fragment, Document(_render(cfg.github.fragment, values) + "\n"))
    if git.run("status", "--porcelain", "--", fragment).strip():
        _commit(git, [fragment], f"docs: add news fragment for #{pr}", result)
        _push(git, cfg.remote, branch, result)
    return result


def _commit(git: Git, paths: list[str], message: str, result: Submission) -> None:
    git.run("add", "--all", "--", *paths)
    if not git.run("diff", "--cached", "--name-only", "--", *paths).strip():
        result.steps.append("nothing new to commit")
        return
    git.run("commit", "--quiet", "-m", message, "--", *paths)
    result.steps.append(f"committed: {message}")


def _push(git: Git, remote: str, branch: str, result: Submission) -> None:
    try:
        git.run("push", "--quiet", "--set-upstream", "--", remote, f"HEAD:refs/heads/{branch}")
    except GitError as exc:
        raise BepError(
            f"git push failed: {exc}", hint="nothing was opened; fix it and run again"
        ) from None
    result.steps.append(f"pushed {branch} to {remote}")


def comment_on_pull(
    ws: Workspace,
    number: int,
    done: Result,
    *,
    client: Callable[[Repo, str], GitHubClient] = GitHubClient,
) -> str:
    """Say on the proposal's open pull request what ``done`` changed (after the
    discussion: accepted, rejected); returns the comment's URL."""
    cfg = ws.config
    git = Git(ws.root)
    url = git.remote_url(cfg.remote) if git.is_repo() else None
    repo = repo_of(url) if url else None
    if repo is None:
        raise BepError(f"remote {cfg.remote!r} is not a GitHub repository ({url or 'none'})")
    github = client(repo, cfg.github.api)
    pattern = branch_pattern(cfg)
    pulls = [
        pull
        for pull in github.open_pulls()
        if (m := pattern.match(str((pull.get("head") or {}).get("ref", ""))))
        and int(m.group("number")) == number
    ]
    if not pulls:
        raise BepError(f"no open pull request from a branch of {cfg.ident(number)}")
    lines = [f"{cfg.ident(number)}: " + "; ".join(change for _, change in done.changed)]
    return github.comment(int(pulls[0]["number"]), "\n".join(lines))
