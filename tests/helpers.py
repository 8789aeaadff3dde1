"""Running bep in tests: in-process for speed, or as a subprocess like a user."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from bepkit.faces.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def bep(*args: str, cwd: Path | None = None) -> Result:
    """Run bep in this process (Click's runner), in ``cwd``."""
    runner = CliRunner()
    argv = ["-C", str(cwd), *args] if cwd is not None else list(args)
    r = runner.invoke(main, argv, catch_exceptions=False)
    return Result(r.exit_code, r.stdout, r.stderr)


def bep_process(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run the installed ``bep`` as a separate process, as a user would."""
    exe = Path(sys.executable).with_name("bep")
    r = subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return Result(r.returncode, r.stdout, r.stderr)


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; BEP_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("BEP_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path} (run with BEP_UPDATE_GOLDEN=1 and review it)"
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


def line_changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added between two texts."""
    import difflib

    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def draft(title: str, body: str = "") -> str:
    """A draft proposal's text: complete metadata, the title, then ``body``."""
    return (
        "---\nAuthor: Ara Choi (ara@example.com)\nStatus: Draft\nCreated: 2026-01-20\n"
        "Created-Version: 26.1.0\nTarget-Version:\nImplemented-Version:\n---\n\n"
        f"# {title}\n{body}"
    )


def small_repo(root: Path, documents: dict[str, str]) -> Path:
    """A proposals folder with ``documents`` (file name -> text) and a registry row each."""
    proposals = root / "proposals"
    proposals.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, text in documents.items():
        number, title = name[4:8], name[9:-3].replace("-", " ").title()
        rows.append(f"| [{number}]({name}) | {title} | Ara Choi | Draft |")
        (proposals / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    (proposals / "README.md").write_text(
        "# BEPs\n\n## BEP Number Registry\n\n| Number | Title | Author | Status |\n"
        "|--------|-------|--------|--------|\n" + "\n".join(rows) + "\n"
    )
    return root
