"""The block scanner finds the structure markdown-it-py finds (commonmark + tables)."""

from __future__ import annotations

from conftest import SHARED, corpus_markdown
from hypothesis import given, settings
from mdgen import document
from mdref import heading_texts, reference_blocks

from bepkit.model.document import Document
from bepkit.model.document.blocks import scan


def mine(text: str) -> list[tuple[str, int, int, int, int]]:
    return [
        (b.kind, b.start, b.end, b.level, b.depth if b.kind == "heading" else 0) for b in scan(text)
    ]


def assert_agrees(text: str) -> None:
    assert mine(text) == reference_blocks(text)
    assert [b.text for b in scan(text) if b.kind == "heading"] == heading_texts(text)


def test_corpus_and_process_documents() -> None:
    files = corpus_markdown() + sorted((SHARED / "process").glob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert mine(text) == reference_blocks(text), path
        assert [b.text for b in scan(text) if b.kind == "heading"] == heading_texts(text), path


def test_document_body_agrees_with_frontmatter_blanked() -> None:
    """The document model scans the body with frontmatter lines blanked; check that view."""
    for path in corpus_markdown():
        doc = Document.from_bytes(path.read_bytes())
        body = "\n" * doc.body_start + "".join(doc.lines[doc.body_start :])
        got = [
            (b.kind, b.start, b.end, b.level, b.depth if b.kind == "heading" else 0)
            for b in doc.blocks
        ]
        assert got == reference_blocks(body), path


@settings(max_examples=1500, deadline=None)
@given(document())
def test_generated_documents(text: str) -> None:
    assert_agrees(text)


def test_known_tricky_cases() -> None:
    cases = [
        "# a | b\n--|--\n",  # a table header that looks like a heading
        "- a\n  # b\n```\nx\n",  # heading inside a list item
        "```\n# not a heading\n---\n```\n",
        "Foo\n---\n",  # setext heading
        "- foo\n---\n",  # thematic break, not setext
        "[ref]: /url\n===\n",  # a reference definition cannot be a setext heading
        "> quote\ncontinued\n# heading\n",
        "<!-- context-for-ai\n# key: value\n-->\n# Real\n",
        "1. one\n\n    ```\n   # x\n    ```\n",
        "\t# tab indented\n",
        "| a |\n| - |\n| b |\n- c\n",
    ]
    for text in cases:
        assert_agrees(text)
