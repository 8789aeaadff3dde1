"""Real git repositories for tests: a bare repository as the remote, and clones."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import EXAMPLES


def git(cwd: Path, *args: str) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {r.stderr}")
    return r.stdout


def remote_with_examples(tmp: Path) -> Path:
    """A bare repository whose main branch holds a copy of examples/."""
    bare = tmp / "remote.git"
    git(tmp, "init", "--bare", "-q", "-b", "main", str(bare))
    seed = tmp / "seed"
    git(tmp, "clone", "-q", str(bare), str(seed))
    for item in EXAMPLES.iterdir():
        if item.is_dir():
            shutil.copytree(item, seed / item.name)
        else:
            shutil.copy2(item, seed / item.name)
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "examples")
    git(seed, "push", "-q", "origin", "main")
    shutil.rmtree(seed)
    return bare


def clone(bare: Path, dst: Path) -> Path:
    git(dst.parent, "clone", "-q", str(bare), str(dst))
    return dst


def add_proposal(repo: Path, number: int, title: str, slug: str) -> None:
    """A clean proposal (made from an example) with its registry row."""
    src = repo / "proposals" / "BEP-1005-registry-table-sync.md"
    text = src.read_text().replace("# Registry Table Kept in Sync", f"# {title}")
    text = text.replace(
        "> Supersedes [BEP-1004: Registry as a JSON File](BEP-1004-registry-as-json.md).\n\n", ""
    )
    text = text.replace(
        "- [BEP-1004: Registry as a JSON File](BEP-1004-registry-as-json.md)\n", "- None\n"
    )
    (repo / "proposals" / f"BEP-{number}-{slug}.md").write_text(text)
    readme = repo / "proposals" / "README.md"
    readme.write_text(
        readme.read_text().replace(
            "| _next_ |",
            f"| [{number}](BEP-{number}-{slug}.md) | {title} | Ara Choi | Draft |\n| _next_ |",
        )
    )
