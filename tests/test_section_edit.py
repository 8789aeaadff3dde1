"""`bep section N NAME --set`: the lines under one heading, and nothing else
but what derives from them."""

from __future__ import annotations

from pathlib import Path

from helpers import bep, line_changes

from bepkit.actions.section import replace_section
from bepkit.model.workspace import Workspace

DOC = "proposals/BEP-1000-lossless-document-model.md"


def set_section(root: Path, name: str, text: str, *extra: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from bepkit.faces.cli import main

    r = CliRunner().invoke(main, ["-C", str(root), "section", "1000", name, "--set", "-", *extra],
                           input=text)  # fmt: skip
    return r.exit_code, r.stderr


def test_only_the_section_and_its_derived_key_change(examples_copy: Path) -> None:
    before = (examples_copy / DOC).read_text()
    code, err = set_section(examples_copy, "Implementation Plan", "1. **Phase 1**: all of it.\n")
    assert code == 0, err
    removed, added = line_changes(before, (examples_copy / DOC).read_text())
    assert added == ["phases: 1", "1. **Phase 1**: all of it."]
    assert removed == [
        "phases: 2",
        "1. **Phase 1**: scanner, frontmatter and tables, with the round-trip test over the corpus.",
        "2. **Phase 2**: sections, context-for-ai blocks, links and line edits.",
    ]
    assert bep("check", cwd=examples_copy).code == 0


def test_no_sync_leaves_the_derived_key(examples_copy: Path) -> None:
    code, err = set_section(examples_copy, "plan", "1. **Phase 1**: all.\n", "--no-sync")
    assert code == 0, err
    assert "phases: 2" in (examples_copy / DOC).read_text()


def test_refusals_write_nothing(examples_copy: Path) -> None:
    before = (examples_copy / DOC).read_bytes()
    cases = [
        ("plan", "## Another section\n", "would end"),
        ("plan", "```\nan unclosed fence\n", "would not read back"),
        ("no such section", "text\n", "no section 'no such section'"),
    ]
    for name, text, message in cases:
        code, err = set_section(examples_copy, name, text)
        assert code == 2 and message in err, (name, err)
    assert (examples_copy / DOC).read_bytes() == before


def test_a_subdocument_section(examples_copy: Path) -> None:
    ws = Workspace.open(examples_copy)
    sub = ws.proposal(1002).subdocs[0]
    doc = ws.document(sub)
    heading = next(s for s in doc.sections if s.depth == 2)
    result = replace_section(ws, 1002, heading.title, "New text.\n", doc=sub.rsplit("/", 1)[1])
    assert result.changed[0][0] == sub
    shown = bep("section", "1002", heading.title, "--doc", sub.rsplit("/", 1)[1], cwd=examples_copy)
    assert shown.out.startswith(f"## {heading.title}\n\nNew text.\n")
