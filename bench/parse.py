"""Parsing speed: the block scanner against markdown-it-py, on the corpus.

    .venv/bin/python bench/parse.py [--rounds N]

Both read every markdown file of ../shared/corpus (already in memory) and the
figures are documents and lines per second on one core, best of N rounds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from bepkit.model.document import Document
from bepkit.model.document.blocks import scan

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def best(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.md"))]
    lines = sum(t.count("\n") for t in texts)
    md = MarkdownIt("commonmark").enable("table")
    runs = {
        "markdown-it-py parse": lambda: [md.parse(t) for t in texts],
        "bepkit block scanner": lambda: [scan(t) for t in texts],
        "bepkit Document (all parts)": lambda: [
            (d.frontmatter, d.sections, d.tables(), d.ai_contexts, d.links)
            for d in (Document(t) for t in texts)
        ],
    }
    print(f"{len(texts)} documents, {lines} lines, best of {args.rounds}")
    base = None
    for name, fn in runs.items():
        dt = best(fn, args.rounds)
        base = base or dt
        print(
            f"{name:<30} {len(texts) / dt:>8.0f} docs/s {lines / dt / 1000:>8.0f} k lines/s"
            f"   x{base / dt:.1f}"
        )


if __name__ == "__main__":
    main()
