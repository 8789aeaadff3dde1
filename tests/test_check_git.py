"""Branch and merge-target rules, with real git and a bare repository as the remote."""

from __future__ import annotations

from pathlib import Path

from gitrepo import add_proposal, clone, git, remote_with_examples
from helpers import bep


def codes(repo: Path, *args: str) -> list[tuple[str, str]]:
    data = bep("check", "--format", "json", *args, cwd=repo).json()
    return [(f["code"], f["message"]) for f in data["findings"]]


def test_branch_must_name_a_proposal_it_changes(tmp_path: Path) -> None:
    bare = remote_with_examples(tmp_path)
    work = clone(bare, tmp_path / "work")
    git(work, "checkout", "-q", "-b", "bep/1003-yaml-frontmatter")
    assert codes(work) == [
        (
            "B001",
            "branch bep/1003-yaml-frontmatter names BEP-1003, which this branch does not add or change",
        )
    ]
    doc = work / "proposals" / "BEP-1003-yaml-frontmatter.md"
    doc.write_text(doc.read_text().replace("## Motivation\n", "## Motivation\n\nOne more word.\n"))
    assert codes(work) == []  # uncommitted work counts
    git(work, "commit", "-qam", "edit")
    assert codes(work) == []


def test_new_number_of_a_branch(tmp_path: Path) -> None:
    bare = remote_with_examples(tmp_path)
    work = clone(bare, tmp_path / "work")
    git(work, "checkout", "-q", "-b", "bep/1006-row-checks")
    add_proposal(work, 1006, "Row Checks", "row-checks")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "BEP-1006")
    assert codes(work, "--base", "origin/main") == []

    # meanwhile another author merges a 1006 into main
    other = clone(bare, tmp_path / "other")
    add_proposal(other, 1006, "Other Idea", "other-idea")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "BEP-1006 other")
    git(other, "push", "-q", "origin", "main")
    git(work, "fetch", "-q")
    assert codes(work, "--base", "origin/main") == [
        ("B002", "BEP-1006 is already used on origin/main")
    ]


def test_number_claimed_by_another_branch_or_reservation(tmp_path: Path) -> None:
    bare = remote_with_examples(tmp_path)
    other = clone(bare, tmp_path / "other")
    git(other, "checkout", "-q", "-b", "bep/1007-their-idea")
    add_proposal(other, 1007, "Their Idea", "their-idea")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "BEP-1007")
    git(other, "push", "-q", "origin", "bep/1007-their-idea")
    # a reservation ref for 1008 held for another title
    tree = git(other, "rev-parse", "HEAD^{tree}").strip()
    commit = git(other, "commit-tree", tree, "-m", "Reserve BEP-1008: Someone Else's Idea").strip()
    git(other, "push", "-q", "origin", f"{commit}:refs/bep-reservations/1008")

    work = clone(bare, tmp_path / "work")
    git(work, "checkout", "-q", "-b", "bep/1007-my-idea")
    add_proposal(work, 1007, "My Idea", "my-idea")
    add_proposal(work, 1008, "Also Mine", "also-mine")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "mine")
    found = codes(work, "--base", "origin/main")
    assert found == [
        ("B002", "BEP-1007 is also claimed by the branch origin/bep/1007-their-idea"),
        ("B002", "BEP-1008 is reserved for \"Someone Else's Idea\", not 'Also Mine'"),
    ]


def test_an_unknown_base_is_an_error(tmp_path: Path) -> None:
    """A typo (origin/mian) must not pass as "All checks passed"."""
    bare = remote_with_examples(tmp_path)
    work = clone(bare, tmp_path / "work")
    r = bep("check", "--base", "origin/mian", cwd=work)
    assert r.code == 2
    assert r.err == "bep: error: --base origin/mian: no such ref (git branch -a lists them)\n"


def test_release_refuses_another_authors_reservation(tmp_path: Path) -> None:
    """From another clone, bep release no longer deletes a colleague's reservation
    (nor one a remote proposal branch works on) without --force."""
    bare = remote_with_examples(tmp_path)
    mine = clone(bare, tmp_path / "mine")
    theirs = clone(bare, tmp_path / "theirs")
    git(theirs, "config", "user.email", "colleague@example.com")
    number = bep("reserve", "Their Idea", cwd=theirs).out.strip()
    r = bep("release", number, cwd=mine)
    assert r.code == 2 and "was reserved by colleague@example.com" in r.err, r.err
    git(theirs, "checkout", "-q", "-b", f"bep/{number}-their-idea")
    git(theirs, "push", "-q", "origin", f"bep/{number}-their-idea")
    git(mine, "config", "user.email", "colleague@example.com")
    git(mine, "fetch", "-q", "origin")
    r = bep("release", number, cwd=mine)
    assert r.code == 2 and "has a proposal branch on the remote" in r.err, r.err
    assert bep("release", number, "--force", cwd=mine).code == 0


def test_new_branches_from_the_remote_default_branch(tmp_path: Path) -> None:
    """bep new starts its branch where a pull request merges, not from whatever
    is checked out: another proposal's commits never come along."""
    bare = remote_with_examples(tmp_path)
    work = clone(bare, tmp_path / "work")
    git(work, "checkout", "-q", "-b", "bep/1006-other")
    (work / "proposals" / "scratch.md").write_text("# Scratch\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "another proposal's work")
    r = bep("new", "Fresh Idea", "--author", "A B (a@b.c)", cwd=work)
    assert r.code == 0, r.err
    assert git(work, "rev-parse", "HEAD~0").strip() == git(work, "rev-parse", "origin/main").strip()
    assert not (work / "proposals" / "scratch.md").exists()


def test_renumber_renames_the_proposal_branch(tmp_path: Path) -> None:
    bare = remote_with_examples(tmp_path)
    work = clone(bare, tmp_path / "work")
    git(work, "checkout", "-q", "-b", "bep/1005-registry-table-sync")
    r = bep("renumber", "1005", "1009", cwd=work)
    assert r.code == 0, r.err
    assert git(work, "branch", "--show-current").strip() == "bep/1009-registry-table-sync"
    assert "B001" not in bep("check", cwd=work).out
