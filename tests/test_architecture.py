"""Rules of the code base that a reviewer would otherwise have to remember."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "bepkit"
DISK_CALLS = re.compile(
    r"((?<![.\w])(?<!def )open\(|(?<!disk)(?<!ws)(?<!self)\.(read_text|read_bytes|write_text|write_bytes|unlink|iterdir|mkdir|"
    r"rglob|glob)\(|\bos\.(replace|rename|unlink|scandir|remove|makedirs)|\bshutil\.)"
)


def test_only_the_disk_module_touches_the_disk() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "disk.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if DISK_CALLS.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from bepkit.faces.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('rich', 'pydantic', 'mcp', 'markdown_it', 'jinja2') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "HEAVY="
