"""The ``bep`` command: a thin face over the library.

Commands parse their options, call one library function and render what it
returns.  Exit codes: 0 success, 1 findings (``bep check``), 2 a usage,
configuration or repository error — always one line on stderr, no traceback.
Heavy imports (rich, the checker, the MCP server) happen inside the commands
that need them, so that ``bep --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from bepkit import __version__
from bepkit.errors import BepError
from bepkit.text import json_text, visible

if TYPE_CHECKING:
    from bepkit.actions.authoring import Result
    from bepkit.actions.info import DocumentInfo
    from bepkit.model.workspace import Workspace


class _Group(click.Group):
    """The one error boundary: every failure, of any kind, is one line on stderr
    and exit code 2 (1 stays "findings"); BEP_DEBUG=1 shows the traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own messages (a usage mistake) on one line too."""
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        try:
            super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "bep"
            echo(f"bep: error: {exc.format_message()} (see '{where} --help')", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            echo(f"bep: error: {exc.format_message()}", err=True)
            sys.exit(2)
        except click.exceptions.Abort:
            echo("bep: interrupted", err=True)
            sys.exit(130)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        sys.exit(0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BepError as exc:
            fail(exc)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            if os.environ.get("BEP_DEBUG"):
                raise
            fail(BepError(_describe(exc), hint="BEP_DEBUG=1 shows the traceback"))


def _describe(exc: Exception) -> str:
    """An unexpected failure in a few words: the disk, git, or a bug of bepkit's."""
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc)
        where = f": {exc.filename}" if exc.filename else ""
        return f"{what}{where}"
    from bepkit.gitops import GitError  # on the error path only: no start-up cost

    if isinstance(exc, GitError):
        return f"git: {exc}"
    return f"internal error ({type(exc).__name__}: {exc}); please report it"


# -q: no warnings or notes (errors still); -v: say what long work is doing
_VERBOSITY = {"level": 0}


def echo(message: Any = None, **kwargs: Any) -> None:
    """click.echo for text that may hold a document's: made visible, never acted on."""
    text = None if message is None else str(message)
    if kwargs.get("err") and _VERBOSITY["level"] < 0 and not (text or "").startswith("bep: error"):
        return
    click.echo(None if text is None else visible(text), **kwargs)


def progress(message: str) -> None:
    """What long work is doing, on stderr: on a terminal, or with -v; never with -q."""
    level = _VERBOSITY["level"]
    if level > 0 or (level == 0 and sys.stderr.isatty()):
        echo(f"bep: {message}", err=True)


def secho(message: str, **kwargs: Any) -> None:
    err = bool(kwargs.get("err"))
    on = color(sys.stderr if err else sys.stdout)
    click.secho(visible(message), color=on, **kwargs)


