"""Every rule: a repository that breaks it, and the same repository before the break.

The base is a copy of examples/, which `bep check` finds clean; each case makes
one edit and expects its rule to fire.  Fixable rules also compare the
`bep check --diff` output with a golden diff, apply `--fix`, and run it again
to see that nothing is left to change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES
from helpers import bep, golden
from hypothesis import given, settings
from hypothesis import strategies as st

from bepkit.check.catalogue import RULES
from bepkit.check.structure import template_runs
from bepkit.model.document import Document

P = "proposals"
README = f"{P}/README.md"
D0 = f"{P}/BEP-1000-lossless-document-model.md"
D1 = f"{P}/BEP-1001-collision-proof-numbers.md"
D2 = f"{P}/BEP-1002-repository-check.md"
D3 = f"{P}/BEP-1003-yaml-frontmatter.md"
D4 = f"{P}/BEP-1004-registry-as-json.md"
D5 = f"{P}/BEP-1005-registry-table-sync.md"
SUB = f"{P}/BEP-1002/baseline.md"


def edit(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(repo: Path) -> None:
        f = repo / path
        text = f.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        f.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(path: str, text: str) -> Callable[[Path], None]:
    def apply(repo: Path) -> None:
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")

    return apply


def copy(src: str, dst: str, *changes: tuple[str, str]) -> Callable[[Path], None]:
    def apply(repo: Path) -> None:
        text = (repo / src).read_text(encoding="utf-8")
        for old, new in changes:
            text = text.replace(old, new)
        (repo / dst).write_text(text, encoding="utf-8")

    return apply


def _commit_long_ago(repo: Path) -> None:
    """Commit everything as of 2020: the registry's rows are that old."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2020-01-01T00:00:00",
        "GIT_COMMITTER_DATE": "2020-01-01T00:00:00",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "old"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(repo: Path) -> None:
        for step in steps:
            step(repo)

    return apply


def remove(path: str) -> Callable[[Path], None]:
    def apply(repo: Path) -> None:
        target = repo / path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()

    return apply


ROW_1001 = "| [1001](BEP-1001-collision-proof-numbers.md) | Collision-Proof Proposal Numbers | Jun Seo | Accepted |"
LONG = "".join(f"Line {i} of a long text.\n" for i in range(520))

CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "N001": (
        copy(
            D5, f"{P}/BEP-1005-another-idea.md", ("# Registry Table Kept in Sync", "# Another Idea")
        ),
        f"{P}/BEP-1005-another-idea.md",
    ),
    "N002": (
        copy(D0, f"{P}/BEP-1006-unregistered.md", ("# Lossless Document Model", "# Unregistered")),
        f"{P}/BEP-1006-unregistered.md",
    ),
    "N003": (
        edit(README, "(BEP-1001-collision-proof-numbers.md)", "(BEP-1001-old-name.md)"),
        README,
    ),
    "N004": (edit(README, "(BEP-1002-repository-check.md)", "(BEP-1002/)"), README),
    "N005": (edit(README, "| Jun Seo | Accepted |", "| Jun Seo | Draft |"), README),
    "N006": (edit(README, "| Collision-Proof Proposal Numbers |", "| Proposal Numbers |"), README),
    "N007": (
        both(
            copy(D0, f"{P}/BEP-0999-early.md", ("# Lossless Document Model", "# Early")),
            edit(
                README,
                "| [1000]",
                "| [0999](BEP-0999-early.md) | Early | Mina Park | Implemented |\n| [1000]",
            ),
        ),
        f"{P}/BEP-0999-early.md",
    ),
    "N008": (edit(README, ROW_1001 + "\n", ""), README),  # replaced below: a swap
    "N009": (edit(README, "## BEP Number Registry", "## Numbers"), README),
    "N010": (edit(README, "[1001](BEP-1001-collision-proof-numbers.md)", "1001"), README),
    "N011": (edit(README, ROW_1001, ROW_1001 + "\n" + ROW_1001), README),
    "N012": (write(f"{P}/notes.md", "# Notes\n"), f"{P}/notes.md"),
    "N014": (
        both(
            edit(
                README,
                "| _next_ |",
                "| [1009](BEP-1009-to-come.md) | To Come | Bo Lee | Draft |\n| _next_ |",
            ),
            lambda repo: _commit_long_ago(repo),
        ),
        README,
    ),
    "N013": (edit(README, ROW_1001, ROW_1001.replace("Jun Seo", "Bo Lee")), README),
    "M001": (
        edit(
            D1,
            "---\nAuthor: Jun Seo (jun@bepkit.example)\nStatus: Accepted\nCreated: 2026-01-12\n"
            "Created-Version: 26.1.0\nTarget-Version: 26.2.0\nImplemented-Version:\n---\n",
            "",
        ),
        D1,
    ),
    "M002": (edit(D1, "Created-Version: 26.1.0\n", ""), D1),
    "M003": (edit(D1, "Author: Jun Seo (jun@bepkit.example)", "Author:"), D1),
    "M004": (edit(D1, "Implemented-Version:\n", "Implemented-Version:\nReviewer: Ara Choi\n"), D1),
    "M005": (edit(D1, "Status: Accepted", "Status: Done"), D1),
    "M006": (edit(D1, "Created: 2026-01-12", "Created: 2026-13-45"), D1),
    "M007": (edit(D1, "Created-Version: 26.1.0", "Created-Version: v26"), D1),
    "M008": (edit(D1, "Target-Version: 26.2.0", "Target-Version:"), D1),
    "M009": (
        edit(
            D3,
            "> **Rejected** (2026-01-09): YAML changes values on the way in (dates, empty values) and\n"
            "> cannot write a value back without reformatting the block; see BEP-1000's Decision Log.\n\n",
            "",
        ),
        D3,
    ),
    "M010": (
        edit(
            D4,
            "> **Superseded** by [BEP-1005: Registry Table Kept in Sync](BEP-1005-registry-table-sync.md).\n\n",
            "",
        ),
        D4,
    ),
    "S001": (edit(D1, "## Motivation", "## Why Now"), D1),
    "S002": (edit(D1, "## References", "## Sources"), D1),
    "S003": (edit(D1, "## Motivation", "## Problem Statement"), D1),
    "S004": (
        both(
            edit(D1, "## Motivation", "## CURRENT-PLACEHOLDER"),
            edit(D1, "## Current Design", "## Motivation"),
            edit(D1, "## CURRENT-PLACEHOLDER", "## Current Design"),
        ),
        D1,
    ),
    "S005": (edit(D1, "# Collision-Proof Proposal Numbers", "# Title"), D1),
    "S006": (edit(D1, "## References", "# Appendix\n\nMore.\n\n## References"), D1),
    "S012": (
        edit(
            D1, "# Collision-Proof Proposal Numbers", "# BEP-1009: Collision-Proof Proposal Numbers"
        ),
        D1,
    ),
    "S011": (
        edit(
            D1,
            "## References\n",
            "## References\n\n<<<<<<< HEAD\n- one\n=======\n- two\n>>>>>>> bep/1009-x\n",
        ),
        D1,
    ),
    "M012": (edit(D1, "Created-Version: 26.1.0", "Created-Version:"), D1),
    "M011": (edit(D1, "Author: Jun Seo (jun@bepkit.example)", "Author: Jun Seo"), D1),
    "G008": (
        lambda repo: (repo / SUB).rename(repo / P / "BEP-1002" / "01-baseline.md"),
        f"{P}/BEP-1002/01-baseline.md",
    ),
    "G009": (copy(D2, f"{P}/BEP-1002/old-main.md"), f"{P}/BEP-1002/old-main.md"),
    "S007": (edit(D1, "# Collision-Proof Proposal Numbers\n", ""), D1),
    "S008": (
        edit(
            D1,
            "## Motivation\n",
            "## Motivation\n\nWhy is this change needed? What problem does it solve?\n",
        ),
        D1,
    ),
    "S009": (edit(D1, "## Current Design\n", LONG + "\n## Current Design\n"), D1),
    "S010": (
        edit(
            D1,
            re.sub(
                r"(?s)^.*?(## Motivation\n.*?)## Current Design.*$",
                r"\1",
                (EXAMPLES / D1).read_text(),
            ),
            "## Motivation\n\n",
        ),
        D1,
    ),
    "G001": (edit(D1, "## Migration / Compatibility", LONG + "\n## Migration / Compatibility"), D1),
    "G002": (
        edit(D2, "## Migration / Compatibility", LONG[:8000] + "\n## Migration / Compatibility"),
        D2,
    ),
    "G003": (edit(SUB, "## Interface / API", LONG[:9000] + "\n## Interface / API"), SUB),
    "G004": (
        lambda repo: (repo / P / "BEP-1002").rename(repo / P / "BEP-1002-check"),
        f"{P}/BEP-1002-check/baseline.md",
    ),
    "G005": (
        both(
            remove(D2),
            edit(
                README,
                "| [1002](BEP-1002-repository-check.md) | Repository Check | Mina Park | Draft |\n",
                "",
            ),
        ),
        f"{P}/BEP-1002/baseline.md",
    ),
    "G006": (
        edit(
            SUB,
            "## Implementation Notes",
            "## Open Questions\n\n- Which?\n\n## Implementation Notes",
        ),
        SUB,
    ),
    "G007": (
        edit(
            D2,
            "| [baseline](./BEP-1002/baseline.md) | Adopting the check on an existing repository |\n",
            "",
        ),
        D2,
    ),
    "A001": (
        edit(D1, "<!-- context-for-ai\ntype: master-bep\n", "<!-- notes\ntype: master-bep\n"),
        D1,
    ),
    "A002": (edit(D1, "phases: 2\n-->", "phases: 2\nowner: Jun\n-->"), D1),
    "A003": (
        edit(
            D2,
            "detail-docs: [rule-catalogue.md, baseline.md, output-formats.md]",
            "detail-docs: [rule-catalogue.md, baseline.md]",
        ),
        D2,
    ),
    "A004": (edit(SUB, "parent: BEP-1002 (Repository Check)", "parent: BEP-1002 (Old Check)"), SUB),
    "A005": (
        edit(SUB, "depends-on: [rule-catalogue.md]", "depends-on: [rule-catalogue.md, missing.md]"),
        SUB,
    ),
    "A006": (edit(D1, "type: master-bep", "type: summary"), D1),
    "A007": (edit(D1, "phases: 2\n-->", "-->"), D1),
    "D001": (
        edit(
            D1,
            "| 2026-01-14 | Reserve with a ref created by a conditional push |",
            "| 2026-01-14 |",
        ),
        D1,
    ),
    "D002": (edit(D1, "| 2026-01-14 | Reserve", "| Jan 14 | Reserve"), D1),
    "L001": (edit(D1, "## References\n", "## References\n\n- [Notes](./notes/missing.md)\n"), D1),
    "L002": (
        edit(
            D1,
            "## References\n",
            "## References\n\n- [Model](BEP-1000-lossless-document-model.md#no-such-heading)\n",
        ),
        D1,
    ),
    "X001": (
        both(
            edit(
                D5,
                "> Supersedes [BEP-1004: Registry as a JSON File](BEP-1004-registry-as-json.md).\n\n",
                "",
            ),
            edit(
                D5,
                "- [BEP-1004: Registry as a JSON File](BEP-1004-registry-as-json.md)\n",
                "- Earlier: a JSON registry\n",
            ),
        ),
        D5,
    ),
    "X002": (
        edit(D1, "## References\n", "## References\n\n- [BEP-1099](BEP-1099-future.md)\n"),
        D1,
    ),
}

