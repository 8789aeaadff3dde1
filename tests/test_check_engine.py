"""One check for every face, and every finding marked fixable is fixed.

The CLI and the MCP server run the same library check (rules, severities,
baseline, cache), so they report the same findings for a proposal, with and
without a baseline.  Over every repository the tests have, `bep check --fix`
removes every finding it marks fixable and changes nothing else.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, EXAMPLES, writable_copy
from gitrepo import clone, remote_with_examples
from helpers import bep, bep_process
from mcp import Client
from test_agent import data_of, with_server

KEYS = ("path", "line", "col", "code", "message", "severity")


def cli_findings(repo: Path, number: int) -> list[tuple[Any, ...]]:
    r = bep("check", "--format", "json", cwd=repo)
    doc = json.loads(r.out)
    files = {f for f in _files(repo, number)}
    return sorted(
        tuple(f[k] for k in KEYS)
        for f in doc["findings"]
        if f["path"] in files or (f["path"].endswith("README.md") and _row(repo, number, f["line"]))
    )


def _files(repo: Path, number: int) -> set[str]:
    from bepkit.model.workspace import Workspace

    p = Workspace.open(repo).proposal(number)
    return {m.rel for m in p.mains} | set(p.subdocs) | {f.rel for f in p.folders}


def _row(repo: Path, number: int, line: int) -> bool:
    from bepkit.model.workspace import Workspace

    return line in {r.line + 1 for r in Workspace.open(repo).proposal(number).rows}


def mcp_findings(repo: Path, number: int) -> list[tuple[Any, ...]]:
    async def work(c: Client) -> list[dict[str, Any]]:
        result = await c.call_tool("check_proposal", {"number": number})
        found: list[dict[str, Any]] = data_of(result)["findings"]
        return found

    return sorted(tuple(f[k] for k in KEYS) for f in with_server(repo, work))


def test_cli_and_mcp_report_the_same_findings(corpus_copy: Path) -> None:
    numbers = (1026, 1033, 1040)
    for n in numbers:
        assert cli_findings(corpus_copy, n) == mcp_findings(corpus_copy, n) != []
    assert bep("check", "--update-baseline", cwd=corpus_copy).code == 0
    for n in numbers:
        assert cli_findings(corpus_copy, n) == mcp_findings(corpus_copy, n) == []


def _copy(src: Path, tmp: Path) -> Path:
    dst = tmp / src.name
    writable_copy(src, dst)
    return dst


def _broken_examples(tmp: Path) -> Path:
    """examples/ with every fixable kind of drift at once."""
    repo = _copy(EXAMPLES, tmp)
    readme = repo / "proposals" / "README.md"
    text = readme.read_text()
    text = text.replace("| Registry Table Kept in Sync |", "| Registry Table Sync |")
    text = text.replace("(BEP-1004-registry-as-json.md)", "(BEP-1004-old-name.md)")
    # a second row of a number, linking nothing there: another proposal's, not fixable
    text = text.replace(
        "| _next_ |", "| [1003](BEP-1003-other.md) | Another Idea | Bo Lee | Draft |\n| _next_ |"
    )
    readme.write_text(text)
    main = repo / "proposals" / "BEP-1002-repository-check.md"
    main.write_text(main.read_text().replace("detail-docs: [", "detail-docs: [gone.md, "))
    return repo


@pytest.mark.parametrize("source", ["corpus", "examples", "broken"])
def test_every_finding_marked_fixable_is_fixed(tmp_path: Path, source: str) -> None:
    repo = {
        "corpus": lambda: _copy(CORPUS, tmp_path),
        "examples": lambda: _copy(EXAMPLES, tmp_path),
        "broken": lambda: _broken_examples(tmp_path),
    }[source]()

    def findings() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = json.loads(
            bep("check", "--format", "json", "--no-cache", cwd=repo).out
        )["findings"]
        return found

    before = findings()
    fixable = [f for f in before if f["fixable"]]
    if source != "examples":
        assert fixable, "the repository should have something to fix"
    # by code and file: a message may hold a figure the fix changes (a line count)
    unmarked = {(f["code"], f["path"]) for f in before if not f["fixable"]}
    bep("check", "--fix", "--unsafe-fixes", cwd=repo)
    after = findings()
    assert [f for f in after if f["fixable"]] == []
    left = {(f["code"], f["path"]) for f in after}
    # nothing that was not marked fixable went away, and no new kind appeared
    assert unmarked <= left
    assert {f["code"] for f in after} <= {f["code"] for f in before}


def test_fix_with_a_baseline_fixes_only_the_new_findings(examples_copy: Path) -> None:
    """On an adopted repository, --fix changes what the branch's own findings ask
    for, proposal by proposal, and leaves what the baseline holds back."""
    readme = examples_copy / "proposals" / "README.md"
    old = "| Collision-Proof Proposal Numbers | Jun Seo | Accepted |"
    readme.write_text(readme.read_text().replace(old, old.replace("Accepted", "Draft")))
    assert bep("check", "--update-baseline", cwd=examples_copy).code == 0
    new = "| Registry Table Kept in Sync | Ara Choi | Draft |"
    readme.write_text(readme.read_text().replace(new, new.replace("Draft", "Accepted")))
    bep("check", "--fix", cwd=examples_copy)
    text = readme.read_text()
    assert old.replace("Accepted", "Draft") in text  # held back: left alone
    assert new in text  # the new drift: fixed


def test_a_cache_kept_between_ci_runs_reads_only_the_changed_document(tmp_path: Path) -> None:
    """What the GitHub Action does: each run is a fresh clone (new file times) at the
    same path, with the cache folder of an earlier run restored."""
    remote = remote_with_examples(tmp_path)
    cache = {"BEP_CACHE_DIR": str(tmp_path / "kept-cache")}
    workspace = tmp_path / "work"
    first = bep_process("-v", "check", cwd=clone(remote, workspace), env=cache)
    assert first.code == 0 and "(0 documents' results from the cache)" in first.err
    shutil.rmtree(workspace)
    repo = clone(remote, workspace)
    doc = repo / "proposals" / "BEP-1005-registry-table-sync.md"
    doc.write_text(doc.read_text().replace("## Motivation", "## Motivation\n\nA new line."))
    second = bep_process("-v", "check", cwd=repo, env=cache)
    documents = int(re.search(r"checking (\d+) documents", second.err).group(1))  # type: ignore[union-attr]
    assert f"({documents - 1} documents' results from the cache)" in second.err
    assert second.out == first.out
