"""Generate a synthetic proposals repository shaped like the real corpus.

    .venv/bin/python bench/gen_corpus.py OUT [--proposals 10000] [--seed 1]

Every document is a real document of ../shared/corpus (read here, written only
into OUT) renumbered and retitled, so sizes, structure and irregularities
follow the corpus: the same mix of long and short documents, missing
frontmatter, template leftovers, tables and code.  About one proposal in
twenty is segmented (sub-documents from the corpus's segmented proposal), one
registry row in fifty is reserved without a document, one in a hundred links
to a missing file, and one number in two hundred is used twice.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

CORPUS = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "backend.ai" / "proposals"
)
WORDS = [
    "Agent",
    "Scheduler",
    "Registry",
    "Storage",
    "Quota",
    "Session",
    "Kernel",
    "Model",
    "Service",
    "Network",
    "Policy",
    "Cache",
    "Metrics",
    "Gateway",
    "Tracing",
    "Config",
    "Plugin",
    "Image",
    "Volume",
    "Deployment",
    "Route",
    "Export",
    "Audit",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    mains = [p for p in sorted(CORPUS.glob("BEP-1*.md")) if p.stat().st_size > 0]
    subdocs = sorted((CORPUS / "BEP-1033").glob("*.md"))
    texts = {p: p.read_text(encoding="utf-8") for p in [*mains, *subdocs]}
    template = (CORPUS / "BEP-0000-template.md").read_text(encoding="utf-8")
    readme_head = (CORPUS / "README.md").read_text(encoding="utf-8").split("| Number | Title |")[0]

    if args.out.exists():
        shutil.rmtree(args.out)
    proposals = args.out / "proposals"
    proposals.mkdir(parents=True)
    (proposals / "BEP-0000-template.md").write_text(template, encoding="utf-8")

    rows = []
    docs = lines = 0
    number = 1000
    for _i in range(args.proposals):
        number += 1
        title = " ".join(rng.sample(WORDS, 3))
        slug = title.lower().replace(" ", "-")
        name = f"BEP-{number}-{slug}.md"
        kind = rng.random()
        if kind < 0.02:  # reserved: a row, no document
            rows.append(f"| {number} | {title} | Someone | Draft |")
            continue
        if kind < 0.03:  # a row that links to a file that does not exist
            rows.append(f"| [{number}](BEP-{number}-{slug}-old.md) | {title} | Someone | Draft |")
            continue
        source = rng.choice(mains)
        text = re.sub(r"BEP-10\d\d", f"BEP-{number}", texts[source])
        text = (
            re.sub(r"^# .*$", f"# {title}", text, count=1, flags=re.M) if "\n# " in text else text
        )
        (proposals / name).write_text(text, encoding="utf-8")
        docs += 1
        lines += text.count("\n")
        if kind < 0.08:  # segmented
            folder = proposals / f"BEP-{number}"
            folder.mkdir()
            for sub in rng.sample(subdocs, rng.randint(2, 5)):
                (folder / sub.name).write_text(texts[sub], encoding="utf-8")
                docs += 1
                lines += texts[sub].count("\n")
        rows.append(f"| [{number}]({name}) | {title} | Someone | Draft |")
        if rng.random() < 0.005:  # a second document with the same number
            (proposals / f"BEP-{number}-another-{slug}.md").write_text(text, encoding="utf-8")
            docs += 1
            lines += text.count("\n")
    table = "| Number | Title | Author | Status |\n|--------|-------|--------|--------|\n"
    table += "\n".join(rows) + "\n| _next_ | _(reserve your number here)_ | | |\n"
    (proposals / "README.md").write_text(readme_head + table, encoding="utf-8")
    print(f"{args.out}: {args.proposals} proposals, {docs} documents, {lines} lines")


if __name__ == "__main__":
    main()