# N008 needs two rows swapped, not one removed
ROW_1000 = "| [1000](BEP-1000-lossless-document-model.md) | Lossless Document Model | Mina Park | Implemented |"
CASES["N008"] = (edit(README, ROW_1000 + "\n" + ROW_1001, ROW_1001 + "\n" + ROW_1000), README)

GIT_RULES = {"B001", "B002", "T001"}  # tests/test_check_git.py, tests/test_history.py
PROFILE_RULES = {"M013"}  # tests/test_profiles.py: the BEP profile has no such key


def codes_at(repo: Path) -> set[tuple[str, str]]:
    data = bep("check", "--format", "json", "--no-baseline", cwd=repo).json()
    return {(f["code"], f["path"]) for f in data["findings"]}


def test_every_rule_has_a_case() -> None:
    assert set(RULES) == set(CASES) | GIT_RULES | PROFILE_RULES


def test_examples_are_clean() -> None:
    r = bep("check", cwd=EXAMPLES)
    assert r.code == 0, r.out
    assert r.out == "All checks passed.\n"


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_its_break(code: str, examples_copy: Path) -> None:
    mutate, path = CASES[code]
    assert not any(c == code for c, _ in codes_at(examples_copy))
    mutate(examples_copy)
    found = codes_at(examples_copy)
    assert (code, path) in found, sorted(found)


