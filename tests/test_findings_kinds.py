"""Findings a maintainer agrees with: each kind of irregularity real repositories
have, as a small repository of our own, with a failing and a passing case.

Every case starts from a copy of examples/ (which `bep check` finds clean) and
makes one change. A failing case must report its code; a passing case must
report nothing at all. The failing cases' findings are in
tests/golden/kinds.txt, reviewed line by line.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import bep, golden

from bepkit.model.segments import index_targets, resolve
from bepkit.model.workspace import Workspace

P = "proposals"
README = f"{P}/README.md"
D1 = f"{P}/BEP-1001-collision-proof-numbers.md"
D2 = f"{P}/BEP-1002-repository-check.md"
D4 = f"{P}/BEP-1004-registry-as-json.md"
D5 = f"{P}/BEP-1005-registry-table-sync.md"
SUBS = f"{P}/BEP-1002"
ROW_1001 = "| [1001](BEP-1001-collision-proof-numbers.md) | Collision-Proof Proposal Numbers | Jun Seo | Accepted |"
INDEX = """## Document Index

| Document | Description |
|----------|-------------|
| [rule-catalogue](./BEP-1002/rule-catalogue.md) | The rules, their codes and severities |
| [baseline](./BEP-1002/baseline.md) | Adopting the check on an existing repository |
| [output-formats](./BEP-1002/output-formats.md) | Text, JSON, GitHub annotations and SARIF |
"""

Change = Callable[[Path], None]


def replace(path: str, old: str, new: str) -> Change:
    def apply(repo: Path) -> None:
        f = repo / path
        text = f.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        f.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def write(path: str, text: str) -> Change:
    def apply(repo: Path) -> None:
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")

    return apply


def steps(*changes: Change) -> Change:
    def apply(repo: Path) -> None:
        for change in changes:
            change(repo)

    return apply


def rename(old: str, new: str) -> Change:
    return lambda repo: (repo / old).rename(repo / new)


def long_proposal(component_lines: int) -> Change:
    """BEP-1001 grown past 300 lines with four design subsections of the given size."""
    body = "".join(
        f"### Part {k}\n\n"
        + "".join(f"Line {i} of part {k} says something.\n" for i in range(component_lines))
        + "\n"
        for k in range(1, 5)
    )
    filler = "".join(f"Background sentence {i}.\n" for i in range(320 - 4 * component_lines))
    return replace(
        D1, "## Migration / Compatibility\n", f"{body}{filler}\n## Migration / Compatibility\n"
    )


def add_row(row: str) -> Change:
    return replace(README, "| _next_ |", f"{row}\n| _next_ |")


# kind -> (failing change, the code it must report, passing change)
KINDS: dict[str, tuple[Change, str, Change]] = {
    # -- false findings seen on real repositories: the passing case is the real practice
    "index under another heading": (
        replace(D2, INDEX, ""),
        "G007",
        replace(D2, "## Document Index", "## Sub-documents"),
    ),
    "index as a list under the design section": (
        replace(D2, INDEX, "## Notes\n\nSee the [rules](./BEP-1002/rule-catalogue.md).\n"),
        "G007",
        replace(
            D2,
            INDEX,
            "## Components\n\n- [rule-catalogue](./BEP-1002/rule-catalogue.md)\n"
            "- [baseline](./BEP-1002/baseline.md)\n"
            "- [output-formats](./BEP-1002/output-formats.md)\n",
        ),
    ),
    "successor in metadata": (
        replace(D4, "Status: Superseded\n", "Status: Superseded\nSuperseded-By: BEP-1099\n"),
        "X002",
        steps(
            replace(D4, "Status: Superseded\n", "Status: Superseded\nSuperseded-By: BEP-1005\n"),
            replace(
                D4,
                "> **Superseded** by [BEP-1005: Registry Table Kept in Sync](BEP-1005-registry-table-sync.md).\n\n",
                "",
            ),
        ),
    ),
    "predecessor in metadata": (
        replace(D5, "Status: Draft\n", "Status: Draft\nSupersedes: BEP-1098\n"),
        "X002",
        steps(
            replace(D5, "Status: Draft\n", "Status: Draft\nSupersedes: BEP-1004\n"),
            replace(
                D5,
                "> Supersedes [BEP-1004: Registry as a JSON File](BEP-1004-registry-as-json.md).\n\n",
                "",
            ),
        ),
    ),
    "process files in the proposals folder": (
        write(f"{P}/notes.md", "# Notes\n"),
        "N012",
        steps(
            write(f"{P}/AGENTS.md", "# BEP proposals: guardrails\n"),
            lambda repo: (repo / P / "CLAUDE.md").symlink_to("AGENTS.md"),
        ),
    ),
    "components are subsections with text": (
        long_proposal(20),
        "G001",
        long_proposal(5),
    ),
    # -- real problems that went unreported
    "empty Created-Version": (
        replace(D1, "Created-Version: 26.1.0", "Created-Version:"),
        "M012",
        replace(D1, "Created-Version: 26.1.0", "Created-Version: 26.1.1"),
    ),
    "Implemented without Target-Version": (
        steps(
            replace(D1, "Status: Accepted", "Status: Implemented"),
            replace(
                D1,
                "Target-Version: 26.2.0\nImplemented-Version:",
                "Target-Version:\nImplemented-Version: 26.2.0",
            ),
            replace(README, ROW_1001, ROW_1001.replace("Accepted", "Implemented")),
        ),
        "M008",
        steps(
            replace(D1, "Status: Accepted", "Status: Implemented"),
            replace(D1, "Implemented-Version:", "Implemented-Version: 26.2.0"),
            replace(README, ROW_1001, ROW_1001.replace("Accepted", "Implemented")),
        ),
    ),
    "segmented main without a Decision Log": (
        replace(D2, "## Decision Log\n", "## Decisions Taken Elsewhere\n"),
        "S002",
        replace(D2, "## Decision Log\n", "## Decision Log\n\n"),
    ),
    "master block without phases": (
        replace(D1, "phases: 2\n", ""),
        "A007",
        steps(
            replace(D1, "phases: 2\n", ""),
            replace(D1, "1. **Phase 1**: allocation", "1. Allocation"),
            replace(D1, "2. **Phase 2**: conditional", "2. Conditional"),
        ),
    ),
    "numbered sub-document names": (
        steps(
            rename(f"{SUBS}/baseline.md", f"{SUBS}/01-baseline.md"),
            rename(f"{SUBS}/output-formats.md", f"{SUBS}/02-output-formats.md"),
            replace(D2, "./BEP-1002/baseline.md", "./BEP-1002/01-baseline.md"),
            replace(D2, "./BEP-1002/output-formats.md", "./BEP-1002/02-output-formats.md"),
            replace(D2, "baseline.md, output-formats.md]", "01-baseline.md, 02-output-formats.md]"),
        ),
        "G008",
        steps(
            rename(f"{SUBS}/baseline.md", f"{SUBS}/2-phase-baseline.md"),
            replace(D2, "./BEP-1002/baseline.md", "./BEP-1002/2-phase-baseline.md"),
            replace(
                D2, "baseline.md, output-formats.md]", "2-phase-baseline.md, output-formats.md]"
            ),
        ),
    ),
    "second main document in the folder": (
        lambda repo: (repo / SUBS / "old-main.md").write_text((repo / D2).read_text()),
        "G009",
        lambda repo: None,
    ),
    "several H1 in a sub-document": (
        replace(f"{SUBS}/baseline.md", "\n## ", "\n# Appendix\n\nText.\n\n## "),
        "S006",
        replace(f"{SUBS}/baseline.md", "\n## ", "\n## Appendix\n\nText.\n\n## "),
    ),
    "registry author names nobody": (
        replace(README, ROW_1001, ROW_1001.replace("Jun Seo", "Bo Lee")),
        "N013",
        steps(
            replace(
                D1,
                "Author: Jun Seo (jun@bepkit.example)",
                "Author: Jun Seo (jun@bepkit.example), Bo Lee (bo@bepkit.example)",
            ),
        ),
    ),
    "author without an email": (
        replace(D1, "Author: Jun Seo (jun@bepkit.example)", "Author: Jun Seo"),
        "M011",
        replace(D1, "Author: Jun Seo (jun@bepkit.example)", "Author: Jun Seo <jun@bepkit.example>"),
    ),
    "a link out of the proposals folder": (
        steps(
            write("src/bepkit/__init__.py", ""),
            replace(
                D1, "## References\n", "## References\n\n- [the code](../src/bepkit/gone.py)\n"
            ),
        ),
        "L001",
        replace(D1, "## References\n", "## References\n\n- [the code](../src/bepkit/gone.py)\n"),
    ),
    "merge conflict in the registry": (
        replace(
            README, ROW_1001, f"<<<<<<< HEAD\n{ROW_1001}\n=======\n{ROW_1001}\n>>>>>>> bep/1009-x"
        ),
        "S011",
        replace(D1, "## References\n", "## References\n\n```\n<<<<<<< HEAD\n```\n"),
    ),
    # -- the team's reservation practice
    "reservation row linking the file to come": (
        add_row("| [1009](BEP-1009-to-come.md) | To Come | Bo Lee | Accepted |"),
        "N003",
        add_row("| [1009](BEP-1009-to-come.md) | To Come | Bo Lee | Draft |"),
    ),
}


def findings(repo: Path) -> list[str]:
    r = bep("check", "--format", "json", "--no-cache", cwd=repo)
    return [
        f"{f['path']}:{f['line']}: {f['code']} {f['message']}"
        for f in json.loads(r.out)["findings"]
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_kind(kind: str, examples_copy: Path) -> None:
    ok = KINDS[kind][2]
    ok(examples_copy)
    assert findings(examples_copy) == [], kind


def test_failing_cases_golden(tmp_path: Path) -> None:
    import shutil

    from conftest import EXAMPLES

    out = []
    for n, (kind, (fail, code, _)) in enumerate(KINDS.items()):
        repo = tmp_path / f"k{n}"
        shutil.copytree(EXAMPLES, repo)
        fail(repo)
        found = findings(repo)
        assert any(f": {code} " in line for line in found), (kind, found)
        out.append(f"## {kind}\n" + "".join(f"{line}\n" for line in found))
    golden("kinds.txt", "\n".join(out))


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=os.environ)


def test_adopted_corpus_fix_changes_nothing(corpus_copy: Path) -> None:
    """On a git copy of the real repository: with its baseline recorded, --fix and
    sync change no file; without one, --fix leaves no proposal with two indexes
    and no two registry rows with one title."""
    _git(corpus_copy, "init", "-q")
    _git(corpus_copy, "add", "-A")
    _git(corpus_copy, "commit", "-q", "-m", "snapshot")
    before = {
        p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    assert bep("check", "--update-baseline", cwd=corpus_copy).code == 0
    baseline = corpus_copy / ".bep-baseline.json"
    assert bep("check", "--fix", cwd=corpus_copy).code == 0
    assert bep("sync", cwd=corpus_copy).code == 0
    after = {
        p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    assert {p for p in after if before.get(p) != after[p]} == {baseline}

    baseline.unlink()
    bep("check", "--fix", "--unsafe-fixes", cwd=corpus_copy)
    ws = Workspace.open(corpus_copy)
    for p in ws.proposals.values():
        for main in p.mains:
            if p.segmented:
                assert _indexes(ws, main.rel, p.subdocs) <= 1, main.rel
    assert ws.registry is not None
    titles = [r.plain_title.lower() for r in ws.registry.rows if r.number is not None]
    assert {t for t in titles if titles.count(t) > 1} == set()


def _indexes(ws: Workspace, rel: str, subdocs: list[str]) -> int:
    """Tables and lists of a main document that link two or more of its sub-documents."""
    doc = ws.document(rel)
    present = set(subdocs)
    count = sum(1 for t in doc.tables() if len(set(index_targets(rel, doc, t)) & present) >= 2)
    for block in doc.blocks:
        if block.kind == "list" and block.level == 0:
            linked = {
                resolve(rel, link.path)
                for link in doc.links
                if block.start <= link.line < block.end and link.is_relative and link.path
            }
            count += len(linked & present) >= 2
    return count


def test_sync_add_blocks_writes_blocks_its_check_finds_clean(corpus_copy: Path) -> None:
    assert bep("sync", "--add-blocks", cwd=corpus_copy).code == 0
    left = [line for line in findings(corpus_copy) if " A00" in line]
    assert left == []
