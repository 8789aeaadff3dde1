"""Block structure of a markdown document, with line spans.

This is a line-level scanner that finds the same block structure as
markdown-it-py with the ``commonmark`` preset and GFM tables enabled (the
structure GitHub renders): headings, paragraphs, fenced and indented code,
HTML blocks, tables, thematic breaks, block quotes, lists and list items.

It follows markdown-it's block rules closely, so that it agrees with it line
for line (``tests/test_blocks_differential.py`` checks this over the corpus and
over generated documents), but it builds no tokens and does no inline parsing,
and it chooses the rule to try from the first character of a line instead of
trying every rule in turn.  That makes it many times faster than markdown-it's
own block pass, which matters when a repository holds thousands of documents.

Lines are numbered from 0; a span ``(start, end)`` is half-open.  Line breaks
are ``\\n``, ``\\r\\n`` or a lone ``\\r``, as in CommonMark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

__all__ = ["Block", "scan", "split_lines"]

MAX_NESTING = 20  # markdown-it's commonmark preset
_MAX_AUTOCOMPLETED_CELLS = 0x10000

_LINE_BREAK_RE = re.compile(r"\r\n?|\n")
# The characters markdown-it trims (JavaScript's String.trim, without U+FEFF).
_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
_DELIM_CELL_RE = re.compile(r"^:?-+:?$")
_DELIM_ROW_RE = re.compile(r"[-|: \t]*+$")  # used with match only (possessive: linear)

_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_ATTR_VALUE = "(?:[^\"'=<>`\\x00-\\x20]+|'[^']*'|\"[^\"]*\")"
_ATTRIBUTE = "(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*" + _ATTR_VALUE + ")?)"
_OPEN_TAG = "<[A-Za-z][A-Za-z0-9\\-]*" + _ATTRIBUTE + "*\\s*\\/?>"
_CLOSE_TAG = "<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>"

# (start, end, can interrupt a paragraph), in markdown-it's order
_HTML_SEQUENCES: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, bool], ...] = (
    (
        re.compile(r"^<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.IGNORECASE),
        re.compile(r"<\/(?a:(script|pre|style|textarea))>", re.IGNORECASE),
        True,
    ),
    (re.compile(r"^<!--"), re.compile(r"-->"), True),
    (re.compile(r"^<\?"), re.compile(r"\?>"), True),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (
        re.compile("^</?(?a:(" + _BLOCK_NAMES + "))(?=(\\s|/?>|$))", re.IGNORECASE),
        None,  # ends at a blank line
        True,
    ),
    (re.compile("^(?:" + _OPEN_TAG + "|" + _CLOSE_TAG + ")\\s*$"), None, False),
)
_BAD_PROTO_RE = re.compile(r"^(vbscript|javascript|file|data):")
_GOOD_DATA_RE = re.compile(r"^data:image\/(gif|png|jpeg|webp);")
_ESCAPABLE = "\\!\"#$%&'()*+,./:;<=>?@[]^_`{|}~-"


@dataclass(slots=True)
class Block:
    """One block of the document.

    ``kind`` is one of ``heading``, ``paragraph``, ``fence``, ``code``,
    ``html``, ``table``, ``hr``, ``blockquote``, ``list``, ``item``.
    ``level`` is the nesting depth (0 for a top-level block; a list item is one
    deeper than its list, and the item's content one deeper again).
    ``depth`` is the heading level (1-6); ``text`` is the heading text, the
    fence info string, or a list or item marker.
    """

    kind: str
    start: int
    end: int
    level: int
    depth: int = 0
    text: str = ""


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines, each keeping its line break.

    ``"".join(split_lines(text)) == text``; the empty text has no lines.
    """
    if not text:
        return []
    if "\r" not in text:
        parts = text.split("\n")
        lines = [p + "\n" for p in parts]
        lines[-1] = parts[-1]
    else:
        lines = []
        pos = 0
        for m in _LINE_BREAK_RE.finditer(text):
            lines.append(text[pos : m.end()])
            pos = m.end()
        lines.append(text[pos:])
    if lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return lines


def _columns(line: str, shift: int) -> int:
    """Width of the first ``shift`` characters (spaces and tabs) of ``line``."""
    if "\t" not in line[:shift]:
        return shift
    col = 0
    for ch in line[:shift]:
        col = col + 4 - col % 4 if ch == "\t" else col + 1
    return col


def _is_space(ch: str) -> bool:
    return ch == " " or ch == "\t"


class _State:
    """markdown-it's StateBlock, reduced to what the block rules read."""

    __slots__ = (
        "b_marks",
        "blk_indent",
        "bs_count",
        "e_marks",
        "level",
        "line",
        "line_max",
        "list_indent",
        "out",
        "parent_type",
        "s_count",
        "src",
        "t_shift",
    )

    def __init__(self, src: str) -> None:
        self.src = src
        parts = src.split("\n")
        if parts[-1].strip(" \t") == "":
            parts.pop()  # markdown-it drops a last line that is empty or blank
        lengths = [len(p) + 1 for p in parts]
        b_marks = [0, *accumulate(lengths)]
        b_marks[-1] = len(src)
        e_marks = [b + n - 1 for b, n in zip(b_marks, lengths, strict=False)]
        e_marks.append(len(src))
        t_shift = [n - 1 - len(p.lstrip(" \t")) for p, n in zip(parts, lengths, strict=True)]
        t_shift.append(0)
        if "\t" in src:
            s_count = [_columns(p, t) for p, t in zip(parts, t_shift, strict=False)]
            s_count.append(0)
        else:
            s_count = t_shift.copy()
        self.b_marks = b_marks
        self.e_marks = e_marks
        self.t_shift = t_shift
        self.s_count = s_count
        self.bs_count = [0] * len(b_marks)
        self.blk_indent = 0
        self.line = 0
        self.line_max = len(b_marks) - 1
        self.list_indent = -1
        self.parent_type = "root"
        self.level = 0
        self.out: list[Block] = []

    # -- helpers, as in markdown-it ------------------------------------------

    def is_empty(self, line: int) -> bool:
        return self.b_marks[line] + self.t_shift[line] >= self.e_marks[line]

    def is_code(self, line: int) -> bool:
        return self.s_count[line] - self.blk_indent >= 4

    def skip_spaces(self, pos: int) -> int:
        src = self.src
        n = len(src)
        while pos < n and (src[pos] == " " or src[pos] == "\t"):
            pos += 1
        return pos

    def get_lines(self, begin: int, end: int, indent: int, keep_last_lf: bool) -> str:
        if begin >= end:
            return ""
        src = self.src
        out = []
        for line in range(begin, end):
            line_indent = 0
            line_start = first = self.b_marks[line]
            last = self.e_marks[line] + 1 if line + 1 < end or keep_last_lf else self.e_marks[line]
            while first < last and line_indent < indent:
                ch = src[first]
                if ch == " " or ch == "\t":
                    if ch == "\t":
                        line_indent += 4 - (line_indent + self.bs_count[line]) % 4
                    else:
                        line_indent += 1
                elif first - line_start < self.t_shift[line]:
                    line_indent += 1
                else:
                    break
                first += 1
            if line_indent > indent:
                out.append(" " * (line_indent - indent) + src[first:last])
            else:
                out.append(src[first:last])
        return "".join(out)


# -- rules ---------------------------------------------------------------------
# Each rule has markdown-it's signature and meaning: try to start a block at
# ``start``; with ``silent`` only answer whether one would start.


def _escaped_split(s: str) -> list[str]:
    if "\\" not in s:
        return s.split("|")
    result: list[str] = []
    current = ""
    last = 0
    escaped = False
    for pos, ch in enumerate(s):
        if ch == "|":
            if not escaped:
                result.append(current + s[last:pos])
                current = ""
                last = pos + 1
            else:
                current += s[last : pos - 1]
                last = pos
        escaped = ch == "\\"
    result.append(current + s[last:])
    return result


def _table(st: _State, start: int, end: int, silent: bool) -> bool:
    if start + 2 > end:
        return False
    nxt = start + 1
    if st.s_count[nxt] < st.blk_indent or st.is_code(nxt):
        return False
    src = st.src
    pos = st.b_marks[nxt] + st.t_shift[nxt]
    emax = st.e_marks[nxt]
    if pos >= emax:
        return False
    first = src[pos]
    pos += 1
    if first not in "|-:":
        return False
    if pos >= emax:
        return False
    second = src[pos]
    pos += 1
    if second not in "|-:" and not _is_space(second):
        return False
    if first == "-" and _is_space(second):
        return False
    if not _DELIM_ROW_RE.match(src, pos, emax):
        return False
    columns = src[st.b_marks[nxt] + st.t_shift[nxt] : emax].split("|")
    aligns = 0
    last_col = len(columns) - 1
    for i, col in enumerate(columns):
        t = col.strip(_TRIM)
        if not t:
            if i == 0 or i == last_col:
                continue
            return False
        if not _DELIM_CELL_RE.search(t):
            return False
        aligns += 1
    line_text = src[st.b_marks[start] + st.t_shift[start] : st.e_marks[start]].strip(_TRIM)
    if "|" not in line_text or st.is_code(start):
        return False
    columns = _escaped_split(line_text)
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    column_count = len(columns)
    if column_count == 0 or column_count != aligns:
        return False
    if silent:
        return True

    old_parent = st.parent_type
    st.parent_type = "table"
    block = Block("table", start, 0, st.level)
    st.out.append(block)
    autocompleted = 0
    nxt = start + 2
    while nxt < end:
        if st.s_count[nxt] < st.blk_indent:
            break
        pos = st.b_marks[nxt] + st.t_shift[nxt]
        if (
            pos < len(src)
            and src[pos] in _TERMINATOR_START
            and _terminates(st, nxt, end, _BLOCKQUOTE_TERMINATORS)
        ):
            break
        line_text = src[pos : st.e_marks[nxt]].strip(_TRIM)
        if not line_text or st.is_code(nxt):
            break
        if "\\" in line_text:
            columns = _escaped_split(line_text)
            if columns and columns[0] == "":
                columns.pop(0)
            if columns and columns[-1] == "":
                columns.pop()
            n_columns = len(columns)
        else:
            n_columns = line_text.count("|") + 1
            if line_text[0] == "|":
                n_columns -= 1
            if n_columns and line_text[-1] == "|":
                n_columns -= 1
        autocompleted += column_count - n_columns
        if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
            break
        nxt += 1
    block.end = nxt
    st.parent_type = old_parent
    st.line = nxt
    return True


def _code(st: _State, start: int, end: int, silent: bool) -> bool:
    if not st.is_code(start):
        return False
    last = nxt = start + 1
    while nxt < end:
        if st.is_empty(nxt):
            nxt += 1
            continue
        if st.is_code(nxt):
            nxt += 1
            last = nxt
            continue
        break
    st.line = last
    st.out.append(Block("code", start, last, st.level))
    return True


def _fence(st: _State, start: int, end: int, silent: bool) -> bool:
    src = st.src
    pos = st.b_marks[start] + st.t_shift[start]
    emax = st.e_marks[start]
    if st.is_code(start) or pos + 3 > emax:
        return False
    marker = src[pos]
    if marker != "~" and marker != "`":
        return False
    mem = pos
    while pos < emax and src[pos] == marker:
        pos += 1
    length = pos - mem
    if length < 3:
        return False
    params = src[pos:emax]
    if marker == "`" and "`" in params:
        return False
    if silent:
        return True

    have_end = False
    nxt = start
    b_marks = st.b_marks
    t_shift = st.t_shift
    e_marks = st.e_marks
    s_count = st.s_count
    blk_indent = st.blk_indent
    n = len(src)
    while True:
        nxt += 1
        if nxt >= end:
            break
        pos = mem = b_marks[nxt] + t_shift[nxt]
        emax = e_marks[nxt]
        if pos < emax and s_count[nxt] < blk_indent:
            break
        if pos >= n:
            break
        if src[pos] != marker:
            continue
        if s_count[nxt] - blk_indent >= 4:
            continue
        while pos < n and src[pos] == marker:
            pos += 1
        if pos - mem < length:
            continue
        pos = st.skip_spaces(pos)
        if pos < emax:
            continue
        have_end = True
        break
    st.line = nxt + (1 if have_end else 0)
    st.out.append(Block("fence", start, st.line, st.level, text=params.strip(_TRIM)))
    return True


def _blockquote(st: _State, start: int, end: int, silent: bool) -> bool:
    src = st.src
    old_line_max = st.line_max
    pos = st.b_marks[start] + st.t_shift[start]
    emax = st.e_marks[start]
    if st.is_code(start):
        return False
    if pos >= len(src) or src[pos] != ">":
        return False
    pos += 1
    if silent:
        return True

    old_b_marks: list[int] = []
    old_bs_count: list[int] = []
    old_s_count: list[int] = []
    old_t_shift: list[int] = []
    last_line_empty = False
    nxt = start
    while nxt < end:
        if nxt == start:
            is_outdented = False
            quoted = True
            pos = st.b_marks[start] + st.t_shift[start] + 1
            emax = st.e_marks[start]
        else:
            is_outdented = st.s_count[nxt] < st.blk_indent
            pos = st.b_marks[nxt] + st.t_shift[nxt]
            emax = st.e_marks[nxt]
            if pos >= emax:
                break
            quoted = src[pos] == ">" and not is_outdented
            pos += 1
        if quoted:
            initial = offset = st.s_count[nxt] + 1
            ch = src[pos] if pos < len(src) else ""
            if ch == " ":
                pos += 1
                initial += 1
                offset += 1
                adjust_tab = False
                space_after = True
            elif ch == "\t":
                space_after = True
                if (st.bs_count[nxt] + offset) % 4 == 3:
                    pos += 1
                    initial += 1
                    offset += 1
                    adjust_tab = False
                else:
                    adjust_tab = True
            else:
                space_after = False
                adjust_tab = False
            old_b_marks.append(st.b_marks[nxt])
            st.b_marks[nxt] = pos
            while pos < emax:
                ch = src[pos]
                if ch == "\t":
                    offset += 4 - (offset + st.bs_count[nxt] + (1 if adjust_tab else 0)) % 4
                elif ch == " ":
                    offset += 1
                else:
                    break
                pos += 1
            last_line_empty = pos >= emax
            old_bs_count.append(st.bs_count[nxt])
            st.bs_count[nxt] = st.s_count[nxt] + 1 + (1 if space_after else 0)
            old_s_count.append(st.s_count[nxt])
            st.s_count[nxt] = offset - initial
            old_t_shift.append(st.t_shift[nxt])
            st.t_shift[nxt] = pos - st.b_marks[nxt]
            nxt += 1
            continue
        if last_line_empty:
            break
        if _terminates(st, nxt, end, _BLOCKQUOTE_TERMINATORS):
            st.line_max = nxt
            if st.blk_indent != 0:
                old_b_marks.append(st.b_marks[nxt])
                old_bs_count.append(st.bs_count[nxt])
                old_t_shift.append(st.t_shift[nxt])
                old_s_count.append(st.s_count[nxt])
                st.s_count[nxt] -= st.blk_indent
            break
        old_b_marks.append(st.b_marks[nxt])
        old_bs_count.append(st.bs_count[nxt])
        old_t_shift.append(st.t_shift[nxt])
        old_s_count.append(st.s_count[nxt])
        st.s_count[nxt] = -1
        nxt += 1

    old_indent = st.blk_indent
    st.blk_indent = 0
    old_parent = st.parent_type
    st.parent_type = "blockquote"
    block = Block("blockquote", start, 0, st.level)
    st.out.append(block)
    st.level += 1
    _tokenize(st, start, nxt)
    st.level -= 1
    st.line_max = old_line_max
    st.parent_type = old_parent
    block.end = st.line
    for i, t_shift in enumerate(old_t_shift):
        st.b_marks[i + start] = old_b_marks[i]
        st.t_shift[i + start] = t_shift
        st.s_count[i + start] = old_s_count[i]
        st.bs_count[i + start] = old_bs_count[i]
    st.blk_indent = old_indent
    return True


def _hr(st: _State, start: int, end: int, silent: bool) -> bool:
    src = st.src
    pos = st.b_marks[start] + st.t_shift[start]
    emax = st.e_marks[start]
    if st.is_code(start) or pos >= len(src):
        return False
    marker = src[pos]
    if marker != "*" and marker != "-" and marker != "_":
        return False
    nxt = pos + 1
    while nxt < emax and (src[nxt] == " " or src[nxt] == "\t"):
        nxt += 1
    if nxt < emax and src[nxt] != marker:
        return False  # the usual case: a list item or text
    rest = src[pos:emax]
    if rest.replace(marker, "").strip(" \t") or rest.count(marker) < 3:
        return False
    if silent:
        return True
    st.line = start + 1
    st.out.append(Block("hr", start, start + 1, st.level))
    return True


def _skip_bullet_marker(st: _State, line: int) -> int:
    src = st.src
    pos = st.b_marks[line] + st.t_shift[line]
    emax = st.e_marks[line]
    if pos >= len(src):
        return -1
    marker = src[pos]
    pos += 1
    if marker != "*" and marker != "-" and marker != "+":
        return -1
    if pos < emax and not _is_space(src[pos]):
        return -1
    return pos


def _skip_ordered_marker(st: _State, line: int) -> int:
    src = st.src
    begin = pos = st.b_marks[line] + st.t_shift[line]
    emax = st.e_marks[line]
    if pos + 1 >= emax:
        return -1
    ch = src[pos]
    pos += 1
    if not ("0" <= ch <= "9"):
        return -1
    while True:
        if pos >= emax:
            return -1
        ch = src[pos]
        pos += 1
        if "0" <= ch <= "9":
            if pos - begin >= 10:
                return -1
            continue
        if ch == ")" or ch == ".":
            break
        return -1
    if pos < emax and not _is_space(src[pos]):
        return -1
    return pos


_PLAIN_START = frozenset("#>`~<[*-+_|0123456789")
# A line starting with anything else can end a paragraph only as a table header.
_TERMINATOR_START = frozenset("`~>#<*-_+0123456789")


def _one_line_item(st: _State, line: int, end: int, content_start: int, marker: str) -> int:
    """Is the item at ``line`` a one-line paragraph followed by a sibling item?

    If so, return the position after the sibling's marker, else -1.  When this
    holds, markdown-it's list rule would tokenize the item's content as exactly
    one paragraph ending at ``line + 1`` and go on with the next item; every
    condition below is one that that path checks.
    """
    src = st.src
    nxt = line + 1
    if (
        nxt >= end
        or st.level + 2 > MAX_NESTING
        or content_start >= st.e_marks[line]
        or src[content_start] in _PLAIN_START
        or src.find("|", content_start, st.e_marks[line]) >= 0
        or st.s_count[nxt] != st.s_count[line]
    ):
        return -1
    pos = st.b_marks[nxt] + st.t_shift[nxt]
    emax = st.e_marks[nxt]
    if pos >= emax or src.find("|", pos, emax) >= 0:
        return -1
    if marker == "." or marker == ")":
        after = _skip_ordered_marker(st, nxt)
    else:
        after = _skip_bullet_marker(st, nxt)
    if after < 0 or src[after - 1] != marker:
        return -1
    if (marker == "*" or marker == "-") and _hr(st, nxt, end, True):
        return -1
    return after


def _list(st: _State, start: int, end: int, silent: bool) -> bool:
    src = st.src
    if st.is_code(start):
        return False
    if (
        st.list_indent >= 0
        and st.s_count[start] - st.list_indent >= 4
        and st.s_count[start] < st.blk_indent
    ):
        return False
    terminating_paragraph = (
        silent and st.parent_type == "paragraph" and st.s_count[start] >= st.blk_indent
    )
    after = _skip_ordered_marker(st, start)
    if after >= 0:
        ordered = True
        begin = st.b_marks[start] + st.t_shift[start]
        if terminating_paragraph and int(src[begin : after - 1]) != 1:
            return False
    else:
        after = _skip_bullet_marker(st, start)
        if after < 0:
            return False
        ordered = False
    if terminating_paragraph and st.skip_spaces(after) >= st.e_marks[start]:
        return False
    marker_char = src[after - 1]
    if silent:
        return True

    lst = Block("list", start, 0, st.level, text=marker_char, depth=1 if ordered else 0)
    st.out.append(lst)
    st.level += 1
    nxt = start
    old_parent = st.parent_type
    st.parent_type = "list"
    while nxt < end:
        pos = after
        emax = st.e_marks[nxt]
        initial = offset = st.s_count[nxt] + after - (st.b_marks[start] + st.t_shift[start])
        while pos < emax:
            ch = src[pos]
            if ch == "\t":
                offset += 4 - (offset + st.bs_count[nxt]) % 4
            elif ch == " ":
                offset += 1
            else:
                break
            pos += 1
        content_start = pos
        indent_after = 1 if content_start >= emax else offset - initial
        if indent_after > 4:
            indent_after = 1
        indent = initial + indent_after

        item = Block(
            "item", start, 0, st.level, text=src[st.b_marks[start] + st.t_shift[start] : after]
        )
        st.out.append(item)
        if offset == indent:
            sibling_after = _one_line_item(st, start, end, content_start, marker_char)
            if sibling_after >= 0:
                # The common case, decided without recursing: the item is one line
                # of text and the next line is its sibling.
                st.out.append(Block("paragraph", start, start + 1, st.level + 1))
                nxt = start = st.line = start + 1
                item.end = nxt
                after = sibling_after
                continue
        st.level += 1
        old_t_shift = st.t_shift[start]
        old_s_count = st.s_count[start]
        old_list_indent = st.list_indent
        st.list_indent = st.blk_indent
        st.blk_indent = indent
        st.t_shift[start] = content_start - st.b_marks[start]
        st.s_count[start] = offset
        if content_start >= emax and st.is_empty(start + 1):
            st.line = min(st.line + 2, end)
        else:
            _tokenize(st, start, end)
        st.level -= 1
        st.blk_indent = st.list_indent
        st.list_indent = old_list_indent
        st.t_shift[start] = old_t_shift
        st.s_count[start] = old_s_count

        nxt = start = st.line
        item.end = nxt
        if nxt >= end:
            break
        if st.s_count[nxt] < st.blk_indent or st.is_code(start):
            break
        if _terminates(st, nxt, end, _LIST_TERMINATORS):
            break
        if ordered:
            after = _skip_ordered_marker(st, nxt)
            if after < 0:
                break
        else:
            after = _skip_bullet_marker(st, nxt)
            if after < 0:
                break
        if marker_char != src[after - 1]:
            break
    st.level -= 1
    lst.end = nxt
    st.line = nxt
    st.parent_type = old_parent
    return True


def _parse_destination(s: str, pos: int, emax: int) -> tuple[bool, int]:
    """markdown-it's parseLinkDestination: (ok, position after the destination)."""
    start = pos
    if pos < emax and s[pos] == "<":
        pos += 1
        while pos < emax:
            ch = s[pos]
            if ch == "\n" or ch == "<":
                return False, pos
            if ch == ">":
                return True, pos + 1
            if ch == "\\" and pos + 1 < emax:
                pos += 2
                continue
            pos += 1
        return False, pos
    level = 0
    while pos < emax:
        ch = s[pos]
        if ch == " " or ord(ch) < 0x20 or ch == "\x7f":
            break
        if ch == "\\" and pos + 1 < emax:
            if s[pos + 1] == " ":
                break
            pos += 2
            continue
        if ch == "(":
            level += 1
            if level > 32:
                return False, pos
        if ch == ")":
            if level == 0:
                break
            level -= 1
        pos += 1
    if start == pos or level != 0:
        return False, pos
    return True, pos


class _Title:
    """markdown-it's parseLinkTitle state."""

    __slots__ = ("can_continue", "marker", "ok", "pos", "text")

    def __init__(self) -> None:
        self.ok = False
        self.can_continue = False
        self.pos = 0
        self.text = ""
        self.marker = ""


def _parse_title(s: str, start: int, emax: int, prev: _Title | None) -> _Title:
    pos = start
    t = _Title()
    if prev is not None:
        t.text = prev.text
        t.marker = prev.marker
    else:
        if pos >= emax:
            return t
        marker = s[pos]
        if marker not in "\"'(":
            return t
        start += 1
        pos += 1
        t.marker = ")" if marker == "(" else marker
    while pos < emax:
        ch = s[pos]
        if ch == t.marker:
            t.pos = pos + 1
            t.text += s[start:pos]
            t.ok = True
            return t
        if ch == "(" and t.marker == ")":
            return t
        if ch == "\\" and pos + 1 < emax:
            pos += 1
        pos += 1
    t.can_continue = True
    t.text += s[start:pos]
    return t


def _reference_next_line(st: _State, nxt: int) -> str | None:
    if nxt >= st.line_max or st.is_empty(nxt):
        return None
    continuation = st.is_code(nxt) or st.s_count[nxt] < 0
    if not continuation:
        old_parent = st.parent_type
        st.parent_type = "reference"
        terminate = _terminates(st, nxt, st.line_max, _PARAGRAPH_TERMINATORS)
        st.parent_type = old_parent
        if terminate:
            return None
    pos = st.b_marks[nxt] + st.t_shift[nxt]
    return st.src[pos : st.e_marks[nxt] + 1]


def _reference(st: _State, start: int, end: int, silent: bool) -> bool:
    src = st.src
    pos = st.b_marks[start] + st.t_shift[start]
    emax = st.e_marks[start]
    nxt = start + 1
    if st.is_code(start) or pos >= len(src) or src[pos] != "[":
        return False
    s = src[pos : emax + 1]
    emax = len(s)
    label_end = -1
    pos = 1
    while pos < emax:
        ch = s[pos]
        if ch == "[":
            return False
        if ch == "]":
            label_end = pos
            break
        if ch == "\n":
            more = _reference_next_line(st, nxt)
            if more is not None:
                s += more
                emax = len(s)
                nxt += 1
        elif ch == "\\":
            pos += 1
            if pos < emax and s[pos] == "\n":
                more = _reference_next_line(st, nxt)
                if more is not None:
                    s += more
                    emax = len(s)
                    nxt += 1
        pos += 1
    if label_end < 0 or label_end + 1 >= len(s) or s[label_end + 1] != ":":
        return False
    pos = label_end + 2
    while pos < emax:
        ch = s[pos]
        if ch == "\n":
            more = _reference_next_line(st, nxt)
            if more is not None:
                s += more
                emax = len(s)
                nxt += 1
        elif not _is_space(ch):
            break
        pos += 1
    dest_start = pos
    ok, pos = _parse_destination(s, pos, emax)
    if not ok:
        return False
    href = s[dest_start:pos].strip().lower()
    if href.startswith("<"):
        href = href[1:-1]
    if _BAD_PROTO_RE.search(href) and not _GOOD_DATA_RE.search(href):
        return False
    dest_end_pos = pos
    dest_end_line = nxt
    begin = pos
    while pos < emax:
        ch = s[pos]
        if ch == "\n":
            more = _reference_next_line(st, nxt)
            if more is not None:
                s += more
                emax = len(s)
                nxt += 1
        elif not _is_space(ch):
            break
        pos += 1
    title = _parse_title(s, pos, emax, None)
    while title.can_continue:
        more = _reference_next_line(st, nxt)
        if more is None:
            break
        s += more
        pos = emax
        emax = len(s)
        nxt += 1
        title = _parse_title(s, pos, emax, title)
    title_text = ""
    if pos < emax and begin != pos and title.ok:
        title_text = title.text
        pos = title.pos
    else:
        pos = dest_end_pos
        nxt = dest_end_line
    while pos < emax and _is_space(s[pos]):
        pos += 1
    if pos < emax and s[pos] != "\n" and title_text:
        pos = dest_end_pos
        nxt = dest_end_line
        while pos < emax and _is_space(s[pos]):
            pos += 1
    if pos < emax and s[pos] != "\n":
        return False
    if not s[1:label_end].strip(_TRIM):
        return False
    if silent:
        return True
    st.line = nxt
    return True


def _html_block(st: _State, start: int, end: int, silent: bool) -> bool:
    src = st.src
    pos = st.b_marks[start] + st.t_shift[start]
    emax = st.e_marks[start]
    if st.is_code(start) or pos >= len(src) or src[pos] != "<":
        return False
    line_text = src[pos:emax]
    seq = None
    for candidate in _HTML_SEQUENCES:
        if candidate[0].search(line_text):
            seq = candidate
            break
    if seq is None:
        return False
    if silent:
        return seq[2]
    closer = seq[1]
    nxt = start + 1
    if closer is None or not closer.search(line_text):
        while nxt < end:
            if st.s_count[nxt] < st.blk_indent and (closer is None or not st.is_empty(nxt)):
                break
            pos = st.b_marks[nxt] + st.t_shift[nxt]
            line_text = src[pos : st.e_marks[nxt]]
            if closer is None:
                if not line_text:
                    break
            elif closer.search(line_text):
                nxt += 1
                break
            nxt += 1
    st.line = nxt
    st.out.append(Block("html", start, nxt, st.level))
    return True


def _heading(st: _State, start: int, end: int, silent: bool) -> bool:
    src = st.src
    pos = st.b_marks[start] + st.t_shift[start]
    emax = st.e_marks[start]
    if st.is_code(start) or pos >= emax or src[pos] != "#":
        return False
    depth = 1
    pos += 1
    while pos < emax and src[pos] == "#" and depth <= 6:
        depth += 1
        pos += 1
    if depth > 6 or (pos < emax and not _is_space(src[pos])):
        return False
    if silent:
        return True
    text = src[pos:emax].rstrip(" \t")
    closing = text.rstrip("#")
    if len(closing) < len(text) and (closing == "" or _is_space(closing[-1])):
        text = closing
    st.line = start + 1
    st.out.append(Block("heading", start, start + 1, st.level, depth, text.strip(_TRIM)))
    return True


def _lheading_or_paragraph(st: _State, start: int, end: int) -> None:
    """markdown-it's lheading rule, falling back to its paragraph rule.

    Both scan the same lines; the setext underline is the only difference.
    """
    nxt = start + 1
    old_parent = st.parent_type
    st.parent_type = "paragraph"
    src = st.src
    b_marks = st.b_marks
    t_shift = st.t_shift
    e_marks = st.e_marks
    s_count = st.s_count
    blk_indent = st.blk_indent
    depth = 0
    while nxt < end:
        pos = b_marks[nxt] + t_shift[nxt]
        emax = e_marks[nxt]
        if pos >= emax:
            break
        sc = s_count[nxt]
        if sc - blk_indent > 3:
            nxt += 1
            continue
        ch = src[pos]
        if (
            sc >= blk_indent
            and (ch == "-" or ch == "=")
            and not src[pos:emax].rstrip(" \t").strip(ch)
        ):
            depth = 1 if ch == "=" else 2
            break
        if sc < 0:
            nxt += 1
            continue
        if (ch in _TERMINATOR_START or src.find("|", pos, emax) >= 0) and _terminates(
            st, nxt, end, _PARAGRAPH_TERMINATORS
        ):
            break
        nxt += 1
    if not depth and nxt == end and end < st.line_max:
        # markdown-it's paragraph rule scans to the end of the document, not of the block
        while nxt < st.line_max and not st.is_empty(nxt):
            sc = s_count[nxt]
            if sc - blk_indent > 3 or sc < 0:
                nxt += 1
                continue
            if _terminates(st, nxt, st.line_max, _PARAGRAPH_TERMINATORS):
                break
            nxt += 1
    st.parent_type = old_parent
    if depth:
        text = st.get_lines(start, nxt, blk_indent, False).strip(_TRIM)
        st.line = nxt + 1
        st.out.append(Block("heading", start, nxt + 1, st.level, depth, text))
    else:
        st.line = nxt
        st.out.append(Block("paragraph", start, nxt, st.level))


# Terminator chains (markdown-it's ``alt`` lists), as first-character tests.
# fence, blockquote and hr end every chain; these bits add the others.
_T_TABLE, _T_LIST, _T_HTML, _T_HEADING = 1, 2, 4, 8
_PARAGRAPH_TERMINATORS = _T_TABLE | _T_LIST | _T_HTML | _T_HEADING
_BLOCKQUOTE_TERMINATORS = _T_LIST | _T_HTML | _T_HEADING
_LIST_TERMINATORS = 0


def _terminates(st: _State, line: int, end: int, chain: int) -> bool:
    """Would any rule of ``chain`` start a block at ``line``?  (silent mode)"""
    if st.s_count[line] - st.blk_indent >= 4:
        return False  # every terminator refuses an indented-code line
    src = st.src
    pos = st.b_marks[line] + st.t_shift[line]
    emax = st.e_marks[line]
    if pos >= emax:
        return False
    ch = src[pos]
    if chain & _T_TABLE and line + 1 < end and src.find("|", pos, emax) >= 0:
        nch_pos = st.b_marks[line + 1] + st.t_shift[line + 1]
        if nch_pos < len(src) and src[nch_pos] in "|-:" and _table(st, line, end, True):
            return True
    if ch == "`" or ch == "~":
        return _fence(st, line, end, True)
    if ch == ">":
        return _blockquote(st, line, end, True)
    if ch == "#":
        return bool(chain & _T_HEADING) and _heading(st, line, end, True)
    if ch == "<":
        return bool(chain & _T_HTML) and _html_block(st, line, end, True)
    if (
        (ch == "*" or ch == "-" or ch == "_")
        and not (pos + 2 < emax and src[pos + 1] == " " and src[pos + 2] not in (ch, " ", "\t"))
        and _hr(st, line, end, True)
    ):
        return True
    if ch == "*" or ch == "-" or ch == "+" or "0" <= ch <= "9":
        return bool(chain & _T_LIST) and _list(st, line, end, True)
    return False


def _tokenize(st: _State, start: int, end: int) -> None:
    line = start
    src = st.src
    blk_indent = st.blk_indent
    b_marks = st.b_marks
    t_shift = st.t_shift
    e_marks = st.e_marks
    while line < end:
        while line < st.line_max and b_marks[line] + t_shift[line] >= e_marks[line]:
            line += 1
        st.line = line
        if line >= end:
            break
        if st.s_count[line] < blk_indent:
            break
        if st.level >= MAX_NESTING:
            st.line = end
            break
        pos = b_marks[line] + t_shift[line]
        emax = e_marks[line]
        ch = src[pos]
        matched = False
        # The table rule runs first: a header row may start with any character.
        if line + 2 <= end and src.find("|", pos, emax) >= 0:
            nch_pos = b_marks[line + 1] + t_shift[line + 1]
            if nch_pos < len(src) and src[nch_pos] in "|-:":
                matched = _table(st, line, end, False)
        if not matched:
            if st.s_count[line] - blk_indent >= 4:
                matched = _code(st, line, end, False)
            elif ch == "`" or ch == "~":
                matched = _fence(st, line, end, False)
            elif ch == ">":
                matched = _blockquote(st, line, end, False)
            elif ch == "#":
                matched = _heading(st, line, end, False)
            elif ch == "<":
                matched = _html_block(st, line, end, False)
            elif ch == "[":
                matched = _reference(st, line, end, False)
            elif ch == "*" or ch == "-" or ch == "_":
                # "- text": the character after the marker's space is not the marker,
                # so this cannot be a thematic break (the usual list item)
                not_hr = (
                    pos + 2 < emax and src[pos + 1] == " " and src[pos + 2] not in (ch, " ", "\t")
                )
                matched = (not not_hr and _hr(st, line, end, False)) or (
                    ch != "_" and _list(st, line, end, False)
                )
            elif ch == "+" or "0" <= ch <= "9":
                matched = _list(st, line, end, False)
        if not matched:
            _lheading_or_paragraph(st, line, end)
        line = st.line
        if line < end and st.is_empty(line):
            line += 1
            st.line = line


def scan(text: str) -> list[Block]:
    """Return the blocks of ``text`` in document order (containers first)."""
    if not text:
        return []
    if "\r" in text:
        text = _LINE_BREAK_RE.sub("\n", text)
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    st = _State(text)
    _tokenize(st, 0, st.line_max)
    return st.out