FIXABLE = sorted(code for code, rule in RULES.items() if rule.fixable)


@pytest.mark.parametrize("code", FIXABLE)
def test_fix_golden_diff_and_idempotence(code: str, examples_copy: Path) -> None:
    mutate, _ = CASES[code]
    mutate(examples_copy)
    unsafe = ["--unsafe-fixes"] if RULES[code].unsafe else []
    if unsafe:  # an unsafe fix is applied only when asked
        assert bep("check", "--diff", cwd=examples_copy).out == ""
    diff = bep("check", "--diff", *unsafe, cwd=examples_copy)
    assert diff.code == 1
    golden(f"fix-{code}.diff", diff.out)
    fixed = bep("check", "--fix", *unsafe, cwd=examples_copy)
    assert "fixed " in fixed.err
    assert not any(c == code for c, _ in codes_at(examples_copy))
    again = bep("check", "--diff", *unsafe, cwd=examples_copy)
    assert (again.code, again.out) == (0, "")


def _template_runs_line_by_line(
    doc: Document, significant: frozenset[str], every: frozenset[str]
) -> list[list[int]]:
    """S008's runs as first written: every line of the document in turn."""
    code = doc.mask(("fence", "code", "html"), top_level=True)
    runs, run = [], []
    for i in range(doc.body_start, len(doc.lines)):
        text = doc.lines[i].strip()
        if not text:
            continue
        if significant and not code[i] and (text in significant or (run and text in every)):
            run.append(i)
            continue
        if run:
            runs.append(run)
        run = []
    return [*runs, run] if run else runs


_TEMPLATE_SIGNIFICANT = frozenset({"Describe the problem here.", "Example: a sentence"})
_TEMPLATE_EVERY = _TEMPLATE_SIGNIFICANT | {">", "```", "self,"}
_LINE = st.sampled_from(
    [
        "Describe the problem here.\n",
        "  Example: a sentence  \n",
        ">\n",
        "```\n",
        "self,\n",
        "\n",
        "   \n",
        "Our own text.\n",
        "    Describe the problem here.\n",  # indented code after a blank line
        "> Describe the problem here.\n",
        "<div>\n",
        "## A heading\n",
    ]
)


@given(st.lists(_LINE, max_size=30), st.booleans())
@settings(max_examples=300, deadline=None)
def test_template_runs_look_only_at_template_lines_and_agree(
    lines: list[str], front_matter: bool
) -> None:
    text = ("---\nStatus: Draft\n---\n" if front_matter else "") + "".join(lines)
    doc = Document(text)
    for significant in (_TEMPLATE_SIGNIFICANT, frozenset()):
        assert template_runs(doc, significant, _TEMPLATE_EVERY) == _template_runs_line_by_line(
            doc, significant, _TEMPLATE_EVERY
        )


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("# BEP-1009: Collision-Proof Proposal Numbers", True),
        ("# BEP 1009 - Collision-Proof Proposal Numbers", True),
        ("# BEP-1001: Collision-Proof Proposal Numbers", False),  # its own number
        ("# BEP-1016 Compatibility Notes", False),  # mentions another proposal: no prefix
        ("# Numbers Like BEP-1009: Why", False),
    ],
)
def test_a_title_that_names_another_number(examples_copy: Path, title: str, found: bool) -> None:
    edit(D1, "# Collision-Proof Proposal Numbers", title)(examples_copy)
    assert (("S012", D1) in codes_at(examples_copy)) is found
