"""``<!-- context-for-ai ... -->`` blocks: the keys coding agents read first.

The guide writes them as ``key: value`` lines, where a value is a scalar, a
flow list ``[a, b]`` or an indented ``- item`` list on the following lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["AiContext", "AiEntry", "format_entry", "parse_ai_context", "split_flow_list"]

MARKER = "context-for-ai"
_OPEN_RE = re.compile(r"^[ \t]*<!--[ \t]*context-for-ai\b[ \t]*(.*)$")
_KEY_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]*(.*?))?[ \t]*$")
_ITEM_RE = re.compile(r"^[ \t]*-[ \t]+(.*?)[ \t]*$")
_PAIRS = {"(": ")", "[": "]", "{": "}"}


@dataclass(slots=True)
class AiEntry:
    key: str
    value: str | list[str]
    line: int
    end: int  # exclusive
    style: str  # "scalar", "flow" ([a, b]) or "block" (- item lines)

    @property
    def items(self) -> list[str]:
        if isinstance(self.value, list):
            return self.value
        return [self.value] if self.value else []


@dataclass(slots=True)
class AiContext:
    """A block spanning lines ``start`` to ``end - 1`` (``<!--`` to ``-->``)."""

    start: int
    end: int
    entries: list[AiEntry]
    problems: list[tuple[int, str]] = field(default_factory=list)

    def entry(self, key: str) -> AiEntry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None

    def get(self, key: str) -> str | list[str] | None:
        e = self.entry(key)
        return None if e is None else e.value

    def items(self, key: str) -> list[str]:
        e = self.entry(key)
        return [] if e is None else e.items

    @property
    def type(self) -> str:
        value = self.get("type")
        return value if isinstance(value, str) else ""

    def as_dict(self) -> dict[str, str | list[str]]:
        return {e.key: e.value for e in self.entries}


def split_flow_list(text: str) -> list[str]:
    """Split ``a, b (c, d), "e, f"`` at top-level commas."""
    items: list[str] = []
    depth: list[str] = []
    quote = ""
    current: list[str] = []
    for ch in text:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'" and not "".join(current).strip():
            quote = ch
        elif ch in _PAIRS:
            depth.append(_PAIRS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch == "," and not depth:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    last = "".join(current).strip()
    if last or items:
        items.append(last)
    return [_unquote(i) for i in items if i]


def _unquote(item: str) -> str:
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'":
        return item[1:-1]
    return item


def _scalar_or_flow(raw: str) -> tuple[str | list[str], str]:
    if raw.startswith("[") and raw.endswith("]"):
        return split_flow_list(raw[1:-1]), "flow"
    return _unquote(raw), "scalar"


def is_ai_context_start(line: str) -> bool:
    return _OPEN_RE.match(line) is not None


def parse_ai_context(lines: list[str], start: int, end: int) -> AiContext:
    """Parse the HTML comment block at ``lines[start:end]``."""
    entries: list[AiEntry] = []
    problems: list[tuple[int, str]] = []
    body: list[tuple[int, str]] = []
    for i in range(start, end):
        raw = lines[i].rstrip("\r\n")
        if i == start:
            m = _OPEN_RE.match(raw)
            raw = m.group(1) if m else ""
        closing = raw.find("-->")
        if closing >= 0:
            raw = raw[:closing]
        if raw.strip():
            body.append((i, raw))
        if closing >= 0:
            break
    for i, raw in body:
        item = _ITEM_RE.match(raw)
        if item and entries and entries[-1].style in ("block", "empty"):
            last = entries[-1]
            assert isinstance(last.value, list)
            last.value.append(_unquote(item.group(1)))
            last.style = "block"
            last.end = i + 1
            continue
        m = _KEY_RE.match(raw.strip()) if not raw[0].isspace() else None
        if m:
            value = (m.group(2) or "").strip()
            if value:
                parsed, style = _scalar_or_flow(value)
                entries.append(AiEntry(m.group(1), parsed, i, i + 1, style))
            else:
                entries.append(AiEntry(m.group(1), [], i, i + 1, "empty"))
            continue
        problems.append((i, raw.strip()))
    for e in entries:
        if e.style == "empty":
            e.style = "block"
    return AiContext(start, end, entries, problems)


def _flow_item(item: str) -> str:
    """An item as written in ``[a, b]``: quoted when it holds a comma or a bracket."""
    if any(ch in item for ch in ",[]") or item[:1] in "\"'":
        return '"' + item.replace('"', "'") + '"'
    return item


def format_entry(key: str, value: str | list[str], style: str = "flow") -> list[str]:
    """Render one entry as lines (without line breaks)."""
    if isinstance(value, str):
        return [f"{key}: {value}"]
    if style == "block":
        return [f"{key}:", *(f"  - {v}" for v in value)]
    return [f"{key}: [{', '.join(_flow_item(v) for v in value)}]"]
