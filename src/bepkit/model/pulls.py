"""Numbers that open pull requests already hold.

A number is held by an open pull request when the pull request adds a
proposal file or folder with that number under the proposals folder (its
files are read, not only its title).  The answer is cached for
``github.cache_seconds`` in bepkit's cache folder, so a check or a reservation
does not call the API per document.  Without a GitHub remote, a token or the
network, ``held`` says so in a note and returns what it cannot see as nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bepkit import disk
from bepkit.errors import BepError
from bepkit.github import GitHubClient, Repo, repo_of
from bepkit.gitops import Git
from bepkit.model.workspace import Workspace

__all__ = ["Held", "held", "known_pulls"]


@dataclass
class Held:
    numbers: dict[int, list[str]] = field(default_factory=dict)  # number -> "#12 title (branch)"
    note: str = ""  # why nothing could be seen, when so


def _cache_file(ws: Workspace, repo: Repo) -> Path:
    key = f"{repo.web}:{ws.config.proposals_dir}".encode()
    return disk.cache_dir() / "pulls" / (hashlib.blake2b(key, digest_size=8).hexdigest() + ".json")


def known_pulls(ws: Workspace, git: Git) -> dict[int, list[str]]:
    """The pull requests that add each number, as far as the cache knows (no
    network): number -> URLs."""
    if not disk.is_dir(disk.cache_dir() / "pulls"):
        return {}  # never read: no git call either (bep list stays fast)
    url = git.remote_url(ws.config.remote) if git.is_repo() else None
    repo = repo_of(url) if url else None
    if repo is None:
        return {}
    out: dict[int, list[str]] = {}
    for pull in _cached(_cache_file(ws, repo), ws.config.github.cache_seconds) or []:
        for n in sorted(_numbers(ws, pull["added"])):
            out.setdefault(n, []).append(str(pull.get("url", "")))
    return out


def _numbers(ws: Workspace, paths: list[str]) -> set[int]:
    return {n for path in paths if (n := ws.config.number_in(path)) is not None}


def held(ws: Workspace, git: Git, *, exclude_branch: str | None = None) -> Held:
    """The numbers the open pull requests of the ``origin`` repository add."""
    cfg = ws.config
    url = git.remote_url(cfg.remote)
    repo = repo_of(url) if url else None
    if repo is None:
        return Held()  # not a GitHub repository: there are no pull requests to read
    cache = _cache_file(ws, repo)
    pulls = _cached(cache, cfg.github.cache_seconds)
    if pulls is None:
        try:
            client = GitHubClient(repo, cfg.github.api)
            pulls = _read(client, cfg.proposals_dir)
        except BepError as exc:
            return Held(note=f"open pull requests not checked: {exc}")
        _store(cache, pulls)
    out = Held()
    for pull in pulls:
        if exclude_branch and pull["branch"] == exclude_branch:
            continue
        label = f"#{pull['number']} {pull['title']} ({pull['branch']})"
        for n in sorted(_numbers(ws, pull["added"])):
            out.numbers.setdefault(n, []).append(label)
    return out


def _read(client: GitHubClient, proposals_dir: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    prefix = proposals_dir.rstrip("/") + "/"
    for pull in client.open_pulls():
        number = int(pull["number"])
        added = [
            str(f["filename"])
            for f in client.pull_files(number)
            if f.get("status") == "added" and str(f.get("filename", "")).startswith(prefix)
        ]
        out.append(
            {
                "number": number,
                "title": str(pull.get("title", "")),
                "branch": str((pull.get("head") or {}).get("ref", "")),
                "url": str(pull.get("html_url", "")),
                "added": added,
            }
        )
    return out


def _cached(path: Path, seconds: int) -> list[dict[str, Any]] | None:
    data = disk.read_bytes_or_none(path)
    if data is None or seconds <= 0:
        return None
    try:
        entry = json.loads(data)
        if time.time() - float(entry["at"]) > seconds:
            return None
        pulls = entry["pulls"]
        if not isinstance(pulls, list):
            return None
        return pulls
    except (ValueError, KeyError, TypeError):
        return None


def _store(path: Path, pulls: list[dict[str, Any]]) -> None:
    with contextlib.suppress(OSError, BepError):  # a cache not written is only slower
        disk.write_atomic(path, json.dumps({"at": time.time(), "pulls": pulls}).encode())
