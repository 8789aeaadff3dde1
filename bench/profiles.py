"""`bep check` on the other processes' samples against the same number of BEPs.

    .venv/bin/python bench/profiles.py [--runs 5]

For each sample in ../shared/corpus (Swift Evolution, KEP, MADR), a synthetic BEP
repository with as many proposals (bench/gen_corpus.py) is checked too; both
cold (an empty cache), as separate processes, the median of --runs runs. The
ratio is the sample's time over the BEPs'; the lines read are shown beside it,
since the synthetic BEPs are longer than most real proposals.
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

from common import compiled, synthetic

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
SAMPLES = {"swift": "swift-evolution", "kep": "kubernetes-enhancements", "madr": "madr"}


def cold(bep: str, root: Path, profile: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "BEP_CACHE_DIR": cache, "BEP_PROFILE": profile}
            t0 = time.perf_counter()
            subprocess.run([bep, "-C", str(root), "check"], env=env, capture_output=True)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def lines(root: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in root.rglob("*") if p.suffix in (".md", ".yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compiled()
    bep = str(Path(sys.executable).with_name("bep"))
    print("| sample | proposals | lines | bep check cold | same number of BEPs | lines | ratio |")
    print("|---|---|---|---|---|---|---|")
    for profile, folder in SAMPLES.items():
        sample = CORPUS / folder
        out = subprocess.run(
            [bep, "--profile", profile, "-C", str(sample), "list", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        count = out.count('"number":')
        synth = synthetic(count)
        with tempfile.TemporaryDirectory() as tmp:  # a writable copy, as CI has
            copy = Path(tmp) / folder
            shutil.copytree(sample, copy)
            t_sample = cold(bep, copy, profile, args.runs)
            n_sample = lines(copy)
        t_bep = cold(bep, synth, "bep", args.runs)
        print(
            f"| {profile} | {count} | {n_sample:,} | {t_sample:.2f} s | {t_bep:.2f} s "
            f"| {lines(synth):,} | {t_sample / t_bep:.2f}x |"
        )


if __name__ == "__main__":
    main()
