"""Every rule of ``bep check``, gathered from the rule modules.

Each module keeps its rules' explanations, their checks and their fixes
together; a rule is fixable exactly when its module has a fix for it
(``FIXABLE``).  Groups: N numbers and registry, M metadata, S structure,
G segmentation, A context-for-ai, D Decision Log, L links, B branch and
merge target, T status transitions, X cross-references.
"""

from __future__ import annotations

from dataclasses import replace

from bepkit.check import (
    aicontext,
    branch,
    crossref,
    decisions,
    links,
    metadata,
    numbers,
    segmentation,
    structure,
    transitions,
)
from bepkit.check.fixes import Change, merge
from bepkit.check.rule import Rule
from bepkit.model.workspace import Workspace

__all__ = ["FIXABLE", "RULES", "UNSAFE", "Rule", "changes"]

_MODULES = (
    numbers,
    metadata,
    structure,
    segmentation,
    aicontext,
    decisions,
    links,
    branch,
    transitions,
    crossref,
)
# the modules that fix what they find, each with the codes it fixes
_FIXERS = (numbers, segmentation, aicontext)
FIXABLE = frozenset().union(*(m.FIXABLE for m in _FIXERS))
# fixes that change what a person chose (ruff's unsafe fixes): --unsafe-fixes
UNSAFE = numbers.UNSAFE

RULES: dict[str, Rule] = {
    r.code: replace(r, fixable=r.code in FIXABLE, unsafe=r.code in UNSAFE)
    for m in _MODULES
    for r in m.RULES
}


def changes(ws: Workspace, codes: set[str], only: int | None = None) -> list[Change]:
    """Every safe fix for the enabled rule ``codes``, merged per file; ``only``
    one proposal's."""
    return merge(
        [c for m in _FIXERS if codes & m.FIXABLE for c in m.fix(ws, codes & m.FIXABLE, only)]
    )
