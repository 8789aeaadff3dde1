"""Open Questions as the process keeps them: open ones addressed by identity,
settled ones (under a Resolved sub-heading, struck through, checked, marked)
never counted, never resolved, never written under."""

from __future__ import annotations

from pathlib import Path

import anyio
from helpers import bep, draft, small_repo
from mcp import Client
from test_agent import with_server

HEAD = draft(
    "Questions",
    """
## Decision Log

| Date | Decision | Rationale |
|------|----------|-----------|
| 2026-01-02 | Start | Needed |

""",
)

RESOLVED_SUBHEADING = """## Open Questions

1. Who runs the migration?
2. Is a feature flag needed?
3. Which release carries it?

### Resolved

4. ~~**Storage**~~: Postgres or Redis?
   - **Decision: Postgres**
5. ~~Naming~~ → `fair_share`

## References

- none
"""

STRUCK = """## Open Questions

1. ~~**Field selection**: query or body?~~ → body
2. **Composite reports**: how to join?
3. ~~**Errors**: how to report?~~ → trailers
- [x] Checked already
- [ ] Still open?
- **Resolved**: the cache key
"""

ONLY_SETTLED = """## Open Questions

### Resolved Items

- ~~Old question~~ answered

## References
"""


def repo(tmp_path: Path, questions: str) -> tuple[Path, Path]:
    small_repo(tmp_path, {"BEP-1001-questions.md": HEAD + questions})
    return tmp_path, tmp_path / "proposals" / "BEP-1001-questions.md"


def open_ones(root: Path) -> list[dict[str, str]]:
    (info,) = bep("show", "1001", "--json", cwd=root).json()
    return list(info["open_questions"])


def test_items_under_a_resolved_subheading_are_settled(tmp_path: Path) -> None:
    root, _ = repo(tmp_path, RESOLVED_SUBHEADING)
    (info,) = bep("show", "1001", "--json", cwd=root).json()
    assert [q["text"] for q in info["open_questions"]] == [
        "Who runs the migration?",
        "Is a feature flag needed?",
        "Which release carries it?",
    ]
    assert len(info["settled_questions"]) == 2
    shown = bep("show", "1001", cwd=root).out
    assert "(and 2 settled" in shown and info["open_questions"][0]["id"] in shown


def test_struck_checked_and_marked_items_are_settled(tmp_path: Path) -> None:
    root, _ = repo(tmp_path, STRUCK)
    assert [q["text"] for q in open_ones(root)] == [
        "**Composite reports**: how to join?",
        "Still open?",
    ]


def test_resolve_by_id_removes_that_question_and_names_it_in_the_log(tmp_path: Path) -> None:
    root, doc = repo(tmp_path, RESOLVED_SUBHEADING)
    third = open_ones(root)[2]
    r = bep("question", "1001", "resolve", third["id"], "--decision", "26.3", "--rationale",
            "Next sprint", "--date", "2026-02-01", cwd=root)  # fmt: skip
    assert r.code == 0, r.err
    text = doc.read_text()
    assert "Which release carries it?" not in text.split("## Open Questions")[1]
    assert (
        "| 2026-02-01 | 26.3 | Next sprint (resolves the open question: "
        "Which release carries it?) |" in text
    )
    assert "4. ~~**Storage**~~" in text  # settled items untouched


def test_two_resolves_from_one_stale_read_never_hit_a_neighbour(tmp_path: Path) -> None:
    root, doc = repo(tmp_path, RESOLVED_SUBHEADING)
    first, _, third = open_ones(root)  # both agents read once, then act
    for q, answer in ((first, "Ops team"), (third, "26.3")):
        r = bep("question", "1001", "resolve", q["id"], "--decision", answer, "--rationale", "r",
                cwd=root)  # fmt: skip
        assert r.code == 0, r.err
    assert [q["text"] for q in open_ones(root)] == ["Is a feature flag needed?"]
    before = doc.read_bytes()
    again = bep("question", "1001", "resolve", first["id"], "--decision", "x", "--rationale", "y",
                cwd=root)  # fmt: skip
    assert again.code == 2 and "may have been resolved" in again.err, again.err
    assert doc.read_bytes() == before


