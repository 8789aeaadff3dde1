"""Text from documents never acts on a terminal and never breaks an output.

A title with an escape sequence and rich markup, a byte that is not UTF-8, and
a file name with a line break go through every reading command and every
output format: no crash, exit 0 or 1, valid JSON, nothing acted on.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client
from test_agent import text_of, with_server

BEP = str(Path(sys.executable).with_name("bep"))
D1 = "proposals/BEP-1001-collision-proof-numbers.md"


@pytest.fixture()
def hostile(examples_copy: Path) -> Path:
    doc = examples_copy / D1
    data = doc.read_bytes()
    data = data.replace(
        b"# Collision-Proof Proposal Numbers",
        b"# Numbers \x1b]0;pwned\x07\x1b[2J \xc2\x9b2J [/etc] Array[int] \xff",
    )
    doc.write_bytes(data)
    (examples_copy / "proposals" / "bad\nname.md").write_text("# x\n")
    return examples_copy


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([BEP, *args], cwd=repo, capture_output=True, check=False)


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("show", "1001"),
        ("context", "1001"),
        ("check",),
        ("check", "--format", "github"),
    ],
)
def test_terminal_text_is_never_acted_on(hostile: Path, args: tuple[str, ...]) -> None:
    r = run(hostile, *args)
    assert r.returncode in (0, 1), r.stderr
    out = r.stdout + r.stderr
    assert b"\x1b" not in out and b"\x07" not in out and b"\xc2\x9b" not in out
    out.decode("utf-8")  # valid UTF-8
    if args == ("check",):
        # the file name's line break does not start a line of its own
        assert not any(line.startswith(b"name.md") for line in r.stdout.splitlines())


def test_list_keeps_brackets_as_text(hostile: Path) -> None:
    r = run(hostile, "list")
    assert b"[/etc] Array[int]" in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--json"),
        ("show", "1001", "--json"),
        ("check", "--format", "json"),
        ("check", "--format", "sarif"),
    ],
)
def test_json_outputs_stay_valid(hostile: Path, args: tuple[str, ...]) -> None:
    r = run(hostile, *args)
    assert r.returncode in (0, 1), r.stderr
    assert b"\xc2\x9b" not in r.stdout  # a C1 CSI is carried escaped
    json.loads(r.stdout.decode("utf-8"))


def test_mcp_survives_a_byte_that_is_not_utf8(hostile: Path) -> None:
    async def work(c: Client) -> str:
        return text_of(await c.call_tool("get_context", {"number": 1001}))

    assert "Numbers" in with_server(hostile, work)


def test_symlink_loops_are_skipped(examples_copy: Path) -> None:
    (examples_copy / "proposals" / "loop.md").symlink_to("loop.md")
    (examples_copy / "proposals" / "BEP-1002" / "again").symlink_to(".")
    for args in (("list",), ("check",)):
        r = run(examples_copy, *args)
        assert r.returncode == 0, r.stderr


def test_every_failure_is_one_line_and_exit_2(
    examples_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while writing: one line on stderr, exit 2 (1 means findings)."""
    import errno

    from helpers import bep

    from bepkit import disk

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(disk, "write_atomic", full)
    r = bep("decide", "1001", "A decision", "--rationale", "A reason", cwd=examples_copy)
    assert r.code == 2
    assert r.err.count("\n") == 1 and r.err.startswith("bep: error: No space left on device")
    monkeypatch.setenv("BEP_DEBUG", "1")
    with pytest.raises(OSError):
        bep("decide", "1001", "A decision", "--rationale", "A reason", cwd=examples_copy)


def test_writes_stay_in_the_repository_and_spare_read_only_files(examples_copy: Path) -> None:
    from helpers import bep

    doc = examples_copy / D1
    doc.chmod(0o444)
    r = bep("decide", "1001", "A decision", "--rationale", "A reason", cwd=examples_copy)
    assert r.code == 2 and "read-only" in r.err
    doc.chmod(0o644)
    outside = examples_copy.parent / "outside"
    outside.mkdir()
    (examples_copy / "proposals" / "BEP-1009").symlink_to(outside)
    r = bep(
        "new",
        "Linked Out",
        "--segmented",
        "--component",
        "Part",
        "--number",
        "1009",
        "--no-branch",
        "--author",
        "A B (a@b.c)",
        cwd=examples_copy,
    )
    assert r.code == 2 and "out of the repository" in r.err, r.err
    assert list(outside.iterdir()) == []


