"""Text that leaves bepkit: JSON that is always valid UTF-8, terminal text that
is never acted on.

Documents are read with ``surrogateescape``, so a byte that is not UTF-8
survives a round trip as a lone surrogate (U+DC80..U+DCFF).  Every output
carries it escaped: ``\\udcNN`` in JSON, ``\\xNN`` on a terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["json_safe", "json_text", "one_line", "undecodable", "visible"]

_SURROGATE_RE = re.compile("[\udc80-\udcff]")
# what JSON text carries as \uXXXX: lone surrogates (bytes that are not UTF-8), DEL
# and the C1 controls (U+009B is a terminal's CSI), which json.dumps leaves raw
_ESCAPED_IN_JSON_RE = re.compile("[\x7f-\x9f\udc80-\udcff]")
_NOT_PLAIN_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff]")
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]}
_CONTROL.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON: readable non-ASCII text; lone surrogates and the controls
    json.dumps leaves raw are escaped, so it is valid UTF-8 and safe on a terminal."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _ESCAPED_IN_JSON_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def json_safe(data: Any) -> Any:
    """``data`` with every string made encodable (``undecodable``), for a JSON
    encoder that would stop at a lone surrogate (the MCP SDK's)."""
    if isinstance(data, str):
        return undecodable(data)
    if isinstance(data, dict):
        return {json_safe(k): json_safe(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [json_safe(v) for v in data]
    return data


def undecodable(text: str) -> str:
    """``text`` with each byte that was not UTF-8 written ``\\xNN``: encodable."""
    return _SURROGATE_RE.sub(lambda m: f"\\x{ord(m.group(0)) - 0xDC00:02x}", text)


def visible(text: str) -> str:
    """``text`` for a terminal: control characters (an escape sequence, a carriage
    return) and bytes that are not UTF-8 are shown as ``\\xNN``, never acted on;
    line breaks and tabs stay."""
    if _NOT_PLAIN_RE.search(text) is None:  # the common case: nothing to show
        return text
    return undecodable(text.translate(_CONTROL))


def one_line(text: str) -> str:
    """``visible(text)`` that stays on one line: a file name with a line break
    cannot start a line of its own (``::error``...) in the output."""
    return visible(text).replace("\n", "\\n")
