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

from bepkit.check import aicontext, branch, crossref, links, numbers, segmentation, transitions
from bepkit.check import baseline as bl
from bepkit.check.cache import FactsCache
from bepkit.check.catalogue import RULES, changes
from bepkit.check.context import Context, Finding
from bepkit.check.facts import suppressions
from bepkit.check.fixes import Change, merge, unified_diff, write
from bepkit.check.phase import Facts, collect_all, tasks
from bepkit.config import Config
from bepkit.errors import ConfigError
from bepkit.model.workspace import Workspace
from bepkit.parallel import default_jobs

__all__ = [
    "Outcome",
    "baseline_fixes",
    "check",
    "fix_diff",
    "record_baseline",
    "run",
    "severities",
]


@dataclass
class Outcome:
    """What a check found: findings not held back, how many were, notes said once."""

    findings: list[Finding]
    held: int = 0
    notes: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    fixed: list[Change] = field(default_factory=list)
    reused: int = 0  # documents whose results came from the cache, not read again

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def _fixable_codes(levels: dict[str, str], unsafe: bool) -> set[str]:
    return {
        code
        for code, rule in RULES.items()
        if rule.fixable and levels[code] != "off" and (unsafe or not rule.unsafe)
    }


def _cache(ws: Workspace, use_cache: bool) -> FactsCache | None:
    if not use_cache or os.environ.get("BEP_NO_CACHE"):
        return None
    return FactsCache(ws)


def _found(
    ws: Workspace,
    *,
    base: str | None,
    jobs: int | None,
    cache: FactsCache | None,
    focus: set[int] | None = None,
) -> tuple[list[Finding], list[str], int]:
    """The findings, the notes, and how many documents' results the cache had."""
    ctx = run(ws, base=base, jobs=jobs or default_jobs(), cache=cache, focus=focus)
    return ctx.findings, ctx.notes, cache.hits if cache is not None else 0


def _owners(ws: Workspace) -> dict[tuple[str, int], int]:
    """Which proposal a finding is about: (path, 0) for its files, (registry, line)
    for its registry rows."""
    out: dict[tuple[str, int], int] = {}
    for p in ws.proposals.values():
        for rel in [*(m.rel for m in p.mains), *p.subdocs, *(f.rel for f in p.folders)]:
            out[(rel, 0)] = p.number
        for row in p.rows:
            out[(ws.config.registry_file, row.line + 1)] = p.number
    return out


def _owner(owners: dict[tuple[str, int], int], f: Finding) -> int | None:
    return owners.get((f.path, f.line), owners.get((f.path, 0)))


def _of_proposal(ws: Workspace, number: int, findings: list[Finding]) -> list[Finding]:
    """The findings in one proposal's files and on its registry rows."""
    return selected(ws, findings, {number}, set())


def selected(
    ws: Workspace,
    findings: list[Finding],
    numbers: set[int],
    paths: set[str],
    owners: dict[tuple[str, int], int] | None = None,
) -> list[Finding]:
    """The findings of these proposals (their files and registry rows), and those
    in these files or folders."""
    for n in numbers:
        ws.proposal(n)  # an unknown number is an error
    owners = owners if owners is not None else _owners(ws)
    folders = tuple(p.rstrip("/") + "/" for p in paths)
    return [
        f
        for f in findings
        if _owner(owners, f) in numbers or f.path in paths or f.path.startswith(folders)
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
    unsafe_fixes: bool = False,
    targets: tuple[set[int], set[str]] | None = None,
    cache: FactsCache | None = None,
) -> Outcome:
    """Check the repository (or the proposal ``number``) as it is configured.

    ``cache`` is one this process keeps between runs (else, with ``use_cache``,
    the repository's is read from its file).

    With ``fix``, the safe fixes of the enabled rules are written first (under
    the write lock, each finding the baseline holds back left alone), and the
    repository is checked again.
    """
    levels = severities(ws.config)
    recorded = bl.load(ws) if use_baseline else None
    fixed: list[Change] = []
    if fix:
        fixed = write(
            ws,
            lambda: _changes(ws, levels, recorded, base, jobs, use_cache, unsafe_fixes),
            "check --fix",
        )
        ws.refresh()
    if number is not None:
        targets = ({number}, set())
    focus = None
    owners = None
    if targets is not None and not targets[1]:  # proposals only: read just those
        focus = targets[0]
    elif targets is not None:
        owners = _owners(ws)
        owned = {owners.get((path, 0)) for path in targets[1]}
        if None not in owned:  # every path is a proposal's file: read just those
            focus = targets[0] | {n for n in owned if n is not None}
    cache = cache or _cache(ws, use_cache)
    findings, notes, reused = _found(ws, base=base, jobs=jobs, cache=cache, focus=focus)
    if targets is not None:
        findings = selected(ws, findings, *targets, owners)
    held = 0
    if recorded is not None:
        findings, held = bl.hold_back(findings, recorded)
    return Outcome(findings, held, notes, levels, fixed, reused)