def color(stream: Any = None) -> bool:
    """Colour and bold on this stream: FORCE_COLOR forces them, NO_COLOR turns them
    off (https://no-color.org, https://force-color.org), else only on a terminal."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return bool((stream or sys.stdout).isatty())


def fail(exc: BepError) -> NoReturn:
    if exc.path and os.path.isabs(exc.path):  # bep.toml:3:, not /home/.../bep.toml:3:
        relative = os.path.relpath(exc.path)
        if not relative.startswith(".."):
            exc.path = relative
    message = f"bep: error: {exc}"
    if exc.hint:
        message += f" ({exc.hint})"
    echo(message, err=True)
    sys.exit(2)


def emit_json(data: Any) -> None:
    click.echo(json_text(data))  # json_text escapes; visible() would break its escapes


def workspace(ctx: click.Context) -> Workspace:
    from bepkit.model.workspace import Workspace

    start: Path = ctx.obj["directory"]
    ws = Workspace.open(start)
    interrupted = ws.interrupted()
    if interrupted is not None and ctx.command.name != "recover":
        echo(
            f"bep: warning: an earlier `bep {interrupted}` was interrupted; its files may be "
            "half written (bep recover finishes it, bep recover --abort undoes it)",
            err=True,
        )
    return ws


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Run as if bep was started in this folder.",
)
@click.option(
    "--profile",
    metavar="NAME",
    help="The process, when no bep.toml names it: bep, madr, nygard, swift, kep "
    "(env: BEP_PROFILE).",
)
@click.option("-q", "--quiet", is_flag=True, help="No warnings or notes on stderr (errors still).")
@click.option("-v", "--verbose", is_flag=True, help="Say what long work is doing, even in a pipe.")
@click.version_option(__version__, "-V", "--version", prog_name="bep")
@click.pass_context
def main(
    ctx: click.Context, directory: Path, profile: str | None, quiet: bool, verbose: bool
) -> None:
    """Run an enhancement-proposal process kept in a git repository.

    bep finds the proposals folder by walking up from the current folder
    (configuration: [tool.bep] in pyproject.toml, or bep.toml; the defaults are
    the Backend.AI BEP layout). Other processes are profiles: bep init finds
    the one a repository follows, --profile names one.

    \b
    Examples:
      bep list --status draft        proposals still in draft
      bep show 1033                  one proposal: metadata, sections, sub-documents
      bep -C ../other-repo list --json
      bep --profile swift check      a Swift Evolution checkout, no configuration
    """
    ctx.ensure_object(dict)
    ctx.obj["directory"] = directory
    _VERBOSITY["level"] = -1 if quiet else 1 if verbose else 0
    from bepkit.gitops import Git

    Git.announce = progress  # a remote that does not answer is never a silent wait
    if profile:  # read by the configuration, here and in what bep starts (servers, git)
        os.environ["BEP_PROFILE"] = profile


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
    from bepkit.actions.info import list_entries

    ws = workspace(ctx)
    entries = list_entries(ws, jira=as_json)  # the table shows no JIRA key
    if statuses:
        unknown = [s for s in statuses if ws.config.status_name(s) is None]
        if unknown:
            raise BepError(
                f"--status {unknown[0]}: not a status of this process",
                hint="one of " + ", ".join(ws.config.statuses),
            )
        wanted = {s.lower() for s in statuses}
        entries = [e for e in entries if e.status.lower() in wanted]
    if author:
        entries = [e for e in entries if author.lower() in e.author.lower()]
    if as_json:
        emit_json([e.as_dict() for e in entries])
        return
    key = ws.config.key
    headers = ["Number", "Title", key("status"), key("author"), key("created"), "Layout"]
    rows = [[str(e.number), e.title, e.status, e.author, e.created, e.layout] for e in entries]
    print_table(headers, rows)


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """A rich table on a terminal; tab-separated lines (no header) in a pipe."""
    if not sys.stdout.isatty():
        for row in rows:
            echo("\t".join(row))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*headers, box=None, header_style="bold", pad_edge=False)
    for row in rows:  # Text, not markup: a title like "[/etc]" or "Array[int]" is text
        table.add_row(*(Text(visible(cell)) for cell in row))
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
    from bepkit.actions.info import as_json as info_json
    from bepkit.actions.info import show

    ws = workspace(ctx)
    infos = show(ws, number)
    if as_json:
        emit_json([info_json(i) for i in infos])
        return
    ident = ws.config.ident(number)
    for k, info in enumerate(infos):
        if k:
            echo()
        _print_info(ident, info, ws.config.registry_kind != "none")


@main.command("log")
@click.argument("number", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list: one item per document).")
@click.pass_context
def log_cmd(ctx: click.Context, number: int, as_json: bool) -> None:
    """The history of one proposal, from git: each commit that touched it (its
    sub-documents too), each status change with its date and author, renames
    and renumbers followed, and the pull request a commit message names.

    \b
    Examples:
      bep log 1033
      bep log 1033 --json | jq '.[0].statuses'
    """
    from bepkit.actions.history import proposal_log

    ws = workspace(ctx)
    logs = proposal_log(ws, number)
    if as_json:
        emit_json([lg.as_dict() for lg in logs])
        return
    if not logs:
        echo(f"{ws.config.ident(number)} has no document (a reservation): no history")
    for k, lg in enumerate(logs):
        if k:
            echo()
        secho(f"{lg.id}  {lg.title}", bold=True)
        echo(f"  {lg.path}")
        if not lg.commits:
            echo("  no commits yet (not in git's history)")
        for c in lg.commits:
            pull = (
                f" (#{c['pull_request']})"
                if c["pull_request"] and f"#{c['pull_request']}" not in c["subject"]
                else ""
            )
            echo(f"{c['date'][:10]}  {c['sha'][:9]}  {c['author']}: {c['subject']}{pull}")
            if c["status"]:
                old = c["status"]["from"]
                echo(
                    f"    status: {old} -> {c['status']['to']}"
                    if old
                    else f"    status: {c['status']['to']} (created)"
                )
            for f in c["files"]:
                if f["renamed_from"]:
                    echo(f"    renamed: {f['renamed_from']} -> {f['path']}")
                elif f["change"] in ("added", "deleted"):
                    echo(f"    {f['change']}: {f['path']}")


@main.group("report")
def report_group() -> None:
    """Reports to paste into an issue or a release note (Markdown, or --json).

    \b
    Examples:
      bep report stale --days 60
      bep report release 25.1.0 > release-note.md
    """


@report_group.command("stale")
@click.option(
    "--days",
    type=click.IntRange(0),
    help="Drafts no commit touched for this many days (default: [reports] stale_days, 90).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of items).")
@click.pass_context
def report_stale_cmd(ctx: click.Context, days: int | None, as_json: bool) -> None:
    """What is stale: Drafts untouched for --days (from git, not file times),
    Drafts and Accepted proposals whose Target-Version is already released
    (from the release tags), Accepted ones without a Target-Version, and
    reserved numbers without a document.

    \b
    Examples:
      bep report stale
      bep report stale --days 30 --json | jq '.[] | select(.kind == "untouched") | .id'
    """
    import datetime as dt

    from bepkit.actions.report import stale_markdown, stale_report

    ws = workspace(ctx)
    today = dt.datetime.now(dt.UTC).date()
    items = stale_report(ws, days, today)
    if as_json:
        emit_json([i.as_dict() for i in items])
        return
    click.echo(
        stale_markdown(items, ws.config.reports.stale_days if days is None else days, today),
        nl=False,
    )


@report_group.command("release")
@click.argument("version")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def report_release_cmd(ctx: click.Context, version: str, as_json: bool) -> None:
    """The proposals implemented in VERSION (by their Implemented-Version), and
    those targeted at it but not implemented in it.

    \b
    Examples:
      bep report release 25.1.0
      bep report release 25.1.0 --json | jq '.implemented[].id'
    """
    from bepkit.actions.report import release_report

    report = release_report(workspace(ctx), version)
    if as_json:
        emit_json(report.as_dict())
        return
    click.echo(report.markdown(), nl=False)


@main.command("export")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
@click.option("--schema", "print_schema", is_flag=True, help="Print the export's JSON Schema.")
@click.pass_context
def export_cmd(ctx: click.Context, out: Path | None, print_schema: bool) -> None:
    """The whole repository as one versioned JSON document: an envelope
    (schemaVersion, bepkitVersion, commit, creationDate) and every proposal
    with its metadata, sections and roles, sub-documents, context-for-ai keys,
    Decision Log, Open Questions, links, JIRA key, pull requests and history.

    \b
    Examples:
      bep export -o proposals.json
      bep export | jq '.proposals[] | select(.status == "Draft") | .id'
      bep export --schema > bep-export.schema.json
    """
    from bepkit.actions.export import export, schema

    data = schema() if print_schema else export(workspace(ctx))
    if out is None:
        emit_json(data)
        return
    from bepkit import disk

    disk.write_atomic(out, (json_text(data) + "\n").encode("utf-8"))
    echo(
        f"wrote {out} ({len(data.get('proposals', []))} proposals)"
        if not print_schema
        else f"wrote {out}",
        err=True,
    )


@main.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("path", required=False)
@click.option("--marker-size", type=click.IntRange(1, 100), default=7, show_default=True)
@click.pass_context
def merge_driver_cmd(
    ctx: click.Context, base: Path, ours: Path, theirs: Path, path: str | None, marker_size: int
) -> None:
    """The git merge driver of the registry file (git runs it; see
    install-merge-driver): rows added on both sides are kept in number order,
    and only a row both sides changed differently is left as a conflict.
    Merges into OURS; exits 1 when conflicts are left, as git expects.

    \b
    Example (what install-merge-driver puts in .git/config):
      bep merge-driver %O %A %B %P --marker-size %L
    """
    from bepkit.actions.merge import run_driver
    from bepkit.config import load

    config = load(ctx.obj["directory"])
    conflicts = run_driver(config.root, config, base, ours, theirs, marker_size)
    if conflicts:
        echo(f"bep merge-driver: {conflicts} conflict(s) left in {path or ours}", err=True)
        sys.exit(1)


@main.command("install-merge-driver")
@click.option("--json", "as_json", is_flag=True, help="Print what was installed as JSON.")
@click.pass_context
def install_merge_driver_cmd(ctx: click.Context, as_json: bool) -> None:
    """Let git merge the registry table row by row: registers `bep merge-driver`
    in .git/config and names the registry file in .gitattributes (commit that
    file so that everyone's merges use it; each clone runs this once).

    \b
    Example:
      bep install-merge-driver && git add .gitattributes
    """
    from bepkit.actions.merge import install

    done = install(workspace(ctx))
    if as_json:
        emit_json(done.as_dict())
        return
    verb = "added" if done.added else "already had"
    echo(f"{done.gitattributes}: {verb} {done.line!r}")
    echo(f".git/config: merge driver {done.line.rsplit('=', 1)[1]} runs {done.driver}")


@main.command("init")
@click.option("--json", "as_json", is_flag=True, help="Print what was found and written as JSON.")
@click.pass_context
def init_cmd(ctx: click.Context, as_json: bool) -> None:
    """Name the repository's process in bep.toml: the profile given with
    --profile, or the one that reads the most proposals here (bep, madr,
    nygard, swift, kep). In a repository without proposals, also write the
    proposals folder, its template and the registry the process has.

    \b
    Examples:
      bep init                    detect the process of an existing repository
      bep --profile madr init     start a new MADR decision log
    """
    from bepkit.actions.init import init

    profile = os.environ.get("BEP_PROFILE") or None
    done = init(ctx.obj["directory"], profile)
    if as_json:
        emit_json(done.as_dict())
        return
    for d in done.detected:
        if d.proposals:
            echo(f"{d.profile}: {d.proposals} proposals, {d.with_metadata} with their metadata")
    for rel in done.created:
        echo(f"created {rel}")
    echo(f"profile: {done.profile}")


def _heading(text: str) -> None:
    echo()
    secho(text, bold=True)


def _print_info(ident: str, info: DocumentInfo, registry: bool = True) -> None:
    title = info.title or (info.registry or {}).get("title") or ""
    secho(f"{ident}  {title}", bold=True)
    if info.path:
        echo(f"  {info.path} ({info.lines} lines)")
    else:
        echo("  reserved: no document yet")
    reg = info.registry
    if reg:
        link = f" -> {reg['link']}" if reg["link"] else ""
        cells = f"{reg['title']} | {reg['author']} | {reg['status']}"
        echo(f"  registry line {reg['line']}: {cells}{link}")
    elif registry:
        echo("  registry: no row")
    if info.metadata is not None:
        _heading("Metadata")
        for key, value in info.metadata.items():
            echo(f"  {key}: {value}".rstrip())
    elif info.path:
        _heading("Metadata")
        echo("  (none)")
    if info.sections:
        _heading("Sections")
        shown = [s for s in info.sections if s["depth"] <= 2]
        for s in shown:
            note = f"  [{s['section']}]" if s["section"] and s["section"] != s["title"] else ""
            echo(f"  {'#' * s['depth']} {s['title']}  ({s['lines']} lines){note}")
        if len(shown) < len(info.sections):
            echo(f"  (and {len(info.sections) - len(shown)} deeper headings; --json lists all)")
    if info.subdocuments:
        _heading(f"Sub-documents ({len(info.subdocuments)})")
        for sub in info.subdocuments:
            echo(f"  {sub['path']}  ({sub['lines']} lines)  {sub['title'] or ''}")
    if info.supporting_files:
        _heading(f"Supporting files ({len(info.supporting_files)})")
        for path in info.supporting_files:
            echo(f"  {path}")
    _heading("Context for AI")
    if not info.context_for_ai:
        echo("  (none)")
    for block in info.context_for_ai:
        echo(f"  line {block['line']}:")
        for key, value in block["keys"].items():
            text = ", ".join(value) if isinstance(value, list) else value
            echo(f"    {key}: {text}")
    _heading(info.labels["decisions"])
    if not info.decision_log:
        echo("  (none)")
    for d in info.decision_log:
        echo(f"  {d['date']}  {d['decision']}  — {d['rationale']}")
    _heading(info.labels["open-questions"])
    if not info.open_questions:
        echo("  (none)")
    for q in info.open_questions:
        echo(f"  {q['id']}  {q['text']}")
    if info.settled_questions:
        echo(f"  (and {len(info.settled_questions)} settled: resolved, struck through or checked)")


# -- check ------------------------------------------------------------------------------


@main.command("check")
@click.argument("targets", nargs=-1, metavar="[NUMBER | PATH]...")
@click.option(
    "--fix", is_flag=True, help="Apply every safe fix, say what changed, then check again."
)
@click.option(
    "--select",
    metavar="CODES",
    multiple=True,
    help="Only these rules: codes or prefixes, comma-separated (N001,M).",
)
@click.option(
    "--ignore", metavar="CODES", multiple=True, help="Leave out these rules (codes or prefixes)."
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option(
    "--statistics", is_flag=True, help="Count the findings by rule instead of listing them."
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
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also apply fixes that change what a person chose "
    "(a registry title).",
)
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
    targets: tuple[str, ...],
    fix: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exit_zero: bool,
    statistics: bool,
    show_diff: bool,
    fmt: str,
    base: str | None,
    update_baseline: bool,
    no_baseline: bool,
    unsafe_fixes: bool,
    list_rules: bool,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Check the repository against the process: one finding per line.

    Findings print as `path:line:col: CODE message`, sorted by path and line,
    with a summary. Exit code 1 when an error is reported, 0 otherwise (warnings
    do not fail), 2 for a usage or configuration error; `--diff` exits 1 when
    there is something to fix.

    With NUMBERs or PATHs, only the findings of those proposals (their files and
    registry rows) or in those files and folders are reported, and only those
    proposals' documents are read (and any other a rule needs).

    Silence one finding with `<!-- bep-ignore CODE -->` on its line or the line
    above; a whole file with `<!-- bep-ignore-file CODE -->`. Configure rules in
    [tool.bep.rules] (CODE = "off" | "warning" | "error").

    \b
    Examples:
      bep check                          every finding not in the baseline
      bep check 1033 proposals/README.md one proposal, and the registry
      bep check --select N,M --ignore M011 --statistics
      bep check --fix                    sync the registry, Document Index, detail-docs
      bep check --diff                   what --fix would change
      bep check --format github --base origin/main    in a pull request
      bep check --update-baseline        adopt on an existing repository
      bep rule N001                      what a rule means
    """
    from bepkit.check.engine import severities
    from bepkit.config import load

    if list_rules:  # needs the configuration, not a proposals folder
        _list_rules(severities(load(ctx.obj["directory"])), fmt)
        return
    from bepkit.check import engine, report

    ws = workspace(ctx)
    chosen = _targets(ws, targets, ctx.obj["directory"]) if targets else None
    if show_diff:
        diff = engine.fix_diff(ws, use_baseline=not no_baseline, unsafe_fixes=unsafe_fixes)
        echo(diff, nl=False)
        sys.exit(1 if diff else 0)
    if update_baseline:
        n = engine.record_baseline(ws, base=base, jobs=jobs)
        echo(f"Recorded {n} findings in {ws.config.baseline}; bep check now reports only new ones.")
        return
    import time

    started = time.perf_counter()
    documents = sum(len(p.mains) + len(p.subdocs) for p in ws.proposals.values())
    if documents >= 1000 or _VERBOSITY["level"] > 0:
        progress(
            f"checking {documents} documents ({jobs or 'all'} cores; cached ones are not read again)"
        )
    result = engine.check(
        ws,
        base=base,
        jobs=jobs,
        use_cache=not no_cache,
        use_baseline=not no_baseline,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        targets=chosen,
    )
    if _VERBOSITY["level"] > 0:
        progress(
            f"checked in {time.perf_counter() - started:.2f} s"
            f" ({result.reused} documents' results from the cache)"
        )
    if select or ignore:
        result.findings = _by_rule(result.findings, select, ignore)
    for change in result.fixed:
        for note in change.notes:
            echo(f"fixed {change.path}: {note}", err=True)
    for note in result.notes:
        echo(f"bep: note: {note}", err=True)
    findings, held = result.findings, result.held
    if statistics:
        _print_statistics(findings, fmt)
    elif fmt == "json":
        click.echo(report.json_report(findings, held), nl=False)
    elif fmt == "github":
        click.echo(report.github(findings, held), nl=False)
    elif fmt == "sarif":
        click.echo(report.sarif(findings, held, result.levels), nl=False)
    else:  # report.text makes the findings' own text visible; colour is its own
        on = color()
        click.echo(report.text(findings, held, color=on), nl=False, color=on)
    sys.exit(1 if result.failed and not exit_zero else 0)


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


def _by_rule(findings: list[Any], select: tuple[str, ...], ignore: tuple[str, ...]) -> list[Any]:
    """ruff's --select and --ignore: codes or their prefixes (N, M00)."""
    from bepkit.check.catalogue import RULES

    wanted, unwanted = _codes(select), _codes(ignore)
    for code in wanted + unwanted:
        if not any(r.startswith(code) for r in RULES):
            raise BepError(f"no rule {code!r}", hint="bep check --list-rules lists them")
    return [
        f
        for f in findings
        if (not wanted or f.code.startswith(tuple(wanted)))
        and not f.code.startswith(tuple(unwanted))
    ]


def _print_statistics(findings: list[Any], fmt: str) -> None:
    """ruff's --statistics: each rule with its count, most frequent first."""
    from collections import Counter

    from bepkit.check.catalogue import RULES

    counts = Counter(f.code for f in findings)
    rows = [(n, code, RULES[code].name) for code, n in counts.most_common()]
    if fmt == "json":
        emit_json([{"code": c, "name": name, "count": n} for n, c, name in rows])
        return
    for n, code, name in rows:
        echo(f"{n:>6}\t{code}\t{name}")


def _targets(ws: Workspace, targets: tuple[str, ...], here: Path) -> tuple[set[int], set[str]]:
    """The proposal numbers and repository paths ``bep check`` was given (a
    relative path is relative to -C's folder, as git's -C has it)."""
    numbers: set[int] = set()
    paths: set[str] = set()
    cwd = here.resolve()
    for t in targets:
        if t.isdigit() and not (cwd / t).exists():
            numbers.add(int(t))
            continue
        path = (cwd / t).resolve()
        if not path.exists():
            raise BepError(f"{t}: no such file, folder or proposal number")
        try:
            rel = path.relative_to(ws.root).as_posix()
        except ValueError:
            raise BepError(f"{t} is outside the repository {ws.root}") from None
        paths.add("" if rel == "." else rel)
    return numbers, paths


def _list_rules(levels: dict[str, str], fmt: str) -> None:
    from bepkit.check.catalogue import RULES

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
    print_table(["Code", "Name", "Severity", "Fix", "Description"], rows)


@main.group("cache")
def cache_group() -> None:
    """The cache of check results ($BEP_CACHE_DIR, else ~/.cache/bepkit).

    Entries are keyed by each document's content and bound to the bepkit
    version and configuration. Share it between CI runs of one branch at
    most: never restore a cache a pull request could have written into a run
    that guards the main branch.
    """


@cache_group.command("clean")
def cache_clean_cmd() -> None:
    """Remove every cached check result.

    \b
    Examples:
      bep cache clean
    """
    from bepkit.check.cache import cache_dir, clean

    n = clean()
    echo(f"removed {n} cache file{'s' * (n != 1)} from {cache_dir()}")


@main.command("rule")
@click.argument("code")
def rule_cmd(code: str) -> None:
    """Explain one rule of bep check.

    \b
    Examples:
      bep rule N001
      bep rule s003
    """
    from bepkit.check.catalogue import RULES

    rule = RULES.get(code.upper())
    if rule is None:
        raise BepError(f"no rule {code!r}", hint="bep check --list-rules lists them")
    fix = " (fixable with bep check --fix)" if rule.fixable else ""
    echo(f"{rule.code} {rule.name}: {rule.summary}")
    echo(f"default severity: {rule.severity}{fix}")
    echo()
    echo(rule.explanation)


done_json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print what was done as JSON."
)
path_option = click.option(
    "--path",
    metavar="FILE",
    help="Which document, when two share the number (bep show N lists them).",
)


