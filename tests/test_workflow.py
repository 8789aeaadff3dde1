"""The guide's workflow by command, against fakes of Jira and GitHub on 127.0.0.1:
the JIRA issue (Cloud and Data Center), numbers that open pull requests hold,
`bep submit`, and a comment after the discussion.  No token is ever shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from fakes import GitHubFake, JiraFake
from gitrepo import clone, git, remote_with_examples
from helpers import bep, line_changes
from pytest_httpserver import HTTPServer

DOC = "proposals/BEP-1005-registry-table-sync.md"


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A clone whose origin is github.com/acme/proposals, reached through a bare
    repository on disk (git's insteadOf): pushes work, and the API is the fake's."""
    bare = remote_with_examples(tmp_path)
    repo = clone(bare, tmp_path / "work")
    url = "https://github.com/acme/proposals.git"
    git(repo, "remote", "set-url", "origin", url)
    git(repo, "config", f"url.{bare}.insteadOf", url)
    return repo


def use(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)


def related_issues(path: Path) -> str:
    text = path.read_text()
    return (
        text.split("## Related Issues", 1)[1].split("\n## ", 1)[0]
        if "## Related Issues" in text
        else ""
    )


# -- JIRA ---------------------------------------------------------------------------------


def test_jira_cloud_creates_once_links_back_and_writes_the_key(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    jira = JiraFake(httpserver)
    use(monkeypatch, jira.env())
    before = (work / DOC).read_text()
    r = bep("jira", "1005", "--epic", "BA-900", "--json", cwd=work)
    assert r.code == 0, r.err
    assert r.json()["jira"] == "BA-1"
    issue = jira.issues["BA-1"]["fields"]
    assert issue["summary"] == "BEP-1005: Registry Table Kept in Sync"
    assert issue["parent"] == {"key": "BA-900"} and issue["issuetype"] == {"name": "Task"}
    (link,) = jira.links["BA-1"].values()
    assert link["object"]["url"].startswith("https://github.com/acme/proposals/blob/main/")
    removed, added = line_changes(before, (work / DOC).read_text())
    assert removed == [] and added == [f"- JIRA: [BA-1]({jira.base}/browse/BA-1)"]

    again = bep("jira", "1005", cwd=work)
    assert again.code == 0, again.err
    assert list(jira.issues) == ["BA-1"] and len(jira.links["BA-1"]) == 1
    assert (work / DOC).read_text().count("BA-1") == 2  # the link text and its URL, once


def test_jira_replaces_the_templates_placeholder_in_place(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    jira = JiraFake(httpserver)
    use(monkeypatch, jira.env())
    created = bep("new", "Quota Tracking", "--no-branch", "--jira", "--json", cwd=work)
    assert created.code == 0, created.err
    doc = work / "proposals" / "BEP-1006-quota-tracking.md"
    assert f"- JIRA: [BA-1]({jira.base}/browse/BA-1)" in related_issues(doc)
    assert "BA-XXXX" not in doc.read_text()


def test_a_crash_after_the_issue_was_made_finds_it_again(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    jira = JiraFake(httpserver)
    use(monkeypatch, jira.env())
    jira.issues["BA-1"] = {
        "key": "BA-1",
        "fields": {"summary": "BEP-1005: Registry Table Kept in Sync", "project": {"key": "BA"}},
    }
    r = bep("jira", "1005", cwd=work)
    assert r.code == 0 and "found BA-1" in r.out, r.err
    assert list(jira.issues) == ["BA-1"]


def test_jira_data_center_uses_a_bearer_token_and_wiki_markup(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    jira = JiraFake(httpserver, api="datacenter")
    use(monkeypatch, jira.env())
    (work / "bep.toml").write_text('[jira]\napi = "datacenter"\nissue_type = "Story"\n')
    r = bep("jira", "1005", cwd=work)
    assert r.code == 0, r.err
    fields = jira.issues["BA-1"]["fields"]
    assert (
        isinstance(fields["description"], str)
        and "|https://github.com/acme" in fields["description"]
    )
    assert fields["issuetype"] == {"name": "Story"}


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("wrong-token", "JIRA: the credentials were rejected (401)"),
        ("500", "JIRA: failed on"),
        ("slow", "JIRA: no answer from"),
        ("missing-key", "BA-77 does not exist in JIRA"),
        ("down", "JIRA: cannot reach"),
        ("no-env", "set JIRA_BASE_URL"),
    ],
)
def test_jira_failures_are_one_line_and_leave_the_document(
    setup: str,
    message: str,
    work: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jira = JiraFake(httpserver)
    env = jira.env()
    args = ["jira", "1005"]
    if setup == "wrong-token":
        env["JIRA_API_TOKEN"] = "not-the-token"
    elif setup == "500":
        jira.fail = 500
    elif setup == "slow":
        jira.delay = 1.0
        monkeypatch.setenv("BEP_HTTP_TIMEOUT", "0.2")
    elif setup == "missing-key":
        args += ["--key", "BA-77"]
    elif setup == "down":
        env["JIRA_BASE_URL"] = "http://127.0.0.1:9"  # nothing listens there
    if setup != "no-env":
        use(monkeypatch, env)
    before = (work / DOC).read_bytes()
    r = bep(*args, cwd=work)
    assert r.code == 2 and r.err.count("\n") == 1 and message in r.err, r.err
    assert (work / DOC).read_bytes() == before
    assert jira.token not in r.out + r.err


# -- numbers held by open pull requests -------------------------------------------------------


def test_a_number_an_open_pull_request_adds_is_taken(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    github = GitHubFake(httpserver)
    use(monkeypatch, {"GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.api})
    for i in range(150):  # two pages of open pull requests, the last one holding 1006
        github.add_pull(f"feature/{i}", f"Change {i}", [f"src/file{i}.py"])
    github.add_pull(
        "bep/1006-push-events", "docs(BA-9): BEP-1006", ["proposals/BEP-1006-push-events.md"]
    )

    refused = bep("new", "Other Idea", "--number", "1006", "--no-branch", cwd=work)
    assert refused.code == 2, refused.err
    assert "BEP-1006 is added by the open pull request #151 docs(BA-9): BEP-1006" in refused.err
    created = bep("new", "Other Idea", "--no-branch", "--json", cwd=work)
    assert created.json()["number"] == 1007, created.err
    calls = github.requests
    assert bep("reserve", "Third", cwd=work).out == "1008\n"
    assert github.requests == calls  # the open pull requests came from the cache
    listed = bep("list", "--json", cwd=work).json()
    assert not any(e["pull_requests"] for e in listed)  # 1006 has no document here


def test_check_base_reports_a_number_an_open_pull_request_holds(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    github = GitHubFake(httpserver)
    use(monkeypatch, {"GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.api})
    created = bep("new", "Mine", "--author", "A B", cwd=work)  # on bep/1006-mine
    assert created.code == 0 and git(work, "branch", "--show-current") == "bep/1006-mine\n"
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "mine")
    github.add_pull("bep/1006-theirs", "Theirs", ["proposals/BEP-1006-theirs.md"])
    shutil.rmtree(Path(work.parent / "bep-cache"), ignore_errors=True)
    r = bep("check", "--base", "origin/main", cwd=work)
    assert r.code == 1
    assert (
        "B002 BEP-1006 is also added by the open pull request #1 Theirs (bep/1006-theirs)" in r.out
    )


def test_without_a_token_open_pull_requests_are_skipped_with_a_note(work: Path) -> None:
    r = bep("new", "Offline Idea", "--no-branch", cwd=work)
    assert r.code == 0, r.err
    assert "open pull requests not checked: no GitHub token" in r.err


# -- submit ------------------------------------------------------------------------------------


def write_it(doc: Path, title: str) -> None:
    """Step 4 of the guide: the proposal written (here: the examples' BEP-1005 text
    under the new document's metadata, title and Related Issues)."""
    new = doc.read_text()
    head = new.split("## Motivation", 1)[0]
    written = (EXAMPLES / DOC).read_text().split("## Motivation", 1)[1]
    doc.write_text(head.replace("- GitHub: #XXXX\n", "") + "## Motivation" + written)


def test_submit_commits_pushes_opens_once_and_adds_the_fragment(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    github = GitHubFake(httpserver)
    jira = JiraFake(httpserver)
    use(monkeypatch, {"GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.api, **jira.env()})
    assert bep("new", "Push Events", "--jira", cwd=work).code == 0
    write_it(work / "proposals" / "BEP-1006-push-events.md", "Push Events")
    dry = bep("submit", "--dry-run", cwd=work)
    assert dry.code == 0 and "would open or update the pull request" in dry.out, dry.err
    assert github.pulls == [] and git(work, "status", "--porcelain")  # nothing happened

    r = bep("submit", "--reviewer", "kim", cwd=work)
    assert r.code == 0, r.err
    (pull,) = github.pulls
    assert pull["title"] == "docs(BA-1): BEP-1006: Push Events"
    assert pull["head"]["ref"] == "bep/1006-push-events" and pull["base"] == "main"
    assert "Resolves BA-1" in pull["body"] and github.reviewers[1] == ["kim"]
    assert r.out.strip().endswith("https://github.com/acme/proposals/pull/1")
    assert (work / "changes" / "1.doc.md").read_text() == "Add BEP-1006: Push Events\n"
    assert git(work, "status", "--porcelain") == ""
    log = git(work, "log", "--format=%s", "origin/bep/1006-push-events", "-3").splitlines()
    assert log[:2] == ["docs: add news fragment for #1", "docs(BA-1): BEP-1006: Push Events"]

    again = bep("submit", cwd=work)
    assert again.code == 0 and "updated pull request #1" in again.out, again.err
    assert len(github.pulls) == 1


def test_submit_refuses_a_proposal_with_errors(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    github = GitHubFake(httpserver)
    use(monkeypatch, {"GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.api})
    assert bep("new", "Broken One", "--author", "A B", cwd=work).code == 0
    doc = work / "proposals" / "BEP-1006-broken-one.md"
    doc.write_text(doc.read_text().replace("Status: Draft", "Status: Whatever"))
    r = bep("submit", cwd=work)
    assert r.code == 2 and "error(s) in BEP-1006" in r.err, r.err
    assert github.pulls == []


def test_status_comment_reaches_the_pull_request(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    github = GitHubFake(httpserver)
    use(monkeypatch, {"GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.api})
    github.add_pull("bep/1005-registry-table-sync", "docs(BA-5): BEP-1005", [])
    r = bep("status", "1005", "Accepted", "--target-version", "26.3.0", "--comment", cwd=work)
    assert r.code == 0, r.err
    (comment,) = github.comments[1]
    assert comment.startswith("BEP-1005: Status: Draft -> Accepted")


# -- secrets ------------------------------------------------------------------------------------


def test_no_token_reaches_output_files_or_logs(
    work: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    github = GitHubFake(httpserver)
    jira = JiraFake(httpserver)
    secrets = [github.token, jira.token]
    use(monkeypatch, {"GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.api, **jira.env()})
    outputs = []
    for fail in (None, 401, 403, 404, 500):
        github.fail = fail
        jira.fail = fail
        for args in (
            ["jira", "1005"],
            ["new", f"Idea {fail}", "--no-branch", "--jira"],
            ["submit", "1005", "--base", "main"],
            ["check", "--base", "origin/main"],
            ["status", "1005", "Rejected", "--reason", "x", "--comment"],
        ):
            r = bep(*args, cwd=work)
            assert r.code in (0, 1, 2) and "Traceback" not in r.err
            outputs.append(r.out + r.err)
        shutil.rmtree(tmp_path / "bep-cache", ignore_errors=True)
    everything = "\n".join(outputs)
    for path in list(work.rglob("*")) + list((tmp_path).rglob("*")):
        if path.is_file() and ".git/objects" not in str(path):
            everything += path.read_bytes().decode("utf-8", "replace")
    for secret in secrets:
        assert secret not in everything


@pytest.mark.parametrize(
    ("url", "host", "api"),
    [
        ("https://github.com/acme/proposals.git", "github.com", "https://api.github.com"),
        ("git@github.com:acme/proposals.git", "github.com", "https://api.github.com"),
        (
            "ssh://git@ghe.corp.example:2222/acme/proposals",
            "ghe.corp.example",
            "https://ghe.corp.example/api/v3",
        ),
        (
            "https://token@ghe.corp.example/acme/proposals/",
            "ghe.corp.example",
            "https://ghe.corp.example/api/v3",
        ),
    ],
)
def test_the_repository_and_its_api_come_from_the_remote(url: str, host: str, api: str) -> None:
    from bepkit.github import GitHubClient, repo_of

    repo = repo_of(url)
    assert repo is not None and (repo.host, repo.owner, repo.name) == (host, "acme", "proposals")
    assert GitHubClient(repo, token="t").http.base == f"{api}/repos/acme/proposals"
    assert repo_of("/srv/git/proposals.git") is None


def test_without_a_jira_key_the_title_has_no_empty_scope_and_keeps_its_parentheses() -> None:
    from bepkit.actions.submit import _render

    values = {"jira": "", "ident": "BEP-1006", "title": "Call foo() Once"}
    assert _render("docs({jira}): {ident}: {title}", values) == "docs: BEP-1006: Call foo() Once"
    assert _render("Body\n\nResolves {jira}", values) == "Body\n"


def test_a_base_branch_keeps_its_slashes() -> None:
    from bepkit.gitops import Git

    assert Git.branch_name("origin/release/1.0", "origin") == "release/1.0"
    assert Git.branch_name("release/1.0", "origin") == "release/1.0"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[github]\npr_title = "docs({jira}): {oops}"\n',
            "github.pr_title: bad placeholder 'oops'",
        ),
        ('[jira]\nline = "- {0}"\n', "jira.line: bad placeholder"),
        ('[jira]\napi = "server"\n', "jira.api: expected 'cloud' or 'datacenter'"),
        ('[github]\nfragments = "../out"\n', "github.fragments: '../out' must be a relative path"),
    ],
)
def test_a_bad_workflow_setting_is_one_line_naming_its_key(
    toml: str, message: str, examples_copy: Path
) -> None:
    (examples_copy / "bep.toml").write_text(toml)
    r = bep("list", cwd=examples_copy)
    assert r.code == 2 and message in r.err and r.err.count("\n") == 1, r.err
