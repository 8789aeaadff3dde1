"""The repository layer: every proposal, document, folder and registry row.

Nothing found is dropped: a document without frontmatter, two documents with
one number, a registry row without a file, a file without a row, a folder
without a main document — all are represented, so that the checker can report
them.  Documents are read and parsed on first use, once.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bepkit import disk
from bepkit.config import Config, load
from bepkit.errors import BepError, NotFound
from bepkit.model.document import Document
from bepkit.model.registry import Registry, RegistryRow, find_registry

__all__ = ["Folder", "MainDoc", "Proposal", "Workspace"]


@dataclass(slots=True)
class MainDoc:
    """A ``BEP-NNNN-slug.md`` file in the proposals folder."""

    number: int
    slug: str
    rel: str  # path relative to the repository root, with /


@dataclass(slots=True)
class Folder:
    """A ``BEP-NNNN*/`` folder: sub-documents and supporting files."""

    number: int
    rel: str
    name: str
    subdocs: list[str] = field(default_factory=list)  # .md files, relative to the root
    supporting: list[str] = field(default_factory=list)  # everything else


@dataclass(slots=True)
class Proposal:
    """Everything that carries one number."""

    number: int
    mains: list[MainDoc] = field(default_factory=list)
    folders: list[Folder] = field(default_factory=list)
    rows: list[RegistryRow] = field(default_factory=list)

    @property
    def reserved(self) -> bool:
        """Registered (or folder-only) but no main document yet."""
        return not self.mains

    @property
    def subdocs(self) -> list[str]:
        return [s for f in self.folders for s in f.subdocs]

    @property
    def segmented(self) -> bool:
        return bool(self.subdocs)


class Workspace:
    """A proposals repository on disk, as configured."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = config.root
        self._docs: dict[str, Document] = {}
        self._read: dict[str, bytes] = {}  # the bytes each kept document was parsed from
        if not disk.is_dir(config.proposals_path):
            raise BepError(
                f"no proposals folder {config.proposals_dir!r} in {config.root}",
                hint="run bep inside a proposals repository, or set proposals_dir in bep.toml",
            )

    @classmethod
    def open(cls, start: Path | None = None) -> Workspace:
        return cls(load(start))

    # -- writing ------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the repository's write lock, and read everything afresh under it.

        Every command that writes runs inside: two writers never interleave, and
        each applies its edit to what the other wrote (lock, re-read, apply,
        write atomically).
        """
        with disk.locked(self.lock_path()):
            self.refresh()
            yield

    def lock_path(self) -> Path:
        """One lock per repository, whatever the environment: inside its git folder
        (a worktree's ``.git`` file names it), else the proposals folder itself."""
        dot_git = self.root / ".git"
        if disk.is_dir(dot_git):
            return dot_git / "bepkit.lock"
        if disk.is_file(dot_git):
            pointer = disk.read_text(dot_git).strip()
            if pointer.startswith("gitdir:"):
                git_dir = (self.root / pointer.removeprefix("gitdir:").strip()).resolve()
                if disk.is_dir(git_dir):
                    return git_dir / "bepkit.lock"
        return self.config.proposals_path

    def refresh(self) -> None:
        """Forget everything read, so that the next access reads the disk again."""
        self._docs.clear()
        self._read.clear()
        for name in ("entries", "_kinds", "_layout", "registry"):
            self.__dict__.pop(name, None)

    def write(self, rel: str, doc: Document) -> None:
        """Replace the file at ``rel`` atomically with ``doc``, refusing when the
        file is no longer what was read (an editor saved it in between)."""
        target = self._target(rel)
        read = self._read.get(rel)
        if read is not None and disk.read_bytes_or_none(target) != read:
            raise BepError(
                "the file changed since bep read it: nothing written",
                path=rel,
                hint="run the command again",
            )
        data = doc.to_bytes()
        disk.write_atomic(target, data)
        self._docs[rel] = doc
        self._read[rel] = data

    def remove(self, rel: str) -> None:
        disk.remove(self._target(rel))
        self._docs.pop(rel, None)
        self._read.pop(rel, None)

    def rename(self, rel: str, new_rel: str) -> None:
        """Move a file or folder; refuse to overwrite."""
        try:
            disk.rename(self._target(rel), self._target(new_rel))
        except FileExistsError:
            raise BepError(f"{new_rel} already exists", path=new_rel) from None
        self._docs.clear()
        self._read.clear()

    def create(self, rel: str, doc: Document) -> None:
        """Create the file at ``rel``; refuse to overwrite one."""
        if not disk.create_exclusive(self._target(rel), doc.to_bytes()):
            raise BepError(f"{rel} already exists", path=rel)
        self._docs[rel] = doc

    # -- files -------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def path(self, rel: str) -> Path:
        return self.root / rel

    def _target(self, rel: str) -> Path:
        """The path to write ``rel`` at, refused when it (or a folder on the way,
        through a symbolic link) leads out of the repository."""
        path = self.root / rel
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise BepError("refused: the path leads out of the repository", path=rel)
        return path

    @cached_property
    def entries(self) -> list[tuple[str, bool]]:
        """Every file and folder under the proposals folder: (relative path, is folder)."""
        return [(self.rel(p), d) for p, d in disk.walk(self.config.proposals_path, self.root)]

    @cached_property
    def _kinds(self) -> dict[str, bool]:
        return dict(self.entries)

    def is_file(self, rel: str) -> bool:
        rel = rel.rstrip("/")
        kind = self._kinds.get(rel)
        if kind is not None:
            return not kind
        return not self._inside(rel) and disk.is_file(self.path(rel))

    def is_dir(self, rel: str) -> bool:
        rel = rel.rstrip("/")
        if self._kinds.get(rel):
            return True
        return rel == self.config.proposals_dir or (
            not self._inside(rel) and disk.is_dir(self.path(rel))
        )

    def _inside(self, rel: str) -> bool:
        return rel.startswith(self.config.proposals_dir.rstrip("/") + "/")

    def read_bytes(self, rel: str) -> bytes:
        try:
            return disk.read_bytes(self.path(rel))
        except OSError as exc:
            raise NotFound(f"cannot read: {exc.strerror}", path=rel) from None

    def read_document(self, rel: str) -> Document:
        """The document at ``rel``, parsed now and not kept (for one pass over many)."""
        doc = self._docs.get(rel)
        return doc if doc is not None else Document.from_bytes(self.read_bytes(rel), rel)

    def document(self, rel: str) -> Document:
        """The parsed document at ``rel`` (read once, then kept)."""
        doc = self._docs.get(rel)
        if doc is None:
            data = self.read_bytes(rel)
            doc = self._docs[rel] = Document.from_bytes(data, rel)
            self._read[rel] = data
        return doc

    def exists(self, rel: str) -> bool:
        return self.is_file(rel) or self.is_dir(rel)

    # -- proposals -------------------------------------------------------------------

    @cached_property
    def _name_re(self) -> re.Pattern[str]:
        return re.compile(rf"^{re.escape(self.config.prefix)}-(\d+)(?:-(.*))?$")

    @cached_property
    def _layout(self) -> tuple[dict[int, Proposal], list[str]]:
        cfg = self.config
        base = cfg.proposals_dir.rstrip("/") + "/"
        template = cfg.template
        process_files = {name.lower() for name in cfg.process_files}  # the process's own
        proposals: dict[int, Proposal] = {}
        others: list[str] = []
        folders: dict[str, Folder] = {}

        def proposal(n: int) -> Proposal:
            p = proposals.get(n)
            if p is None:
                p = proposals[n] = Proposal(n)
            return p

        for rel, is_dir in self.entries:
            inner = rel[len(base) :]
            top, _, rest = inner.partition("/")
            if not rest:
                if is_dir:
                    m = self._name_re.match(top)
                    if m:
                        folder = Folder(int(m.group(1)), rel, top)
                        folders[top] = folder
                        proposal(folder.number).folders.append(folder)
                    continue
                if (
                    not top.lower().endswith(".md")
                    or rel in (template, cfg.registry_file)
                    or top.lower() in process_files
                ):
                    continue
                m = self._name_re.match(top[:-3])
                if m:
                    main = MainDoc(int(m.group(1)), m.group(2) or "", rel)
                    proposal(main.number).mains.append(main)
                else:
                    others.append(rel)
                continue
            owner = folders.get(top)
            if is_dir:
                continue
            if owner is None:
                if rel.lower().endswith(".md"):
                    others.append(rel)
                continue
            (owner.subdocs if rel.lower().endswith(".md") else owner.supporting).append(rel)
        registry = self.registry
        if registry is not None:
            for row in registry.numbered:
                assert row.number is not None
                proposal(row.number).rows.append(row)
        return dict(sorted(proposals.items())), others

    @property
    def proposals(self) -> dict[int, Proposal]:
        return self._layout[0]

    @property
    def other_documents(self) -> list[str]:
        """Markdown files in the proposals folder that belong to no number."""
        return self._layout[1]

    def proposal(self, number: int) -> Proposal:
        p = self.proposals.get(number)
        if p is None:
            raise NotFound(
                f"no proposal {self.config.ident(number)}", hint="bep list shows the numbers in use"
            )
        return p

    # -- registry ----------------------------------------------------------------------

    @cached_property
    def registry(self) -> Registry | None:
        """The registry table, or None when the file or its heading/table is missing."""
        if not self.exists(self.config.registry_file):
            return None
        return find_registry(self.document(self.config.registry_file), self.config.registry_heading)

    def require_registry(self) -> Registry:
        reg = self.registry
        if reg is None:
            raise BepError(
                f"no table under a {self.config.registry_heading!r} heading",
                path=self.config.registry_file,
                hint="the registry must be a markdown table under that heading",
            )
        return reg
