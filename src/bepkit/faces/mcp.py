"""``bep mcp``: the library as a Model Context Protocol server over stdio.

Tools read proposals (list, search, context bundles, one document, one
section, a check) and make the same edits the CLI makes (reserve and create,
decide, add and resolve questions, change a status), by calling the same
library functions: the diffs are the same, and every write runs under the
repository lock, re-reading first, so agents working in one checkout at once
never lose an edit or share a number.  Input is validated from the tools'
signatures; a user's mistake comes back as a tool error with the one-line
message the CLI would print.  Every main document and sub-document is a
resource ``bep://doc/<path>``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar, cast

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resources import FunctionResource
from pydantic import Field

from bepkit import __version__
from bepkit.actions.authoring import Result
from bepkit.errors import BepError
from bepkit.model.workspace import Workspace
from bepkit.text import json_text, undecodable, visible

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
open question, flag it before going on. Record decisions with add_decision and resolve
questions with resolve_question, not by editing the files."""

Number = Annotated[int, Field(ge=0, description="The proposal number, e.g. 1033")]
PathArg = Annotated[str | None, Field(description="Which document, when two share the number")]


def _errors(fn: Callable[P, R]) -> Callable[P, R]:
    """A user's mistake becomes a tool error with the CLI's one-line message."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = fn(*args, **kwargs)
        except BepError as exc:
            message = str(exc) + (f" ({exc.hint})" if exc.hint else "")
            raise ToolError(visible(message)) from None
        except OSError as exc:  # the disk, not the agent: one line, the server lives on
            raise ToolError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None
        # a document's bytes that are not UTF-8 (lone surrogates) would stop the
        # server when the reply is encoded: they go out as \xNN
        return cast(R, undecodable(result)) if isinstance(result, str) else result

    return wrapper


def _json(data: Any) -> str:
    return json_text(data)


def build_server(root: Path) -> MCPServer:
    """The server for the repository at (or around) ``root``."""

    def ws() -> Workspace:
        return Workspace.open(root)  # fresh for every call: the files are the truth

    app = MCPServer("bepkit", version=__version__, instructions=INSTRUCTIONS)

    # -- reading ---------------------------------------------------------------------------

    @app.tool()
    @_errors
    def list_proposals(
        status: Annotated[str | None, Field(description="Only this status (any case)")] = None,
        author: Annotated[
            str | None, Field(description="Only authors containing this text")
        ] = None,
    ) -> str:
        """Every proposal: number, title, status, author, created, layout, path (JSON)."""
        from bepkit.actions.info import list_entries

        entries = list_entries(ws())
        if status:
            entries = [e for e in entries if e.status.lower() == status.lower()]
        if author:
            entries = [e for e in entries if author.lower() in e.author.lower()]
        return _json([e.as_dict() for e in entries])

    @app.tool()
    @_errors
    def get_registry() -> str:
        """A compact listing of all proposals (number, title, status, scope), to decide where to look (JSON)."""
        from bepkit.actions.context import registry

        return _json(registry(ws()))

    @app.tool()
    @_errors
    def search_proposals(
        query: Annotated[str, Field(min_length=1, description="Words to look for")],
        limit: Annotated[int, Field(ge=1, le=100)] = 10,
    ) -> str:
        """Documents ranked by how well they match the words, with the matching lines (JSON)."""
        from bepkit.actions.search import search

        return _json(search(ws(), query, limit))

    @app.tool()
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
            Field(description="Only these sections (of the main document, or of the one doc)"),
        ] = None,
        topic: Annotated[str | None, Field(description="What the task is about")] = None,
        budget: Annotated[int | None, Field(ge=1, description="Token budget (o200k)")] = None,
        path: PathArg = None,
    ) -> str:
        """The reading bundle for a task on one proposal (markdown): metadata and
        context-for-ai block, Decision Log, open questions with their ids, Document
        Index, then the task's parts; every other part is listed with the call that
        returns just it."""
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

    @app.tool()
    @_errors
    def get_document(
        path: Annotated[str, Field(description="Path from the repository root")],
    ) -> str:
        """One main document or sub-document, whole."""
        return _read(ws(), path)

    @app.tool()
    @_errors
    def get_section(
        number: Number,
        section: Annotated[str, Field(min_length=1, description="A heading, e.g. 'Decision Log'")],
        doc: Annotated[
            str | None, Field(description="A sub-document instead of the main one")
        ] = None,
        path: PathArg = None,
    ) -> str:
        """One section (its heading and everything under it) of a proposal's document."""
        from bepkit.actions.search import section_text

        return section_text(ws(), number, section, doc=doc, path=path)

    @app.tool()
    @_errors
    def check_proposal(number: Number) -> str:
        """bep check's findings for one proposal's files and registry row, as the
        repository configured them (baseline, severities, cache) (JSON)."""
        from bepkit.check.engine import check
        from bepkit.check.report import record

        return _json([record(f) for f in check(ws(), number=number).findings])

    # -- writing ---------------------------------------------------------------------------

    @app.tool()
    @_errors
    def reserve_number(title: Annotated[str, Field(min_length=1)]) -> str:
        """Claim the next free number on the remote (no file is written) (JSON)."""
        from bepkit.actions.reserve import claim
        from bepkit.gitops import Git

        w = ws()
        git = Git(w.root)
        with w.locked():
            r = claim(w, git if git.is_repo() else None, title)
        return _json({"number": r.number, "confirmed": r.confirmed, "note": r.note})

    @app.tool()
    @_errors
    def create_proposal(
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
    ) -> str:
        """Reserve a number, write the proposal from the template, add its registry row (JSON)."""
        from bepkit.actions.authoring import new_proposal

        result = new_proposal(
            ws(), title, author=author, version=version, components=components or (), branch=branch
        )
        return _report(result)

    @app.tool()
    @_errors
    def add_decision(
        number: Number,
        decision: Annotated[str, Field(min_length=1)],
        rationale: Annotated[str, Field(min_length=1)],
        date: Annotated[str | None, Field(description="YYYY-MM-DD; default today")] = None,
        path: PathArg = None,
    ) -> str:
        """Append a dated row to the Decision Log (JSON: what changed)."""
        from bepkit.actions.authoring import decide

        return _report(decide(ws(), number, decision, rationale, date=date, path=path))

    @app.tool()
    @_errors
    def add_question(
        number: Number, text: Annotated[str, Field(min_length=1)], path: PathArg = None
    ) -> str:
        """Add an Open Question, in the section's own list style (JSON: what changed)."""
        from bepkit.actions.authoring import question_add

        return _report(question_add(ws(), number, text, path=path))

    @app.tool()
    @_errors
    def resolve_question(
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
        date: Annotated[str | None, Field(description="YYYY-MM-DD; default today")] = None,
        path: PathArg = None,
    ) -> str:
        """Remove an Open Question and record its resolution in the Decision Log (JSON).
        A question already resolved by someone else is refused, never its neighbour."""
        from bepkit.actions.authoring import question_resolve

        return _report(
            question_resolve(ws(), number, question, decision, rationale, date=date, path=path)
        )

    @app.tool()
    @_errors
    def set_status(
        number: Number,
        status: Annotated[str, Field(min_length=1)],
        target_version: str | None = None,
        implemented_version: str | None = None,
        reason: str | None = None,
        by: Annotated[int | None, Field(ge=0, description="The successor, for Superseded")] = None,
        date: Annotated[
            str | None, Field(description="YYYY-MM-DD for a reason or successor note")
        ] = None,
        path: PathArg = None,
    ) -> str:
        """Move a proposal to another status by the transition table (JSON: what changed)."""
        from bepkit.actions.authoring import set_status as change

        return _report(
            change(
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

    # -- resources -------------------------------------------------------------------------

    @app.resource("bep://doc/{+path}", mime_type="text/markdown")
    def document(path: str) -> str:
        """A main document or sub-document, by its path from the repository root."""
        try:
            return _read(ws(), path)
        except BepError as exc:
            raise ValueError(str(exc)) from None

    try:
        current = ws()
        for p in current.proposals.values():
            for rel in [m.rel for m in p.mains] + p.subdocs:
                app.add_resource(
                    FunctionResource(
                        uri=f"bep://doc/{rel}",
                        name=rel,
                        mime_type="text/markdown",
                        description=f"{current.config.ident(p.number)}: {rel}",
                        fn=_reader(ws, rel),
                    )
                )
    except BepError:
        pass  # no proposals folder yet: the tools say so when called
    return app


def _reader(ws: Callable[[], Workspace], rel: str) -> Callable[[], str]:
    def read() -> str:
        return _read(ws(), rel)

    return read


def _read(w: Workspace, path: str) -> str:
    rel = path.lstrip("/")
    documents = {m.rel for p in w.proposals.values() for m in p.mains}
    documents |= {s for p in w.proposals.values() for s in p.subdocs}
    if rel not in documents:
        raise BepError(f"{path} is not a proposal document", hint="list_proposals gives the paths")
    return w.document(rel).text


def _report(result: Result) -> str:
    return _json(result.as_dict())


def serve(root: Path) -> None:
    build_server(root).run()
