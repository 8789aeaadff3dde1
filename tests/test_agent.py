"""For agents: context bundles, and `bep mcp` driven by the SDK's own stdio client."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from conftest import CORPUS
from gitrepo import clone, remote_with_examples
from helpers import bep
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from bepkit.actions.context import bundle, tokens
from bepkit.model.proposal import decision_log, open_questions
from bepkit.model.workspace import Workspace

BEP = str(Path(sys.executable).with_name("bep"))
READ_TOOLS = {
    "list_proposals",
    "get_registry",
    "search_proposals",
    "get_context",
    "get_document",
    "get_section",
    "check_proposal",
    "proposals_for_code",
}
WRITE_TOOLS = {
    "reserve_number",
    "create_proposal",
    "add_decision",
    "add_question",
    "resolve_question",
    "set_status",
    "update_section",
}


def with_server(repo: Path, work: Callable[[Client], Awaitable[Any]]) -> Any:
    """Run ``work`` against `bep mcp` started as a subprocess in ``repo``."""

    async def main() -> Any:
        # the test's environment (its cache folder, its git identity), not the SDK's
        # default few variables, which would put the server's cache in the real HOME
        params = StdioServerParameters(
            command=BEP, args=["mcp"], cwd=str(repo), env=dict(os.environ)
        )
        async with Client(params) as client:
            return await work(client)

    return anyio.run(main)


def text_of(result: Any) -> str:
    assert not result.is_error, result.content
    assert result.structured_content is None  # markdown comes once, as text
    return "".join(c.text for c in result.content)


def data_of(result: Any) -> Any:
    """A JSON tool's result: structured content, sent once, with a one-line summary."""
    assert not result.is_error, result.content
    (summary,) = result.content
    assert "\n" not in summary.text and not summary.text.lstrip().startswith(("{", "["))
    return result.structured_content


# -- bundles --------------------------------------------------------------------------------------


def segmented_corpus() -> list[int]:
    ws = Workspace.open(CORPUS)
    return [n for n, p in ws.proposals.items() if p.segmented]


@pytest.mark.parametrize("number", segmented_corpus())
def test_bundle_for_one_subdocument_is_lean_and_keeps_decisions_and_questions(
    number: int,
) -> None:
    ws = Workspace.open(CORPUS)
    p = ws.proposal(number)
    whole = sum(tokens(ws.document(rel).text) for rel in [m.rel for m in p.mains] + p.subdocs)
    main = ws.document(p.mains[0].rel)
    for sub in p.subdocs:
        name = sub.rsplit("/", 1)[1]
        b = bundle(ws, number, docs=[name], budget=1)  # a budget never drops what was asked
        text = b.markdown()
        assert b.total < whole
        assert any(part.path == sub and part.text == ws.document(sub).text for part in b.parts)
        assert "## Decision Log" in text and "## Open Questions" in text
        for d in decision_log(main, ws.config):
            assert d.decision in text
        for q in open_questions(main, ws.config):
            assert f"[{q.id}] {q.text}" in text
        # every part says where it comes from; the rest is listed with the call for it
        labels = re.findall(r"^> (?:`[^`]+` lines \d+-\d+|not in `[^`]+`)$", text, re.M)
        assert len(labels) == len(b.parts)
        others = [s for s in p.subdocs if s not in {part.path for part in b.parts}]
        assert all(f"--doc {o.rsplit('/', 1)[1]}" in text for o in others)


def test_a_phase_brings_its_plan_entry_and_the_subdocuments_it_names() -> None:
    ws = Workspace.open(CORPUS)
    b = bundle(ws, 1033, phase="2")
    subs = [part.path.rsplit("/", 1)[1] for part in b.parts if part.kind == "subdoc"]
    assert subs == [
        "01-scheduler-lifecycle-handlers.md",
        "02-scheduler-promotion-handlers.md",
        "03-scheduler-kernel-handlers.md",
        "04-scheduler-coordinator.md",
    ]
    (plan,) = [part for part in b.parts if part.kind == "plan"]
    assert plan.text.startswith("### Phase 2: Scheduler Handler")
    assert bundle(ws, 1033, topic="Phase 3").parts == bundle(ws, 1033, phase="3").parts
    assert bep("context", "1033", "--phase", "9", cwd=CORPUS).code == 2


def test_a_section_comes_alone_with_its_lines() -> None:
    ws = Workspace.open(CORPUS)
    (part,) = bundle(ws, 1033, sections=["motivation"]).parts
    assert part.text.startswith("## Motivation") and part.path.endswith("scenarios.md")
    assert ws.document(part.path).lines[part.start - 1].startswith("## Motivation")