# -- sync -----------------------------------------------------------------------------------


@main.command("sync")
@click.argument("number", type=int, required=False)
@click.option(
    "--add-blocks",
    is_flag=True,
    help="Also write missing context-for-ai blocks (derivable keys only).",
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="Show the changes as a unified diff; write nothing."
)
@click.option(
    "--no-baseline",
    is_flag=True,
    help="Also fix what the baseline holds back (by default an adopted repository's "
    "recorded findings are left alone).",
)
@done_json_option
@click.pass_context
def sync_cmd(
    ctx: click.Context,
    number: int | None,
    add_blocks: bool,
    show_diff: bool,
    no_baseline: bool,
    as_json: bool,
) -> None:
    """Regenerate what is derived; leave what people wrote.

    The registry row (title, status, link, a missing row), the Document Index
    and detail-docs of segmented proposals (descriptions kept), parent titles,
    phases, and key-decisions entries for Decision Log rows. A second run
    changes nothing.

    \b
    Examples:
      bep sync                 every proposal
      bep sync 1033 --diff     what would change for one
      bep sync --add-blocks    also write the context-for-ai blocks that are missing
    """
    from bepkit.actions.sync import sync_changes
    from bepkit.check import fixes

    ws = workspace(ctx)
    if number is not None:
        ws.proposal(number)  # an unknown number is an error before anything else

    def todo() -> list[fixes.Change]:
        return sync_changes(ws, number, add_blocks=add_blocks, use_baseline=not no_baseline)

    if show_diff:
        changes = todo()
        echo(fixes.unified_diff(ws, changes), nl=False)
        sys.exit(1 if changes else 0)
    done = fixes.write(ws, todo, "sync")
    if as_json:
        emit_json({"changed": [{"path": c.path, "change": n} for c in done for n in c.notes]})
        return
    for change in done:
        for note in change.notes:
            echo(f"{change.path}: {note}")
    if not done:
        echo("Nothing to sync.")