def test_a_cache_entry_made_for_other_content_or_of_another_shape_is_not_used(
    examples_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json as _json

    from helpers import bep

    monkeypatch.setenv("BEP_CACHE_DIR", str(tmp_path / "cache"))
    doc = examples_copy / D1
    doc.write_text(doc.read_text().replace("Created: 2026-01-12", "Created: yesterday"))
    assert bep("check", cwd=examples_copy).code == 1  # M006, now cached
    (cache,) = (tmp_path / "cache").glob("check-*.json")
    data = _json.loads(cache.read_text())
    for key, entry in data["entries"].items():
        if key.startswith(D1):
            entry["findings"] = []  # poisoned: the right key, no findings
            entry["key"] = key.replace(key.split(":")[1], "0" * 32)
        else:
            entry["findings"] = "not a list"
    cache.write_text(_json.dumps(data))
    r = bep("check", cwd=examples_copy)
    assert r.code == 1 and "M006" in r.out
    assert bep("cache", "clean", cwd=examples_copy).out.startswith("removed 1 cache file")
    assert list((tmp_path / "cache").glob("check-*.json")) == []


def test_an_edit_that_would_not_read_back_is_refused(examples_copy: Path) -> None:
    """A fence opened and never closed swallows the rest of the document: a new
    section would land inside it, so nothing is written and the command says why."""
    from helpers import bep

    doc = examples_copy / D1
    text = doc.read_text().replace("## Motivation\n", "## Motivation\n\n```text\n", 1)
    doc.write_text(text)
    for args in (
        ("question", "1001", "add", "Lost?"),
        ("decide", "1001", "Lost", "--rationale", "r"),
    ):
        r = bep(*args, cwd=examples_copy)
        assert r.code == 2 and "would not be read back" in r.err, r.err
    assert doc.read_text() == text


def test_a_file_changed_since_it_was_read_is_not_overwritten(examples_copy: Path) -> None:
    from bepkit.errors import BepError
    from bepkit.model.workspace import Workspace

    ws = Workspace.open(examples_copy)
    with pytest.raises(BepError, match="changed since bep read it"), ws.locked():
        doc = ws.document(D1)
        (examples_copy / D1).write_text(doc.text + "\nAn editor saved this.\n")
        ws.write(D1, doc.edit([]))
    assert (examples_copy / D1).read_text().endswith("An editor saved this.\n")


def test_renumber_and_link_rewrites_leave_code_alone(examples_copy: Path) -> None:
    from helpers import bep

    from bepkit.model.document.links import map_targets

    inline = "Call `AbstractAgent[KernelType, CtxType](aobject)` as BEP-1001 says."
    assert map_targets(inline, lambda t: "../" + t) == inline
    doc = examples_copy / D1
    fenced = "```text\nsee BEP-1001 and [it](BEP-1001-collision-proof-numbers.md)\n```\n"
    doc.write_text(
        doc.read_text().replace("## References\n", f"## References\n\n{inline}\n\n{fenced}")
    )
    r = bep("renumber", "1001", "1009", cwd=examples_copy)
    assert r.code == 0, r.err
    text = (examples_copy / "proposals" / "BEP-1009-collision-proof-numbers.md").read_text()
    assert fenced in text
    assert "Call `AbstractAgent[KernelType, CtxType](aobject)` as BEP-1009 says." in text


def test_authors_get_clear_refusals(examples_copy: Path) -> None:
    from helpers import bep

    r = bep(
        "new",
        "Too Low",
        "--number",
        "12",
        "--no-branch",
        "--author",
        "A B (a@b.c)",
        cwd=examples_copy,
    )
    assert r.code == 2 and "below the first number 1000" in r.err
    r = bep(
        "status",
        "1005",
        "Accepted",
        "--target-version",
        "26.2.0",
        "--reason",
        "x",
        cwd=examples_copy,
    )
    assert r.code == 2 and "--reason does not apply to Accepted" in r.err
    readme = examples_copy / "proposals" / "README.md"
    readme.write_text(readme.read_text().replace("BEP Number Registry", "Numbers"))
    before = (examples_copy / "proposals" / "BEP-1005-registry-table-sync.md").read_text()
    r = bep("status", "1005", "Accepted", "--target-version", "26.2.0", cwd=examples_copy)
    assert r.code == 2 and "no registry table" in r.err
    assert (examples_copy / "proposals" / "BEP-1005-registry-table-sync.md").read_text() == before


def test_a_number_too_long_to_be_one_is_text(examples_copy: Path) -> None:
    """Python refuses to convert more than 4,300 digits: a run that long (in a title,
    a registry cell, a parent, a link, a numbered table) names no proposal, and no
    command stops on it."""
    long = "9" * 5000
    proposals = examples_copy / "proposals"
    readme = proposals / "README.md"
    readme.write_text(
        readme.read_text().replace("| _next_ |", f"| {long} | Big | Bo | Draft |\n| _next_ |")
    )
    main = proposals / "BEP-1002-repository-check.md"
    text = main.read_text().replace("# Repository Check", f"# BEP-{long}: Repository Check", 1)
    main.write_text(
        text + f"\nSee [it](BEP-{long}-x.md).\n\n| # | Note |\n|---|---|\n| {long} | x |\n"
    )
    sub = proposals / "BEP-1002" / "baseline.md"
    sub.write_text(re.sub(r"parent: BEP-1002", f"parent: BEP-{long}", sub.read_text()))
    for args in (("check",), ("list",), ("show", "1002"), ("context", "1002"), ("export",)):
        r = run(examples_copy, *args)
        assert r.returncode in (0, 1) and b"internal error" not in r.stderr, (args, r.stderr)
