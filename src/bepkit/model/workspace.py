"""The repository layer: every proposal, document, folder and registry row.

Nothing found is dropped: a document without frontmatter, two documents with
one number, a registry row without a file, a file without a row, a folder
without a main document — all are represented, so that the checker can report
them.  Documents are read and parsed on first use, once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bepkit import disk, journal
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
    subdocs: list[str] = field(default_factory=list)  # its own .md files, relative to the root
    supporting: list[str] = field(default_factory=list)  # everything else, at any depth


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


@dataclass
class _Staged:
    """The changes a locked block has staged: written together by ``commit``."""

    command: str
    files: dict[str, Document] = field(default_factory=dict)  # written or created
    created: set[str] = field(default_factory=set)
    renames: list[tuple[str, str]] = field(default_factory=list)
    removes: list[str] = field(default_factory=list)


class Workspace:
    """A proposals repository on disk, as configured."""

    def __init__(
        self, config: Config, parsed: dict[str, tuple[bytes, Document]] | None = None
    ) -> None:
        self.config = config
        self.root = config.root
        # documents parsed by an earlier workspace of a long-running face (bep serve):
        # reused while their bytes are the same
        self._parsed = parsed
        self._docs: dict[str, Document] = {}
        self._read: dict[str, bytes] = {}  # the bytes each kept document was parsed from
        self._staged: _Staged | None = None  # inside locked(): what the commit writes
        if not disk.is_dir(config.proposals_path):
            raise BepError(
                f"no proposals folder {config.proposals_dir!r} in {config.root}",
                hint="run bep inside a proposals repository, or set proposals_dir in bep.toml",
            )

    @classmethod
    def open(
        cls, start: Path | None = None, parsed: dict[str, tuple[bytes, Document]] | None = None
    ) -> Workspace:
        return cls(load(start), parsed)

    # -- writing ------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, command: str = "a bep command") -> Iterator[None]:
        """Hold the repository's write lock, read everything afresh, and write
        what the block staged all or nothing when it ends.

        Every command that writes runs inside: two writers never interleave,
        each applies its edit to what the other wrote, and ``write``,
        ``create``, ``rename`` and ``remove`` only stage until ``commit`` (or
        the end of the block) applies them through a journal.  ``command``
        names the command in the journal (``bep recover`` says what it finishes).
        """
        with disk.locked(self.lock_path()):
            interrupted = self.interrupted()
            if interrupted is not None:
                raise BepError(
                    f"an earlier `bep {interrupted}` was interrupted and left a journal: "
                    "nothing written",
                    hint="bep recover finishes it, bep recover --abort undoes it",
                )
            disk.remove_temps(self.journal_path())
            self.refresh()
            self._staged = _Staged(command)
            try:
                yield
                self.commit()
            finally:
                self._staged = None

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

    def journal_path(self) -> Path:
        """Where an interrupted command's journal is: beside the lock."""
        lock = self.lock_path()
        if lock == self.config.proposals_path:
            return lock / ".bepkit-journal.json"
        return lock.with_name("bepkit-journal.json")

    def interrupted(self) -> str | None:
        """The command an unfinished journal belongs to, or None."""
        return journal.pending(self.journal_path())

    def recover(self, *, abort: bool = False) -> journal.Recovery | None:
        """Finish (or undo) an interrupted command; None when there was none."""
        with disk.locked(self.lock_path()):
            done = journal.recover(self.root, self.journal_path(), abort=abort)
            self.refresh()
            return done

    def refresh(self) -> None:
        """Forget everything read, so that the next access reads the disk again."""
        self._docs.clear()
        self._read.clear()
        for name in ("entries", "_kinds", "_layout", "registry"):
            self.__dict__.pop(name, None)

    def _staging(self) -> _Staged:
        if self._staged is None:
            raise RuntimeError("bepkit writes only inside Workspace.locked()")
        return self._staged

    def write(self, rel: str, doc: Document) -> None:
        """Stage ``doc`` as the new content of the file at ``rel``.  The commit
        refuses when the file is no longer what was read (an editor saved it)."""
        self._target(rel)
        self._staging().files[rel] = doc

    def create(self, rel: str, doc: Document) -> None:
        """Stage a new file at ``rel``; refuse to overwrite one."""
        staged = self._staging()
        self._target(rel)
        if rel in staged.files or disk.exists(self.path(rel)):
            raise BepError(f"{rel} already exists", path=rel)
        staged.files[rel] = doc
        staged.created.add(rel)

    def rename(self, rel: str, new_rel: str) -> None:
        """Stage moving a file or folder; refuse to overwrite."""
        self._target(rel)
        if disk.exists(self._target(new_rel)):
            raise BepError(f"{new_rel} already exists", path=new_rel)
        self._staging().renames.append((rel, new_rel))

    def remove(self, rel: str) -> None:
        self._target(rel)
        self._staging().removes.append(rel)

    def commit(self) -> None:
        """Write everything staged so far, all or nothing (see ``bepkit.journal``)."""
        staged = self._staging()
        ops = [journal.Op("rename", src, dest) for src, dest in staged.renames]
        for rel, doc in staged.files.items():
            new = doc.to_bytes()
            if rel in staged.created:
                ops.append(journal.Op("create", rel, new=new))
                continue
            origin = journal.origin(rel, ops)
            old = self._read.get(origin)
            if old is None:
                old = disk.read_bytes_or_none(self.path(origin))
            ops.append(journal.Op("write" if old is not None else "create", rel, old=old, new=new))
        for rel in staged.removes:
            old = self._read.get(rel)
            if old is None:
                old = disk.read_bytes_or_none(self.path(rel))
            ops.append(journal.Op("remove", rel, old=old))
        self._staged = _Staged(staged.command)
        if ops:
            journal.run(self.root, self.journal_path(), staged.command, ops)
            self.refresh()

    # -- files -------------------------------------------------------------------

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
        return list(disk.walk(self.config.proposals_path, self.root))

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
        return self._attach(rel, doc or Document.from_bytes(self.read_bytes(rel), rel))

    def sidecar_path(self, rel: str) -> str | None:
        """The file beside the document ``rel`` that holds its metadata, if it has one."""
        cfg = self.config
        if cfg.sidecar and cfg.main_file and rel.endswith("/" + cfg.main_file):
            side = rel[: -len(cfg.main_file)] + cfg.sidecar
            return side if self.is_file(side) else None
        return None

    def _attach(self, rel: str, doc: Document) -> Document:
        side_rel = self.sidecar_path(rel)
        side = self._document(side_rel) if side_rel else None
        if doc.sidecar is not side:
            doc.sidecar = side
            doc.memo.pop("metadata", None)
        return doc

    def document(self, rel: str) -> Document:
        """The parsed document at ``rel`` (read once, then kept; as staged, if it is),
        with the file that holds its metadata beside it, where the process has one."""
        return self._attach(rel, self._document(rel))

    def _document(self, rel: str) -> Document:
        if self._staged is not None and rel in self._staged.files:
            return self._staged.files[rel]
        doc = self._docs.get(rel)
        if doc is None:
            data = self.read_bytes(rel)
            known = self._parsed.get(rel) if self._parsed is not None else None
            doc = known[1] if known is not None and known[0] == data else None
            if doc is None:
                doc = Document.from_bytes(data, rel)
                if self._parsed is not None:
                    self._parsed[rel] = (data, doc)
            self._docs[rel] = doc
            self._read[rel] = data
        return doc

    def exists(self, rel: str) -> bool:
        return self.is_file(rel) or self.is_dir(rel)

    # -- proposals -------------------------------------------------------------------

    @cached_property
    def _layout(self) -> tuple[dict[int, Proposal], list[str]]:
        """The proposals by number, and the other markdown files of the folder.

        A proposal is a file named by the profile's ``name`` (``BEP-1000-slug.md``),
        with an optional folder of sub-documents named by its number; or, where the
        profile has a ``main_file``, a folder so named holding that file (a KEP's
        ``README.md``).  With ``group_folders`` proposals sit one folder down
        (``keps/sig-cli/...``)."""
        cfg = self.config
        base = cfg.proposals_dir.rstrip("/") + "/"
        skip = {cfg.template, cfg.registry_file}
        template_dir = cfg.template.rpartition("/")[0] + "/" if cfg.main_file else None
        process_files = {name.lower() for name in cfg.process_files}  # the process's own
        name_re = cfg.name_regex
        proposals: dict[int, Proposal] = {}
        others: list[str] = []
        folders: dict[str, Folder] = {}
        main_folders: dict[str, int] = {}  # folder rel -> number (a main_file layout)

        def proposal(n: int) -> Proposal:
            p = proposals.get(n)
            if p is None:
                p = proposals[n] = Proposal(n)
            return p

        for rel, is_dir in self.entries:
            inner = rel[len(base) :]
            if cfg.group_folders:
                _, _, inner = inner.partition("/")
                if not inner:
                    continue  # a group folder itself, or a file beside the groups
            top, _, rest = inner.partition("/")
            prefix = rel[: len(rel) - len(inner)]
            if template_dir and (rel + "/").startswith(template_dir):
                continue
            if not rest:
                m = name_re.match(top) if is_dir else None
                if m and cfg.main_file:
                    main_folders[rel] = int(m.group("number"))
                elif m:
                    folder = Folder(int(m.group("number")), rel, top)
                    folders[prefix + top] = folder
                    proposal(folder.number).folders.append(folder)
                if is_dir:
                    continue
                if not top.lower().endswith(".md") or rel in skip or top.lower() in process_files:
                    continue
                m = None if cfg.main_file else name_re.match(top[:-3])
                if m:
                    main = MainDoc(int(m.group("number")), m.group("slug") or "", rel)
                    proposal(main.number).mains.append(main)
                else:
                    others.append(rel)
                continue
            if is_dir:
                continue
            number = main_folders.get(prefix + top)
            if number is not None:
                if rest == cfg.main_file:
                    slug = name_re.match(top)
                    proposal(number).mains.append(
                        MainDoc(number, (slug.group("slug") if slug else "") or "", rel)
                    )
                continue  # the sidecar, images and the rest belong to the proposal
            owner = folders.get(prefix + top)
            if owner is None:
                if rel.lower().endswith(".md") and rel not in skip:
                    others.append(rel)
                continue
            # sub-documents sit in the folder itself (the guide's BEP-NNNN/component.md);
            # deeper folders hold what supports them: diagrams, schemas, references,
            # translations, markdown included
            subdoc = rel.lower().endswith(".md") and "/" not in rest
            (owner.subdocs if subdoc else owner.supporting).append(rel)
        for rel, number in main_folders.items():  # a folder without its main file
            if not any(m.rel.startswith(rel + "/") for m in proposal(number).mains):
                name = rel.rsplit("/", 1)[-1]
                proposal(number).folders.append(Folder(number, rel, name))
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
        if self.config.registry_kind == "none" or not self.exists(self.config.registry_file):
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
