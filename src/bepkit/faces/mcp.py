"""``bep mcp``: the library as a Model Context Protocol server over stdio.

Tools read proposals (list, search, context bundles, one document, one
section, a check) and make the same edits the CLI makes (reserve and create,
decide, add and resolve questions, change a status, replace a section), by
calling the same library functions: the diffs are the same, and every write
runs under the repository lock, re-reading first, so agents working in one
checkout at once never lose an edit or share a number.

- Inputs are strict: an argument a tool does not declare is an error, and
  every schema says ``additionalProperties: false``.
- Each result is sent once: JSON as structured content with a one-line text
  summary, markdown as text.
- Tools carry annotations (read-only, destructive, idempotent, open world).
- Prompts, one per step of the guide's agent working pattern, come from the
  process profile; completions offer proposal numbers, sub-document names and
  phases.
- Every main document and sub-document is a resource ``bep://doc/<path>``; the
  list is read from the repository at each request, and a write through the
  server notifies subscribers of the documents it changed.

A user's mistake comes back as a tool error with the CLI's one-line message.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import anyio
from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import (
    CallToolResult,
    Completion,
    CompletionArgument,
    CompletionContext,
    PromptReference,
    Resource,
    ResourceTemplateReference,
    TextContent,
    Tool,
    ToolAnnotations,
)
from pydantic import Field

from bepkit import __version__
from bepkit.actions.authoring import Result
from bepkit.errors import BepError
from bepkit.model.workspace import Workspace
from bepkit.profiles import Prompt
from bepkit.text import json_safe, undecodable, visible

__all__ = ["build_server", "serve"]

P = ParamSpec("P")
R = TypeVar("R")

INSTRUCTIONS = """\
bepkit serves the enhancement proposals of this repository.
Read a proposal the way its guide asks, in one call: get_context(number, docs=[...]) for the
sub-documents of your task, or phase="K" for a phase of the Implementation Plan. The bundle
always holds the metadata and context-for-ai block, the Decision Log, the open questions (with
the ids resolve_question takes) and the Document Index; every other part is listed with the
call that returns just it (sections=[...]). Follow the Decision Log; if your task touches an
open question, flag it before going on. Record decisions with add_decision, resolve questions
with resolve_question and change a section with update_section, not by editing the files."""

Number = Annotated[int, Field(ge=0, description="The proposal number, e.g. 1033")]
PathArg = Annotated[
    str | None, Field(description="Which document, when two share the number (its path)")
]
Date = Annotated[str | None, Field(description="YYYY-MM-DD; default today")]

READ = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)


def _write(*, destructive: bool = False, open_world: bool = False) -> ToolAnnotations:
    return ToolAnnotations(
        read_only_hint=False,
        destructive_hint=destructive,
        idempotent_hint=False,
        open_world_hint=open_world,
    )


def _message(exc: BepError) -> str:
    return visible(str(exc) + (f" ({exc.hint})" if exc.hint else ""))


def _errors(fn: Callable[P, R]) -> Callable[P, R]:
    """A user's mistake becomes a tool error with the CLI's one-line message."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = fn(*args, **kwargs)
        except BepError as exc:
            raise ToolError(_message(exc)) from None
        except OSError as exc:  # the disk, not the agent: one line, the server lives on
            raise ToolError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None
        # a document's bytes that are not UTF-8 (lone surrogates) would stop the
        # server when the reply is encoded: they go out as \xNN
        return undecodable(result) if isinstance(result, str) else result  # type: ignore[return-value]

    return wrapper


def _data(data: dict[str, Any], summary: str) -> CallToolResult:
    """JSON once, as structured content, with a one-line summary as text."""
    return CallToolResult(
        content=[TextContent(type="text", text=visible(summary))],
        structured_content=json_safe(data),
    )


def _report(result: Result, what: str) -> CallToolResult:
    files = sorted({path for path, _ in result.changed if not path.startswith("(")})
    summary = f"{what}: {len(files)} file(s) changed" + (f" ({', '.join(files)})" if files else "")
    if result.warnings:
        summary += "; warning: " + "; ".join(result.warnings)
    return _data(result.as_dict(), summary)


