"""`bep site build` on the Backend.AI corpus and on synthetic repositories.

    .venv/bin/python bench/site.py [--proposals 1000] [--runs 3]

For each repository (the corpus; a synthetic one of --proposals proposals from
bench/gen_corpus.py, made once in bench/out/):
  cold        bep site build with an empty check cache, as a separate process
  warm        again, with the check cache of the previous run
  no search   warm, without the Pagefind index
  peak memory the largest resident set of a cold build (MB)
  one edit    as bep serve does it, in one process: a build, one document changed,
              the rebuild until the pages are in place (the search index follows)
Each time is the median of --runs runs, in seconds.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import compiled, synthetic

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "backend.ai"
BEP = str(Path(sys.executable).with_name("bep"))


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds, and the child's peak resident memory in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def one_edit(repo: Path) -> float:
    from bepkit.faces.site.build import Builder, find_mermaid

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "repo"
        shutil.copytree(repo, work, symlinks=True)
        builder = Builder(work, Path(tmp) / "site", mermaid=find_mermaid(ROOT))
        builder.live = True  # as bep serve builds
        builder.build()
        doc = next((work / "proposals").glob("BEP-1*.md"))
        doc.write_text(doc.read_text() + "\nOne more line.\n")
        t0 = time.perf_counter()
        builder.build(search_later=True)
        return time.perf_counter() - t0


def measure(name: str, repo: Path, runs: int) -> None:
    import os

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BEP_CACHE_DIR": str(Path(tmp) / "cache")}
        out = str(Path(tmp) / "site")
        cold, warm, bare, peaks = [], [], [], []
        for _ in range(runs):
            shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
            seconds, peak = timed([BEP, "site", "build", "--out", out], repo, env)
            cold.append(seconds)
            peaks.append(peak)
            warm.append(timed([BEP, "site", "build", "--out", out], repo, env)[0])
            bare.append(timed([BEP, "site", "build", "--out", out, "--no-search"], repo, env)[0])
        pages = sum(1 for _ in (Path(out)).rglob("*.html"))
    print(
        f"{name:<22} {pages:>6} {statistics.median(cold):>7.2f} {statistics.median(warm):>7.2f} "
        f"{statistics.median(bare):>9.2f} {max(peaks):>8.0f} {one_edit(repo):>8.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compiled()
    repo = synthetic(args.proposals, "site")
    print(
        f"{'repository':<22} {'pages':>6} {'cold s':>7} {'warm s':>7} {'no search':>9} {'peak MB':>8} {'1 edit s':>8}"
    )
    measure("backend.ai corpus", CORPUS, args.runs)
    measure(f"synthetic {args.proposals}", repo, args.runs)


if __name__ == "__main__":
    main()
