"""`bep check` on synthetic repositories of N proposals, against `cat` and
markdownlint-cli2 (where installed: npm install --prefix bench/out/npm
markdownlint-cli2).

    .venv/bin/python bench/check.py [--proposals 1000 10000 30000] [--runs 3]

Generates the repository with bench/gen_corpus.py (once, in bench/out/), then
times, as separate processes:
  cat        reading every file of the repository (find | xargs cat)
  cold       bep check with an empty cache, on all cores
  cold -j1   bep check with an empty cache, in one process
  one        bep check FILE: one proposal of the repository, cold (a pull request's check)
  warm       bep check again, with the cache of the previous run
Then the growth from the smallest to the largest repository, per proposal.
Each figure is the median of --runs runs, in seconds, with its ratio to cat.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import compiled, synthetic

HERE = Path(__file__).resolve().parent


def timed(cmd: list[str], cwd: Path, env: dict[str, str], shell: bool = False) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        " ".join(cmd) if shell else cmd,
        cwd=cwd,
        env=env,
        shell=shell,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - t0


def _markdownlint() -> str | None:
    """markdownlint-cli2, where npm installed it (bench/out/npm)."""
    exe = HERE / "out" / "npm" / "node_modules" / ".bin" / "markdownlint-cli2"
    return str(exe) if exe.exists() else shutil.which("markdownlint-cli2")


def measure(n: int, runs: int, lint: str | None) -> dict[str, float]:
    repo = synthetic(n)
    bep = str(Path(sys.executable).with_name("bep"))
    cache = Path(tempfile.mkdtemp(prefix="bep-bench-cache-"))
    env = {**os.environ, "BEP_CACHE_DIR": str(cache)}
    one = sorted((repo / "proposals").glob("BEP-*.md"))[
        len(list((repo / "proposals").glob("BEP-*.md"))) // 2
    ]

    def cold(args: list[str]) -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return timed([bep, "check", *args], repo, env)

    results = {
        "cat": [
            timed(["find", ".", "-type", "f", "-print0", "|", "xargs", "-0", "cat", ">", "/dev/null"],
                  repo, env, shell=True)
            for _ in range(runs)
        ],
        "bep check (cold)": [cold([]) for _ in range(runs)],
        "bep check (cold, -j1)": [cold(["-j", "1"]) for _ in range(runs)],
        "bep check FILE (cold, one proposal)": [cold([str(one.relative_to(repo))]) for _ in range(runs)],
    }  # fmt: skip
    cold([])  # fill the cache
    results["bep check (warm)"] = [timed([bep, "check"], repo, env) for _ in range(runs)]
    if lint and n <= 10_000:  # about 33 s a thousand proposals: not at 30,000
        results["markdownlint-cli2"] = [
            timed([lint, "proposals/**/*.md"], repo, env) for _ in range(max(1, runs // 3))
        ]
    shutil.rmtree(cache, ignore_errors=True)
    files = sum(1 for p in repo.rglob("*") if p.is_file())
    lines = sum(p.read_bytes().count(b"\n") for p in repo.rglob("*.md"))
    base = statistics.median(results["cat"])
    print(f"\n{repo.name}: {files} files, {lines} markdown lines, {os.cpu_count()} cores, "
          f"median of {runs}")  # fmt: skip
    medians = {name: statistics.median(times) for name, times in results.items()}
    for name, median in medians.items():
        print(f"{name:<36} {median:>7.2f} s   x{median / base:>7.1f} cat")
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--proposals", type=int, nargs="+", default=[1000, 10_000, 30_000], metavar="N"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-markdownlint", action="store_true", help="Skip markdownlint-cli2.")
    args = parser.parse_args()
    compiled()
    lint = None if args.no_markdownlint else _markdownlint()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"markdownlint-cli2: {lint or ('skipped' if args.no_markdownlint else 'not installed')}")  # fmt: skip
    figures = {n: measure(n, args.runs, lint) for n in args.proposals}
    if len(figures) > 1:
        small, large = min(figures), max(figures)
        print(f"\ngrowth from {small} to {large} proposals, seconds per proposal (1.00 is linear):")
        for name in figures[small]:
            if name in figures[large] and name != "cat":
                per_small = figures[small][name] / small
                per_large = figures[large][name] / large
                print(f"{name:<36} x{per_large / per_small:.2f}")


if __name__ == "__main__":
    main()