class _Server(MCPServer):
    """The SDK's server, strict about arguments, with a resource list read live."""

    def __init__(self, ws: Callable[[], Workspace], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._ws = ws

    async def list_tools(self) -> list[Tool]:
        tools = await super().list_tools()
        return [
            t.model_copy(update={"input_schema": {**t.input_schema, "additionalProperties": False}})
            for t in tools
        ]

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> Any:
        declared = {t.name: t.input_schema.get("properties", {}) for t in await self.list_tools()}
        if name in declared:
            unknown = sorted(set(arguments) - set(declared[name]))
            if unknown:
                raise ToolError(
                    f"{name} has no argument {', '.join(map(repr, unknown))} "
                    f"(its arguments: {', '.join(declared[name]) or 'none'})"
                )
        return await super().call_tool(name, arguments, context)

    async def list_resources(self) -> list[Resource]:
        try:
            w = self._ws()
        except BepError:
            return []  # no proposals folder (yet): nothing to list
        return [
            Resource(
                uri=f"bep://doc/{rel}",
                name=rel,
                description=f"{w.config.ident(p.number)}: {rel}",
                mime_type="text/markdown",
            )
            for p in w.proposals.values()
            for rel in [m.rel for m in p.mains] + p.subdocs
        ]


async def _in_thread(fn: Callable[[], R]) -> R:
    return await anyio.to_thread.run_sync(fn)


async def _notify(ctx: Context[Any, Any], result: Result) -> None:
    """Tell subscribers which documents changed, and that the list did when one was made."""
    for path, note in result.changed:
        if path.endswith(".md"):
            await ctx.notify_resource_updated(f"bep://doc/{path}")
            if note.startswith(("created", "renamed")):
                await ctx.notify_resources_changed()


def build_server(root: Path) -> MCPServer:
    """The server for the repository at (or around) ``root``."""

    def ws() -> Workspace:
        return Workspace.open(root)  # fresh for every call: the files are the truth

    app = _Server(ws, name="bepkit", version=__version__, instructions=INSTRUCTIONS)
    tool = app.tool

    def writing(
        what: Callable[..., str],
    ) -> Callable[[Callable[P, Awaitable[Result]]], Callable[P, Awaitable[CallToolResult]]]:
        """A write tool: the library call runs in a worker thread under the lock; the
        changed documents are notified; the result is reported once."""

        def decorate(fn: Callable[P, Awaitable[Result]]) -> Callable[P, Awaitable[CallToolResult]]:
            @wraps(fn)
            async def wrapper(*args: P.args, **kwargs: P.kwargs) -> CallToolResult:
                try:
                    result = await fn(*args, **kwargs)
                except BepError as exc:
                    raise ToolError(_message(exc)) from None
                except OSError as exc:
                    raise ToolError(f"{exc.strerror or exc}: {exc.filename or ''}") from None
                ctx = kwargs.get("ctx")
                if isinstance(ctx, Context):
                    await _notify(ctx, result)
                return _report(result, what(**kwargs))

            return wrapper

        return decorate

    # -- reading ---------------------------------------------------------------------------

    @tool(annotations=READ, structured_output=False)
    @_errors
    def list_proposals(
        status: Annotated[str | None, Field(description="Only this status (any case)")] = None,
        author: Annotated[
            str | None, Field(description="Only authors containing this text")
        ] = None,
    ) -> CallToolResult:
        """Every proposal: number, title, status, author, created, layout, path."""
        from bepkit.actions.info import list_entries

        w = ws()
        entries = list_entries(w)
        if status:
            known = {s.lower() for s in w.config.statuses}
            if status.lower() not in known:
                raise BepError(
                    f"unknown status {status!r} (statuses: {', '.join(w.config.statuses)})"
                )
            entries = [e for e in entries if e.status.lower() == status.lower()]
        if author:
            entries = [e for e in entries if author.lower() in e.author.lower()]
        return _data({"proposals": [e.as_dict() for e in entries]}, f"{len(entries)} proposal(s)")

    @tool(annotations=READ, structured_output=False)
    @_errors
    def get_registry() -> CallToolResult:
        """A compact listing of all proposals (number, title, status, scope), to decide where to look."""
        from bepkit.actions.context import registry

        rows = registry(ws())
        return _data({"proposals": rows}, f"{len(rows)} proposal(s)")

    @tool(annotations=READ, structured_output=False)
    @_errors
    def search_proposals(
        query: Annotated[str, Field(min_length=1, description="Words to look for")],
        limit: Annotated[int, Field(ge=1, le=100)] = 10,
    ) -> CallToolResult:
        """Documents ranked by how well they match the words, with the matching lines."""
        from bepkit.actions.search import search

        hits = search(ws(), query, limit)
        return _data({"results": hits}, f"{len(hits)} document(s) match")

    @tool(annotations=READ, structured_output=False)
    @_errors
    def get_context(
        number: Number,
        docs: Annotated[
            list[str] | None,
            Field(description="Sub-documents of the task (file names); their depends-on come too"),
        ] = None,
        phase: Annotated[
            str | None, Field(description="A phase of the Implementation Plan, e.g. '2'")
        ] = None,
        sections: Annotated[
            list[str] | None,
            Field(
                description="Only these sections (a role, guide name or heading) of the main "
                "document, or of the one sub-document in docs"
            ),
        ] = None,
        topic: Annotated[str | None, Field(description="What the task is about")] = None,
        budget: Annotated[
            int | None, Field(ge=1, description="Token budget; asked-for parts always stay")
        ] = None,
        path: PathArg = None,
    ) -> str:
        """The reading bundle for a task on one proposal (markdown): metadata and
        context-for-ai block, Decision Log, open questions with their ids, Document
        Index, then the task's parts; every other part is listed with the call that
        returns just it. Each part names its file and lines."""
        from bepkit.actions.context import bundle

        return bundle(
            ws(),
            number,
            docs=docs or (),
            phase=phase,
            sections=sections or (),
            topic=topic,
            budget=budget,
            path=path,
        ).markdown()

    @tool(annotations=READ, structured_output=False)
    @_errors
    def get_document(
        path: Annotated[str, Field(description="Path from the repository root")],
    ) -> str:
        """One main document or sub-document, whole."""
        return _read(ws(), path)

    @tool(annotations=READ, structured_output=False)
    @_errors
    def get_section(
        number: Number,
        section: Annotated[
            str, Field(min_length=1, description="A role, guide name or heading, e.g. 'plan'")
        ],
        doc: Annotated[
            str | None, Field(description="A sub-document instead of the main one")
        ] = None,
        path: PathArg = None,
    ) -> str:
        """One section (its heading and everything under it) of a proposal's document."""
        from bepkit.actions.search import section_text

        return section_text(ws(), number, section, doc=doc, path=path)

    @tool(annotations=READ, structured_output=False)
    @_errors
    def proposals_for_code(
        paths: Annotated[
            list[str], Field(min_length=1, description="Source files you are changing")
        ],
    ) -> CallToolResult:
        """Which proposals, and which of their sections, mention these source files (as
        paths, path tails or dotted modules): read those before changing the code."""
        from bepkit.actions.mentions import mentions

        found = [m.as_dict() for m in mentions(ws(), paths)]
        numbers = sorted({m["number"] for m in found})
        return _data(
            {"mentions": found},
            f"{len(found)} mention(s) in {len(numbers)} proposal(s)"
            + (f": {', '.join(map(str, numbers))}" if numbers else ""),
        )

    @tool(annotations=READ, structured_output=False)
    @_errors
    def check_proposal(number: Number) -> CallToolResult:
        """bep check's findings for one proposal's files and registry row, as the
        repository configured them (baseline, severities, cache)."""
        from bepkit.check.engine import check
        from bepkit.check.report import record

        findings = [record(f) for f in check(ws(), number=number).findings]
        return _data({"findings": findings}, f"{len(findings)} finding(s)")

    # -- writing ---------------------------------------------------------------------------

    @tool(annotations=_write(open_world=True), structured_output=False)
    @_errors
    def reserve_number(title: Annotated[str, Field(min_length=1)]) -> CallToolResult:
        """Claim the next free number (on the remote, else in this checkout); no file is written."""
        from bepkit.actions.authoring import reserve

        r, _ = reserve(ws(), title, row="none")
        return _data(
            {"number": r.number, "confirmed": r.confirmed, "note": r.note},
            f"reserved {r.number}" + ("" if r.confirmed else f" ({r.note})"),
        )

    @tool(annotations=_write(open_world=True), structured_output=False)
    @writing(lambda **kw: f"created {kw['title']!r}")
    async def create_proposal(
        ctx: Context[Any, Any],
        title: Annotated[str, Field(min_length=1)],
        author: Annotated[
            str | None, Field(description="'Name (email)'; default: git config")
        ] = None,
        version: Annotated[
            str | None, Field(description="the version the proposal is created in")
        ] = None,
        components: Annotated[
            list[str] | None, Field(description="Sub-documents: makes it segmented")
        ] = None,
        branch: Annotated[bool, Field(description="Create and check out bep/NNNN-slug")] = False,
    ) -> Result:
        """Reserve a number, write the proposal from the template, add its registry row."""
        from bepkit.actions.authoring import new_proposal

        return await _in_thread(
            lambda: new_proposal(
                ws(),
                title,
                author=author,
                version=version,
                components=components or (),
                branch=branch,
            )
        )

    @tool(annotations=_write(), structured_output=False)
    @writing(lambda **kw: f"decision added to {kw['number']}")
    async def add_decision(
        ctx: Context[Any, Any],
        number: Number,
        decision: Annotated[str, Field(min_length=1)],
        rationale: Annotated[str, Field(min_length=1)],
        date: Date = None,
        path: PathArg = None,
    ) -> Result:
        """Append a dated row to the Decision Log."""
        from bepkit.actions.authoring import decide

        return await _in_thread(
            lambda: decide(ws(), number, decision, rationale, date=date, path=path)
        )

    @tool(annotations=_write(), structured_output=False)
    @writing(lambda **kw: f"question added to {kw['number']}")
    async def add_question(
        ctx: Context[Any, Any],
        number: Number,
        text: Annotated[str, Field(min_length=1)],
        path: PathArg = None,
    ) -> Result:
        """Add an open question after the last open one, in its list's style."""
        from bepkit.actions.authoring import question_add

        return await _in_thread(lambda: question_add(ws(), number, text, path=path))

    @tool(annotations=_write(destructive=True), structured_output=False)
    @writing(lambda **kw: f"question resolved in {kw['number']}")
    async def resolve_question(
        ctx: Context[Any, Any],
        number: Number,
        question: Annotated[
            str,
            Field(
                min_length=1,
                description="The question's id (as get_context lists it, e.g. q3f2a9c) or its text",
            ),
        ],
        decision: Annotated[str, Field(min_length=1)],
        rationale: Annotated[str, Field(min_length=1)],
        date: Date = None,
        path: PathArg = None,
    ) -> Result:
        """Remove an open question and record its resolution in the Decision Log. A
        question someone else resolved since is refused, never its neighbour."""
        from bepkit.actions.authoring import question_resolve

        return await _in_thread(
            lambda: question_resolve(
                ws(), number, question, decision, rationale, date=date, path=path
            )
        )

    @tool(annotations=_write(destructive=True), structured_output=False)
    @writing(lambda **kw: f"{kw['number']} set to {kw['status']}")
    async def set_status(
        ctx: Context[Any, Any],
        number: Number,
        status: Annotated[
            str,
            Field(min_length=1, description="The new status: one of the process's statuses"),
        ],
        target_version: Annotated[str | None, Field(description="Needed for Accepted")] = None,
        implemented_version: Annotated[
            str | None, Field(description="Needed for Implemented")
        ] = None,
        reason: Annotated[str | None, Field(description="Needed for Rejected")] = None,
        by: Annotated[int | None, Field(ge=0, description="The successor, for Superseded")] = None,
        date: Date = None,
        path: PathArg = None,
    ) -> Result:
        """Move a proposal to another status by the transition table; the registry follows."""
        from bepkit.actions.authoring import set_status as change

        return await _in_thread(
            lambda: change(
                ws(),
                number,
                status,
                target_version=target_version,
                implemented_version=implemented_version,
                reason=reason,
                by=by,
                path=path,
                date=date,
            )
        )

    @tool(annotations=_write(destructive=True), structured_output=False)
    @writing(lambda **kw: f"section {kw['section']!r} of {kw['number']} replaced")
    async def update_section(
        ctx: Context[Any, Any],
        number: Number,
        section: Annotated[
            str, Field(min_length=1, description="A role, guide name or heading, e.g. 'plan'")
        ],
        text: Annotated[
            str,
            Field(description="The new text under the heading (sub-headings deeper only)"),
        ],
        doc: Annotated[
            str | None, Field(description="A sub-document instead of the main one")
        ] = None,
        path: PathArg = None,
    ) -> Result:
        """Replace the text under one section's heading (the heading stays), then bring
        the derived parts in step: context-for-ai keys, Document Index, registry row."""
        from bepkit.actions.section import replace_section

        return await _in_thread(
            lambda: replace_section(ws(), number, section, text, doc=doc, path=path)
        )

    # -- prompts: the guide's working pattern, from the process profile -------------------

    def prompt_text(name: str, arguments: dict[str, str]) -> str:
        from bepkit.actions.context import bundle

        w = ws()
        number = arguments.get("number", "")
        n = _number(number)
        ident = w.config.ident(n) if n is not None else number
        words = {k: v for k, v in arguments.items() if k != "number"}
        text = w.config.prompts[name].text.format(ident=ident, **words)
        if n is None:
            return text
        if name == "review":
            from bepkit.check.engine import check
            from bepkit.check.report import record

            found = [record(f) for f in check(w, number=n).findings]
            lines = [f"- {r['path']}:{r['line']}: {r['code']} {r['message']}" for r in found]
            text += "\n\n## Findings\n\n" + ("\n".join(lines) or "(none)")
        docs = [words["doc"]] if words.get("doc") else []
        phase = words.get("phase") or None
        return text + "\n\n" + bundle(w, n, docs=docs, phase=phase).markdown()

    for name, spec in _profile_prompts(ws).items():
        app.prompt(name=name, description=spec.description)(
            _errors(_prompt(name, spec, prompt_text))
        )

    async def complete(
        ref: PromptReference | ResourceTemplateReference,
        argument: CompletionArgument,
        context: CompletionContext | None,
    ) -> Completion | None:
        """Proposal numbers, sub-document names, phases and document paths."""
        known = dict(context.arguments or {}) if context else {}
        return await _in_thread(lambda: _complete(ws, argument.name, argument.value, known))

    completion: Any = app.completion  # the SDK leaves this decorator untyped
    completion()(complete)

    # -- resources -------------------------------------------------------------------------

    @app.resource("bep://doc/{+path}", mime_type="text/markdown")
    def document(path: str) -> str:
        """A main document or sub-document, by its path from the repository root."""
        try:
            return undecodable(_read(ws(), path))
        except BepError as exc:
            raise ValueError(str(exc)) from None

    return app


def _profile_prompts(ws: Callable[[], Workspace]) -> dict[str, Prompt]:
    """The prompts of the repository's profile (the built-in one when the
    repository cannot be read yet)."""
    try:
        return ws().config.prompts
    except BepError:
        from bepkit.profiles import builtin

        return builtin().prompts


def _prompt(
    name: str, spec: Prompt, render: Callable[[str, dict[str, str]], str]
) -> Callable[..., str]:
    """A prompt function whose arguments are the text's placeholders: ``number``
    for {ident}, then {task}, {doc}, {phase} as they appear (the SDK reads the
    arguments from the signature)."""
    fields = [f for _, f, _, _ in string.Formatter().parse(spec.text) if f]
    names = ["number"] * ("ident" in fields) + [f for f in dict.fromkeys(fields) if f != "ident"]

    def fill(**arguments: str) -> str:
        return render(name, arguments)

    fill.__name__ = name
    fill.__doc__ = spec.description
    fill.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=str) for n in names],
        return_annotation=str,
    )
    fill.__annotations__ = {**{n: str for n in names}, "return": str}
    return fill