def test_add_goes_after_the_last_open_question_not_under_resolved(tmp_path: Path) -> None:
    root, doc = repo(tmp_path, RESOLVED_SUBHEADING)
    assert bep("question", "1001", "add", "Who reviews it?", cwd=root).code == 0
    body = doc.read_text().split("## Open Questions")[1]
    assert body.index("4. Who reviews it?") < body.index("### Resolved")
    assert [q["text"] for q in open_ones(root)][-1] == "Who reviews it?"


def test_add_when_every_question_is_settled_goes_above_the_settled_heading(
    tmp_path: Path,
) -> None:
    root, doc = repo(tmp_path, ONLY_SETTLED)
    assert open_ones(root) == []
    assert bep("question", "1001", "add", "A fresh question?", cwd=root).code == 0
    body = doc.read_text().split("## Open Questions")[1]
    assert body.index("- A fresh question?") < body.index("### Resolved Items")
    assert [q["text"] for q in open_ones(root)] == ["A fresh question?"]


def test_concurrent_resolves_through_mcp_from_one_stale_read(tmp_path: Path) -> None:
    root, doc = repo(tmp_path, RESOLVED_SUBHEADING)
    first, _, third = open_ones(root)

    async def work(client: Client) -> list[bool]:
        results: list[bool] = [False, False, False]

        async def resolve(i: int, qid: str, answer: str) -> None:
            r = await client.call_tool(
                "resolve_question",
                {"number": 1001, "question": qid, "decision": answer, "rationale": "r"},
            )
            results[i] = bool(r.is_error)

        async with anyio.create_task_group() as tg:
            tg.start_soon(resolve, 0, first["id"], "Ops team")
            tg.start_soon(resolve, 1, third["id"], "26.3")
        await resolve(2, first["id"], "Again")
        return results

    errors = with_server(root, work)
    assert errors == [False, False, True]
    text = doc.read_text()
    assert "| Ops team | r (resolves the open question: Who runs the migration?) |" in text
    assert "| 26.3 | r (resolves the open question: Which release carries it?) |" in text
    assert "Again" not in text
    assert [q["text"] for q in open_ones(root)] == ["Is a feature flag needed?"]


TABLE = """## Open Questions

| # | Question | Status |
|---|----------|--------|
| 1 | **OS dimension.** Should scheduling know the OS? | Open |
| 2 | **Image definition.** Where does a host path live? | Resolved |
| 3 | **Restart recovery.** Re-adopt or terminate? | |

| Option | Pros | Cons |
|--------|------|------|
| Allowlist | simple | manual |

## References

- none
"""


def test_questions_kept_in_a_table_are_rows(tmp_path: Path) -> None:
    """Newer proposals keep their open questions as a numbered table; a row whose
    status says it is settled is settled; a table of options is not questions."""
    root, doc = repo(tmp_path, TABLE)
    (info,) = bep("show", "1001", "--json", cwd=root).json()
    assert [q["text"] for q in info["open_questions"]] == [
        "**OS dimension.** Should scheduling know the OS?",
        "**Restart recovery.** Re-adopt or terminate?",
    ]
    assert [q["text"] for q in info["settled_questions"]] == [
        "**Image definition.** Where does a host path live?"
    ]
    before = doc.read_text().splitlines()
    assert bep("question", "1001", "add", "Linux hosts?", cwd=root).code == 0
    after = doc.read_text().splitlines()
    # one row, numbered after the last, in the table (not a list item below it)
    assert after == [*before[:24], "| 4 | Linux hosts? |  |", *before[24:]]
    assert before[23] == "| 3 | **Restart recovery.** Re-adopt or terminate? | |"
    first = open_ones(root)[0]
    r = bep("question", "1001", "resolve", first["id"], "--decision", "An OS field",
            "--rationale", "Explicit", "--date", "2026-10-03", cwd=root)  # fmt: skip
    assert r.code == 0, r.err
    text = doc.read_text()
    assert "OS dimension" not in text.split("## Open Questions")[1]
    assert "| 2 | **Image definition.** Where does a host path live? | Resolved |" in text
    assert "(resolves the open question: OS dimension. Should scheduling know the OS?)" in text


def test_a_question_row_takes_the_next_identifier_of_its_table(tmp_path: Path) -> None:
    root, doc = repo(
        tmp_path,
        "## Open Questions\n\n| ID | Question |\n|----|----------|\n| Q-07 | Who owns it? |\n",
    )
    assert bep("question", "1001", "add", "When?", cwd=root).code == 0
    assert "| Q-07 | Who owns it? |\n| Q-08 | When? |\n" in doc.read_text()