@main.command("split")
@click.argument("number", type=int)
@click.option(
    "--by",
    metavar="LEVEL|SECTION",
    help="Split by this heading level, or the components of this section (default: Proposed Design's next level).",
)
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@path_option
@done_json_option
@click.pass_context
def split_cmd(
    ctx: click.Context, number: int, by: str | None, dry_run: bool, path: str | None, as_json: bool
) -> None:
    """Turn a long single-file proposal into a main document and sub-documents.

    Each component of Proposed Design, and each section that is not the main
    document's, becomes BEP-NNNN/<name>.md with a detail-doc block; the main
    document keeps the metadata, Motivation, Implementation Plan, Decision Log,
    Open Questions and References, and gets a master block and a Document
    Index. Every line of the original ends up in exactly one file; links are
    rewritten to resolve from their new place.

    \b
    Examples:
      bep split 1026 --dry-run
      bep split 1026
      bep split 1003 --by 3            split at ### headings
    """
    from bepkit.actions.split import split

    ws = workspace(ctx)
    the_plan, result = split(ws, number, by=by, path=path, dry_run=dry_run)
    if dry_run and as_json:
        emit_json(
            {
                "files": [
                    {"path": p, "lines": len(ls), "from_original": sum(1 for x in ls if x.origin)}
                    for p, ls in the_plan.files.items()
                ],
                "warnings": result.warnings,
            }
        )
        return
    if dry_run:
        for out_path, lines in the_plan.files.items():
            kept = sum(1 for line in lines if line.origin is not None)
            echo(f"{out_path}: {len(lines)} lines ({kept} from the original)")
        for rel, edits in the_plan.other_edits.items():
            echo(f"{rel}: {len(edits)} link(s) to moved headings")
        for warning in result.warnings:
            echo(f"bep: warning: {warning}", err=True)
        return
    _report(result, as_json)


