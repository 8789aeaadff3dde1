"""No regular expression in bepkit is worse than linear on any input.

Every module-level pattern of the library is run (search over the whole
string, as findall and sub do, and an anchored match) on pathological
strings of two lengths; eight times the input may take at most about eight
times as long (a quadratic pattern takes sixty-four times, a cubic one 512).
The strings are runs of the characters patterns treat specially, the
shapes that made earlier patterns cubic, and non-breaking spaces.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest

import bepkit

SMALL, LARGE = 250, 2000
CHARS = [*"[]()<>`*_ \t-:#!|.,;@a1\\/\"'~=", "\u00a0", "\n", "\r"]
SHAPES = ["[(", "](", "[]", "()", "<(", "**", "` ", "- ", "a ", " a", "a:", "1.", "[a](", "(a@"]
SHAPES += [":a", "\\[", "a-", "<!--", "> **rejected ", "BEP-1", "Step 1: ", "``x"]


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for info in pkgutil.walk_packages(bepkit.__path__, "bepkit."):
        if info.name.endswith("__main__") or ".faces" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield f"{info.name}.{name}", value


def inputs(n: int) -> dict[str, str]:
    out = {repr(c): c * n for c in CHARS}
    out.update({repr(s): s * (n // len(s)) for s in SHAPES})
    out["link with no end"] = "[a](" + " " * n
    out["spaces then text"] = " " * n + "x"
    return out


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        pattern.findall(text)
        pattern.match(text)
        best = min(best, time.perf_counter() - start)
    return best


ALL = sorted(patterns(), key=lambda item: item[0])


def test_every_pattern_is_found() -> None:
    assert len(ALL) > 30  # the walk reaches the library's modules


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[name for name, _ in ALL])
def test_pattern_is_linear(name: str, pattern: re.Pattern[str]) -> None:
    small, large = inputs(SMALL), inputs(LARGE)
    slow = []
    for key, text in small.items():
        t_small = _seconds(pattern, text)
        t_large = _seconds(pattern, large[key])
        if t_large > 0.003 and t_large > 30 * max(t_small, 1e-5):
            slow.append(f"{key}: {t_small * 1e3:.2f} ms -> {t_large * 1e3:.2f} ms")
    assert slow == [], f"{name} grows faster than linear on: {slow}"