def _changes(
    ws: Workspace,
    levels: dict[str, str],
    recorded: Counter[bl.Key] | None,
    base: str | None,
    jobs: int | None,
    use_cache: bool,
    unsafe: bool = False,
) -> list[Change]:
    """The fixes for the enabled fixable rules; on an adopted repository (a
    baseline), only those of the findings it does not hold back, proposal by
    proposal: a branch's --fix changes only what its own findings ask for."""
    codes = _fixable_codes(levels, unsafe)
    if recorded is None:
        return changes(ws, codes) if codes else []
    wanted: dict[int | None, set[str]] = {}
    owners = _owners(ws)
    for f in _new_findings(ws, recorded, base=base, jobs=jobs, use_cache=use_cache):
        if f.fixable and f.code in codes:
            wanted.setdefault(_owner(owners, f), set()).add(f.code)
    out: list[Change] = []
    for number, which in wanted.items():
        if number is None:
            which &= numbers.TABLE_FIXES  # a table-wide fix has no proposal of its own
        if which:
            out += changes(ws, which, only=number)
    return merge(out)


def _new_findings(
    ws: Workspace,
    recorded: Counter[bl.Key],
    *,
    base: str | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
) -> list[Finding]:
    """The findings the baseline does not hold back."""
    findings, _, _ = _found(ws, base=base, jobs=jobs, cache=_cache(ws, use_cache))
    return bl.hold_back(findings, recorded)[0]


def baseline_fixes(ws: Workspace, *, use_baseline: bool = True) -> set[str] | None:
    """On a repository with a baseline, the fixable rules whose fixes may run (those
    with a finding the baseline does not hold back); None without a baseline."""
    recorded = bl.load(ws) if use_baseline else None
    if recorded is None:
        return None
    return {f.code for f in _new_findings(ws, recorded) if f.fixable}


def fix_diff(ws: Workspace, *, use_baseline: bool = True, unsafe_fixes: bool = False) -> str:
    """What ``check(fix=True)`` would change, as a unified diff (nothing written)."""
    levels = severities(ws.config)
    recorded = bl.load(ws) if use_baseline else None
    return unified_diff(ws, _changes(ws, levels, recorded, None, None, True, unsafe_fixes))


def record_baseline(ws: Workspace, *, base: str | None = None, jobs: int | None = None) -> int:
    """Record every finding of today as the baseline; the count recorded."""
    findings, _, _ = _found(ws, base=base, jobs=jobs, cache=_cache(ws, True))
    return bl.save(ws, findings)


# -- one run of the rules --------------------------------------------------


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
        fixable = f.fixable and RULES[f.code].fixable
        if f.severity != level or f.fixable != fixable:
            f = Finding(f.path, f.line, f.col, f.code, f.message, level, f.hint, fixable, f.key)
        out.add(f)
    # the dataclass order (path, line, col, code, message), by one key each
    return sorted(out, key=lambda f: (f.path, f.line, f.col, f.code, f.message, f.severity))


def run(
    ws: Workspace,
    *,
    base: str | None = None,
    jobs: int = 1,
    cache: FactsCache | None = None,
    focus: set[int] | None = None,
) -> Context:
    """Check the repository; the context holds the findings, sorted by path,
    line, column and code, and any notes.

    ``jobs`` > 1 checks documents in that many processes; ``cache`` reuses the
    results of documents whose content has not changed.  With ``focus``, only
    those proposals' documents are read (and any other a rule asks about), for
    the findings that concern them.
    """
    levels = severities(ws.config)
    ctx = Context(ws, focus=focus)
    todo = None if focus is None else tasks(ws, sorted(focus))
    ctx.facts = Facts(ws, collect_all(ws, jobs=jobs, cache=cache, todo=todo), cache)
    for facts in list(ctx.facts.values()):
        ctx.findings.extend(facts.findings)
    numbers.check(ctx)
    for p in ctx.in_focus():
        segmentation.check_folders(ctx, p)
    aicontext.check_parent_titles(ctx)
    links.check(ctx)
    crossref.check(ctx)
    branch.check(ctx, base)
    transitions.check(ctx, base)
    if cache is not None:  # a run over some proposals keeps the others' entries
        cache.save(prune=focus is None)
    ctx.findings = _finish(ctx, levels)
    return ctx
