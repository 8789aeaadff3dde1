"""``bep check``: run every rule over a repository and collect findings.

Rules are small functions grouped by what they read (``numbers``,
``metadata``, ``structure``, ``segmentation``, ``aicontext``, ``decisions``,
``links``, ``crossref``, ``branch``).  Each reports through a ``Context``,
which applies the configured severities; the engine then drops findings that
an author silenced with ``<!-- bep-ignore CODE -->`` and sorts the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from bepkit.check.catalogue import RULES
from bepkit.config import Config
from bepkit.errors import ConfigError
from bepkit.model.document import Document
from bepkit.model.workspace import Workspace

if TYPE_CHECKING:
    from bepkit.check.cache import FactsCache
    from bepkit.check.facts import DocFacts

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
    """What rules read (the workspace) and where they report (``add``).

    Findings are recorded with their rule's default severity; ``run`` applies
    the configured severities at the end, so that per-document results do not
    depend on the configuration of rules (and can be cached).
    """

    ws: Workspace
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # said once, not findings (e.g. remote unreachable)
    facts: dict[str, DocFacts] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        return self.ws.config

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once per run (and per worker process)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return cast(T, self.memo[key])

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
        """Report ``code`` at ``path:line`` (1-based).

        ``fixable=False`` says that this finding of a fixable rule has no safe fix;
        ``key`` replaces the message in the baseline when the message holds a
        figure that edits elsewhere change.
        """
        rule = RULES[code]
        self.findings.append(
            Finding(
                path,
                max(line, 1),
                col,
                code,
                message,
                rule.severity,
                hint,
                rule.fixable and fixable,
                key,
            )
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
    code = doc.mask(("fence", "code"))
    for i, raw in enumerate(doc.lines):
        if "bep-ignore" not in raw or code[i]:
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


def _finish(ctx: Context, levels: dict[str, str]) -> list[Finding]:
    """Drop silenced and turned-off findings, apply severities, sort."""
    silenced: dict[str, tuple[set[str], dict[int, set[str]]]] = {
        rel: (f.ignore_file, f.ignore_lines) for rel, f in ctx.facts.items()
    }
    registry = ctx.config.registry_file
    if ctx.ws.is_file(registry):
        silenced[registry] = suppressions(ctx.ws.document(registry))
    out = set()
    for f in ctx.findings:
        level = levels[f.code]
        if level == "off":
            continue
        whole, by_line = silenced.get(f.path, (set(), {}))
        if f.code in whole or f.code in by_line.get(f.line, ()):
            continue
        out.add(f if f.severity == level else replace(f, severity=level))
    return sorted(out)


def run(
    ws: Workspace, *, base: str | None = None, jobs: int = 1, cache: FactsCache | None = None
) -> Context:
    """Check the repository; the context holds the findings, sorted by path,
    line, column and code, and any notes.

    ``jobs`` > 1 checks documents in that many processes; ``cache`` reuses the
    results of documents whose content has not changed.
    """
    from bepkit.check import aicontext, branch, crossref, links, numbers, segmentation
    from bepkit.check.phase import collect_all

    levels = severities(ws.config)
    ctx = Context(ws)
    ctx.facts = collect_all(ws, jobs=jobs, cache=cache)
    for facts in ctx.facts.values():
        ctx.findings.extend(facts.findings)
    numbers.check(ctx)
    for p in ws.proposals.values():
        segmentation.check_folders(ctx, p)
    aicontext.check_parent_titles(ctx)
    links.check(ctx)
    crossref.check(ctx)
    branch.check(ctx, base)
    ctx.findings = _finish(ctx, levels)
    return ctx
