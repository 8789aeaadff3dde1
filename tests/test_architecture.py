"""Rules of the code base that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
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
        "heavy = [m for m in ('rich', 'pydantic', 'mcp', 'markdown_it', 'jinja2', 'httpx2') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "HEAVY="


def _string_constants(tree: ast.AST) -> list[tuple[int, str]]:
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_module_outside_the_profile_names_a_section_or_a_metadata_key() -> None:
    """Code asks the profile for a role; names live in profiles/ only.

    A string constant anywhere else that is a section's name or alias, or a
    metadata key, of a built-in profile is reported; a role (``decisions``)
    is what code asks for, not a name, and names exported in ``__all__`` are
    Python's (docstrings and prose that mention a section are not constants
    of their own).
    """
    from bepkit import profiles

    names: set[str] = set()
    roles: set[str] = set()  # what code asks for: a KEP's key "superseded-by" is also a role
    for name in profiles.names():
        profile = profiles.builtin(name)
        for spec in profile.sections:
            names |= {spec.name, *spec.also, *spec.aliases}
        # a key that is a plain lowercase word ("status", "date" in MADR and KEP) is
        # also a field of bepkit's own JSON: only keys written like a document's count
        names |= {m.key for m in profile.metadata if not m.key.isalpha() or not m.key.islower()}
        roles |= {m.role for m in profile.metadata} | {spec.role for spec in profile.sections}
    names -= roles
    offenders = []
    for path in SRC.rglob("*.py"):
        if "profiles" in path.relative_to(SRC).parts:
            continue
        tree = ast.parse(path.read_text())
        exported = {
            v.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            for v in ast.walk(node.value)
            if isinstance(v, ast.Constant)
        }
        for line, value in _string_constants(tree):
            if value.strip() in names and value not in exported:
                offenders.append(f"{path.relative_to(SRC)}:{line}: {value!r}")
    assert offenders == []
