"""Errors a person can act on: each names the file (and line) at fault.

Every error here is a user's mistake or a state of their repository, never a
bug: the CLI prints it on one line and exits with code 2.
"""

from __future__ import annotations


class BepError(Exception):
    """A usage, configuration or repository error (exit code 2)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class ConfigError(BepError):
    """The configuration file has an unknown key or a bad value."""


class NotFound(BepError):
    """A proposal number, file or section that does not exist."""
