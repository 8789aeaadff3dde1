"""Every editing command on generated documents: no crash, only exit 0, 1 or 2,
and nothing written that the next read cannot find.

The documents are proposals whose bodies come from the block-structure
strategy (unclosed fences, HTML blocks, tables, setext headings, quotes),
with the process's sections dropped in among them.  Each command runs in a
fresh repository; an "internal error" (the error boundary's word for a bug)
fails the test.  ``BEP_FUZZ_EXAMPLES=1000`` runs a deeper search than CI's.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from helpers import bep, draft, small_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mdgen import special_line

FRONTMATTER = draft("Fuzzed")

SECTIONS = [
    "## Motivation",
    "## Decision Log",
    "## Open Questions",
    "| Date | Decision | Rationale |",
    "|------|----------|-----------|",
    "- Is it?",
    "## Implementation Plan",
    "### Phase 1: Start",
    "## References",
    "See [BEP-1000](BEP-1000-settled.md) and BEP-1001.",
    "`BEP-1001`",
]

FILLER = "\n".join(f"Line {i} of a long part, as a long proposal has." for i in range(60))
QUESTIONS = "## Open Questions\n\n- Is it fast enough?\n- Who owns it?\n"
part = st.sampled_from(
    ["## Proposed Design", "## Migration", "### Data Model", "## Alternatives"]
).map(lambda heading: f"{heading}\n\n{FILLER}\n")
body = st.tuples(
    st.sampled_from(["", QUESTIONS]),
    st.lists(st.one_of(special_line, st.sampled_from(SECTIONS), part), max_size=40),
).map(lambda t: [t[0], *t[1]])
newline = st.sampled_from(["\n", "\r\n"])

COMMANDS: list[tuple[str, ...]] = [
    ("decide", "1001", "Fuzzed decision", "--rationale", "Because."),
    ("question", "1001", "add", "Fuzzed question?"),
    ("question", "1001", "resolve", "Who owns it?", "--decision", "Done", "--rationale", "R."),
    ("status", "1001", "Rejected", "--reason", "Fuzzed."),
    ("status", "1001", "Superseded", "--by", "1000"),
    ("sync", "1001", "--add-blocks"),
    ("check", "--fix", "--unsafe-fixes"),
    ("split", "1001"),
    ("renumber", "1001", "next"),
]


def _repo(text: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix="bep-fuzz-"))
    return small_repo(root, {"BEP-1000-settled.md": draft("Settled"), "BEP-1001-fuzzed.md": text})


def _assert_sane(args: tuple[str, ...], code: int, err: str) -> None:
    assert code in (0, 1, 2), (args, code, err)
    assert "internal error" not in err, (args, err)
    assert "Traceback" not in err, (args, err)


@settings(
    max_examples=int(os.environ.get("BEP_FUZZ_EXAMPLES", "40")),  # more for a deep run
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(lines=body, nl=newline)
def test_editing_commands_on_generated_documents(lines: list[str], nl: str) -> None:
    text = (FRONTMATTER + "\n".join(lines) + "\n").replace("\n", nl)
    for args in COMMANDS:
        root = _repo(text)
        try:
            r = bep(*args, cwd=root)
            _assert_sane(args, r.code, r.err)
            after = bep("show", "1001" if args[0] != "renumber" else "1002", "--json", cwd=root)
            _assert_sane(("show",), after.code, after.err)
            if r.code != 0:
                continue
            docs = after.json()
            if args[0] == "decide":
                logged = [d["decision"] for doc in docs for d in doc["decision_log"]]
                assert "Fuzzed decision" in logged, (text, logged)
            if args[:3] == ("question", "1001", "add"):
                asked = [q["text"] for doc in docs for q in doc["open_questions"]]
                assert "Fuzzed question?" in asked, (text, asked)
            if args[:3] == ("question", "1001", "resolve"):
                logged = [d["decision"] for doc in docs for d in doc["decision_log"]]
                assert "Done" in logged, (text, logged)
            if args[0] == "status":
                assert docs[0]["frontmatter"]["Status"] == args[2], (text, docs[0])
            checked = bep("check", cwd=root)
            _assert_sane(("check",), checked.code, checked.err)
        finally:
            shutil.rmtree(root)
