"""Every command example of the README, run as a user would, in a scratch copy
of what it names (a marker before each block: examples, the corpus, the scripted
history of tests/test_history.py ...), its output compared with what the README
shows. A line "..." stands for any number of lines. The README cannot drift."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLES, ROOT, writable_copy
from test_history import scripted

BLOCK_RE = re.compile(r"<!-- readme-test: ([\w-]+) -->\n```[a-z]*\n(.*?)```", re.S)


def blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text()
    found = BLOCK_RE.findall(text)
    # every block that shows a bep command is one of them
    shown = re.findall(r"```[a-z]*\n\$ (?:cd \S+ && )?bep ", text)
    assert len(found) == len(shown)
    return found


def setup(kind: str, tmp: Path) -> Path:
    if kind == "corpus":
        return writable_copy(CORPUS, tmp / "backend.ai")
    if kind == "history":
        return scripted(tmp)
    root = writable_copy(EXAMPLES, tmp / "examples")
    if kind == "workflow":
        bare = tmp / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
        for args in (
            ["init", "-q", "-b", "main"],
            ["add", "-A"],
            ["commit", "-qm", "start"],
            ["remote", "add", "origin", str(bare)],
            ["push", "-q", "origin", "main"],
        ):
            subprocess.run(["git", *args], cwd=root, check=True)  # fmt: skip
    if kind == "config-error":
        (root / "bep.toml").write_text("[limits]\nsingle = 500\nsingel = 3\n")
    return root


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; "..." stands for any number of lines.  The runs between the
    "..." lines are found in order, the first at the start and the last at the
    end unless a "..." stands there."""
    runs: list[list[str]] = [[]]
    for line in expected:
        if line == "...":
            runs.append([])
        else:
            runs[-1].append(line)
    if len(runs) == 1:
        return expected == actual
    first, *middle, last = runs
    if actual[: len(first)] != first or (last and actual[-len(last) :] != last):
        return False
    at, stop = len(first), len(actual) - len(last)
    for run in middle:
        while at + len(run) <= stop and actual[at : at + len(run)] != run:
            at += 1
        if at + len(run) > stop:
            return False
        at += len(run)
    return at <= stop


@pytest.mark.parametrize(("kind", "body"), blocks(), ids=lambda v: v if len(v) < 20 else "")
def test_readme_example(kind: str, body: str, tmp_path: Path) -> None:
    cwd = setup(kind, tmp_path)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        command = lines[i].removeprefix("$ ")
        command = re.sub(r"^cd \S+ && ", "", command)  # the setup is that folder
        j = i + 1
        while j < len(lines) and not lines[j].startswith("$ "):
            j += 1
        expected = lines[i + 1 : j]
        r = subprocess.run(
            ["bash", "-c", command + " 2>&1"], cwd=cwd, env=env, capture_output=True, text=True
        )
        actual = r.stdout.splitlines()
        if expected:
            assert matches(expected, actual), f"$ {command}\n" + r.stdout
        else:  # a walkthrough that shows no output: every step succeeds
            assert r.returncode == 0, f"$ {command}\n" + r.stdout
        i = j
