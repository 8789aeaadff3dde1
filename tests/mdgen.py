"""Hypothesis strategies for markdown documents shaped like real proposals.

The documents are built from the lines that decide block structure — headings,
setext underlines, list items, fences, block quotes, tables, HTML blocks,
reference definitions, thematic breaks — at every indentation that matters, so
that the scanner is compared with markdown-it where the two could part ways.
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = [
    "alpha",
    "beta",
    "Gamma",
    "데이터",
    "x|y",
    "`code`",
    "*em*",
    "[link](a.md)",
    "#tag",
    "1.",
    "-",
]

indent = st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "      ", "        "])
word = st.sampled_from(WORDS)
text = st.lists(word, min_size=1, max_size=4).map(" ".join)


@st.composite
def heading(draw: st.DrawFn) -> str:
    hashes = "#" * draw(st.integers(1, 7))
    sep = draw(st.sampled_from([" ", "  ", "\t", ""]))
    closing = draw(st.sampled_from(["", " #", " ##", "#"]))
    return draw(indent) + hashes + sep + draw(text) + closing


@st.composite
def list_item(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["-", "*", "+", "1.", "2.", "1)", "10.", "-"]))
    gap = draw(st.sampled_from([" ", "  ", "   ", "     ", "\t", ""]))
    body = draw(st.one_of(text, heading(), st.just(""), st.just("```"), st.just("- nested")))
    return draw(indent) + marker + gap + body


@st.composite
def fence(draw: st.DrawFn) -> str:
    char = draw(st.sampled_from(["`", "~"]))
    info = draw(st.sampled_from(["", "python", "yaml", " mermaid", "a`b"]))
    return draw(indent) + char * draw(st.integers(2, 5)) + info


@st.composite
def table_row(draw: st.DrawFn) -> str:
    cells = draw(
        st.lists(st.sampled_from(["a", " b ", "", "c\\|d", "데이터"]), min_size=1, max_size=4)
    )
    lead = draw(st.sampled_from(["|", ""]))
    trail = draw(st.sampled_from(["|", ""]))
    return draw(indent) + lead + "|".join(cells) + trail


@st.composite
def delimiter_row(draw: st.DrawFn) -> str:
    cells = draw(
        st.lists(
            st.sampled_from(["---", ":--", "--:", ":-:", "-", " --- "]), min_size=1, max_size=4
        )
    )
    lead = draw(st.sampled_from(["|", ""]))
    trail = draw(st.sampled_from(["|", ""]))
    return draw(st.sampled_from(["", " ", "    "])) + lead + "|".join(cells) + trail


special_line = st.one_of(
    heading(),
    list_item(),
    fence(),
    table_row(),
    delimiter_row(),
    st.builds(lambda i, t: i + t, indent, text),
    st.builds(
        lambda i, q, t: i + q + t, indent, st.sampled_from([">", "> ", ">>", "> > ", ">\t"]), text
    ),
    st.builds(
        lambda i, u: i + u,
        indent,
        st.sampled_from(["---", "===", "***", "- - -", "___", "--", "= ="]),
    ),
    st.builds(
        lambda i, h: i + h,
        indent,
        st.sampled_from(
            [
                "<!-- context-for-ai",
                "-->",
                "<!-- note -->",
                "<div>",
                "</div>",
                "<span>",
                "<details>",
                "<?php",
                "?>",
                "<script>",
                "</script>",
            ]
        ),
    ),
    st.builds(
        lambda i, r: i + r,
        indent,
        st.sampled_from(
            ["[ref]: ./BEP-1000.md", '[ref]: <a b> "title"', "[x]:", "[ref]: /u 'multi", "line'"]
        ),
    ),
    st.sampled_from(["", "", "", "   ", "\t"]),
)


@st.composite
def document(draw: st.DrawFn) -> str:
    lines = draw(st.lists(special_line, min_size=1, max_size=30))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    end = draw(st.sampled_from([newline, ""]))
    return newline.join(lines) + end