def test_depends_on_is_followed(examples_copy: Path) -> None:
    ws = Workspace.open(examples_copy)  # baseline.md depends on rule-catalogue.md
    b = bundle(ws, 1002, docs=["baseline.md"])
    assert [part.path.rsplit("/", 1)[1] for part in b.parts if part.kind == "subdoc"] == [
        "baseline.md",
        "rule-catalogue.md",
    ]
    assert "rule-catalogue.md is included: baseline.md depends on it." in b.markdown()
    lean = bundle(ws, 1002, docs=["baseline.md"], follow=False)
    assert [part.path.rsplit("/", 1)[1] for part in lean.parts if part.kind == "subdoc"] == [
        "baseline.md"
    ]


def test_bundle_budget_keeps_what_was_asked_and_cuts_the_rest_by_subheadings(
    examples_copy: Path,
) -> None:
    ws = Workspace.open(examples_copy)
    full = bundle(ws, 1002, topic="baseline findings")
    names = [p.title for p in full.parts]
    assert "Sub-document baseline.md" in names
    small = bundle(ws, 1002, topic="baseline findings", budget=700)
    kept = {p.title for p in small.parts}
    assert {"Metadata and context-for-ai", "Decision Log", "Open Questions"} <= kept
    assert small.total <= 700 or all(p.must for p in small.parts)
    assert "## Not included" in small.markdown()
    whole = bundle(ws, 1001)  # no task: the main document whole, in reading order
    assert [p.kind for p in whole.parts][:3] == ["header", "decisions", "questions"]
    cut = bundle(ws, 1001, budget=whole.total - 50)
    assert cut.total <= whole.total - 50
    assert any(" / " in p.title for p in cut.parts + cut.omitted)  # cut at a sub-heading


def test_context_cli_and_registry() -> None:
    r = bep("context", "1033", "--doc", "05-provisioner.md", cwd=CORPUS)
    assert r.code == 0 and "# BEP-1033: Sokovan Handler Test Scenarios" in r.out
    assert "# Provisioner Test Scenarios" in r.out
    reg = bep("context", "--registry", "--format", "json", cwd=CORPUS).json()
    assert {row["number"] for row in reg} >= {1000, 1033, 1040}
    assert bep("context", "1033", "--doc", "nope.md", cwd=CORPUS).code == 2


# -- the MCP server ------------------------------------------------------------------------------


def test_mcp_read_tools_on_the_corpus(corpus_copy: Path) -> None:
    async def work(c: Client) -> dict[str, Any]:
        out: dict[str, Any] = {}
        out["tools"] = {t.name for t in (await c.list_tools()).tools}
        out["list"] = data_of(await c.call_tool("list_proposals", {"status": "accepted"}))[
            "proposals"
        ]
        out["registry"] = data_of(await c.call_tool("get_registry", {}))["proposals"]
        out["search"] = data_of(await c.call_tool("search_proposals", {"query": "fair share"}))[
            "results"
        ]
        out["context"] = text_of(
            await c.call_tool("get_context", {"number": 1033, "docs": ["06-launcher.md"]})
        )
        out["document"] = text_of(
            await c.call_tool(
                "get_document",
                {"path": "proposals/BEP-1014-preemption-of-low-priority-sessions.md"},
            )
        )
        out["section"] = text_of(
            await c.call_tool("get_section", {"number": 1024, "section": "open questions"})
        )
        out["check"] = data_of(await c.call_tool("check_proposal", {"number": 1040}))["findings"]
        out["resource"] = (
            (await c.read_resource("bep://doc/proposals/BEP-1033/00-overview.md")).contents[0].text
        )
        out["resources"] = {r.uri for r in (await c.list_resources()).resources}
        out["bad_type"] = await c.call_tool("get_context", {"number": "abc"})
        out["unknown"] = await c.call_tool("get_context", {"number": 9999})
        out["outside"] = await c.call_tool("get_document", {"path": "../../etc/passwd"})
        return out

    out = with_server(corpus_copy, work)
    assert out["tools"] == READ_TOOLS | WRITE_TOOLS
    assert {e["number"] for e in out["list"]} == {1006, 1010, 1013, 1017, 1019}
    assert len(out["registry"]) >= 40
    assert out["search"][0]["path"] == "proposals/BEP-1026-fair-share-scheduler.md"
    assert (
        "# SessionLauncher Test Scenarios" in out["context"]
        and "## Open Questions" in out["context"]
    )
    assert out["document"].startswith("---\nAuthor: Joongi Kim")
    assert (
        out["section"].startswith("## Open Questions\n")
        and "Health check interval" in out["section"]
    )
    assert [f["code"] for f in out["check"]] == ["M001"]
    assert out["resource"].startswith("# BEP-1033 Sokovan Handler Test Scenarios - Overview")
    assert "bep://doc/proposals/BEP-1026-fair-share-scheduler.md" in out["resources"]
    for key in ("bad_type", "unknown", "outside"):
        assert out[key].is_error
    assert "no proposal BEP-9999" in out["unknown"].content[0].text
    assert "not a proposal document" in out["outside"].content[0].text


def _same_day_snapshot(repo: Path) -> dict[str, str]:
    return {str(p.relative_to(repo)): p.read_text() for p in (repo / "proposals").rglob("*.md")}


