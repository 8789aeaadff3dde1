"""Sizes of context bundles against whole proposals, for every segmented proposal of the corpus.

    .venv/bin/python bench/context_sizes.py [REPO]

Tokens are bepkit's approximation (UTF-8 bytes / 4; see bepkit.agent.context).
For each segmented proposal: the whole proposal (main document and every
sub-document), the bundle without a sub-document, and the bundles for one
sub-document (smallest, median, largest).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from bepkit.actions.context import bundle, tokens
from bepkit.model.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "backend.ai"


def main() -> None:
    ws = Workspace.open(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO)
    print(
        f"{'proposal':<10} {'sub-docs':>8} {'whole':>8} {'main only':>10} {'one sub-doc: min':>17} {'median':>7} {'max':>7}"
    )
    for number, p in ws.proposals.items():
        if not p.segmented or len(p.mains) != 1:
            continue
        whole = sum(tokens(ws.document(r).text) for r in [p.mains[0].rel, *p.subdocs])
        alone = bundle(ws, number).total
        sizes = [bundle(ws, number, doc=s.rsplit("/", 1)[1]).total for s in p.subdocs]
        print(
            f"{ws.config.ident(number):<10} {len(p.subdocs):>8} {whole:>8} {alone:>10} {min(sizes):>17} "
            f"{int(statistics.median(sizes)):>7} {max(sizes):>7}"
        )


if __name__ == "__main__":
    main()
