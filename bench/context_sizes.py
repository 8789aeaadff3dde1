"""How lean a task's bundle is: every sub-document of every segmented proposal.

    .venv/bin/python bench/context_sizes.py [REPO ...]

Default repositories: the Backend.AI corpus and examples/ (those the tests have).
For each sub-document, `bep context N --doc SUB` (depends-on followed) is
measured against the whole proposal (main document and every sub-document), in
tokens as bepkit counts them (o200k when bpe-openai is installed). Prints, per
proposal and over all: the share of the whole per bundle (min / median / max),
the share of bundles under 35 %, and whether every bundle holds the main
document's Decision Log and open questions.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from bepkit.actions.context import bundle, tokens
from bepkit.model.proposal import decision_log, open_questions
from bepkit.model.workspace import Workspace
from bepkit.tokens import method

ROOT = Path(__file__).resolve().parent.parent
REPOS = [ROOT.parent / "shared" / "corpus" / "backend.ai", ROOT / "examples"]
TARGET = 0.35


def shares(ws: Workspace) -> tuple[list[tuple[str, list[float]]], bool]:
    rows = []
    complete = True
    for number, p in ws.proposals.items():
        if not p.segmented or len(p.mains) != 1:
            continue
        whole = sum(tokens(ws.document(r).text) for r in [p.mains[0].rel, *p.subdocs])
        main = ws.document(p.mains[0].rel)
        mine = []
        for sub in p.subdocs:
            b = bundle(ws, number, docs=[sub.rsplit("/", 1)[1]])
            text = b.markdown()
            complete &= all(d.decision in text for d in decision_log(main, ws.config))
            complete &= all(f"[{q.id}]" in text for q in open_questions(main, ws.config))
            mine.append(b.total / whole)
        rows.append((ws.config.ident(number), mine))
    return rows, complete


def line(name: str, values: list[float]) -> str:
    under = sum(v < TARGET for v in values) / len(values)
    return (
        f"{name:<12} {len(values):>8} {min(values):>6.0%} {statistics.median(values):>7.0%} "
        f"{max(values):>6.0%} {under:>12.0%}"
    )


def main() -> None:
    repos = [Path(a) for a in sys.argv[1:]] or REPOS
    print(f"tokens: {method()}")
    print(f"{'proposal':<12} {'bundles':>8} {'min':>6} {'median':>7} {'max':>6} {'under 35 %':>12}")
    everything: list[float] = []
    complete = True
    for repo in repos:
        rows, ok = shares(Workspace.open(repo))
        complete &= ok
        for name, values in rows:
            print(line(name, values))
            everything += values
    print(line("all", everything))
    print(f"Decision Log and open questions in every bundle: {'yes' if complete else 'NO'}")


if __name__ == "__main__":
    main()
