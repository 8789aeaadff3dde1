"""Work spread over forked processes, for a check or a site build of many documents.

The workers are forked, so they start with this process's memory: the parsed
workspace is not sent to them, and ``work`` may be any function, closures
included (only the items' positions and the results cross between processes).
Memory a worker takes (a C library's allocations included) goes back to the
system when the pool ends.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["default_jobs", "fork_map"]

T = TypeVar("T")
R = TypeVar("R")

_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def default_jobs() -> int:
    """As many processes as cores, up to 8."""
    return max(1, min(os.cpu_count() or 1, 8))


def _run(span: tuple[int, int]) -> list[Any]:
    assert _JOB is not None
    work, items = _JOB
    return [work(item) for item in items[span[0] : span[1]]]


def fork_map(work: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """``[work(item) for item in items]``, in ``jobs`` forked processes, in order."""
    global _JOB
    import multiprocessing  # here: a command that works alone does without it
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, len(items) // (jobs * 8))  # small pieces: the processes finish together
    spans = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _JOB = (work, items)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [r for part in pool.map(_run, spans) for r in part]
    finally:
        _JOB = None