def test_mcp_write_tools_leave_the_same_files_as_the_cli(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    via_mcp = clone(remote_with_examples(tmp_path / "a"), tmp_path / "a" / "work")
    via_cli = clone(remote_with_examples(tmp_path / "b"), tmp_path / "b" / "work")

    async def work(c: Client) -> list[Any]:
        calls = [
            ("reserve_number", {"title": "Held"}),
            (
                "create_proposal",
                {"title": "Agent Idea", "author": "Ann Agent (ann@x.org)", "version": "26.1.0"},
            ),
            ("add_question", {"number": 1005, "text": "Keep the old link until merge?"}),
            (
                "add_decision",
                {
                    "number": 1005,
                    "decision": "Rows are edited in place",
                    "rationale": "Small diffs",
                    "date": "2026-03-01",
                },
            ),
            (
                "resolve_question",
                {
                    "number": 1005,
                    "question": "Should a row for a renamed file keep the old link until the "
                    "pull request merges?",
                    "decision": "Keep it",
                    "rationale": "Reviewers",
                    "date": "2026-03-02",
                },
            ),
            ("set_status", {"number": 1005, "status": "Accepted", "target_version": "26.3.0"}),
        ]
        return [data_of(await c.call_tool(name, args)) for name, args in calls]

    results = with_server(via_mcp, work)
    assert results[0]["number"] == 1006 and results[1]["number"] == 1007
    cli = [
        ["reserve", "Held"],
        [
            "new",
            "Agent Idea",
            "--author",
            "Ann Agent (ann@x.org)",
            "--version",
            "26.1.0",
            "--no-branch",
        ],
        ["question", "1005", "add", "Keep the old link until merge?"],
        [
            "decide",
            "1005",
            "Rows are edited in place",
            "--rationale",
            "Small diffs",
            "--date",
            "2026-03-01",
        ],
        [
            "question",
            "1005",
            "resolve",
            "Should a row for a renamed file keep the old link until the pull request merges?",
            "--decision",
            "Keep it",
            "--rationale",
            "Reviewers",
            "--date",
            "2026-03-02",
        ],
        ["status", "1005", "Accepted", "--target-version", "26.3.0"],
    ]
    for args in cli:
        r = subprocess.run([BEP, *args], cwd=via_cli, capture_output=True, text=True, check=False)
        assert r.returncode == 0, (args, r.stderr)
    assert _same_day_snapshot(via_mcp) == _same_day_snapshot(via_cli)
    text = (via_mcp / "proposals" / "BEP-1005-registry-table-sync.md").read_text()
    assert "| 2026-03-02 | Keep it | Reviewers (resolves the open question: Should a row" in text
    assert "Status: Accepted" in text


def test_eight_writers_at_once(tmp_path: Path) -> None:
    repo = clone(remote_with_examples(tmp_path), tmp_path / "work")
    errors: list[str] = []
    numbers: list[int] = []
    lock = threading.Lock()

    def cli_writer(k: int) -> None:
        for i in range(3):
            r = subprocess.run(
                [BEP, "decide", "1005", f"cli-{k}-{i}", "--rationale", "r"],
                cwd=repo,
                capture_output=True,
                text=True,
                check=False,
            )
            if r.returncode:
                errors.append(r.stderr)
        r = subprocess.run(
            [BEP, "new", f"CLI Idea {k}", "--author", "A B", "--no-branch", "--json"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
        if r.returncode:
            errors.append(r.stderr)
        else:
            with lock:
                numbers.append(json.loads(r.stdout)["number"])

    def mcp_writer(k: int) -> None:
        async def work(c: Client) -> None:
            for i in range(3):
                res = await c.call_tool(
                    "add_decision", {"number": 1005, "decision": f"mcp-{k}-{i}", "rationale": "r"}
                )
                if res.is_error:
                    errors.append(str(res.content))
            res = await c.call_tool("create_proposal", {"title": f"MCP Idea {k}", "author": "A B"})
            if res.is_error:
                errors.append(str(res.content))
            else:
                with lock:
                    numbers.append(data_of(res)["number"])

        with_server(repo, work)

    threads = [threading.Thread(target=cli_writer, args=(k,)) for k in range(4)]
    threads += [threading.Thread(target=mcp_writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    text = (repo / "proposals" / "BEP-1005-registry-table-sync.md").read_text()
    for who in ("cli", "mcp"):
        for k in range(4):
            for i in range(3):
                assert f"| {who}-{k}-{i} | r |" in text
    assert len(numbers) == 8 and len(set(numbers)) == 8
    readme = (repo / "proposals" / "README.md").read_text()
    assert all(f"[{n}](" in readme for n in numbers)


def test_a_topic_matches_file_names_split_at_hyphens_and_only_clear_matches() -> None:
    ws = Workspace.open(CORPUS)
    b = bundle(ws, 1033, topic="route-executor")
    subs = [part.path.rsplit("/", 1)[1] for part in b.parts if part.kind == "subdoc"]
    assert subs == ["09-route-executor.md"]
