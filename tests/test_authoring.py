"""Authoring: bep new, reserve, release, status, decide, question, renumber."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from gitrepo import clone, git, remote_with_examples
from helpers import bep, bep_process, line_changes

from bepkit.actions.authoring import make_slug

BEP = str(Path(sys.executable).with_name("bep"))


def snapshot(repo: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(repo)): p.read_bytes()
        for p in repo.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A clone of examples/ whose remote is a bare repository."""
    bare = remote_with_examples(tmp_path)
    return clone(bare, tmp_path / "work")


def test_readme_walkthrough(work: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    section = (
        readme.split("## Writing a proposal", 1)[1].split("```console", 1)[1].split("```", 1)[0]
    )
    commands = [line[2:] for line in section.splitlines() if line.startswith("$ bep ")]
    assert len(commands) >= 6
    for command in commands:
        r = subprocess.run(
            shlex.split(command.replace("bep", BEP, 1)),
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        assert r.returncode == 0, (command, r.stderr)
    show = json.loads(
        subprocess.run(
            [BEP, "show", "1006", "--json"], cwd=work, capture_output=True, text=True, check=True
        ).stdout
    )[0]
    assert show["frontmatter"]["Status"] == "Implemented"
    assert show["frontmatter"]["Target-Version"] == "26.2.0"
    assert show["frontmatter"]["Implemented-Version"] == "26.2.1"
    assert [d["decision"] for d in show["decision_log"]] == [
        "Event-driven over polling",
        "No polling fallback",
    ]
    assert show["open_questions"] == []
    assert show["registry"]["status"] == "Implemented"
    assert git(work, "branch", "--show-current").strip() == "bep/1006-unified-service-discovery"
    assert "refs/bep-reservations/1006" in git(work, "ls-remote", "origin")


def test_new_fills_the_template_and_keeps_its_comments(work: Path) -> None:
    r = bep(
        "new",
        "Quota Tracking",
        "--author",
        "Ara Choi (ara@example.com)",
        "--version",
        "26.1.0",
        "--no-branch",
        "--json",
        cwd=work,
    )
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert out["number"] == 1006 and out["branch"] is None and out["warnings"] == []
    text = (work / "proposals" / "BEP-1006-quota-tracking.md").read_text()
    template = (work / "proposals" / "BEP-0000-template.md").read_text()
    assert (
        "# Author: Full name and email of the proposal author\nAuthor: Ara Choi (ara@example.com)\n"
        in text
    )
    assert re.search(r"\nCreated: \d{4}-\d\d-\d\d\n", text)
    assert "\nTarget-Version:\n" in text and "\nImplemented-Version:\n" in text
    assert "\n# Quota Tracking\n" in text
    # everything below the title is the template's
    assert text.split("# Quota Tracking\n", 1)[1] == template.split("# Title\n", 1)[1]
    row = "| [1006](BEP-1006-quota-tracking.md) | Quota Tracking | Ara Choi | Draft |\n| _next_ |"
    assert row in (work / "proposals" / "README.md").read_text()


def test_new_segmented_is_clean(work: Path) -> None:
    r = bep(
        "new",
        "Scheduler Rework",
        "--segmented",
        "--component",
        "Data Model",
        "--component",
        "Agent API",
        "--version",
        "26.1.0",
        "--no-branch",
        cwd=work,
    )
    assert r.code == 0, r.err
    assert (work / "proposals" / "BEP-1006" / "data-model.md").is_file()
    assert (work / "proposals" / "BEP-1006" / "agent-api.md").is_file()
    check = bep("check", cwd=work)
    assert (check.code, check.out) == (0, "All checks passed.\n")


def test_without_a_remote_the_number_is_unconfirmed(tmp_path: Path) -> None:
    repo = tmp_path / "plain"
    subprocess.run(["cp", "-r", str(ROOT / "examples"), str(repo)], check=True)
    r = bep("new", "Offline Idea", "--author", "A B", cwd=repo)
    assert r.code == 0
    assert "unconfirmed" in r.err
    assert (repo / "proposals" / "BEP-1006-offline-idea.md").is_file()


def test_reserve_release_and_new_with_a_reserved_number(work: Path) -> None:
    r = bep("reserve", "Later Idea", cwd=work)
    assert (r.code, r.out) == (0, "1006\n")
    assert "refs/bep-reservations/1006" in git(work, "ls-remote", "origin")
    nxt = bep("new", "Other Idea", "--no-branch", "--json", cwd=work)
    assert json.loads(nxt.out)["number"] == 1007  # 1006 is held
    used = bep("new", "Later Idea", "--number", "1006", "--no-branch", cwd=work)
    assert used.code == 0, used.err
    refused = bep("release", "1006", cwd=work)
    assert refused.code == 2 and "in use" in refused.err
    assert bep("reserve", "Unused", cwd=work).out == "1008\n"
    assert bep("release", "1008", cwd=work).code == 0
    assert "refs/bep-reservations/1008" not in git(work, "ls-remote", "origin")


def test_sixteen_clones_get_sixteen_numbers(tmp_path: Path) -> None:
    bare = remote_with_examples(tmp_path)
    clones = [clone(bare, tmp_path / f"c{i}") for i in range(16)]
    procs = [
        subprocess.Popen(
            [BEP, "new", f"Idea {i}", "--author", "A B", "--json"],
            cwd=c,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, c in enumerate(clones)
    ]
    numbers = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        numbers.append(json.loads(out)["number"])
    assert sorted(numbers) == list(range(1006, 1022))
    refs = git(tmp_path, "--git-dir", str(bare), "for-each-ref", "refs/bep-reservations/")
    assert len(refs.splitlines()) == 16


REFUSALS = [
    (["status", "1005", "Implemented"], "cannot go from Draft to Implemented"),
    (["status", "1005", "Accepted"], "Accepted needs Target-Version"),
    (["status", "1005", "Rejected"], "needs a written reason"),
    (["status", "1005", "Superseded"], "needs its successor"),
    (
        ["status", "1005", "Accepted", "--target-version", "next"],
        "is not a YY.Sprint.Patch version",
    ),
    (["status", "1005", "Done"], "unknown status"),
    (["decide", "9999", "x", "--rationale", "y"], "no proposal BEP-9999"),
    (
        ["question", "1005", "resolve", "q000000", "--decision", "d", "--rationale", "r"],
        "no open question 'q000000'",
    ),
    (["new", "데이터 파이프라인"], "makes no file name"),
    (["new", "A | B"], "cannot hold '|'"),
    (["renumber", "1005", "1001"], "already taken"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_are_one_line_exit_2_and_change_nothing(
    work: Path, args: list[str], message: str
) -> None:
    before = snapshot(work)
    r = bep_process(*args, cwd=work)
    assert r.code == 2
    assert r.err.count("\n") == 1 and message in r.err, r.err
    assert snapshot(work) == before


def test_a_registry_that_cannot_be_parsed_is_refused(work: Path) -> None:
    readme = work / "proposals" / "README.md"
    readme.write_text(readme.read_text().replace("## BEP Number Registry", "## Numbers"))
    before = snapshot(work)
    r = bep_process("new", "Anything", "--author", "A B", cwd=work)
    assert r.code == 2 and "no table under a 'BEP Number Registry' heading" in r.err
    assert snapshot(work) == before


def test_superseded_links_both_ways(work: Path) -> None:
    r = bep("status", "1005", "Superseded", "--by", "1002", cwd=work)
    assert r.code == 0, r.err
    old = (work / "proposals" / "BEP-1005-registry-table-sync.md").read_text()
    new = (work / "proposals" / "BEP-1002-repository-check.md").read_text()
    assert "> **Superseded** by [BEP-1002: Repository Check](BEP-1002-repository-check.md)" in old
    assert (
        "> Supersedes [BEP-1005: Registry Table Kept in Sync](BEP-1005-registry-table-sync.md)."
        in new
    )
    check = bep("check", "--format", "json", cwd=work).json()
    assert not [f for f in check["findings"] if f["code"] in ("M010", "X001")]


def test_slugs() -> None:
    assert make_slug("Unified Service Discovery!") == "unified-service-discovery"
    assert make_slug("Crème Brûlée v2") == "creme-brulee-v2"
    assert make_slug("데이터") == ""
    assert make_slug("../../etc/passwd") == "etc-passwd"
    assert len(make_slug("word " * 40)) <= 60


# -- every main document of the corpus: edits change only the lines they must ---------------------


def _corpus_mains() -> list[tuple[int, str]]:
    out = []
    for path in sorted((CORPUS / "proposals").glob("BEP-1*.md")):
        out.append((int(path.name[4:8]), f"proposals/{path.name}"))
    return out


SECTION_LINES = {
    "",
    "## Decision Log",
    "## Open Questions",
    "| Date | Decision | Rationale |",
    "|------|----------|-----------|",
}


@pytest.mark.parametrize(("number", "rel"), _corpus_mains())
def test_edits_on_every_corpus_document_are_minimal(
    number: int, rel: str, corpus_copy: Path
) -> None:
    target = corpus_copy / rel
    where = ["--path", rel]
    empty = target.stat().st_size == 0

    before = target.read_text()
    r = bep(
        "decide",
        str(number),
        "A decision",
        "--rationale",
        "A reason",
        "--date",
        "2026-02-01",
        *where,
        cwd=corpus_copy,
    )
    assert r.code == 0, r.err
    removed, added = line_changes(before, target.read_text())
    assert removed == []
    assert "| 2026-02-01 | A decision | A reason |" in added
    assert set(added) <= SECTION_LINES | {"| 2026-02-01 | A decision | A reason |"}

    before = target.read_text()
    r = bep("question", str(number), "add", "A new question?", *where, cwd=corpus_copy)
    assert r.code == 0, r.err
    removed, added = line_changes(before, target.read_text())
    marker = _marker(target.read_text())
    assert removed == []
    assert [a for a in added if a not in SECTION_LINES] == [f"{marker}A new question?"]

    before = target.read_text()
    shown = bep("show", str(number), "--json", cwd=corpus_copy).json()
    info = next(i for i in shown if i["path"] == rel)
    asked = info["open_questions"][-1]
    assert asked["text"] == "A new question?"
    r = bep(
        "question",
        str(number),
        "resolve",
        asked["id"],
        "--decision",
        "Resolved it",
        "--rationale",
        "Because",
        "--date",
        "2026-02-02",
        *where,
        cwd=corpus_copy,
    )
    assert r.code == 0, r.err
    removed, added = line_changes(before, target.read_text())
    assert [line for line in removed if line.strip()] == [f"{marker}A new question?"]
    assert [a for a in added if a.strip()] == [
        "| 2026-02-02 | Resolved it | Because (resolves the open question: A new question?) |"
    ]

    before = target.read_text()
    registry = corpus_copy / "proposals" / "README.md"
    registry_before = registry.read_text()
    status = bep(
        "status",
        str(number),
        "Rejected",
        "--reason",
        "Not needed",
        "--date",
        "2026-02-03",
        *where,
        cwd=corpus_copy,
    )
    if empty:  # a 0-byte document has no metadata to change: refused, nothing written
        assert status.code == 2 and target.read_text() == before
        return
    if status.code == 2 and "no registry row" in status.err:  # refused, nothing written
        assert target.read_text() == before
        where = [*where, "--no-registry"]
        status = bep(
            "status",
            str(number),
            "Rejected",
            "--reason",
            "Not needed",
            "--date",
            "2026-02-03",
            *where,
            cwd=corpus_copy,
        )
    if status.code == 2:  # Rejected is not reachable from this status: take another legal step
        assert "cannot go from" in status.err
        status = bep(
            "status",
            str(number),
            "Superseded",
            "--by",
            "1000" if number != 1000 else "1001",
            *where,
            cwd=corpus_copy,
        )
    assert status.code == 0, status.err
    removed, added = line_changes(before, target.read_text())
    assert len(removed) == 1 and removed[0].startswith("Status:")
    assert len([a for a in added if a.startswith("Status:")]) == 1
    assert all(a.startswith(("Status:", "> **")) or not a.strip() for a in added)
    reg_removed, reg_added = line_changes(registry_before, registry.read_text())
    assert len(reg_removed) == len(reg_added) <= 1


def _marker(text: str) -> str:
    m = re.search(r"^([ \t]*(?:[-*+]|\d+[.)])[ \t]+)A new question\?$", text, re.M)
    return m.group(1) if m else "- "


# -- renumber ------------------------------------------------------------------------------------


def _codes(repo: Path) -> list[tuple[str, str, str]]:
    data = bep("check", "--format", "json", "--no-baseline", cwd=repo).json()
    return [(f["code"], f["path"], f["message"]) for f in data["findings"]]


def test_renumber_one_of_two_documents_sharing_a_number(corpus_copy: Path) -> None:
    before = _codes(corpus_copy)
    assert any(c == "N001" for c, _, _ in before)
    r = bep(
        "renumber",
        "1026",
        "next",
        "--path",
        "proposals/BEP-1026-email-notification-channel.md",
        cwd=corpus_copy,
    )
    assert r.code == 0, r.err
    assert (corpus_copy / "proposals" / "BEP-1041-email-notification-channel.md").is_file()
    assert not (corpus_copy / "proposals" / "BEP-1026-email-notification-channel.md").exists()
    after = _codes(corpus_copy)
    assert not [f for f in after if f[0] == "N001"]
    assert {f for f in after if f[0] in ("L001", "X002")} <= {
        f for f in before if f[0] in ("L001", "X002")
    }
    readme = (corpus_copy / "proposals" / "README.md").read_text()
    assert (
        "| [1041](BEP-1041-email-notification-channel.md) | Email Notification Channel |" in readme
    )
    assert "| [1026](BEP-1026-fair-share-scheduler.md) | Fair Share Scheduler |" in readme
    text = (corpus_copy / "proposals" / "BEP-1041-email-notification-channel.md").read_text()
    assert "# BEP-1041: Email Notification Channel" in text


def test_renumber_the_document_that_owns_the_row(corpus_copy: Path) -> None:
    before = _codes(corpus_copy)
    r = bep(
        "renumber",
        "1026",
        "next",
        "--path",
        "proposals/BEP-1026-fair-share-scheduler.md",
        cwd=corpus_copy,
    )
    assert r.code == 0, r.err
    after = _codes(corpus_copy)
    assert not [f for f in after if f[0] in ("N001", "N002")]
    assert {f for f in after if f[0] in ("L001", "X002")} <= {
        f for f in before if f[0] in ("L001", "X002")
    }
    # the link to it from BEP-1029 follows it; BEP-1029's text mention names its title, so it moves too
    bep1029 = (corpus_copy / "proposals" / "BEP-1029-sokovan-observer-handler.md").read_text()
    assert "[BEP-1041: Fair Share Scheduler](BEP-1041-fair-share-scheduler.md)" in bep1029
    readme = (corpus_copy / "proposals" / "README.md").read_text()
    assert (
        "| [1026](BEP-1026-email-notification-channel.md) | Email Notification Channel |" in readme
    )
    assert "| [1041](BEP-1041-fair-share-scheduler.md) | Fair Share Scheduler |" in readme


def test_renumber_moves_the_folder_and_parent_keys(work: Path) -> None:
    r = bep("renumber", "1002", "1010", cwd=work)
    assert r.code == 0, r.err
    sub = work / "proposals" / "BEP-1010" / "baseline.md"
    assert "parent: BEP-1010 (Repository Check)" in sub.read_text()
    main = (work / "proposals" / "BEP-1010-repository-check.md").read_text()
    assert "[rule-catalogue](./BEP-1010/rule-catalogue.md)" in main
    other = (work / "proposals" / "BEP-1000-lossless-document-model.md").read_text()
    assert "[BEP-1010: Repository Check](BEP-1010-repository-check.md)" in other
    assert bep("check", cwd=work).out == "All checks passed.\n"


def test_reserve_can_write_the_row_the_team_writes(work: Path) -> None:
    """`bep reserve --row link` adds the registry row that links the file to come;
    the check takes it for a reservation, and `bep new` then fills it."""
    r = bep("reserve", "Service Discovery", "--row", "link", cwd=work)
    assert r.code == 0, r.err
    number = r.out.strip()
    readme = (work / "proposals" / "README.md").read_text()
    row = f"| [{number}](BEP-{number}-service-discovery.md) | Service Discovery |"
    assert row in readme
    assert bep("check", "--format", "json", cwd=work).json()["findings"] == []
    assert bep("reserve", "Plain", "--row", "row", cwd=work).code == 0
    assert "| Plain |" in (work / "proposals" / "README.md").read_text()
    assert bep("check", "--format", "json", cwd=work).json()["findings"] == []


def test_renumber_gives_back_the_old_reservation_it_no_longer_uses(work: Path) -> None:
    assert bep("new", "Later Idea", "--no-branch", "--author", "A B", cwd=work).code == 0
    assert "refs/bep-reservations/1006" in git(work, "ls-remote", "origin")
    r = bep("renumber", "1006", "1010", cwd=work)
    assert r.code == 0, r.err
    assert "reservation of BEP-1006 released" in r.out
    remote = git(work, "ls-remote", "origin")
    assert "refs/bep-reservations/1006" not in remote
    assert "refs/bep-reservations/1010" in remote


def test_renumber_keeps_the_old_number_that_another_document_still_uses(work: Path) -> None:
    proposals = work / "proposals"
    assert bep("new", "Later Idea", "--no-branch", "--author", "A B", cwd=work).code == 0
    twin = proposals / "BEP-1006-twin-idea.md"
    twin.write_text((proposals / "BEP-1006-later-idea.md").read_text().replace("Later", "Twin"))
    r = bep("renumber", "1006", "next", "--path", "proposals/BEP-1006-twin-idea.md", cwd=work)
    assert r.code == 0, r.err
    assert "refs/bep-reservations/1006" in git(work, "ls-remote", "origin")


def test_without_a_remote_a_reserved_number_is_still_held(examples_copy: Path) -> None:
    git(examples_copy, "init", "-q", "-b", "main")
    first = bep("reserve", "Held Idea", cwd=examples_copy)
    assert (first.code, first.out) == (0, "1006\n") and "unconfirmed" in first.err
    assert git(examples_copy, "for-each-ref", "--format=%(refname)", "refs/bep-reservations/")
    created = bep(
        "new", "Other Idea", "--no-branch", "--author", "A B", "--json", cwd=examples_copy
    )
    assert json.loads(created.out)["number"] == 1007  # 1006 is held, not given again
    used = bep("new", "Held Idea", "--number", "1006", "--no-branch", "--author", "A B",
               cwd=examples_copy)  # fmt: skip
    assert used.code == 0, used.err
