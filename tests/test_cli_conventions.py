"""The conventions a ruff, gh or pre-commit user expects of a command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLES, ROOT, writable_copy
from helpers import bep, bep_process

from bepkit import __version__


def test_a_usage_mistake_is_one_line() -> None:
    for args, message in [
        (["lst"], "No such command 'lst'. Did you mean 'list'? (see 'bep --help')"),
        (["show"], "Missing argument 'NUMBER'. (see 'bep show --help')"),
        (["list", "--bad"], "No such option '--bad'. (see 'bep list --help')"),
    ]:
        r = bep_process(*args, cwd=EXAMPLES)
        assert (r.code, r.out, r.err) == (2, "", f"bep: error: {message}\n")


def test_a_configuration_error_names_the_file_as_the_user_sees_it(tmp_path: Path) -> None:
    root = writable_copy(EXAMPLES, tmp_path / "ex")
    (root / "bep.toml").write_text("[limits]\nsingle = 500\nsingel = 3\n")
    r = bep_process("list", cwd=root)
    assert r.err.startswith("bep: error: bep.toml:3: limits.singel: unknown key")


def test_a_closed_pipe_ends_quietly() -> None:
    exe = Path(sys.executable).with_name("bep")
    r = subprocess.run(
        f"'{exe}' -C '{CORPUS}' list | head -1", shell=True, capture_output=True, text=True
    )
    assert r.stderr == "" and len(r.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    ("env", "ansi"),
    [({"NO_COLOR": "1"}, False), ({"FORCE_COLOR": "1", "NO_COLOR": ""}, True), ({}, False)],
)
def test_colour_follows_no_color_and_force_color(env: dict[str, str], ansi: bool) -> None:
    r = bep_process("show", "1002", cwd=EXAMPLES, env={"NO_COLOR": "", **env})
    assert ("\x1b[" in r.out) is ansi  # a pipe: no colour unless forced
    r = bep_process("check", cwd=CORPUS, env={"NO_COLOR": "", **env})
    assert ("\x1b[" in r.out) is ansi


def test_check_targets_give_what_the_whole_check_gives_for_them() -> None:
    whole = bep("check", "--format", "json", "--no-baseline", cwd=CORPUS).json()["findings"]
    for number in (1000, 1002, 1012, 1026, 1033):  # duplicates, segmented, registry rows
        part = bep("check", str(number), "--format", "json", cwd=CORPUS).json()["findings"]
        files = {f["path"] for f in part}
        assert part, number
        expected = [
            f for f in whole if f["path"] in files and f["path"] != "proposals/README.md"
        ] + [f for f in whole if f["path"] == "proposals/README.md" and f in part]
        assert sorted(map(str, part)) == sorted(map(str, expected)), number
    one = "proposals/BEP-1012-RBAC.md"
    part = bep("check", one, "--format", "json", cwd=CORPUS).json()["findings"]
    assert part and {f["path"] for f in part} == {one}
    assert part == [f for f in whole if f["path"] == one]


def test_select_ignore_statistics_and_exit_zero() -> None:
    r = bep("check", "--select", "N,M00", "--ignore", "M003", "--format", "json", cwd=CORPUS)
    codes = {f["code"] for f in r.json()["findings"]}
    assert codes and all(c.startswith(("N", "M00")) and c != "M003" for c in codes)
    stats = bep("check", "--statistics", "--select", "N006", cwd=CORPUS)
    assert re.fullmatch(r" +\d+\tN006\tregistry-title-mismatch\n", stats.out)
    assert stats.code == 0  # warnings only
    assert bep("check", "--exit-zero", cwd=CORPUS).code == 0
    assert bep("check", cwd=CORPUS).code == 1
    bad = bep("check", "--select", "Q9", cwd=CORPUS)
    assert bad.code == 2 and "no rule 'Q9'" in bad.err


def test_the_version_is_written_once_and_pinned_everywhere() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "bepkit.__version__" in pyproject
    tag = f"v{__version__}"
    for name in ("README.md", ".pre-commit-hooks.yaml", "action.yml"):
        text = (ROOT / name).read_text()
        pins = re.findall(r"(?:rev: |bepkit@)(v\d+\.\d+\.\d+)", text)
        assert all(p == tag for p in pins), (name, pins)
    readme = (ROOT / "README.md").read_text()
    assert f"rev: {tag}" in readme and f"bepkit@{tag}" in readme
    assert bep("--version").out == f"bep, version {__version__}\n"


def test_writing_commands_take_json(tmp_path: Path) -> None:
    root = writable_copy(EXAMPLES, tmp_path / "ex")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    for args in (
        ["decide", "1001", "Keep it", "--rationale", "Because", "--json"],
        ["question", "1001", "add", "Why not?", "--json"],
        ["status", "1005", "Accepted", "--target-version", "26.2.0", "--json"],
        ["renumber", "1005", "1009", "--json"],
        ["sync", "--json"],
        ["split", "1009", "--dry-run", "--json"],
    ):
        r = bep(*args, cwd=root)
        assert r.code == 0, (args, r.err)
        data = r.json()
        assert isinstance(data, dict) and data, args
    r = bep("release", "1001", "--json", cwd=root)  # no remote: a clear refusal, one line
    assert r.code == 2 and r.err.count("\n") == 1


def test_a_supersedes_hint_never_asks_for_a_status_change_that_fails(tmp_path: Path) -> None:
    """The demo's copy of BEP-1005 also says it supersedes BEP-1004, which 1005
    supersedes already: the hint says so instead of a command that fails."""
    root = writable_copy(EXAMPLES, tmp_path / "ex")
    src = root / "proposals/BEP-1005-registry-table-sync.md"
    (root / "proposals/BEP-1006-registry-rows-linted.md").write_text(src.read_text())
    found = bep("check", "--format", "json", cwd=root).json()["findings"]
    [x001] = [f for f in found if f["code"] == "X001"]
    assert x001["hint"] == "BEP-1004 is superseded by BEP-1005: correct or remove this line"


def test_a_remote_that_does_not_answer_is_said_and_given_up(tmp_path: Path) -> None:
    root = writable_copy(EXAMPLES, tmp_path / "ex")
    for args in (["init", "-q"], ["remote", "add", "origin", "ssh://example.invalid/r.git"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    env = {"GIT_SSH_COMMAND": "sleep 30 #", "BEP_GIT_TIMEOUT": "1"}
    r = bep_process("-v", "new", "Hang", "--author", "A (a@b.c)", "--no-branch", cwd=root, env=env)
    assert r.code == 0
    assert "bep: waiting for the remote (git ls-remote, at most 1 s)\n" in r.err
    assert "remote 'origin' unreachable" in r.err
    quiet = bep_process("-q", "new", "Hang two", "--author", "A (a@b.c)", "--no-branch",
                        cwd=root, env=env)  # fmt: skip
    assert (quiet.code, quiet.err) == (0, "")


def test_checking_some_proposals_keeps_the_cache_of_the_others(tmp_path: Path) -> None:
    import json

    root = writable_copy(EXAMPLES, tmp_path / "ex")
    cache_dir = Path(os.environ["BEP_CACHE_DIR"])

    def entries() -> int:
        [cache] = cache_dir.glob("check-*.json")
        return len(json.loads(cache.read_text())["entries"])

    bep("check", cwd=root)
    everything = entries()
    assert everything >= 7
    bep("check", "1002", cwd=root)
    assert entries() == everything  # a focused run does not make the next full one cold
