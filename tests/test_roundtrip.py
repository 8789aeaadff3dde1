"""Lossless: parse then render returns every byte."""

from __future__ import annotations

from conftest import corpus_markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from mdgen import document

from bepkit.model.document import Document


def test_every_corpus_file_round_trips() -> None:
    files = corpus_markdown()
    assert len(files) >= 40
    for path in files:
        data = path.read_bytes()
        doc = Document.from_bytes(data, str(path))
        # touch every parsed part: parsing must not alter the text
        _ = (doc.frontmatter, doc.sections, doc.ai_contexts, doc.links, doc.tables())
        assert doc.to_bytes() == data, path
        assert "".join(doc.lines) == doc.text


raw_bytes = st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\x00", b"\r", b"\t \n"])


@settings(max_examples=300, deadline=None)
@given(
    document(),
    st.booleans(),
    st.lists(raw_bytes, max_size=3),
    st.sampled_from(["", "한국어 ", "naïve "]),
)
def test_generated_documents_round_trip(
    text: str, bom: bool, junk: list[bytes], prefix: str
) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + (prefix + text).encode() + b"".join(junk)
    doc = Document.from_bytes(data)
    _ = (doc.frontmatter, doc.sections, doc.ai_contexts, doc.links, doc.tables())
    assert doc.to_bytes() == data
    assert doc.bom == data.startswith(b"\xef\xbb\xbf")


def test_edge_inputs_round_trip() -> None:
    for data in [
        b"",
        b"\n",
        b"\r\n",
        b"no final newline",
        b"\xef\xbb\xbf",
        b"---\n",
        b"\r\r\n\n\r",
        b"\t\x0c\x0b",
    ]:
        assert Document.from_bytes(data).to_bytes() == data
