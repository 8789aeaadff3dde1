"""History from git (bep log), transitions in CI (bep check --base), the stale and
release reports, on repositories whose history the tests script commit by commit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from helpers import bep, bep_process, draft, small_repo

from bepkit.actions.report import release_report, stale_report, version_key
from bepkit.model.workspace import Workspace


def git(root: Path, *args: str, date: str = "2024-01-10", author: str = "Ara Choi") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{date}T12:00:00+09:00",
        "GIT_COMMITTER_DATE": f"{date}T12:00:00+09:00",
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "dev@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def commit(root: Path, message: str, date: str, author: str = "Ara Choi") -> None:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-qm", message, date=date, author=author)


def set_meta(path: Path, key: str, value: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[i] = f"{key}: {value}\n".replace(": \n", ":\n")
            break
    path.write_text("".join(lines))


def doc(title: str, status: str = "Draft", target: str = "", body: str = "") -> str:
    text = draft(title, body)
    return text.replace("Status: Draft", f"Status: {status}").replace(
        "Target-Version:\n", f"Target-Version: {target}\n" if target else "Target-Version:\n"
    )


def scripted(tmp_path: Path) -> Path:
    """1001 goes Draft -> Accepted, is renumbered to 1005, then Implemented by a pull
    request; a new 1001 later takes the old file name; 1002's prose says
    'Status: Implemented' without its metadata ever changing."""
    root = small_repo(
        tmp_path / "repo",
        {
            "BEP-1001-alpha.md": doc("BEP-1001: Alpha"),
            "BEP-1002-beta.md": doc("BEP-1002: Beta"),
        },
    )
    git(root, "init", "-q", "-b", "main")
    commit(root, "Add BEP-1001 and BEP-1002 (#3)", "2024-01-10")
    p = root / "proposals"
    set_meta(p / "BEP-1001-alpha.md", "Status", "Accepted")
    set_meta(p / "BEP-1001-alpha.md", "Target-Version", "24.3.0")
    with (p / "BEP-1002-beta.md").open("a") as f:
        f.write("\n## Notes\n\nStatus: Implemented\n")
    commit(root, "Accept BEP-1001", "2024-02-01", "Bo Lee")
    git(root, "mv", "proposals/BEP-1001-alpha.md", "proposals/BEP-1005-alpha.md")
    text = (p / "BEP-1005-alpha.md").read_text().replace("BEP-1001", "BEP-1005")
    (p / "BEP-1005-alpha.md").write_text(text)
    readme = p / "README.md"
    readme.write_text(
        readme.read_text().replace("[1001](BEP-1001-alpha.md)", "[1005](BEP-1005-alpha.md)")
    )
    commit(root, "Renumber BEP-1001 to BEP-1005", "2024-03-01", "Cy Park")
    set_meta(p / "BEP-1005-alpha.md", "Status", "Implemented")
    set_meta(p / "BEP-1005-alpha.md", "Implemented-Version", "24.3.1")
    commit(root, "Merge pull request #9 from team/implement-alpha", "2024-04-01", "Bo Lee")
    (p / "BEP-1001-alpha.md").write_text(doc("BEP-1001: Another Alpha"))
    commit(root, "Add a new BEP-1001", "2024-05-01")
    return root


def test_log_follows_statuses_renames_and_pull_requests(tmp_path: Path) -> None:
    root = scripted(tmp_path)
    [log] = bep("log", "1005", "--json", cwd=root).json()
    assert log["path"] == "proposals/BEP-1005-alpha.md"
    got = [
        (c["date"][:10], c["author"], c["subject"], c["pull_request"], c["status"])
        for c in log["commits"]
    ]
    assert got == [
        ("2024-04-01", "Bo Lee", "Merge pull request #9 from team/implement-alpha", 9,
         {"from": "Accepted", "to": "Implemented"}),
        ("2024-03-01", "Cy Park", "Renumber BEP-1001 to BEP-1005", None, None),
        ("2024-02-01", "Bo Lee", "Accept BEP-1001", None, {"from": "Draft", "to": "Accepted"}),
        ("2024-01-10", "Ara Choi", "Add BEP-1001 and BEP-1002 (#3)", 3, {"from": None, "to": "Draft"}),
    ]  # fmt: skip
    assert log["commits"][1]["files"] == [
        {
            "path": "proposals/BEP-1005-alpha.md",
            "change": "renamed",
            "renamed_from": "proposals/BEP-1001-alpha.md",
        }
    ]
    assert [(s["date"][:10], s["author"], s["from"], s["to"]) for s in log["statuses"]] == [
        ("2024-01-10", "Ara Choi", None, "Draft"),
        ("2024-02-01", "Bo Lee", "Draft", "Accepted"),
        ("2024-04-01", "Bo Lee", "Accepted", "Implemented"),
    ]
    # the new file at the old name has its own history, not 1005's
    [new] = bep("log", "1001", "--json", cwd=root).json()
    assert [c["subject"] for c in new["commits"]] == ["Add a new BEP-1001"]
    # a 'Status:' line in the prose is not a status change
    [beta] = bep("log", "1002", "--json", cwd=root).json()
    assert [s["to"] for s in beta["statuses"]] == ["Draft"]
    assert len(beta["commits"]) == 2
    text = bep("log", "1005", cwd=root)
    assert text.code == 0
    assert "status: Accepted -> Implemented" in text.out
    assert "renamed: proposals/BEP-1001-alpha.md -> proposals/BEP-1005-alpha.md" in text.out


def test_log_outside_git_and_before_the_first_commit(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "r", {"BEP-1001-alpha.md": doc("BEP-1001: Alpha")})
    r = bep("log", "1001", cwd=root)
    assert r.code == 0 and "no commits yet" in r.out
    git(root, "init", "-q")
    assert bep("log", "1001", "--json", cwd=root).json()[0]["commits"] == []
    assert bep("log", "1999", cwd=root).code == 2


def transitions_repo(tmp_path: Path) -> Path:
    root = small_repo(
        tmp_path / "repo",
        {
            "BEP-1001-one.md": doc("BEP-1001: One"),
            "BEP-1002-two.md": doc("BEP-1002: Two"),
            "BEP-1003-three.md": doc("BEP-1003: Three", "Accepted", "24.3.0"),
        },
    )
    git(root, "init", "-q", "-b", "main")
    commit(root, "Start", "2024-01-10")
    git(root, "checkout", "-qb", "feature")
    p = root / "proposals"
    set_meta(p / "BEP-1001-one.md", "Status", "Implemented")  # skips Accepted: T001
    set_meta(p / "BEP-1002-two.md", "Status", "Accepted")
    commit(root, "Implement one, accept two", "2024-02-01", "Bo Lee")
    set_meta(p / "BEP-1002-two.md", "Status", "Implemented")  # step by step: allowed
    (p / "BEP-1004-four.md").write_text(doc("BEP-1004: Four", "Implemented"))
    commit(root, "Implement two, add four", "2024-02-02", "Bo Lee")
    set_meta(p / "BEP-1003-three.md", "Status", "Draft")  # back to Draft, uncommitted: T001
    return root


def test_check_base_reports_each_disallowed_status_change(tmp_path: Path) -> None:
    root = transitions_repo(tmp_path)
    r = bep("check", "--base", "main", "--format", "json", cwd=root)
    found = [
        (f["path"], f["line"], f["message"]) for f in r.json()["findings"] if f["code"] == "T001"
    ]
    sha = git(root, "rev-parse", "HEAD~1").strip()[:9]
    assert found == [
        (
            "proposals/BEP-1001-one.md",
            3,
            f"status Draft -> Implemented in {sha} (2024-02-01, Bo Lee) is not a transition "
            "the process allows",
        ),
        (
            "proposals/BEP-1003-three.md",
            3,
            "status Accepted -> Draft not yet committed is not a transition the process allows",
        ),
    ]
    assert r.code == 1
    # without --base, no history is read and no transition reported
    plain = bep("check", "--format", "json", cwd=root).json()["findings"]
    assert not [f for f in plain if f["code"] == "T001"]


def test_transition_severity_is_configurable(tmp_path: Path) -> None:
    root = transitions_repo(tmp_path)
    (root / "bep.toml").write_text('[rules]\nT001 = "warning"\n')
    r = bep("check", "--base", "main", "--format", "json", cwd=root)
    assert {f["severity"] for f in r.json()["findings"] if f["code"] == "T001"} == {"warning"}
    (root / "bep.toml").write_text('[rules]\nT001 = "off"\n')
    r = bep("check", "--base", "main", "--format", "json", cwd=root)
    assert not [f for f in r.json()["findings"] if f["code"] == "T001"]


def test_a_renamed_proposal_keeps_its_status_at_the_base(tmp_path: Path) -> None:
    root = transitions_repo(tmp_path)
    git(root, "checkout", "-q", "--", ".")
    git(root, "mv", "proposals/BEP-1003-three.md", "proposals/BEP-1009-three.md")
    set_meta(root / "proposals/BEP-1009-three.md", "Status", "Rejected")
    commit(root, "Renumber and reject three", "2024-02-03")
    found = bep("check", "--base", "main", "--format", "json", cwd=root).json()["findings"]
    # Accepted -> Rejected is allowed: the renamed file was compared with its old self
    assert [f["path"] for f in found if f["code"] == "T001"] == ["proposals/BEP-1001-one.md"]


def release_repo(tmp_path: Path) -> Path:
    root = small_repo(
        tmp_path / "repo",
        {
            "BEP-1001-old-draft.md": doc("BEP-1001: Old Draft"),
            "BEP-1002-fresh-draft.md": doc("BEP-1002: Fresh Draft"),
            "BEP-1003-late.md": doc("BEP-1003: Late", "Accepted", "24.2.0"),
            "BEP-1004-not-yet.md": doc("BEP-1004: Not Yet", "Draft", "24.3.0"),
            "BEP-1005-no-target.md": doc("BEP-1005: No Target", "Accepted"),
            "BEP-1006-shipped.md": doc("BEP-1006: Shipped", "Implemented", "24.2"),
        },
    )
    set_meta(root / "proposals/BEP-1006-shipped.md", "Implemented-Version", "24.2.0")
    readme = root / "proposals/README.md"
    readme.write_text(readme.read_text() + "| 1009 | Reserved Idea | Bo Lee | Draft |\n")
    git(root, "init", "-q", "-b", "main")
    commit(root, "Start", "2024-01-10")
    git(root, "tag", "24.1.0", date="2024-01-15")
    git(root, "tag", "-a", "v24.2.0", "-m", "24.2.0", date="2024-03-01")
    git(root, "tag", "24.3.0rc1", date="2024-04-01")
    with (root / "proposals/BEP-1002-fresh-draft.md").open("a") as f:
        f.write("\nMore text.\n")
    commit(root, "Work on the fresh draft", "2024-05-20")
    return root


def test_stale_report(tmp_path: Path) -> None:
    root = release_repo(tmp_path)
    ws = Workspace.open(root)
    items = stale_report(ws, 90, dt.date(2024, 6, 1))
    got = [(i.kind, i.id, i.detail) for i in items]
    assert got == [
        ("untouched", "BEP-1001", "last changed 2024-01-10 (143 days ago)"),
        ("untouched", "BEP-1004", "last changed 2024-01-10 (143 days ago)"),
        ("released-target", "BEP-1003", "targets 24.2.0; 24.2.0 was released 2024-03-01 (tag v24.2.0)"),
        ("missing-target", "BEP-1005", "Accepted without Target-Version"),
        ("reservation", "BEP-1009", "registry row since 2024-01-10"),
    ]  # fmt: skip
    # 24.3.0rc1 is not a release: BEP-1004's target is not late; --days moves the line
    assert [i.id for i in stale_report(ws, 200, dt.date(2024, 6, 1)) if i.kind == "untouched"] == []
    md = bep("report", "stale", "--days", "90", cwd=root)
    assert md.code == 0
    # today, every draft here is long untouched
    assert "### Drafts no commit has touched for 90 days (3)\n" in md.out
    assert "- **BEP-1003** Late (Accepted) `proposals/BEP-1003-late.md`: targets 24.2.0;" in md.out
    data = bep("report", "stale", "--json", cwd=root).json()
    assert {d["kind"] for d in data} == {
        "untouched",
        "released-target",
        "missing-target",
        "reservation",
    }


def test_release_report(tmp_path: Path) -> None:
    root = release_repo(tmp_path)
    report = release_report(Workspace.open(root), "24.2")
    assert report.released is not None and report.released.tag == "v24.2.0"
    assert [(i.id, i.detail) for i in report.implemented] == [("BEP-1006", "implemented in 24.2.0")]
    assert [(i.id, i.detail) for i in report.not_implemented] == [("BEP-1003", "status Accepted")]
    md = bep("report", "release", "24.2.0", cwd=root).out
    assert md.startswith("## Proposals in 24.2.0 (released 2024-03-01, tag v24.2.0)\n")
    assert (
        "- **BEP-1006** Shipped (Implemented) `proposals/BEP-1006-shipped.md`: implemented in 24.2.0"
        in md
    )
    assert bep("report", "release", "24.9.0", "--json", cwd=root).json()["released"] is None
    bad = bep("report", "release", "next", cwd=root)
    assert bad.code == 2 and "not a version" in bad.err


def test_version_key() -> None:
    assert version_key("25.1") == version_key("25.1.0") == (25, 1)
    assert version_key("25.10.0") > version_key("25.9.3")  # type: ignore[operator]
    assert version_key("25.1.0rc1") is None and version_key("") is None


def test_log_reads_names_git_quotes(tmp_path: Path) -> None:
    name = 'BEP-1007-a "quoted" näme\twith tab.md'
    root = small_repo(tmp_path / "repo", {name: doc("BEP-1007: Odd")})
    git(root, "init", "-q", "-b", "main")
    commit(root, "Add", "2024-01-10")
    new = name.replace("näme", "name")
    git(root, "mv", f"proposals/{name}", f"proposals/{new}")
    set_meta(root / "proposals" / new, "Status", "Rejected")
    commit(root, "Rename and reject", "2024-02-10")
    [log] = bep("log", "1007", "--json", cwd=root).json()
    assert [(c["files"][0]["renamed_from"], c["status"]) for c in log["commits"]] == [
        (f"proposals/{name}", {"from": "Draft", "to": "Rejected"}),
        (None, {"from": None, "to": "Draft"}),
    ]


def test_a_git_that_fails_is_an_error_not_an_empty_history(tmp_path: Path) -> None:
    root = scripted(tmp_path)
    blob = git(root, "rev-parse", "HEAD~3:proposals/BEP-1001-alpha.md").strip()
    (root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # a broken repository
    r = bep_process("log", "1005", cwd=root)
    assert r.code == 2 and r.out == "" and r.err.count("\n") == 1
    assert r.err.startswith("bep: error: git: ")
