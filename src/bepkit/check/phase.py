"""Running the per-document phase: cached, and in parallel when it pays.

Documents whose content, place and configuration match a cached entry are
not read again.  The rest are checked in ``jobs`` forked processes (each
inherits the parsed workspace layout and returns small ``DocFacts``), or in
this process when there are few.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from typing import Any

from bepkit.check.cache import FactsCache, content_key
from bepkit.check.context import DocFacts, Task
from bepkit.check.facts import collect
from bepkit.check.structure import template_lines
from bepkit.model.workspace import Workspace
from bepkit.parallel import fork_map

__all__ = ["collect_all", "tasks"]

PARALLEL_FROM = 200  # documents; below this a process pool costs more than it saves


def tasks(ws: Workspace, numbers: Collection[int] | None = None) -> list[Task]:
    """The documents to check: every proposal's, or those of ``numbers``."""
    out: list[Task] = []
    chosen = ws.proposals.values() if numbers is None else [ws.proposal(n) for n in numbers]
    for p in chosen:
        out.extend(Task(m.rel, True, p.number) for m in p.mains)
        out.extend(Task(s, False, p.number) for s in p.subdocs)
    return out


def _layout(ws: Workspace, number: int) -> str:
    """What a document's results depend on besides its bytes: its proposal's sub-documents."""
    p = ws.proposals[number]
    if not p.subdocs:
        return "-"
    return hashlib.blake2b(
        "\0".join(p.subdocs).encode("utf-8", "surrogateescape"), digest_size=8
    ).hexdigest()


class Facts(dict[str, DocFacts]):
    """The facts of the documents checked, and of any other document a rule asks
    about (``bep check 1033`` reads a successor's status only when it needs it)."""

    def __init__(self, ws: Workspace, known: dict[str, DocFacts], cache: FactsCache | None):
        super().__init__(known)
        self._ws = ws
        self._cache = cache
        self._tasks: dict[str, Task] | None = None

    def __missing__(self, rel: str) -> DocFacts:
        if self._tasks is None:
            self._tasks = {t.rel: t for t in tasks(self._ws)}
        task = self._tasks.get(rel)
        if task is None:
            raise KeyError(rel)
        facts = collect_all(self._ws, cache=self._cache, todo=[task])[rel]
        self[rel] = facts
        return facts

    def get(self, rel: str, default: DocFacts | None = None) -> DocFacts | None:  # type: ignore[override]
        try:
            return self[rel]
        except KeyError:
            return default


def collect_all(
    ws: Workspace,
    *,
    jobs: int = 1,
    cache: FactsCache | None = None,
    todo: list[Task] | None = None,
) -> dict[str, DocFacts]:
    """The facts of every document (or of the ``todo`` ones), from ``cache`` where
    it has them and into it where not (the caller saves it once, at the end)."""
    if todo is None:
        todo = tasks(ws)
    out: dict[str, DocFacts] = {}
    keys: dict[str, str] = {}
    missing: list[Task] = []
    if cache is not None:
        for t in todo:
            data = ws.read_bytes(t.rel)
            side = ws.sidecar_path(t.rel)
            if side is not None:  # its metadata is part of what the facts depend on
                data += b"\0" + ws.read_bytes(side)
            key = keys[t.rel] = content_key(t, data, _layout(ws, t.number))
            hit = cache.get(key)
            if hit is None:
                missing.append(t)
            else:
                out[t.rel] = hit
    else:
        missing = todo
    memo: dict[str, Any] = {}
    if jobs > 1 and len(missing) >= PARALLEL_FROM:
        memo["template-lines"] = template_lines(ws)
        _ = ws.proposals, ws.registry  # computed once here, inherited by the workers
        results = fork_map(lambda t: collect(ws, t, memo), missing, jobs)
    else:
        results = [collect(ws, t, memo) for t in missing]
    for facts in results:
        out[facts.rel] = facts
        if cache is not None:
            cache.put(keys[facts.rel], facts)
    return {t.rel: out[t.rel] for t in todo}
