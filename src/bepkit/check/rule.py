"""A rule of ``bep check``: a stable code, a default severity, an explanation.

Codes never change meaning; a retired rule keeps its code reserved.  Each
rule module defines its rules next to their checks and fixes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ERROR", "WARNING", "Rule"]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    explanation: str
    fixable: bool = False  # set by the catalogue: the rule's module has a fix for it
    unsafe: bool = False  # its fix changes what a person chose: only with --unsafe-fixes
