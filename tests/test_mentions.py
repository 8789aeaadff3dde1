"""From code to proposals: `bep context --paths FILE...` and `--diff REF`."""

from __future__ import annotations

from pathlib import Path

from gitrepo import git
from helpers import bep, draft, small_repo
from mcp import Client
from test_agent import data_of, with_server

from bepkit.actions.mentions import mentions
from bepkit.model.workspace import Workspace

DOC = draft(
    "Mentions",
    """
## Design

The handler lives in `src/ai/backend/manager/api/export.py`.
It calls ai.backend.manager.repositories.base.export for the rows,
and [the pool](../src/ai/backend/manager/clients/agent/pool.py) for agents.

## Not these

`export.py` alone, `api/other.py`, version 26.1.0 and a.b are other things.
""",
)


def repo(tmp_path: Path) -> Path:
    return small_repo(tmp_path, {"BEP-1001-mentions.md": DOC})


def test_paths_tails_and_modules_are_found_and_placed(tmp_path: Path) -> None:
    ws = Workspace.open(repo(tmp_path))
    found = mentions(
        ws,
        [
            "src/ai/backend/manager/api/export.py",
            "src/ai/backend/manager/repositories/base/export.py",
            "src/ai/backend/manager/clients/agent/pool.py",
        ],
    )
    assert [(m.line, m.section, m.file.rsplit("/", 2)[-2]) for m in found] == [
        (14, "Design", "api"),
        (15, "Design", "base"),
        (16, "Design", "agent"),
    ]


def test_a_bare_file_name_or_a_shared_tail_means_nothing(tmp_path: Path) -> None:
    ws = Workspace.open(repo(tmp_path))
    assert mentions(ws, ["export.py"]) == []
    # two files ending in manager/api/export.py: that tail names neither
    assert mentions(ws, ["a/manager/api/export.py", "b/manager/api/export.py"]) == []


def test_cli_paths_and_diff(tmp_path: Path) -> None:
    root = repo(tmp_path)
    r = bep("context", "--paths", "src/ai/backend/manager/api/export.py", cwd=root)
    assert r.code == 0 and r.out == (
        "BEP-1001  proposals/BEP-1001-mentions.md:14 (Design)  src/ai/backend/manager/api/export.py\n"
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    code = root / "src" / "ai" / "backend" / "manager" / "clients" / "agent"
    code.mkdir(parents=True)
    (code / "pool.py").write_text("pass\n")
    r = bep("context", "--diff", "main", "--format", "json", cwd=root)
    assert [m["line"] for m in r.json()] == [16], r.err
    assert bep("context", "--diff", "nope", cwd=root).code == 2


def test_mcp_proposals_for_code(tmp_path: Path) -> None:
    root = repo(tmp_path)

    async def work(c: Client) -> object:
        return data_of(
            await c.call_tool(
                "proposals_for_code", {"paths": ["src/ai/backend/manager/api/export.py"]}
            )
        )

    out = with_server(root, work)
    assert [m["line"] for m in out["mentions"]] == [14]  # type: ignore[index]
