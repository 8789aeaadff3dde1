"""The repository layer represents everything it finds, and follows no link out."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import CORPUS

from bepkit.errors import BepError
from bepkit.model.workspace import Workspace


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(CORPUS)


def test_duplicate_numbers_are_both_kept(ws: Workspace) -> None:
    p = ws.proposal(1026)
    assert sorted(m.slug for m in p.mains) == ["email-notification-channel", "fair-share-scheduler"]


def test_registry_rows_without_files_are_reserved(ws: Workspace) -> None:
    for n in (1027, 1034, 1035, 1039):
        p = ws.proposal(n)
        assert p.reserved and p.rows and not p.mains
    assert ws.proposal(1034).rows[0].link == "BEP-1034-kernel-v2-gql-implementation.md"
    assert ws.proposal(1027).rows[0].link is None


def test_files_without_rows_and_folders(ws: Workspace) -> None:
    assert ws.proposal(1040).mains and ws.proposal(1040).rows  # 0-byte document, with its row
    p1012 = ws.proposal(1012)
    (folder,) = p1012.folders
    assert folder.name == "BEP-1012-RBAC"
    assert "proposals/BEP-1012-RBAC/BEP-1012-main.md" in folder.subdocs
    assert "proposals/BEP-1012-RBAC/api/schema.graphql" in folder.supporting
    p1002 = ws.proposal(1002)
    assert not p1002.segmented and len(p1002.folders[0].supporting) == 3
    assert len(ws.proposal(1033).subdocs) == 10 and ws.proposal(1033).segmented


def test_registry_is_the_table_under_its_heading(ws: Workspace) -> None:
    reg = ws.require_registry()
    assert reg.table.header == [
        "Number",
        "Title",
        "Author",
        "Status",
    ]  # not the README's first table
    assert reg.placeholder is not None and reg.placeholder.number_cell == "_next_"
    assert ws.proposal(1033).rows[0].link == "BEP-1033/"


def test_template_and_readme_are_not_proposals(ws: Workspace) -> None:
    assert 0 not in ws.proposals
    assert ws.other_documents == []


def test_every_number_in_a_file_name_or_row_is_represented(ws: Workspace) -> None:
    names = {
        int(m.group(1))
        for p in (CORPUS / "proposals").iterdir()
        if (m := re.match(r"BEP-(\d+)", p.name)) and p.name != "BEP-0000-template.md"
    }
    assert names <= set(ws.proposals)


def test_symlinks_out_of_the_repository_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# secret\n")
    repo = tmp_path / "repo"
    (repo / "proposals" / "BEP-1000").mkdir(parents=True)
    (repo / "proposals" / "BEP-1000-x.md").write_text("# X\n")
    os.symlink(outside, repo / "proposals" / "BEP-1000" / "linked")
    os.symlink(outside / "secret.md", repo / "proposals" / "BEP-1001-leak.md")
    os.symlink(repo / "proposals" / "BEP-1000-x.md", repo / "proposals" / "BEP-1002-alias.md")
    ws = Workspace.open(repo)
    assert set(ws.proposals) == {1000, 1002}
    assert all("secret" not in rel for rel, _ in ws.entries)


def test_missing_proposals_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BepError, match="no proposals folder"):
        Workspace.open(tmp_path)


def test_the_lock_does_not_depend_on_the_environment(
    examples_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without .git, writers with different caches and homes still share one lock:
    the proposals folder itself, with no file left behind."""
    monkeypatch.setenv("BEP_CACHE_DIR", "/nonexistent/a")
    first = Workspace.open(examples_copy).lock_path()
    monkeypatch.setenv("BEP_CACHE_DIR", "/nonexistent/b")
    monkeypatch.setenv("HOME", "/nonexistent/home")
    assert Workspace.open(examples_copy).lock_path() == first == examples_copy / "proposals"
    (examples_copy / ".git").mkdir()
    assert Workspace.open(examples_copy).lock_path() == examples_copy / ".git" / "bepkit.lock"


def test_a_held_lock_times_out_with_a_message(examples_copy: Path) -> None:
    from bepkit import disk

    ws = Workspace.open(examples_copy)
    with (
        disk.locked(ws.lock_path()),
        pytest.raises(BepError, match="held the write lock"),
        disk.locked(ws.lock_path(), timeout=0.2),
    ):
        pass
    before = sorted(p.name for p in (examples_copy / "proposals").iterdir())
    with ws.locked():
        pass
    assert sorted(p.name for p in (examples_copy / "proposals").iterdir()) == before


def test_markdown_deeper_in_a_proposal_folder_supports_it(examples_copy: Path) -> None:
    """Sub-documents sit in the proposal's folder itself (the guide's BEP-NNNN/x.md);
    a translation or a reference kept a folder deeper is a supporting file: it is not
    asked for a context-for-ai block, a length, or a place in the Document Index, and
    links to it resolve; the site gives it a page."""
    from helpers import bep

    folder = examples_copy / "proposals" / "BEP-1002"
    (folder / "kr").mkdir()
    (folder / "kr" / "baseline.md").write_text((folder / "baseline.md").read_text() * 3)
    (folder / "refs").mkdir()
    (folder / "refs" / "notes.md").write_text(
        "# Notes\n\nSee [the translation](../kr/baseline.md).\n"
    )
    main = examples_copy / "proposals" / "BEP-1002-repository-check.md"
    main.write_text(main.read_text() + "\nKorean: [baseline](BEP-1002/kr/baseline.md).\n")
    ws = Workspace.open(examples_copy)
    p = ws.proposal(1002)
    assert [s.rsplit("/", 1)[1] for s in p.subdocs] == [
        "baseline.md",
        "output-formats.md",
        "rule-catalogue.md",
    ]
    assert {
        "proposals/BEP-1002/kr/baseline.md",
        "proposals/BEP-1002/refs/notes.md",
    } <= {s for f in p.folders for s in f.supporting}
    assert bep("check", cwd=examples_copy).out == "All checks passed.\n"
    out = examples_copy / "site"
    assert bep("site", "build", "--out", str(out), "--no-search", cwd=examples_copy).code == 0
    page = (out / "proposals" / "BEP-1002-repository-check.html").read_text()
    assert 'href="BEP-1002/kr/baseline.html"' in page
    assert (out / "proposals" / "BEP-1002" / "kr" / "baseline.html").is_file()
