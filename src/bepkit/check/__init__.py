"""``bep check``: run every rule over a repository and collect findings.

Rules are small functions grouped by what they read (``numbers``,
``metadata``, ``structure``, ``segmentation``, ``aicontext``, ``decisions``,
``links``, ``crossref``, ``branch``).  Each reports through a ``Context``,
which applies the configured severities; the engine then drops findings that
an author silenced with ``<!-- bep-ignore CODE -->`` and sorts the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from ..catalogue import RULES
from ..config import Config
from ..document import Document
from ..errors import ConfigError
from ..workspace import Workspace

__all__ = ["Context", "Finding", "run"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    code: str
    message: str
    severity: str = "error"
    hint: str | None = field(default=None, compare=False)
    fixable: bool = field(default=False, compare=False)
    # what the baseline records instead of the message when the message holds a
    # figure that edits elsewhere change (a line count)
    key: str | None = field(default=None, compare=False)

    @property
    def identity(self) -> str:
        return self.key if self.key is not None else self.message

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass
class Context:
    """What rules read (the workspace) and where they report (``add``)."""

    ws: Workspace
    severities: dict[str, str]
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # said once, not findings (e.g. remote unreachable)
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        return self.ws.config

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once per run."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    def add(
        self,
        code: str,
        path: str,
        line: int,
        message: str,
        *,
        col: int = 1,
        hint: str | None = None,
        fixable: bool = True,
        key: str | None = None,
    ) -> None:
        """Report ``code`` at ``path:line`` (1-based), unless the rule is turned off.

        ``fixable=False`` says that this finding of a fixable rule has no safe fix.
        """
        severity = self.severities[code]
        if severity == "off":
            return
        fix = RULES[code].fixable and fixable
        self.findings.append(
            Finding(path, max(line, 1), col, code, message, severity, hint, fix, key)
        )


def severities(config: Config) -> dict[str, str]:
    """Each rule's severity after configuration; an unknown code is a configuration error."""
    out = {code: rule.severity for code, rule in RULES.items()}
    for code, severity in config.rules.items():
        if code not in RULES:
            raise ConfigError(
                f"rules.{code}: unknown rule code (bep check --list-rules lists them)",
                path=str(config.source) if config.source else None,
            )
        out[code] = severity
    return out


_IGNORE_RE = re.compile(
    r"<!--\s*bep-ignore(-file)?\s*:?\s*([A-Z][0-9]{3}(?:[\s,]+[A-Z][0-9]{3})*)\s*-->"
)


def suppressions(doc: Document) -> tuple[set[str], dict[int, set[str]]]:
    """Codes silenced in the whole file, and per 1-based line.

    ``<!-- bep-ignore CODE -->`` silences CODE on its own line and on the next
    line that is not blank; ``<!-- bep-ignore-file CODE -->`` in the whole file.
    """
    whole: set[str] = set()
    lines: dict[int, set[str]] = {}
    if "bep-ignore" not in doc.text:
        return whole, lines
    code_spans = [(b.start, b.end) for b in doc.blocks if b.kind in ("fence", "code")]
    for i, raw in enumerate(doc.lines):
        if "bep-ignore" not in raw or any(s <= i < e for s, e in code_spans):
            continue
        for m in _IGNORE_RE.finditer(raw):
            codes = set(re.split(r"[\s,]+", m.group(2).strip()))
            if m.group(1):
                whole |= codes
                continue
            lines.setdefault(i + 1, set()).update(codes)
            j = i + 1
            while j < len(doc.lines) and not doc.lines[j].strip():
                j += 1
            lines.setdefault(j + 1, set()).update(codes)
    return whole, lines


def _unsilenced(ws: Workspace, findings: Iterable[Finding]) -> list[Finding]:
    cache: dict[str, tuple[set[str], dict[int, set[str]]]] = {}
    out = []
    for f in findings:
        if f.path not in cache:
            cache[f.path] = (
                suppressions(ws.document(f.path))
                if f.path.endswith(".md") and ws.exists(f.path)
                else (set(), {})
            )
        whole, by_line = cache[f.path]
        if f.code in whole or f.code in by_line.get(f.line, ()):
            continue
        out.append(f)
    return out


def run(ws: Workspace, *, base: str | None = None) -> Context:
    """Check the repository; the context holds the findings, sorted by path,
    line, column and code, and any notes."""
    from . import (
        aicontext,
        branch,
        crossref,
        decisions,
        links,
        metadata,
        numbers,
        segmentation,
        structure,
    )

    ctx = Context(ws, severities(ws.config))
    numbers.check(ctx)
    for p in ws.proposals.values():
        for main in p.mains:
            doc = ws.document(main.rel)
            metadata.check(ctx, p, main, doc)
            structure.check(ctx, p, main, doc)
            segmentation.check_main(ctx, p, main, doc)
            aicontext.check_main(ctx, p, main, doc)
            decisions.check(ctx, main.rel, doc)
        segmentation.check_folders(ctx, p)
        for folder in p.folders:
            for sub in folder.subdocs:
                doc = ws.document(sub)
                segmentation.check_subdoc(ctx, p, sub, doc)
                aicontext.check_subdoc(ctx, p, folder, sub, doc)
    links.check(ctx)
    crossref.check(ctx)
    branch.check(ctx, base)
    ctx.findings = sorted(set(_unsilenced(ws, ctx.findings)))
    return ctx
