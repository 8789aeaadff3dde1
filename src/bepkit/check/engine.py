"""One check for every face: ``bep check``, the MCP server and CI call ``check``.

It runs the rules the way the repository configured them: severities from
``[rules]``, the baseline (findings recorded when the repository adopted
bepkit are held back), the content-keyed cache, parallel jobs, one
proposal or all, and the safe fixes.  The faces only render the result.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from bepkit.check import Finding, run, severities
from bepkit.check import baseline as bl
from bepkit.check.cache import FactsCache
from bepkit.check.catalogue import RULES
from bepkit.check.fixes import Change, changes, unified_diff, write
from bepkit.check.phase import default_jobs
from bepkit.model.workspace import Workspace

__all__ = ["Outcome", "check", "fix_diff", "record_baseline"]


@dataclass
class Outcome:
    """What a check found: findings not held back, how many were, notes said once."""

    findings: list[Finding]
    held: int = 0
    notes: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    fixed: list[Change] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def _fixable_codes(levels: dict[str, str]) -> set[str]:
    return {code for code, rule in RULES.items() if rule.fixable and levels[code] != "off"}


def _cache(ws: Workspace, use_cache: bool) -> FactsCache | None:
    if not use_cache or os.environ.get("BEP_NO_CACHE"):
        return None
    return FactsCache(ws)


def _found(
    ws: Workspace, *, base: str | None, jobs: int | None, use_cache: bool
) -> tuple[list[Finding], list[str]]:
    ctx = run(ws, base=base, jobs=jobs or default_jobs(), cache=_cache(ws, use_cache))
    return ctx.findings, ctx.notes


def _of_proposal(ws: Workspace, number: int, findings: list[Finding]) -> list[Finding]:
    """The findings in one proposal's files and on its registry rows."""
    p = ws.proposal(number)
    files = {m.rel for m in p.mains} | set(p.subdocs) | {f.rel for f in p.folders}
    rows = {r.line + 1 for r in p.rows}
    return [
        f
        for f in findings
        if f.path in files or (f.path == ws.config.registry_file and f.line in rows)
    ]


def check(
    ws: Workspace,
    *,
    number: int | None = None,
    base: str | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    use_baseline: bool = True,
    fix: bool = False,
) -> Outcome:
    """Check the repository (or the proposal ``number``) as it is configured.

    With ``fix``, the safe fixes of the enabled rules are written first (under
    the write lock, each finding the baseline holds back left alone), and the
    repository is checked again.
    """
    levels = severities(ws.config)
    recorded = bl.load(ws) if use_baseline else None
    fixed: list[Change] = []
    if fix:
        fixed = write(ws, lambda: _changes(ws, levels, recorded, base, jobs, use_cache))
        ws.refresh()
    findings, notes = _found(ws, base=base, jobs=jobs, use_cache=use_cache)
    if number is not None:
        findings = _of_proposal(ws, number, findings)
    held = 0
    if recorded is not None:
        findings, held = bl.hold_back(findings, recorded)
    return Outcome(findings, held, notes, levels, fixed)


def _changes(
    ws: Workspace,
    levels: dict[str, str],
    recorded: Counter[bl.Key] | None,
    base: str | None,
    jobs: int | None,
    use_cache: bool,
) -> list[Change]:
    """The fixes for the enabled fixable rules that have a finding not held back
    by the baseline: on an adopted repository, only a branch's own findings."""
    codes = _fixable_codes(levels)
    if recorded is not None:
        findings, _ = _found(ws, base=base, jobs=jobs, use_cache=use_cache)
        new, _ = bl.hold_back(findings, recorded)
        codes &= {f.code for f in new if f.fixable}
    return changes(ws, codes) if codes else []


def fix_diff(ws: Workspace, *, use_baseline: bool = True) -> str:
    """What ``check(fix=True)`` would change, as a unified diff (nothing written)."""
    levels = severities(ws.config)
    recorded = bl.load(ws) if use_baseline else None
    return unified_diff(ws, _changes(ws, levels, recorded, None, None, True))


def record_baseline(ws: Workspace, *, base: str | None = None, jobs: int | None = None) -> int:
    """Record every finding of today as the baseline; the count recorded."""
    findings, _ = _found(ws, base=base, jobs=jobs, use_cache=True)
    return bl.save(ws, findings)
