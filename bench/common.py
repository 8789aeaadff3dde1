"""What the benchmarks share: bepkit's bytecode written first, and the synthetic
repositories of bench/gen_corpus.py."""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path

import bepkit

HERE = Path(__file__).resolve().parent


def compiled() -> None:
    """Write bepkit's bytecode, as a user's first run does: the figures are of running
    bepkit, not of compiling it from source on every start (what happens where
    PYTHONDONTWRITEBYTECODE is set and a module changed since its bytecode was written)."""
    compileall.compile_dir(str(Path(bepkit.__file__).parent), quiet=1)


def synthetic(proposals: int, name: str = "synth") -> Path:
    """bench/out/NAME-N: a repository of N proposals from gen_corpus.py, made once."""
    repo = HERE / "out" / f"{name}-{proposals}"
    if not (repo / "proposals").is_dir():
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(repo), "--proposals", str(proposals)],
            check=True,
        )
    return repo