# -- agents -----------------------------------------------------------------------------------


@main.command("context")
@click.argument("targets", nargs=-1, metavar="NUMBER | --paths FILE...")
@click.option(
    "--doc",
    "docs",
    multiple=True,
    metavar="FILE",
    help="A sub-document of the task (repeatable); those it depends on come too.",
)
@click.option(
    "--phase", metavar="K", help="A phase of the Implementation Plan: its entry and sub-documents."
)
@click.option(
    "--section",
    "sections",
    multiple=True,
    metavar="NAME",
    help="Only this section (of the main document, or of the one --doc); repeatable.",
)
@click.option("--topic", metavar="WORDS", help="What the task is about: adds the clear matches.")
@click.option(
    "--budget",
    type=click.IntRange(min=1),
    metavar="TOKENS",
    help="Leave out the least relevant optional parts to fit (asked-for parts always stay).",
)
@click.option("--no-follow", is_flag=True, help="Do not add the sub-documents named by depends-on.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "--registry", "show_registry", is_flag=True, help="A compact listing of all proposals instead."
)
@click.option(
    "--paths",
    "by_paths",
    is_flag=True,
    help="The arguments are source files: list the proposal sections that mention them.",
)
@click.option(
    "--diff",
    "diff_ref",
    metavar="REF",
    help="Like --paths, for the files changed since REF (e.g. origin/main).",
)
@path_option
@click.pass_context
def context_cmd(
    ctx: click.Context,
    targets: tuple[str, ...],
    docs: tuple[str, ...],
    phase: str | None,
    sections: tuple[str, ...],
    topic: str | None,
    budget: int | None,
    no_follow: bool,
    fmt: str,
    show_registry: bool,
    by_paths: bool,
    diff_ref: str | None,
    path: str | None,
) -> None:
    """Print what an agent should read for a task on proposal NUMBER.

    Always: the metadata and context-for-ai block, the Decision Log, the open
    questions (with the ids resolve takes) and the Document Index. Then the
    task: the sub-documents named by --doc (and those they depend on), the
    Implementation Plan entry of --phase and its sub-documents, the clear
    matches of --topic. The other parts are listed with their size and the
    command that prints just that part (--section). Without a task, the main
    document is given whole. Every part names its file and lines.

    \b
    Examples:
      bep context 1033 --doc 05-provisioner.md
      bep context 1033 --phase 2 --budget 8000
      bep context 1033 --section Motivation
      bep context 1033 --topic "stale kernel detection"
      bep context --registry
      bep context --paths src/ai/backend/manager/api/export.py
      bep context --diff origin/main --format json
    """
    from bepkit.actions.context import bundle, registry

    ws = workspace(ctx)
    if by_paths or diff_ref:
        _print_mentions(ws, list(targets), diff_ref, fmt)
        return
    if show_registry:
        rows = registry(ws)
        if fmt == "json":
            emit_json(rows)
            return
        echo("| Number | Title | Status | Scope |\n|---|---|---|---|")
        for r in rows:
            echo(f"| {r['number']} | {r['title']} | {r['status']} | {r['scope'] or ''} |")
        return
    if len(targets) != 1 or not targets[0].isdigit():
        raise BepError("bep context needs one proposal NUMBER (or --registry, or --paths FILE...)")
    number = int(targets[0])
    result = bundle(
        ws,
        number,
        docs=docs,
        phase=phase,
        sections=sections,
        topic=topic,
        budget=budget,
        path=path,
        follow=not no_follow,
    )
    if fmt == "json":
        emit_json(result.as_json())
    else:
        echo(result.markdown(), nl=False)


def _print_mentions(ws: Workspace, files: list[str], diff_ref: str | None, fmt: str) -> None:
    from bepkit.actions.mentions import changed_paths, mentions

    if diff_ref:
        files += changed_paths(ws, diff_ref)
    if not files:
        raise BepError("no source files: name them after --paths, or changed since --diff REF")
    found = mentions(ws, files)
    if fmt == "json":
        emit_json([m.as_dict() for m in found])
        return
    if not found:
        echo("no proposal mentions these files")
        return
    for m in found:
        where = f" ({m.section})" if m.section else ""
        echo(f"{ws.config.ident(m.number)}  {m.path}:{m.line}{where}  {m.text}")


@main.group("site")
def site_group() -> None:
    """The proposals as a static site: an index with facets and search, a page per document."""


