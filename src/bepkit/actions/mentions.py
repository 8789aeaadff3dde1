"""``bep context --paths FILE...`` / ``--diff REF``: which proposals, and which of
their sections, mention the source files an agent is changing.

Proposals name code as paths (``src/ai/backend/manager/api/export.py``), as
path tails (``manager/api/export.py``) and as dotted modules
(``ai.backend.manager.api.export``).  A mention matches a file when the two
share a tail of at least two parts (``api/export``), with or without the file
extension: ``export.py`` alone is too common to mean one file.  Each document
is read once and cut into path-like words; every lookup is a set lookup.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bepkit.errors import BepError
from bepkit.gitops import Git, GitError
from bepkit.model.document import Document
from bepkit.model.document.links import strip_inline
from bepkit.model.workspace import Workspace

__all__ = ["Mention", "changed_paths", "mentions"]

_WORD_RE = re.compile(r"[\w][\w./-]*[\w]")  # a path, a module, a word
_EXTENSION_RE = re.compile(r"\.[A-Za-z0-9]{1,5}$")
MIN_PARTS = 2


@dataclass(frozen=True)
class Mention:
    number: int
    path: str  # the document
    line: int  # from 1
    section: str  # the heading above the line ('' before the first)
    text: str  # as the document writes it
    file: str  # the source file it means

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _tails(parts: list[str]) -> Iterable[str]:
    for i in range(len(parts) - MIN_PARTS + 1):
        yield "/".join(parts[i:])


def _keys(files: Sequence[str]) -> dict[str, str]:
    """Every tail of two parts or more of each file, with and without its
    extension -> the file.  A tail two files share means neither: it is dropped."""
    out: dict[str, str] = {}
    shared: set[str] = set()
    for file in files:
        clean = posixpath.normpath(file.strip().lstrip("./")) if file.strip() else ""
        if not clean or clean == ".":
            continue
        parts = clean.split("/")
        bare = [*parts[:-1], _EXTENSION_RE.sub("", parts[-1])]
        for tail in {*_tails(parts), *_tails(bare)}:
            if out.get(tail, file) != file:
                shared.add(tail)
            out.setdefault(tail, file)
    for tail in shared:
        del out[tail]
    return out


def _forms(word: str) -> Iterable[str]:
    """A word of a document as the path tails it may mean."""
    word = word.strip("./")
    if "/" in word:
        parts = [p for p in word.split("/") if p]
        yield from _tails(parts)
        yield from _tails([*parts[:-1], _EXTENSION_RE.sub("", parts[-1])])
    elif word.count(".") >= 1:
        yield from _tails(word.split("."))  # a dotted module: ai.backend.manager.api


def _sections(doc: Document) -> list[str]:
    """The heading above each line."""
    titles = [""] * len(doc.lines)
    for s in doc.sections:
        for i in range(s.start, s.end):
            titles[i] = strip_inline(s.title)
    return titles


def mentions(ws: Workspace, files: Sequence[str]) -> list[Mention]:
    """Where each proposal document mentions one of ``files``, in document order."""
    keys = _keys(files)
    if not keys:
        return []
    out: list[Mention] = []
    for number, p in ws.proposals.items():
        for rel in [m.rel for m in p.mains] + p.subdocs:
            doc = ws.read_document(rel)
            titles: list[str] | None = None
            for i, line in enumerate(doc.lines):
                if "/" not in line and "." not in line:
                    continue
                for m in _WORD_RE.finditer(line):
                    file = next((keys[f] for f in _forms(m.group()) if f in keys), None)
                    if file is None:
                        continue
                    if titles is None:
                        titles = _sections(doc)
                    out.append(Mention(number, rel, i + 1, titles[i], m.group(), file))
    return out


def changed_paths(ws: Workspace, ref: str) -> list[str]:
    """The files changed since ``ref`` (committed, staged, in the work tree, untracked)."""
    git = Git(ws.root)
    if not git.is_repo():
        raise BepError("--diff needs a git repository")
    if git.resolve(ref) is None:
        raise BepError(f"unknown git ref {ref!r}", hint="a branch, tag or commit, e.g. origin/main")
    try:
        return git.changed_paths(ref, ".")
    except GitError as exc:
        raise BepError(f"git: {exc}") from None