def _number(text: str) -> int | None:
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits) if 0 < len(digits) <= 9 else None  # a longer one names no proposal


def _complete(
    ws: Callable[[], Workspace], name: str, value: str, known: dict[str, str]
) -> Completion | None:
    from bepkit.model.derive import phase_labels
    from bepkit.model.segments import folder_relative

    try:
        w = ws()
    except BepError:
        return None
    values: list[str] = []
    if name == "number":
        values = [str(n) for n in w.proposals if str(n).startswith(value)]
    elif name in ("doc", "phase", "path"):
        n = _number(known.get("number", ""))
        p = w.proposals.get(n) if n is not None else None
        if name == "path":
            values = [
                rel
                for q in w.proposals.values()
                for rel in [m.rel for m in q.mains] + q.subdocs
                if rel.startswith(value)
            ]
        elif p is not None and name == "doc":
            values = [folder_relative(p, s) for s in p.subdocs]
            values = [v for v in values if v.lower().startswith(value.lower())]
        elif p is not None and p.mains:
            labels = phase_labels(w.document(p.mains[0].rel), w.config)
            values = [v for v in labels if v.lower().startswith(value.lower())]
    else:
        return None
    return Completion(values=values[:100], total=len(values), has_more=len(values) > 100)


def _read(w: Workspace, path: str) -> str:
    rel = path.lstrip("/")
    documents = {m.rel for p in w.proposals.values() for m in p.mains}
    documents |= {s for p in w.proposals.values() for s in p.subdocs}
    if rel not in documents:
        raise BepError(f"{path} is not a proposal document", hint="list_proposals gives the paths")
    return w.document(rel).text


def serve(root: Path) -> None:
    build_server(root).run()