@site_group.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="The folder to write (replaced whole; only a folder bepkit built).",
)
@click.option(
    "--mermaid", metavar="FILE", help="Mermaid's script (default: the mermaid npm package)."
)
@click.option("--no-search", is_flag=True, help="Skip the full-text search index (Pagefind).")
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON.")
@click.pass_context
def site_build_cmd(
    ctx: click.Context, out: Path, mermaid: str | None, no_search: bool, as_json: bool
) -> None:
    """Build the static site: open OUT/index.html, or serve it with any web server.

    \b
    Examples:
      bep site build
      bep site build --out public --mermaid node_modules/mermaid/dist/mermaid.min.js
    """
    from bepkit.faces.site.build import Builder, find_mermaid

    ws = workspace(ctx)
    builder = Builder(
        ws.root, out.resolve(), mermaid=find_mermaid(ws.root, mermaid), search=not no_search
    )
    report = builder.build(progress=lambda m: echo(f"bep: {m}", err=True) if not as_json else None)
    if as_json:
        emit_json({"out": str(out), **report.__dict__})
    else:
        echo(
            f"built {report.pages} pages in {report.seconds:.2f} s into {out}"
            + ("" if report.search else " (no search index)")
        )
    for note in report.notes:
        echo(f"bep: note: {note}", err=True)


@main.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Listen here (only this machine by default).",
)
@click.option(
    "--mermaid", metavar="FILE", help="Mermaid's script (default: the mermaid npm package)."
)
@click.pass_context
def serve_cmd(ctx: click.Context, port: int, host: str, mermaid: str | None) -> None:
    """Preview the site, rebuilt and reloaded in the browser when a document is saved.

    \b
    Examples:
      bep serve
      bep serve --port 9000
    """
    from bepkit.faces.site.build import find_mermaid
    from bepkit.faces.site.serve import serve

    ws = workspace(ctx)
    serve(ws.root, host=host, port=port, mermaid=find_mermaid(ws.root, mermaid), say=echo)


@main.command("mcp")
@click.pass_context
def mcp_cmd(ctx: click.Context) -> None:
    """Serve this repository's proposals to coding agents (MCP over stdio).

    Register it with an MCP client as the command `bep mcp` (in the repository,
    or `bep -C /path/to/repo mcp`). Tools: list_proposals, get_registry,
    search_proposals, get_context, get_document, get_section, check_proposal,
    reserve_number, create_proposal, add_decision, add_question,
    resolve_question, set_status. Resources: bep://doc/<path>.

    \b
    Example:
      bep -C ~/src/backend.ai mcp
    """
    from bepkit.config import find_root
    from bepkit.faces.mcp import serve

    root, _ = find_root(ctx.obj["directory"])
    serve(root)


# -- authoring ----------------------------------------------------------------------------


def _report(result: Result, as_json: bool = False) -> None:
    if as_json:
        emit_json(result.as_dict())
    else:
        for path, change in result.changed:
            echo(f"{path}: {change}")
        if result.branch:
            echo(f"on branch {result.branch}")
    for warning in result.warnings:
        echo(f"bep: warning: {warning}", err=True)


@main.command("new")
@click.argument("title")
@click.option("--author", help="'Name (email)'. Default: git config user.name and user.email.")
@click.option(
    "--version",
    "version",
    metavar="V",
    help="Created-Version (default: created_version in the configuration).",
)
@click.option(
    "--segmented", is_flag=True, help="A main document and one sub-document per --component."
)
@click.option(
    "--component", "components", multiple=True, metavar="NAME", help="A sub-document (repeatable)."
)
@click.option(
    "--no-branch", is_flag=True, help="Do not create and check out the branch bep/NNNN-slug."
)
@click.option("--slug", help="The file name part after the number (default: from the title).")
@click.option(
    "--group", metavar="NAME", help="Where proposals live in group folders (KEPs): the group."
)
@click.option(
    "--number", type=int, help="Use this number (it must be free, or reserved for this title)."
)
@click.option("--jira", "with_jira", is_flag=True, help="Also create its JIRA issue (bep jira).")
@click.option("--epic", metavar="KEY", help="With --jira: the epic the issue goes under.")
@done_json_option
@click.pass_context
def new_cmd(
    ctx: click.Context,
    title: str,
    author: str | None,
    version: str | None,
    segmented: bool,
    components: tuple[str, ...],
    no_branch: bool,
    slug: str | None,
    group: str | None,
    number: int | None,
    with_jira: bool,
    epic: str | None,
    as_json: bool,
) -> None:
    """Start a proposal: reserve a number, write it from the template, add the registry row.

    The number is above every number known (files, registry rows, branches,
    reservations) and is claimed on the remote with a reservation ref, so two
    authors never get the same one. Then the branch bep/NNNN-slug is created.

    \b
    Examples:
      bep new "Unified Service Discovery"
      bep new "Scheduler Rework" --segmented --component "Data Model" --component API
      bep new "Quota Tracking" --author "Ara Choi (ara@example.com)" --no-branch
      bep new "Session Quotas" --jira --epic BA-1200
    """
    from bepkit.actions.authoring import new_proposal

    if epic and not with_jira:
        raise BepError("--epic applies with --jira")
    ws = workspace(ctx)
    result = new_proposal(
        ws,
        title,
        author=author,
        version=version,
        segmented=segmented,
        components=components,
        group=group,
        branch=not no_branch,
        slug=slug,
        number=number,
    )
    if with_jira and result.number is not None:
        from bepkit.actions.jira import link_jira

        try:
            linked = link_jira(ws, result.number, epic=epic)
        except BepError as exc:
            _report(result, as_json)
            raise BepError(
                f"{ws.config.ident(result.number)} was created, but not its JIRA issue: {exc}",
                hint=f"bep jira {result.number} when JIRA answers",
            ) from None
        result.changed += linked.changed
        result.jira = linked.jira
    _report(result, as_json)


@main.command("jira")
@click.argument("number", type=int)
@click.option("--epic", metavar="KEY", help="The epic the new issue goes under.")
@click.option("--key", metavar="KEY", help="Link this existing issue instead of creating one.")
@done_json_option
@path_option
@click.pass_context
def jira_cmd(
    ctx: click.Context,
    number: int,
    epic: str | None,
    key: str | None,
    as_json: bool,
    path: str | None,
) -> None:
    """Create (or find, or link) the proposal's JIRA issue and write its key.

    Finds the issue first: a key already in Related Issues, else an issue whose
    summary names the proposal; creates one only if there is none (summary
    "BEP-NNNN: Title", under --epic if given). Adds a remote link back to the
    proposal (updated, never duplicated, on a rerun) and writes the key into
    Related Issues. Jira Cloud or Data Center by [jira] api in bep.toml;
    JIRA_BASE_URL, JIRA_USERNAME and JIRA_API_TOKEN (or JIRA_PAT) from the
    environment.

    \b
    Examples:
      bep jira 1046
      bep jira 1046 --epic BA-1200
      bep jira 1046 --key BA-3001
    """
    from bepkit.actions.jira import link_jira

    _report(link_jira(workspace(ctx), number, epic=epic, key=key, path=path), as_json)


