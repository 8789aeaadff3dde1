"""The ``bep`` command: a thin face over the library.

Commands parse their options, call one library function and render what it
returns.  Exit codes: 0 success, 1 findings (``bep check``), 2 a usage,
configuration or repository error — always one line on stderr, no traceback.
Heavy imports (rich, the checker, the MCP server) happen inside the commands
that need them, so that ``bep --help`` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import BepError

if TYPE_CHECKING:
    from .info import DocumentInfo
    from .workspace import Workspace


class _Group(click.Group):
    """Turns every BepError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BepError as exc:
            fail(exc)


def fail(exc: BepError) -> NoReturn:
    message = f"bep: error: {exc}"
    if exc.hint:
        message += f" ({exc.hint})"
    click.echo(message, err=True)
    sys.exit(2)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def workspace(ctx: click.Context) -> Workspace:
    from .workspace import Workspace

    start: Path = ctx.obj["directory"]
    return Workspace.open(start)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Run as if bep was started in this folder.",
)
@click.version_option(__version__, "-V", "--version", prog_name="bep")
@click.pass_context
def main(ctx: click.Context, directory: Path) -> None:
    """Run an enhancement-proposal process kept in a git repository.

    bep finds the proposals folder by walking up from the current folder
    (configuration: [tool.bep] in pyproject.toml, or bep.toml; the defaults are
    the Backend.AI BEP layout).

    \b
    Examples:
      bep list --status draft        proposals still in draft
      bep show 1033                  one proposal: metadata, sections, sub-documents
      bep -C ../other-repo list --json
    """
    ctx.ensure_object(dict)
    ctx.obj["directory"] = directory


# -- list -------------------------------------------------------------------------------


