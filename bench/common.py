"""What every benchmark that starts `bep` does first: write bepkit's bytecode, as a
user's first run does. The figures are of running bepkit, not of compiling it from
source on every start, which is what happens where PYTHONDONTWRITEBYTECODE is set
and a module changed since its bytecode was written."""

from __future__ import annotations

import compileall
from pathlib import Path

import bepkit


def compiled() -> None:
    compileall.compile_dir(str(Path(bepkit.__file__).parent), quiet=1)
