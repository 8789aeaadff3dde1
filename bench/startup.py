"""Start-up and `bep list` time, against `python -c pass`.

    .venv/bin/python bench/startup.py [--runs N] [--repo PATH]

Runs each command N times as a separate process and prints the median and the
fastest wall-clock time.  The repository defaults to ../shared/corpus/backend.ai.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import compiled

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], cwd: Path, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--repo", type=Path, default=ROOT.parent / "shared" / "corpus" / "backend.ai"
    )
    args = parser.parse_args()
    compiled()
    bep = str(Path(sys.executable).with_name("bep"))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bep --help": [bep, "--help"],
        "bep list": [bep, "list"],
        "bep list --json": [bep, "list", "--json"],
        "bep show 1033": [bep, "show", "1033"],
    }
    print(f"repository: {args.repo}   runs: {args.runs}")
    print(f"{'command':<18} {'median ms':>10} {'min ms':>8}")
    for name, cmd in commands.items():
        times = timed(cmd, args.repo, args.runs)
        print(f"{name:<18} {statistics.median(times) * 1000:>10.1f} {min(times) * 1000:>8.1f}")


if __name__ == "__main__":
    main()