@main.command("list")
@click.option(
    "--status", "statuses", multiple=True, help="Only this status (repeatable; any case)."
)
@click.option("--author", help="Only proposals whose author contains this text (any case).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: one object per line of the table."
)
@click.pass_context
def list_cmd(
    ctx: click.Context, statuses: tuple[str, ...], author: str | None, as_json: bool
) -> None:
    """List every proposal: number, title, status, author, created, layout.

    A number with a registry row but no document yet is shown as reserved;
    two documents that share a number are both shown.

    \b
    Examples:
      bep list
      bep list --status accepted --status implemented
      bep list --author kim --json
    """
    from .info import list_entries

    entries = list_entries(workspace(ctx))
    if statuses:
        wanted = {s.lower() for s in statuses}
        entries = [e for e in entries if e.status.lower() in wanted]
    if author:
        entries = [e for e in entries if author.lower() in e.author.lower()]
    if as_json:
        emit_json([e.as_dict() for e in entries])
        return
    headers = ["Number", "Title", "Status", "Author", "Created", "Layout"]
    rows = [[str(e.number), e.title, e.status, e.author, e.created, e.layout] for e in entries]
    print_table(headers, rows)


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """A rich table on a terminal; tab-separated lines (no header) in a pipe."""
    if not sys.stdout.isatty():
        for row in rows:
            click.echo("\t".join(row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*headers, box=None, header_style="bold", pad_edge=False)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


# -- show -------------------------------------------------------------------------------


@main.command("show")
@click.argument("number", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list: one item per document).")
@click.pass_context
def show_cmd(ctx: click.Context, number: int, as_json: bool) -> None:
    """Show one proposal: metadata, sections, sub-documents, context, decisions, questions.

    When two documents share the number, both are shown.

    \b
    Examples:
      bep show 1033
      bep show 1033 --json | jq '.[0].open_questions'
    """
    from .info import as_json as info_json
    from .info import show

    ws = workspace(ctx)
    infos = show(ws, number)
    if as_json:
        emit_json([info_json(i) for i in infos])
        return
    ident = ws.config.ident(number)
    for k, info in enumerate(infos):
        if k:
            click.echo()
        _print_info(ident, info)


def _heading(text: str) -> None:
    click.echo()
    click.secho(text, bold=True)


def _print_info(ident: str, info: DocumentInfo) -> None:
    title = info.title or (info.registry or {}).get("title") or ""
    click.secho(f"{ident}  {title}", bold=True)
    if info.path:
        click.echo(f"  {info.path} ({info.lines} lines)")
    else:
        click.echo("  reserved: no document yet")
    reg = info.registry
    if reg:
        link = f" -> {reg['link']}" if reg["link"] else ""
        cells = f"{reg['title']} | {reg['author']} | {reg['status']}"
        click.echo(f"  registry line {reg['line']}: {cells}{link}")
    else:
        click.echo("  registry: no row")
    if info.frontmatter is not None:
        _heading("Metadata")
        for key, value in info.frontmatter.items():
            click.echo(f"  {key}: {value}".rstrip())
    elif info.path:
        _heading("Metadata")
        click.echo("  (no frontmatter)")
    if info.sections:
        _heading("Sections")
        shown = [s for s in info.sections if s["depth"] <= 2]
        for s in shown:
            note = f"  [{s['section']}]" if s["section"] and s["section"] != s["title"] else ""
            click.echo(f"  {'#' * s['depth']} {s['title']}  ({s['lines']} lines){note}")
        if len(shown) < len(info.sections):
            click.echo(
                f"  (and {len(info.sections) - len(shown)} deeper headings; --json lists all)"
            )
    if info.subdocuments:
        _heading(f"Sub-documents ({len(info.subdocuments)})")
        for sub in info.subdocuments:
            click.echo(f"  {sub['path']}  ({sub['lines']} lines)  {sub['title'] or ''}")
    if info.supporting_files:
        _heading(f"Supporting files ({len(info.supporting_files)})")
        for path in info.supporting_files:
            click.echo(f"  {path}")
    _heading("Context for AI")
    if not info.context_for_ai:
        click.echo("  (none)")
    for block in info.context_for_ai:
        click.echo(f"  line {block['line']}:")
        for key, value in block["keys"].items():
            text = ", ".join(value) if isinstance(value, list) else value
            click.echo(f"    {key}: {text}")
    _heading("Decision Log")
    if not info.decision_log:
        click.echo("  (none)")
    for d in info.decision_log:
        click.echo(f"  {d['date']}  {d['decision']}  — {d['rationale']}")
    _heading("Open Questions")
    if not info.open_questions:
        click.echo("  (none)")
    for q in info.open_questions:
        box = "" if q["checked"] is None else ("[x] " if q["checked"] else "[ ] ")
        click.echo(f"  {q['index']}. {box}{q['text']}")


# -- check ------------------------------------------------------------------------------


@main.command("check")
@click.option(
    "--fix", is_flag=True, help="Apply every safe fix, say what changed, then check again."
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Show the safe fixes as a unified diff; write nothing.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    show_default=True,
    help="How to print findings.",
)
@click.option(
    "--base",
    metavar="REF",
    help="Merge target of the branch (e.g. origin/main): "
    "report numbers the branch adds that are taken there, on other branches or by reservations.",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Record today's findings; later checks report only new ones.",
)
@click.option("--no-baseline", is_flag=True, help="Report every finding, ignoring the baseline.")
@click.option("--list-rules", is_flag=True, help="List every rule (with --format json: as JSON).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes to check documents with [default: cores].",
)
@click.option("--no-cache", is_flag=True, help="Check every document again (ignore the cache).")
@click.pass_context
def check_cmd(
    ctx: click.Context,
    fix: bool,
    show_diff: bool,
    fmt: str,
    base: str | None,
    update_baseline: bool,
    no_baseline: bool,
    list_rules: bool,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Check the repository against the process: one finding per line.

    Findings print as `path:line:col: CODE message`, sorted by path and line,
    with a summary. Exit code 1 when an error is reported, 0 otherwise (warnings
    do not fail), 2 for a usage or configuration error.

    Silence one finding with `<!-- bep-ignore CODE -->` on its line or the line
    above; a whole file with `<!-- bep-ignore-file CODE -->`. Configure rules in
    [tool.bep.rules] (CODE = "off" | "warning" | "error").

    \b
    Examples:
      bep check                          every finding not in the baseline
      bep check --fix                    sync the registry, Document Index, detail-docs
      bep check --diff                   what --fix would change
      bep check --format github --base origin/main    in a pull request
      bep check --update-baseline        adopt on an existing repository
      bep rule N001                      what a rule means
    """
    from .check import severities
    from .config import load

    if list_rules:  # needs the configuration, not a proposals folder
        _list_rules(severities(load(ctx.obj["directory"])), fmt)
        return
    ws = workspace(ctx)
    levels = severities(ws.config)
    if show_diff or fix:
        changed = _apply_fixes(ws, levels, write=fix)
        if show_diff:
            sys.exit(1 if changed else 0)
        ws = workspace(ctx)
    from . import baseline as bl
    from . import report
    from .check import run
    from .check.phase import default_jobs

    cache = None
    if not no_cache and not os.environ.get("BEP_NO_CACHE"):
        from .cache import FactsCache

        cache = FactsCache(ws)
    result = run(ws, base=base, jobs=jobs or default_jobs(), cache=cache)
    for note in result.notes:
        click.echo(f"bep: note: {note}", err=True)
    findings = result.findings
    if update_baseline:
        n = bl.save(ws, findings)
        click.echo(
            f"Recorded {n} findings in {ws.config.baseline}; bep check now reports only new ones."
        )
        return
    held = 0
    recorded = None if no_baseline else bl.load(ws)
    if recorded is not None:
        findings, held = bl.hold_back(findings, recorded)
    if fmt == "json":
        click.echo(report.json_report(findings, held), nl=False)
    elif fmt == "github":
        click.echo(report.github(findings, held), nl=False)
    elif fmt == "sarif":
        click.echo(report.sarif(findings, held, levels), nl=False)
    else:
        click.echo(
            report.text(findings, held, color=sys.stdout.isatty() and "NO_COLOR" not in os.environ),
            nl=False,
        )
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


def _apply_fixes(ws: Workspace, levels: dict[str, str], write: bool) -> bool:
    import difflib

    from . import disk
    from .catalogue import RULES
    from .sync import apply, changes

    codes = {code for code, rule in RULES.items() if rule.fixable and levels[code] != "off"}
    todo = changes(ws, codes)
    for change in todo:
        before = ws.document(change.path)
        after = apply(ws, change)
        if not write:
            diff = difflib.unified_diff(
                before.text.splitlines(keepends=True),
                after.text.splitlines(keepends=True),
                fromfile=f"a/{change.path}",
                tofile=f"b/{change.path}",
            )
            click.echo("".join(diff), nl=False)
            continue
        disk.write_atomic(ws.path(change.path), after.to_bytes())
        for note in change.notes:
            click.echo(f"fixed {change.path}: {note}", err=True)
    return bool(todo)


def _list_rules(levels: dict[str, str], fmt: str) -> None:
    from .catalogue import RULES

    if fmt == "json":
        emit_json(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "severity": levels[r.code],
                    "default": r.severity,
                    "fixable": r.fixable,
                    "summary": r.summary,
                }
                for r in RULES.values()
            ]
        )
        return
    rows = [
        [r.code, r.name, levels[r.code], "fix" if r.fixable else "", r.summary]
        for r in RULES.values()
    ]
    print_table(["Code", "Name", "Severity", "Fix", "Summary"], rows)


@main.command("rule")
@click.argument("code")
def rule_cmd(code: str) -> None:
    """Explain one rule of bep check.

    \b
    Examples:
      bep rule N001
      bep rule s003
    """
    from .catalogue import RULES

    rule = RULES.get(code.upper())
    if rule is None:
        raise BepError(f"no rule {code!r}", hint="bep check --list-rules lists them")
    fix = " (fixable with bep check --fix)" if rule.fixable else ""
    click.echo(f"{rule.code} {rule.name}: {rule.summary}")
    click.echo(f"default severity: {rule.severity}{fix}")
    click.echo()
    click.echo(rule.explanation)


if __name__ == "__main__":  # pragma: no cover
    main()
