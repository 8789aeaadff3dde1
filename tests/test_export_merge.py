"""bep export against its JSON Schema, and the registry's merge driver in real git merges."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, EXAMPLES, writable_copy
from helpers import bep, draft, small_repo
from hypothesis import given, settings
from hypothesis import strategies as st
from test_history import commit, git, scripted

from bepkit.actions.export import SCHEMA_VERSION, export, schema
from bepkit.actions.merge import merge_registry
from bepkit.config import Config
from bepkit.gitops import Git
from bepkit.model.workspace import Workspace

VALIDATOR = jsonschema.Draft202012Validator


def validate(data: object) -> None:
    VALIDATOR(schema(), format_checker=VALIDATOR.FORMAT_CHECKER).validate(data)


def test_the_schema_is_a_json_schema_and_names_its_version() -> None:
    VALIDATOR.check_schema(schema())
    assert schema()["properties"]["schemaVersion"] == {"const": SCHEMA_VERSION}
    assert bep("export", "--schema").json() == schema()


@pytest.mark.parametrize("repo", [EXAMPLES, CORPUS], ids=lambda p: p.name)
def test_every_repository_exports_valid_data(repo: Path, tmp_path: Path) -> None:
    data = bep("export", cwd=writable_copy(repo, tmp_path / "r")).json()
    validate(data)
    ws = Workspace.open(tmp_path / "r")
    mains = sum(len(p.mains) or 1 for p in ws.proposals.values())
    assert len(data["proposals"]) == mains  # duplicates stay separate entries


def test_duplicate_numbers_stay_separate_entries(tmp_path: Path) -> None:
    root = small_repo(
        tmp_path / "r",
        {"BEP-1001-one.md": draft("BEP-1001: One"), "BEP-1001-two.md": draft("BEP-1001: Two")},
    )
    data = bep("export", cwd=root).json()
    validate(data)
    assert [(p["number"], p["title"]) for p in data["proposals"]] == [
        (1001, "One"),
        (1001, "Two"),
    ]


def test_export_of_a_git_repository_carries_its_commit_and_history(tmp_path: Path) -> None:
    root = scripted(tmp_path)
    out = tmp_path / "export.json"
    r = bep("export", "-o", str(out), cwd=root)
    assert r.code == 0 and r.err == f"wrote {out} (3 proposals)\n"
    data = json.loads(out.read_text())
    validate(data)
    assert data["commit"] == git(root, "rev-parse", "HEAD").strip()
    assert data["uncommittedChanges"] is False
    [p] = [p for p in data["proposals"] if p["number"] == 1005]
    assert [s["to"] for s in p["history"]["statuses"]] == ["Draft", "Accepted", "Implemented"]
    assert p["document"]["frontmatter"]["Status"] == "Implemented"
    assert p["links"] == {"supersedes": [], "superseded_by": [], "proposals": []}
    data2 = export(Workspace.open(root))
    assert data2["proposals"] == data["proposals"]  # stable but for the time


# -- the merge driver ---------------------------------------------------------------

HEAD = "# BEPs\n\nIntro.\n\n## BEP Number Registry\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n"
ROW = "| [{n}](BEP-{n}-x.md) | {t} | Ara | {s} |\n"
PLACEHOLDER = "| _next_ | _(reserve here)_ | | |\n"


def registry(
    *rows: tuple[int, str, str], intro: str = "Intro.", tail: str = "\n## After\n"
) -> bytes:
    body = "".join(ROW.format(n=n, t=t, s=s) for n, t, s in rows)
    return (HEAD.replace("Intro.", intro) + body + PLACEHOLDER + tail).encode()


def merged(base: bytes, ours: bytes, theirs: bytes, tmp_path: Path) -> tuple[str, int]:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    out, conflicts = merge_registry(Git(tmp_path), Config(root=tmp_path), base, ours, theirs)
    return out.decode(), conflicts


def test_rows_added_on_both_sides_are_both_kept_in_number_order(tmp_path: Path) -> None:
    base = registry((1001, "One", "Draft"), (1005, "Five", "Draft"))
    ours = registry((1001, "One", "Draft"), (1003, "Three", "Draft"), (1005, "Five", "Draft"))
    theirs = registry((1001, "One", "Draft"), (1005, "Five", "Draft"), (1006, "Six", "Draft"),
                      (1002, "Two", "Draft"))  # fmt: skip
    text, conflicts = merged(base, ours, theirs, tmp_path)
    assert conflicts == 0
    assert text.encode() == registry(
        (1001, "One", "Draft"), (1002, "Two", "Draft"), (1003, "Three", "Draft"),
        (1005, "Five", "Draft"), (1006, "Six", "Draft"),
    )  # fmt: skip


def test_one_side_changes_a_row_the_other_adds_one(tmp_path: Path) -> None:
    base = registry((1001, "One", "Draft"))
    ours = registry((1001, "One", "Accepted"))
    theirs = registry((1001, "One", "Draft"), (1002, "Two", "Draft"), intro="New intro.")
    text, conflicts = merged(base, ours, theirs, tmp_path)
    assert conflicts == 0
    assert text.encode() == registry(
        (1001, "One", "Accepted"), (1002, "Two", "Draft"), intro="New intro."
    )


def test_the_same_number_added_twice_keeps_both_rows(tmp_path: Path) -> None:
    base = registry((1001, "One", "Draft"))
    ours = registry((1001, "One", "Draft"), (1002, "Mine", "Draft"))
    theirs = registry((1001, "One", "Draft"), (1002, "Theirs", "Draft"))
    text, conflicts = merged(base, ours, theirs, tmp_path)
    assert conflicts == 0
    assert text.encode() == registry(
        (1001, "One", "Draft"), (1002, "Mine", "Draft"), (1002, "Theirs", "Draft")
    )


def test_a_row_both_sides_changed_differently_is_the_only_conflict(tmp_path: Path) -> None:
    base = registry((1001, "One", "Draft"), (1002, "Two", "Draft"))
    ours = registry((1001, "One", "Accepted"), (1002, "Two", "Draft"), (1003, "Three", "Draft"))
    theirs = registry((1001, "One", "Rejected"), (1002, "Two", "Accepted"))
    text, conflicts = merged(base, ours, theirs, tmp_path)
    assert conflicts == 1
    assert text == (
        HEAD
        + "<<<<<<< ours\n" + ROW.format(n=1001, t="One", s="Accepted")
        + "=======\n" + ROW.format(n=1001, t="One", s="Rejected") + ">>>>>>> theirs\n"
        + ROW.format(n=1002, t="Two", s="Accepted") + ROW.format(n=1003, t="Three", s="Draft")
        + PLACEHOLDER + "\n## After\n"
    )  # fmt: skip


def test_a_row_removed_on_one_side_and_changed_on_the_other_conflicts(tmp_path: Path) -> None:
    base = registry((1001, "One", "Draft"), (1002, "Two", "Draft"))
    ours = registry((1001, "One", "Draft"))  # removed 1002
    theirs = registry((1001, "One", "Draft"), (1002, "Two", "Accepted"))
    assert merged(base, ours, theirs, tmp_path)[1] == 1
    unchanged = registry((1001, "One", "Draft"), (1002, "Two", "Draft"))
    text, conflicts = merged(base, ours, unchanged, tmp_path / "b")
    assert (text.encode(), conflicts) == (ours, 0)


def test_text_around_the_table_changed_on_both_sides_conflicts_there(tmp_path: Path) -> None:
    base = registry((1001, "One", "Draft"))
    ours = registry((1001, "One", "Draft"), (1002, "Two", "Draft"), intro="Our intro.")
    theirs = registry((1001, "One", "Draft"), (1003, "Three", "Draft"), intro="Their intro.")
    text, conflicts = merged(base, ours, theirs, tmp_path)
    assert conflicts == 1
    assert "<<<<<<< ours\nOur intro.\n=======\nTheir intro.\n>>>>>>> theirs\n" in text
    assert ROW.format(n=1002, t="Two", s="Draft") + ROW.format(n=1003, t="Three", s="Draft") in text


def _branch_adds(root: Path, branch: str, name: str, title: str) -> None:
    git(root, "checkout", "-qb", branch, "main")
    (root / "proposals" / name).write_text(draft(f"{name[:8]}: {title}"))
    readme = root / "proposals/README.md"
    text = readme.read_text().replace(
        "| _next_", f"| [{name[4:8]}]({name}) | {title} | Ara Choi | Draft |\n| _next_"
    )
    readme.write_text(text)
    commit(root, f"Add {name[:8]}", "2024-02-01")


@pytest.mark.parametrize("driver", [True, False], ids=["with-driver", "without"])
def test_two_branches_adding_rows_merge_in_git(tmp_path: Path, driver: bool) -> None:
    root = small_repo(tmp_path / "repo", {"BEP-1001-one.md": draft("BEP-1001: One")})
    readme = root / "proposals/README.md"
    readme.write_text(readme.read_text() + "| _next_ | _(reserve here)_ | | |\n")
    git(root, "init", "-q", "-b", "main")
    commit(root, "Start", "2024-01-10")
    if driver:
        r = bep("install-merge-driver", "--json", cwd=root)
        assert r.code == 0 and r.json()["added"] is True
        assert (root / ".gitattributes").read_text() == "/proposals/README.md merge=bep-registry\n"
        assert bep("install-merge-driver", "--json", cwd=root).json()["added"] is False
        commit(root, "Merge the registry row by row", "2024-01-11")
    _branch_adds(root, "a", "BEP-1002-two.md", "Two")
    _branch_adds(root, "b", "BEP-1003-three.md", "Three")
    merge = subprocess.run(
        ["git", "merge", "-q", "a", "-m", "m"], cwd=root, capture_output=True, text=True
    )
    if not driver:
        assert merge.returncode == 1  # what teams resolve by hand today
        return
    assert merge.returncode == 0, merge.stdout + merge.stderr
    rows = [ln for ln in readme.read_text().splitlines() if ln.startswith("| [")]
    assert [r[3:7] for r in rows] == ["1001", "1002", "1003"]
    assert "<<<<<<<" not in readme.read_text()
    found = bep("check", "--format", "json", cwd=root).json()["findings"]
    assert [f for f in found if f["code"].startswith("N")] == []  # the registry is whole


def test_the_merge_driver_command_exits_1_on_a_conflict(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "proposals").mkdir()
    files = {
        "base": registry((1001, "One", "Draft")),
        "ours": registry((1001, "One", "Accepted")),
        "theirs": registry((1001, "One", "Rejected")),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    paths = [str(tmp_path / name) for name in files]
    r = bep("merge-driver", *paths, "proposals/README.md", cwd=tmp_path)
    assert r.code == 1 and "1 conflict(s) left in proposals/README.md" in r.err
    assert b"<<<<<<< ours" in (tmp_path / "ours").read_bytes()


def test_the_same_number_from_two_branches_merges_and_check_reports_it(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo", {"BEP-1001-one.md": draft("BEP-1001: One")})
    git(root, "init", "-q", "-b", "main")
    commit(root, "Start", "2024-01-10")
    assert bep("install-merge-driver", cwd=root).code == 0
    commit(root, "Merge the registry row by row", "2024-01-11")
    _branch_adds(root, "a", "BEP-1002-two.md", "Two")
    _branch_adds(root, "b", "BEP-1002-deux.md", "Deux")
    merge = subprocess.run(["git", "merge", "-q", "a", "-m", "m"], cwd=root, capture_output=True)
    assert merge.returncode == 0
    found = bep("check", "--format", "json", cwd=root).json()["findings"]
    assert [f["path"] for f in found if f["code"] == "N001"] == [  # reported once, on the later
        "proposals/BEP-1002-two.md"
    ]


rows_strategy = st.lists(
    st.tuples(
        st.integers(1000, 1012),
        st.sampled_from(["One", "Two", "Three"]),
        st.sampled_from(["Draft", "Accepted"]),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(base=rows_strategy, side=rows_strategy, intro=st.sampled_from(["Intro.", "Other."]))
def test_a_merge_with_an_unchanged_side_is_the_other_side(
    tmp_path_factory: pytest.TempPathFactory, base: list, side: list, intro: str
) -> None:
    root = tmp_path_factory.mktemp("m")
    b, s = registry(*base), registry(*side, intro=intro)
    assert merged(b, s, b, root) == (s.decode(), 0)
    assert merged(b, b, s, root / "t") == (s.decode(), 0)
