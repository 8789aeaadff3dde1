"""A cache of per-document check results, keyed by the document's content.

It lives outside the repository (``$BEP_CACHE_DIR``, else
``$XDG_CACHE_HOME/bepkit``, else ``~/.cache/bepkit``), one JSON file per
repository, so that a pull request cannot plant entries that hide findings.
Entries are valid only for the bepkit version, configuration and template
they were computed with; a run keeps only the entries it used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from bepkit import __version__, disk
from bepkit.check.context import DocFacts, Task
from bepkit.disk import cache_dir
from bepkit.model.workspace import Workspace

__all__ = ["FactsCache", "cache_dir", "clean", "content_key"]


def content_key(task: Task, data: bytes, layout: str) -> str:
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return f"{task.rel}:{digest}:{'m' if task.main else 's'}:{layout}"


class FactsCache:
    """The cache of one repository, read from its file; ``earlier`` is this process's
    cache of a previous run (bep serve's last build), whose entries are taken from
    memory when the configuration and template are still the same."""

    def __init__(
        self, ws: Workspace, directory: Path | None = None, earlier: FactsCache | None = None
    ) -> None:
        folder = directory or cache_dir()
        root = hashlib.blake2b(
            str(ws.root).encode("utf-8", "surrogateescape"), digest_size=8
        ).hexdigest()
        self.path = folder / f"check-{root}.json"
        template = ws.read_bytes(ws.config.template) if ws.is_file(ws.config.template) else b""
        self.fingerprint = hashlib.blake2b(
            repr((__version__, ws.config, template)).encode("utf-8", "surrogateescape"),
            digest_size=16,
        ).hexdigest()
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.changed = False
        self.hits = 0
        if earlier is not None and (earlier.path, earlier.fingerprint) == (
            self.path,
            self.fingerprint,
        ):
            self.entries = {**earlier.entries, **earlier.used}
            return
        try:
            data = json.loads(disk.read_bytes(self.path))
            if data.get("fingerprint") == self.fingerprint and isinstance(data["entries"], dict):
                self.entries = data["entries"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def get(self, key: str) -> DocFacts | None:
        """The facts cached for ``key`` (path, content hash, place), checked on load:
        an entry made for other content, or of the wrong shape, is not used."""
        raw = self.entries.get(key)
        if not isinstance(raw, dict) or raw.get("key") != key:
            return None
        try:
            facts = DocFacts.from_json(raw)
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        if facts.rel != key.split(":", 1)[0]:
            return None
        self.used[key] = raw
        self.hits += 1
        return facts

    def put(self, key: str, facts: DocFacts) -> None:
        self.used[key] = {**facts.to_json(), "key": key}
        self.changed = True

    def save(self, *, prune: bool = True) -> None:
        """Write the entries this run used (and, without ``prune``, every other one
        read: a run over some proposals), if anything differs from what was read."""
        if not self.changed and (not prune or len(self.used) == len(self.entries)):
            return
        entries = self.used if prune else {**self.entries, **self.used}
        data = {"fingerprint": self.fingerprint, "entries": entries}
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            disk.write_atomic(
                self.path,
                json.dumps(data, separators=(",", ":")).encode("utf-8", "surrogateescape"),
            )


def clean(directory: Path | None = None) -> int:
    """Remove every cached check result; how many files were removed."""
    folder = directory or cache_dir()
    removed = 0
    for name in disk.files(folder):
        if name.startswith("check-") and name.endswith(".json"):
            disk.remove(folder / name)
            removed += 1
    return removed
