"""bep check on the real corpus: the exact findings, the baseline, the formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from conftest import CORPUS, EXAMPLES
from helpers import bep, bep_process, golden
from sarifschema import sarif_schema


def test_corpus_findings_golden() -> None:
    """Every finding on the snapshot, reviewed line by line (tests/golden/corpus-check.txt)."""
    r = bep("check", "--no-baseline", cwd=CORPUS)
    assert r.code == 1
    golden("corpus-check.txt", r.out)
    # the facts the process is known to have broken in this snapshot
    assert (
        "proposals/BEP-1026-email-notification-channel.md:1:1: N001 BEP-1026 is also used by proposals/BEP-1026-fair-share-scheduler.md"
        in r.out
    )
    missing = [
        n for n in range(1034, 1040) if f"N003 registry row {n} links to a missing file" in r.out
    ]
    # Draft rows linking the file to come are reservations (the team's practice);
    # the Rejected 1036 names a document that is not there
    assert missing == [1036]
    assert "N004 registry row 1033 links to the folder BEP-1033/" in r.out
    assert "1027" not in r.out  # a reserved row without a document is not a finding
    assert "N014" not in r.out  # the snapshot is not a git repository: no age is known


def test_findings_are_sorted_and_well_formed() -> None:
    data = bep("check", "--format", "json", "--no-baseline", cwd=CORPUS).json()
    keys = [(f["path"], f["line"], f["col"], f["code"]) for f in data["findings"]]
    assert keys == sorted(keys)
    assert data["errors"] == sum(f["severity"] == "error" for f in data["findings"])
    assert all(f["message"] and "\n" not in f["message"] for f in data["findings"])


def test_baseline_holds_back_today_and_fails_on_new_duplicate(corpus_copy: Path) -> None:
    r = bep("check", "--update-baseline", cwd=corpus_copy)
    assert r.code == 0 and "Recorded" in r.out
    r = bep_process("check", cwd=corpus_copy)
    assert r.code == 0, r.out
    assert "held back by the baseline" in r.out
    # an edit elsewhere in a document moves its findings' lines but reopens none
    doc = corpus_copy / "proposals" / "BEP-1010-new-gql.md"
    doc.write_text(doc.read_text().replace("## Overview", "## Overview\n\nA new line.\n"))
    assert bep("check", cwd=corpus_copy).code == 0
    # a new proposal, written by the book, with a number already in use
    src = EXAMPLES / "proposals" / "BEP-1001-collision-proof-numbers.md"
    (corpus_copy / "proposals" / "BEP-1031-another-take.md").write_text(
        src.read_text().replace("# Collision-Proof Proposal Numbers", "# Another Take")
    )
    r = bep("check", cwd=corpus_copy)
    assert r.code == 1
    findings = [line for line in r.out.splitlines() if ": " in line and not line.startswith("    ")]
    assert findings == [
        "proposals/BEP-1031-another-take.md:1:1: N001 BEP-1031 is also used by "
        "proposals/BEP-1031-graphql-field-metadata.md"
    ]


def test_baseline_fails_on_new_broken_registry_link(corpus_copy: Path) -> None:
    assert bep("check", "--update-baseline", cwd=corpus_copy).code == 0
    readme = corpus_copy / "proposals" / "README.md"
    readme.write_text(
        readme.read_text().replace(
            "| _next_ |",
            "| [1041](BEP-1041-not-written.md) | Not Written | Someone | Accepted |\n| _next_ |",
        )
    )
    data = bep("check", "--format", "json", cwd=corpus_copy).json()
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("N003", 131)]


def test_fix_on_a_copy_of_the_corpus_is_idempotent(corpus_copy: Path) -> None:
    before = {p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file()}
    r = bep("check", "--fix", cwd=corpus_copy)
    assert (
        "fixed proposals/README.md: registry row 1033: number -> [1033](BEP-1033-sokovan-handler-test-scenarios.md)"
        in r.err
    )
    after = {p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file()}
    changed = sorted(str(p.relative_to(corpus_copy)) for p in before if before[p] != after[p])
    # 1012 and 1033 are over their limit already: no index is added to them
    assert changed == ["proposals/README.md"]
    again = bep("check", "--diff", cwd=corpus_copy)
    assert (again.code, again.out) == (0, "")


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    out = bep("check", "--format", "sarif", "--no-baseline", cwd=CORPUS).out
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    assert len(run["results"]) == len(
        bep("check", "--format", "json", "--no-baseline", cwd=CORPUS).json()["findings"]
    )
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(rule_ids[res["ruleIndex"]] == res["ruleId"] for res in run["results"])


def test_github_annotations() -> None:
    out = bep("check", "--format", "github", "--no-baseline", cwd=CORPUS).out.splitlines()
    first = next(line for line in out if "N001" in line)
    assert first.startswith(
        "::error file=proposals/BEP-1026-email-notification-channel.md,line=1,col=1,title=N001 duplicate-number::"
    )
    assert all(line.startswith(("::error ", "::warning ")) for line in out[:-1])


def test_examples_report_nothing() -> None:
    r = bep_process("check", cwd=EXAMPLES)
    assert (r.code, r.out, r.err) == (0, "All checks passed.\n", "")


def test_rule_explanations_and_list() -> None:
    r = bep("rule", "n003")
    assert r.code == 0 and r.out.startswith(
        "N003 registry-link-missing: a registry row links to a missing file"
    )
    listed = bep("check", "--list-rules", "--format", "json").json()
    assert {item["code"] for item in listed} >= {
        "N001",
        "M001",
        "S001",
        "G001",
        "A001",
        "D001",
        "L001",
        "B001",
        "X001",
    }
    assert bep("rule", "Z999").code == 2


def test_configured_severity_and_off(tmp_path: Path) -> None:
    repo = tmp_path / "ex"
    shutil.copytree(EXAMPLES, repo)
    readme = repo / "proposals" / "README.md"
    readme.write_text(readme.read_text().replace("| Jun Seo | Accepted |", "| Jun Seo | Draft |"))
    assert bep("check", cwd=repo).code == 1  # N005 is an error by default
    (repo / "bep.toml").write_text('[rules]\nN005 = "warning"\n')
    r = bep("check", cwd=repo)
    assert r.code == 0 and "N005" in r.out
    (repo / "bep.toml").write_text('[rules]\nN005 = "off"\n')
    assert bep("check", cwd=repo).out == "All checks passed.\n"
    (repo / "bep.toml").write_text('[rules]\nN999 = "off"\n')
    r = bep("check", cwd=repo)
    assert r.code == 2 and "unknown rule code" in r.err


def test_suppression_comments(tmp_path: Path) -> None:
    repo = tmp_path / "ex"
    shutil.copytree(EXAMPLES, repo)
    doc = repo / "proposals" / "BEP-1001-collision-proof-numbers.md"
    text = doc.read_text()
    doc.write_text(
        text.replace(
            "## References\n", "## References\n\n- [a](./missing-a.md)\n- [b](./missing-b.md)\n"
        )
    )
    assert [f["code"] for f in bep("check", "--format", "json", cwd=repo).json()["findings"]] == [
        "L001",
        "L001",
    ]
    doc.write_text(
        text.replace(
            "## References\n",
            "## References\n\n<!-- bep-ignore L001 -->\n- [a](./missing-a.md)\n- [b](./missing-b.md)\n",
        )
    )
    left = bep("check", "--format", "json", cwd=repo).json()["findings"]
    assert [(f["code"], f["message"]) for f in left] == [
        ("L001", "link to a missing file ./missing-b.md")
    ]
    doc.write_text(doc.read_text() + "\n<!-- bep-ignore-file L001 -->\n")
    assert bep("check", cwd=repo).code == 0
