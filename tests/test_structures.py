"""Two structures of one process: classic and tech-spec (proposals/AGENTS.md).

A tech-spec proposal (Goal, Current design & scope by area, Implementation
design, Decision Summary, Open Questions, References) with numbered
headings, as real ones are written, is checked only against its own
structure; its Decision Summary is its decision log for every consumer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import bep

from bepkit.actions.context import bundle
from bepkit.model.workspace import Workspace

P = "proposals"
TECH = f"{P}/BEP-1006-preemption-mechanics.md"

TECH_SPEC = """\
---
Author: Mina Park (mina@bepkit.example)
Status: Draft
Created: 2026-03-02
Created-Version: 26.2.0
Target-Version:
Implemented-Version:
---

<!-- context-for-ai
type: master-bep
scope: How the scheduler preempts low-priority sessions, layer by layer
key-constraints: [No change to the public session API]
key-decisions: [Youngest session first among equals]
-->

# Preemption Mechanics

## 1. Goal

Define how the scheduler preempts a running low-priority session when a
high-priority one cannot be placed, building on the preemption policy of
[BEP-1005](BEP-1005-registry-table-sync.md).

## 2. Current State & Scope, by Area

| Area | \u2705 Exists | \u2795 To add |
|------|----------|-----------|
| API | priority field on sessions | none |
| Scheduler | placement by priority | victim selection |
| DB | session status history | PREEMPTED status |

## 3. Implementation Design

### 3.1 Victim selection

The scheduler picks victims by ascending priority, then by youngest start.

### 3.2 Status transitions

A preempted session moves RUNNING -> PREEMPTED -> PENDING.

## 4. Decision Summary

| Date | Decision | Rationale |
|------|----------|-----------|
| 2026-03-04 | Youngest session first among equals | Least work lost |

## 5. Open Questions

- Should preemption respect a grace period per project?

## 6. References

- [BEP-1005: Registry Table Kept in Sync](BEP-1005-registry-table-sync.md)
"""


@pytest.fixture()
def repo(examples_copy: Path) -> Path:
    (examples_copy / TECH).write_text(TECH_SPEC, encoding="utf-8")
    readme = examples_copy / P / "README.md"
    readme.write_text(
        readme.read_text().replace(
            "| _next_ |",
            "| [1006](BEP-1006-preemption-mechanics.md) | Preemption Mechanics | Mina Park "
            "| Draft |\n| _next_ |",
        )
    )
    return examples_copy


def findings(repo: Path, path: str = TECH) -> list[str]:
    r = bep("check", "--format", "json", "--no-cache", cwd=repo)
    return [
        f"{f['code']} {f['message']}" for f in json.loads(r.out)["findings"] if f["path"] == path
    ]


def test_a_numbered_tech_spec_proposal_is_clean(repo: Path) -> None:
    assert findings(repo) == []


def test_it_is_asked_for_its_own_sections_only(repo: Path) -> None:
    text = (repo / TECH).read_text().replace("## 1. Goal", "## 1. Rationale")
    (repo / TECH).write_text(text)
    assert findings(repo) == ["S001 missing section 'Goal' of a tech-spec proposal"]


def test_its_sections_have_roles_in_show(repo: Path) -> None:
    info = json.loads(bep("show", "1006", "--json", cwd=repo).out)[0]
    assert info["structure"] == "tech-spec"
    roles = [s["role"] for s in info["sections"] if s["depth"] == 2]
    assert roles == ["motivation", "current", "design", "decisions", "open-questions", "references"]
    assert info["labels"]["decisions"] == "Decision Summary"
    assert [d["decision"] for d in info["decision_log"]] == ["Youngest session first among equals"]
    classic = json.loads(bep("show", "1001", "--json", cwd=repo).out)[0]
    assert classic["structure"] == "classic"


def test_context_finds_the_decision_summary(repo: Path) -> None:
    parts = {p.title: p.text for p in bundle(Workspace.open(repo), 1006).parts}
    assert "Youngest session first among equals" in parts["Decision Summary"]
    assert "grace period" in parts["Open Questions"]


def test_decide_and_question_write_under_its_headings(repo: Path) -> None:
    before = (repo / TECH).read_text()
    assert (
        bep("decide", "1006", "PREEMPTED is a status", "--rationale", "Visible", cwd=repo).code == 0
    )
    assert bep("question", "1006", "add", "Who is notified?", cwd=repo).code == 0
    after = (repo / TECH).read_text().splitlines()
    assert len(after) == len(before.splitlines()) + 2
    decision = after.index("| 2026-03-04 | Youngest session first among equals | Least work lost |")
    assert after[decision + 1].endswith("| PREEMPTED is a status | Visible |")
    question = after.index("- Should preemption respect a grace period per project?")
    assert after[question + 1] == "- Who is notified?"
    assert findings(repo) == []


def test_a_classic_proposal_with_numbered_headings_is_clean(repo: Path) -> None:
    path = f"{P}/BEP-1001-collision-proof-numbers.md"
    text = (repo / path).read_text()
    for n, name in enumerate(("Related Issues", "Motivation", "Current Design"), 1):
        text = text.replace(f"## {name}\n", f"## {n}. {name}\n")
    text = text.replace("## Proposed Design\n", "## Step 4: Proposed Design\n")
    (repo / path).write_text(text)
    assert findings(repo, path) == []


def test_a_mixed_document_has_a_section_under_either_structures_name(repo: Path) -> None:
    """A classic proposal (Motivation, Proposed Design, Decision Log) whose current
    design is written the tech-spec way ("Current State & Scope, by Area"), as
    newer proposals are: the section is there, under the process's other name."""
    classic = repo / P / "BEP-1001-collision-proof-numbers.md"
    text = classic.read_text()
    assert "## Current Design" in text and not findings(repo, f"{P}/{classic.name}")
    classic.write_text(text.replace("## Current Design", "## 3. Current State & Scope, by Area"))
    assert findings(repo, f"{P}/{classic.name}") == []
    # a document with neither name is still asked for it
    classic.write_text(text.replace("## Current Design", "## How Numbers Are Taken"))
    assert findings(repo, f"{P}/{classic.name}") == [
        "S002 missing section 'Current Design' (recommended)"
    ]


def test_a_numbered_decision_table_gets_the_next_number(repo: Path) -> None:
    text = (repo / TECH).read_text()
    table = (
        "| # | Decision | Rationale |\n|---|----------|-----------|\n"
        "| D1 | Youngest session first among equals | Least work lost |\n"
    )
    (repo / TECH).write_text(
        text.replace(
            "| Date | Decision | Rationale |\n|------|----------|-----------|\n"
            "| 2026-03-04 | Youngest session first among equals | Least work lost |\n",
            table,
        )
    )
    assert (
        bep("decide", "1006", "PREEMPTED is a status", "--rationale", "Visible", cwd=repo).code == 0
    )
    assert (
        "| D1 | Youngest session first among equals | Least work lost |\n| D2 | PREEMPTED is a status | Visible |\n"
        in (repo / TECH).read_text()
    )
