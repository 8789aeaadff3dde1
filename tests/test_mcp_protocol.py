"""`bep mcp` as the protocol asks, through the SDK's own stdio client: strict
inputs, tool annotations, each result sent once, prompts for each step of the
guide's working pattern, completions, a live resource list, section edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gitrepo import git
from mcp import Client
from mcp.types import PromptReference
from test_agent import data_of, text_of, with_server

from bepkit.model.proposal import open_questions
from bepkit.model.workspace import Workspace


def test_an_argument_a_tool_does_not_declare_is_an_error(corpus_copy: Path) -> None:
    async def work(c: Client) -> dict[str, Any]:
        tools = {t.name: t for t in (await c.list_tools()).tools}
        wrong = await c.call_tool("get_context", {"number": 1033, "document": "06-launcher.md"})
        return {"tools": tools, "wrong": wrong}

    out = with_server(corpus_copy, work)
    assert all(t.input_schema.get("additionalProperties") is False for t in out["tools"].values())
    assert out["wrong"].is_error
    message = out["wrong"].content[0].text
    assert "get_context has no argument 'document'" in message and "docs" in message


def test_tools_say_what_they_do_to_the_repository(corpus_copy: Path) -> None:
    async def work(c: Client) -> dict[str, Any]:
        return {t.name: t.annotations for t in (await c.list_tools()).tools}

    hints = with_server(corpus_copy, work)
    for name in ("list_proposals", "get_context", "get_section", "check_proposal"):
        assert hints[name].read_only_hint is True and hints[name].idempotent_hint is True
    for name in ("add_decision", "add_question", "resolve_question", "set_status"):
        assert hints[name].read_only_hint is False
    assert hints["resolve_question"].destructive_hint is True
    assert hints["add_decision"].destructive_hint is False
    assert hints["reserve_number"].open_world_hint is True  # it pushes to the remote


def test_prompts_follow_the_working_pattern(corpus_copy: Path) -> None:
    async def work(c: Client) -> dict[str, Any]:
        listed = {p.name: p for p in (await c.list_prompts()).prompts}
        implement = await c.get_prompt("implement", {"number": "1033", "phase": "2"})
        update = await c.get_prompt(
            "update", {"number": "1033", "doc": "05-provisioner.md", "task": "add a case"}
        )
        return {"listed": listed, "implement": implement, "update": update}

    out = with_server(corpus_copy, work)
    assert set(out["listed"]) == {"read", "write", "update", "implement", "review"}
    assert [a.name for a in out["listed"]["implement"].arguments] == ["number", "phase"]
    text = out["implement"].messages[0].content.text
    assert text.startswith("Implement Phase 2 of BEP-1033.")
    assert "### Phase 2: Scheduler Handler" in text and "# Scheduler Kernel Handler" in text
    assert "# Provisioner Test Scenarios" not in text  # another phase's sub-document
    update = out["update"].messages[0].content.text
    assert "Update 05-provisioner.md of BEP-1033: add a case" in update
    assert "# Provisioner Test Scenarios" in update


def test_completions_offer_numbers_subdocuments_and_phases(corpus_copy: Path) -> None:
    async def work(c: Client) -> dict[str, list[str]]:
        implement = PromptReference(type="ref/prompt", name="implement")
        update = PromptReference(type="ref/prompt", name="update")
        numbers = await c.complete(implement, {"name": "number", "value": "103"})
        docs = await c.complete(update, {"name": "doc", "value": "0"}, {"number": "1033"})
        phases = await c.complete(implement, {"name": "phase", "value": ""}, {"number": "1033"})
        return {
            "numbers": numbers.completion.values,
            "docs": docs.completion.values,
            "phases": phases.completion.values,
        }

    out = with_server(corpus_copy, work)
    assert "1033" in out["numbers"] and all(n.startswith("103") for n in out["numbers"])
    assert out["docs"][:2] == ["00-overview.md", "01-scheduler-lifecycle-handlers.md"]
    assert out["phases"] == ["1", "2", "3", "4"]


def test_the_resource_list_follows_the_repository(examples_copy: Path) -> None:
    git(examples_copy, "init", "-q", "-b", "main")

    async def work(c: Client) -> dict[str, Any]:
        before = {r.uri for r in (await c.list_resources()).resources}
        created = data_of(
            await c.call_tool("create_proposal", {"title": "Live Listing", "author": "A B"})
        )
        after = {r.uri for r in (await c.list_resources()).resources}
        first = data_of(await c.call_tool("reserve_number", {"title": "One"}))
        second = data_of(await c.call_tool("reserve_number", {"title": "Two"}))
        return {"before": before, "after": after, "created": created, "numbers": (first, second)}

    out = with_server(examples_copy, work)
    new = "bep://doc/proposals/BEP-1006-live-listing.md"
    assert out["created"]["number"] == 1006
    assert new not in out["before"] and new in out["after"]
    first, second = out["numbers"]  # no remote: held in this checkout all the same
    assert (first["number"], second["number"]) == (1007, 1008)
    assert first["confirmed"] is False


def test_update_section_rewrites_one_section_and_syncs_what_follows(examples_copy: Path) -> None:
    plan = "### Phase 1: Parse\n\nRead.\n\n### Phase 2: Render\n\nWrite.\n\n### Phase 3: Verify\n\nCompare.\n"

    async def work(c: Client) -> dict[str, Any]:
        done = data_of(
            await c.call_tool("update_section", {"number": 1000, "section": "plan", "text": plan})
        )
        section = text_of(await c.call_tool("get_section", {"number": 1000, "section": "plan"}))
        refused = await c.call_tool(
            "update_section", {"number": 1000, "section": "plan", "text": "## Not here\n"}
        )
        return {"done": done, "section": section, "refused": refused}

    out = with_server(examples_copy, work)
    doc = (examples_copy / "proposals" / "BEP-1000-lossless-document-model.md").read_text()
    assert out["section"] == "## Implementation Plan\n\n" + plan + "\n"
    assert "phases: 3" in doc  # the master block follows the plan
    assert out["refused"].is_error and "would end" in out["refused"].content[0].text
    ws = Workspace.open(examples_copy)
    assert open_questions(ws.document("proposals/BEP-1000-lossless-document-model.md"), ws.config)
