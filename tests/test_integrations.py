"""The pre-commit hook and the GitHub Action that the project ships."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from ruamel.yaml import YAML


def test_action_yml_is_a_valid_composite_action() -> None:
    r = subprocess.run(
        [
            str(Path(sys.executable).with_name("check-jsonschema")),
            "--builtin-schema",
            "vendor.github-actions",
            str(ROOT / "action.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    script = steps[-1]["run"]
    assert "bep check --format github" in script and "--base" in script
    # the check's cache folder is the one actions/cache keeps between runs
    (kept,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert kept["with"]["path"] == "${{ runner.temp }}/bep-cache"
    assert "bep-cache" in steps[-1]["env"]["BEP_CACHE_DIR"]
    assert kept["with"]["restore-keys"] in kept["with"]["key"]


def test_pre_commit_hooks() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["bep-check"]["entry"] == "bep check"
    assert by_id["bep-check"]["pass_filenames"] is False
    assert {h["language"] for h in hooks} == {"python"}
