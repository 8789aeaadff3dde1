"""bep split and bep sync, on the corpus and on the examples."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS
from helpers import bep, line_changes

from bepkit.actions.split import plan
from bepkit.model.document.links import strip_inline
from bepkit.model.workspace import Workspace

# what split is answerable for: after it, none of these may be left for the proposal
SPLIT_CODES = {
    "A001",
    "A002",
    "A003",
    "A004",
    "A005",
    "A006",
    "G001",
    "G002",
    "G007",
    "L001",
    "L002",
    "X002",
}
_TARGET = re.compile(r"(\]\(\s*<?)[^)\s>]+|^(\s{0,3}\[[^\]]+\]:\s*<?)\S+")


def long_single_file_beps() -> list[str]:
    ws = Workspace.open(CORPUS)
    out = []
    for p in ws.proposals.values():
        if p.segmented:
            continue
        for m in p.mains:
            if len(ws.document(m.rel).lines) > ws.config.limits.single:
                out.append(m.rel)
    return sorted(out)


def findings_of(repo: Path, number: int) -> list[tuple[str, str, str]]:
    data = bep("check", "--format", "json", "--no-baseline", cwd=repo).json()
    marker = f"BEP-{number}"
    return [(f["code"], f["path"], f["message"]) for f in data["findings"] if marker in f["path"]]


def test_the_corpus_has_long_single_file_proposals() -> None:
    assert len(long_single_file_beps()) >= 6


@pytest.mark.parametrize("rel", long_single_file_beps())
def test_split_every_long_single_file_proposal(rel: str, corpus_copy: Path) -> None:
    number = int(rel.split("BEP-")[1][:4])
    path = ["--path", rel]
    ws = Workspace.open(corpus_copy)
    for other in ws.proposals[number].mains:
        if other.rel != rel:  # a shared number: its folder would be both's, so resolve that first
            refused = bep("split", str(number), *path, cwd=corpus_copy)
            assert refused.code == 2 and "bep renumber" in refused.err
            assert (
                bep("renumber", str(number), "next", "--path", other.rel, cwd=corpus_copy).code == 0
            )
    before = findings_of(corpus_copy, number)
    ws = Workspace.open(corpus_copy)
    the_plan = plan(ws, number, path=rel)

    # line conservation: every original line is in exactly one file, changed at most in a link target
    seen = Counter(
        line.origin
        for lines in the_plan.files.values()
        for line in lines
        if line.origin is not None
    )
    assert sorted(seen) == list(range(len(the_plan.original)))
    assert set(seen.values()) == {1}
    for lines in the_plan.files.values():
        for line in lines:
            if line.origin is not None and line.text != the_plan.original[line.origin]:
                assert _TARGET.sub(r"\1\2", line.text) == _TARGET.sub(
                    r"\1\2", the_plan.original[line.origin]
                )

    r = bep("split", str(number), *path, cwd=corpus_copy)
    assert r.code == 0, r.err
    nl = "\n"
    for out_path in the_plan.files:
        written = (corpus_copy / out_path).read_text()
        assert written.rstrip("\n") == the_plan.text(out_path, nl).rstrip("\n")

    main = corpus_copy / rel
    assert len(main.read_text().splitlines()) < 200
    for out_path, lines in the_plan.files.items():
        if out_path == rel:
            continue
        size = len((corpus_copy / out_path).read_text().splitlines())
        if size >= 300:  # only when the component itself cannot be split further
            body = [line.text for line in lines if line.origin is not None]
            headings = [t for t in body[1:] if re.match(r"^#{1,6} ", t)]
            fence = sum(t.lstrip().startswith("```") for t in body)
            assert not headings or fence, (out_path, size)

    after = findings_of(corpus_copy, number)
    assert not [f for f in after if f[0] in SPLIT_CODES], [f for f in after if f[0] in SPLIT_CODES]
    new_codes = {c for c, _, _ in after} - {c for c, _, _ in before}
    assert new_codes <= {"G003"}, new_codes


def test_split_on_the_examples_is_clean(examples_copy: Path) -> None:
    r = bep("split", "1001", cwd=examples_copy)
    assert r.code == 0, r.err
    assert (examples_copy / "proposals" / "BEP-1001" / "proposed-design.md").is_file()
    check = bep("check", cwd=examples_copy)
    assert (check.code, check.out) == (0, "All checks passed.\n")
    refused = bep("split", "1001", cwd=examples_copy)
    assert refused.code == 2 and "already segmented" in refused.err


def test_split_dry_run_writes_nothing(corpus_copy: Path) -> None:
    before = {p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file()}
    r = bep("split", "1025", "--dry-run", cwd=corpus_copy)
    assert r.code == 0 and "proposals/BEP-1025-server-side-csv-export.md:" in r.out
    assert {p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file()} == before


# -- sync -----------------------------------------------------------------------------------------


def test_sync_on_segmented_proposals_changes_only_derived_lines(corpus_copy: Path) -> None:
    for number in (1012, 1033):
        files = {p: p.read_text() for p in (corpus_copy / "proposals").rglob("*.md")}
        r = bep("sync", str(number), cwd=corpus_copy)
        assert r.code == 0, r.err
        for path, text in files.items():
            removed, added = line_changes(text, path.read_text())
            if path.name == "README.md":
                # the registry row of this number only
                assert all(f"[{number}]" in line for line in removed + added)
                continue
            assert removed == [], path
            # added lines are the Document Index (rows link the sub-documents)
            for line in added:
                assert line in (
                    "",
                    "## Document Index",
                    "| Document | Description |",
                    "|----------|-------------|",
                ) or re.match(rf"^\| \[[^\]]+\]\(\./BEP-{number}[^)]*\.md\) \| ", line), line
        again = bep("sync", str(number), "--diff", cwd=corpus_copy)
        assert (again.code, again.out) == (0, "")


def test_sync_add_blocks_derives_and_invents_nothing(corpus_copy: Path) -> None:
    r = bep("sync", "--add-blocks", cwd=corpus_copy)
    assert r.code == 0, r.err
    ws = Workspace.open(corpus_copy)
    for p in ws.proposals.values():
        for rel in [m.rel for m in p.mains] + p.subdocs:
            doc = ws.document(rel)
            if not doc.text:
                continue
            (block,) = doc.ai_contexts
            rest = "".join(doc.lines[: block.start] + doc.lines[block.end :])
            plain = re.sub(r"[`*_]|\s+", " ", strip_inline(rest))
            scope = block.get("scope")
            if isinstance(scope, str):
                words = re.sub(r"[`*_]|\s+", " ", scope.removesuffix("...")).split()
                assert " ".join(words[:6]) in " ".join(plain.split()), (rel, scope)
            if block.type == "detail-doc":
                assert (
                    block.get("parent") == f"BEP-{p.number} ({_title(ws, p)})"
                    or block.get("parent") == f"BEP-{p.number}"
                )
    assert bep("sync", "--add-blocks", "--diff", cwd=corpus_copy).out == ""
    codes = {
        f["code"]
        for f in bep("check", "--format", "json", "--no-baseline", cwd=corpus_copy).json()[
            "findings"
        ]
    }
    assert "A001" not in codes


def _title(ws: Workspace, p: object) -> str:
    from bepkit.model.proposal import document_title

    mains = p.mains  # type: ignore[attr-defined]
    return document_title(ws.document(mains[0].rel), ws.config) or ""
