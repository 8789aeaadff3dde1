"""`bep check` on a synthetic repository of N proposals, against `cat`.

    .venv/bin/python bench/check.py [--proposals 10000] [--runs 3]

Generates the repository with bench/gen_corpus.py (once, in bench/out/), then
times, as separate processes:
  cat        reading every file of the repository (find | xargs cat)
  cold       bep check with an empty cache, on all cores
  cold -j1   bep check with an empty cache, in one process
  warm       bep check again, with the cache of the previous run
Each figure is the median of --runs runs, in seconds, with its ratio to cat.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    repo = HERE / "out" / f"synth-{args.proposals}"
    if not (repo / "proposals").is_dir():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "gen_corpus.py"),
                str(repo),
                "--proposals",
                str(args.proposals),
            ],
            check=True,
        )
    bep = str(Path(sys.executable).with_name("bep"))
    cache = Path(tempfile.mkdtemp(prefix="bep-bench-cache-"))
    env = {**os.environ, "BEP_CACHE_DIR": str(cache)}
    files = sum(1 for p in repo.rglob("*") if p.is_file())
    lines = sum(p.read_bytes().count(b"\n") for p in repo.rglob("*.md"))
    print(
        f"{repo.name}: {files} files, {lines} markdown lines, {os.cpu_count()} cores, median of {args.runs}"
    )

    def cold(jobs: list[str]) -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return timed([bep, "check", *jobs], repo, env)

    results = {
        "cat": [
            timed(
                ["find", ".", "-type", "f", "-print0", "|", "xargs", "-0", "cat", ">", "/dev/null"],
                repo,
                env,
                shell=True,
            )
            for _ in range(args.runs)
        ],
        "bep check (cold)": [cold([]) for _ in range(args.runs)],
        "bep check (cold, -j1)": [cold(["-j", "1"]) for _ in range(args.runs)],
    }
    cold([])  # fill the cache
    results["bep check (warm)"] = [timed([bep, "check"], repo, env) for _ in range(args.runs)]
    shutil.rmtree(cache, ignore_errors=True)
    base = statistics.median(results["cat"])
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:<24} {median:>7.2f} s   x{median / base:>6.1f} cat")


if __name__ == "__main__":
    main()