@main.command("submit")
@click.argument("number", type=int, required=False)
@click.option("--base", metavar="BRANCH", help="The branch to merge into (default: origin's).")
@click.option("--draft", is_flag=True, help="Open the pull request as a draft.")
@click.option(
    "--reviewer", "reviewers", multiple=True, metavar="LOGIN", help="Ask for a review (repeatable)."
)
@click.option("--dry-run", is_flag=True, help="Check, and print the steps; change nothing.")
@done_json_option
@click.pass_context
def submit_cmd(
    ctx: click.Context,
    number: int | None,
    base: str | None,
    draft: bool,
    reviewers: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
) -> None:
    """Check, commit, push and open the proposal's pull request, in one command.

    NUMBER defaults to the one the branch (bep/NNNN-slug) names. An error
    from bep check refuses. The pull request is opened through the GitHub
    REST API (or updated, when the branch has one: a rerun never opens a
    second) with the team's title and body ([github] in bep.toml), and the
    news fragment changes/<PR>.doc.md follows in a second commit. The token:
    GITHUB_TOKEN or GH_TOKEN, else gh auth token.

    \b
    Examples:
      bep submit --dry-run
      bep submit 1046 --reviewer kim --draft
    """
    from bepkit.actions.submit import submit

    result = submit(
        workspace(ctx),
        number,
        base=base,
        draft=draft,
        reviewers=reviewers,
        dry_run=dry_run,
    )
    if as_json:
        emit_json({**result.as_dict(), "steps": result.steps})
    else:
        for step in result.steps:
            echo(step)
        if result.pull:
            echo(result.pull)
    for warning in result.warnings:
        echo(f"bep: warning: {warning}", err=True)


@main.command("reserve")
@click.argument("title", required=False, default="(reserved)")
@click.option("--json", "as_json", is_flag=True, help="Print the number as JSON.")
@click.option(
    "--row",
    type=click.Choice(["none", "row", "link"]),
    help="Also add its registry row: plain, or linking the file to come "
    "[default: reservation_row of the configuration, else none].",
)
@click.pass_context
def reserve_cmd(ctx: click.Context, title: str, as_json: bool, row: str | None) -> None:
    """Reserve the next number on the remote and print it.

    By default no file is written; with --row (or reservation_row in the
    configuration) a registry row is added too: "row" plain, "link" already
    linking the file to come, as the team's "Reserve BEP-NNNN" changes do.

    \b
    Examples:
      bep reserve "Unified Service Discovery"
      bep reserve "Unified Service Discovery" --row link
      bep new "Unified Service Discovery" --number 1046   # later, with that number
    """
    from bepkit.actions.authoring import reserve

    ws = workspace(ctx)
    reservation, result = reserve(ws, title, row=row)
    if as_json:
        emit_json(
            {
                "number": reservation.number,
                "confirmed": reservation.confirmed,
                "note": reservation.note,
                "changed": result.as_dict()["changed"],
            }
        )
    else:
        echo(reservation.number)
        for path, what in result.changed:
            echo(f"{path}: {what}", err=True)
    if reservation.note:
        echo(f"bep: warning: {reservation.note}", err=True)


@main.command("release")
@click.argument("number", type=int)
@click.option(
    "--force",
    is_flag=True,
    help="Release it even if another author holds it or a remote branch works on it.",
)
@done_json_option
@click.pass_context
def release_cmd(ctx: click.Context, number: int, force: bool, as_json: bool) -> None:
    """Delete the reservation of a number that no document or registry row uses.

    Another author's reservation, or a number a remote bep/NNNN-* branch
    works on, is refused unless --force.

    \b
    Example:
      bep release 1046
    """
    from bepkit.actions.reserve import release
    from bepkit.gitops import Git

    ws = workspace(ctx)
    git = Git(ws.root)
    if not git.is_repo():
        raise BepError("not a git repository: reservations live on its remote")
    release(ws, git, number, force=force)
    if as_json:
        emit_json({"number": number, "released": ws.config.ident(number)})
        return
    echo(f"released {ws.config.ident(number)}")


@main.command("status")
@click.argument("number", type=int)
@click.argument("status")
@click.option("--target-version", metavar="V", help="Target-Version (needed for Accepted).")
@click.option(
    "--implemented-version", metavar="V", help="Implemented-Version (needed for Implemented)."
)
@click.option(
    "--reason",
    metavar="TEXT",
    help="Why it is rejected (needed for Rejected); written into the document.",
)
@click.option(
    "--by",
    type=int,
    metavar="NUMBER",
    help="The successor (needed for Superseded); both documents link each other.",
)
@click.option(
    "--date", metavar="YYYY-MM-DD", help="Date written with a reason or successor (default: today)."
)
@click.option(
    "--no-registry",
    is_flag=True,
    help="Change the document even though its registry row cannot be updated.",
)
@click.option("--comment", is_flag=True, help="Also say so on the proposal's open pull request.")
@done_json_option
@path_option
@click.pass_context
def status_cmd(
    ctx: click.Context,
    number: int,
    status: str,
    target_version: str | None,
    implemented_version: str | None,
    reason: str | None,
    by: int | None,
    date: str | None,
    no_registry: bool,
    comment: bool,
    as_json: bool,
    path: str | None,
) -> None:
    """Move a proposal to another status, by the configured transitions.

    The document's metadata and its registry row change together: without a
    row to update, nothing is written (unless --no-registry).

    \b
    Examples:
      bep status 1046 Accepted --target-version 26.2.0
      bep status 1046 Implemented --implemented-version 26.2.1
      bep status 1046 Rejected --reason "Superseded by the service mesh work"
      bep status 1004 Superseded --by 1005
      bep status 1046 Accepted --target-version 26.2.0 --comment
    """
    from bepkit.actions.authoring import set_status

    ws = workspace(ctx)
    result = set_status(
        ws,
        number,
        status,
        target_version=target_version,
        implemented_version=implemented_version,
        reason=reason,
        by=by,
        path=path,
        date=date,
        registry=not no_registry,
    )
    if comment:
        from bepkit.actions.submit import comment_on_pull

        try:
            result.pull = comment_on_pull(ws, number, result)
        except BepError as exc:
            _report(result, as_json)
            raise BepError(f"the status changed, but no comment was posted: {exc}") from None
        result.changed.append(("(github)", f"commented on {result.pull}"))
    _report(result, as_json)


@main.command("decide")
@click.argument("number", type=int)
@click.argument("decision")
@click.option("--rationale", required=True, metavar="TEXT", help="Why.")
@click.option("--date", metavar="YYYY-MM-DD", help="Default: today.")
@path_option
@done_json_option
@click.pass_context
def decide_cmd(
    ctx: click.Context,
    number: int,
    decision: str,
    rationale: str,
    date: str | None,
    path: str | None,
    as_json: bool,
) -> None:
    """Record a decision in the Decision Log (made in its place if missing).

    \b
    Example:
      bep decide 1046 "Event-driven over polling" --rationale "Lower latency"
    """
    from bepkit.actions.authoring import decide

    _report(decide(workspace(ctx), number, decision, rationale, date=date, path=path), as_json)


@main.group("question")
@click.argument("number", type=int)
@click.pass_context
def question_group(ctx: click.Context, number: int) -> None:
    """Add or resolve an Open Question of proposal NUMBER.

    \b
    Examples:
      bep question 1046 add "Do we keep the polling fallback?"
      bep question 1046 resolve 2 --decision "No fallback" --rationale "All agents push"
    """
    ctx.obj["number"] = number


@question_group.command("add")
@click.argument("text")
@path_option
@done_json_option
@click.pass_context
def question_add_cmd(ctx: click.Context, text: str, path: str | None, as_json: bool) -> None:
    """Add an open question (in the section's own list style)."""
    from bepkit.actions.authoring import question_add

    _report(question_add(workspace(ctx), ctx.obj["number"], text, path=path), as_json)


@question_group.command("resolve")
@click.argument("question")
@click.option("--decision", required=True, metavar="TEXT", help="What was decided.")
@click.option("--rationale", required=True, metavar="TEXT", help="Why.")
@click.option("--date", metavar="YYYY-MM-DD", help="Default: today.")
@path_option
@done_json_option
@click.pass_context
def question_resolve_cmd(
    ctx: click.Context,
    question: str,
    decision: str,
    rationale: str,
    date: str | None,
    path: str | None,
    as_json: bool,
) -> None:
    """Resolve an open question: remove it and record it in the Decision Log.

    QUESTION is its id (as bep show and bep context list them, e.g. q3f2a9c)
    or its text. A question that is not open any more (someone resolved it
    since you read it) is refused, never its neighbour removed.

    \b
    Example:
      bep question 1046 resolve q3f2a9c --decision "Polling" --rationale "Simpler"
    """
    from bepkit.actions.authoring import question_resolve

    _report(
        question_resolve(
            workspace(ctx), ctx.obj["number"], question, decision, rationale, date=date, path=path
        ),
        as_json,
    )


@main.command("section")
@click.argument("number", type=int)
@click.argument("name")
@click.option("--doc", metavar="FILE", help="A sub-document instead of the main document.")
@click.option(
    "--set",
    "source",
    type=click.File("r", encoding="utf-8", errors="surrogateescape"),
    metavar="FILE",
    help="Replace the section's text with FILE's ('-': standard input).",
)
@click.option("--no-sync", is_flag=True, help="Do not bring the derived parts in step after --set.")
@done_json_option
@path_option
@click.pass_context
def section_cmd(
    ctx: click.Context,
    number: int,
    name: str,
    doc: str | None,
    source: Any,
    no_sync: bool,
    as_json: bool,
    path: str | None,
) -> None:
    """Print one section of a proposal, or replace the text under its heading.

    NAME is a section's role, its name in the guide, or its heading (any
    case). With --set the heading stays and only the lines under it change;
    then the derived parts (context-for-ai keys, Document Index, registry row)
    follow, as bep sync N would.

    \b
    Examples:
      bep section 1033 motivation
      bep section 1033 "Test Scenarios" --doc 05-provisioner.md
      bep section 1046 plan --set new-plan.md
      generate-plan | bep section 1046 plan --set -
    """
    if source is None:
        from bepkit.actions.search import section_text

        text = section_text(workspace(ctx), number, name, doc=doc, path=path)
        if as_json:
            emit_json({"number": number, "section": name, "text": text})
        else:
            echo(text, nl=False)
        return
    from bepkit.actions.section import replace_section

    result = replace_section(
        workspace(ctx), number, name, source.read(), doc=doc, path=path, sync=not no_sync
    )
    _report(result, as_json)


@main.command("renumber")
@click.argument("old", type=int)
@click.argument("new")
@path_option
@done_json_option
@click.pass_context
def renumber_cmd(ctx: click.Context, old: int, new: str, path: str | None, as_json: bool) -> None:
    """Move a proposal to another number (NEW, or 'next' for the next free one).

    Renames the document and its folder, moves the registry row, and rewrites
    the sub-documents' parent keys, the links to it and the mentions of it.
    When two documents share OLD, --path picks the one that moves.

    \b
    Examples:
      bep renumber 1026 next --path proposals/BEP-1026-email-notification-channel.md
      bep renumber 1046 1052
    """
    from bepkit.actions.renumber import renumber

    if new != "next" and not new.isdigit():
        raise BepError(f"NEW must be a number or 'next', not {new!r}")
    _report(renumber(workspace(ctx), old, None if new == "next" else int(new), path=path), as_json)


@main.command("recover")
@click.option("--abort", is_flag=True, help="Undo the interrupted command instead of finishing it.")
@done_json_option
@click.pass_context
def recover_cmd(ctx: click.Context, abort: bool, as_json: bool) -> None:
    """Finish (or undo) a command that was killed while writing its files.

    Commands that write several files (split, renumber, new, status,
    check --fix) write a journal first: a kill or a full disk leaves it, and
    every other writing command refuses until it is settled. Each file is
    finished or undone only if it is what the command found or wrote: a
    file someone edited since is reported, not overwritten.

    
    Examples:
      bep recover            finish the interrupted command
      bep recover --abort    put every file back as it was
    """
    ws = workspace(ctx)
    done = ws.recover(abort=abort)
    if as_json:
        emit_json(
            None
            if done is None
            else {"command": done.command, "aborted": done.aborted, "paths": done.paths}
        )
        return
    if done is None:
        echo("nothing to recover: no command was interrupted")
        return
    verb = "undid" if done.aborted else "finished"
    echo(f"{verb} the interrupted `bep {done.command}`: {len(done.paths)} path(s)")
    for path in done.paths:
        echo(f"  {path}")


if __name__ == "__main__":  # pragma: no cover
    main()


def run() -> None:
    """The ``bep`` program (the console script): ``bep list | head`` stops quietly,
    as cat does, when the reader of its output goes away."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()
