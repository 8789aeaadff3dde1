"""``bep init``: name the repository's process in ``bep.toml``, found from its
files when not given; for a new repository, also the proposals folder, the
template (and its sidecar) and the registry the process has.

The detection reads the repository with every built-in profile (in its own
folder and the others the process is kept in) and picks the one that finds the
most proposals with their metadata where that process keeps it and the sections
it requires; a tie or nothing found is said, never guessed.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bepkit import disk, profiles
from bepkit.config import CONFIG_FILE, Config, defaults, find_root
from bepkit.errors import BepError
from bepkit.model import sections
from bepkit.model.document import Document
from bepkit.model.metadata import metadata_of
from bepkit.model.workspace import Workspace

__all__ = ["Detected", "detect", "init"]


@dataclass(frozen=True, slots=True)
class Detected:
    profile: str
    proposals: int  # main documents its layout finds
    with_metadata: int  # ... whose metadata is where the process keeps it
    folder: str = ""  # where it found them, when not the profile's own folder
    sections: int = 0  # the process's required sections found in them, in all

    @property
    def score(self) -> tuple[int, int, int]:
        return self.with_metadata + self.sections, self.with_metadata, self.proposals


def detect(root: Path) -> list[Detected]:
    """Every built-in profile with what it finds in ``root`` (in its own folder or
    one of the folders the process is also kept in: ``docs/adr`` ...), best first."""
    out = []
    for name in profiles.names():
        profile = profiles.builtin(name)
        base = defaults(profile)
        best = Detected(name, 0, 0)
        for folder in [base["proposals_dir"], *profile.layout.get("other_dirs", [])]:
            cfg = Config(root=root, **_moved(base, folder))
            if not disk.is_dir(cfg.proposals_path):
                continue
            ws = Workspace(cfg)
            mains = [m for p in ws.proposals.values() for m in p.mains]
            docs = [ws.document(m.rel) for m in mains]
            found = sum(1 for doc in docs if metadata_of(doc, cfg) is not None)
            required = {spec.role for spec in cfg.sections if spec.required}
            present = sum(
                1 for doc in docs for role in required if sections.find(doc, role, cfg) is not None
            )
            own = folder == base["proposals_dir"]
            here = Detected(name, len(mains), found, "" if own else folder, present)
            if here.score > best.score:
                best = here
        out.append(best)
    return sorted(out, key=lambda d: d.score, reverse=True)


def _moved(values: dict[str, Any], folder: str) -> dict[str, Any]:
    """A profile's layout with its proposals in ``folder``: the registry and a
    template kept inside the folder move with it."""
    own = values["proposals_dir"].rstrip("/") + "/"
    template = values["template"]
    if template.startswith(own):
        template = folder.rstrip("/") + "/" + template[len(own) :]
    return {**values, "proposals_dir": folder, "registry_file": "", "template": template}


@dataclass
class Initialized:
    profile: str
    detected: list[Detected]
    created: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "detected": [
                {"profile": d.profile, "proposals": d.proposals, "with_metadata": d.with_metadata}
                for d in self.detected
            ],
            "created": self.created,
        }


def _placeholders(cfg: Config) -> dict[str, str]:
    """What a repository's template shows where ``bep new`` puts values."""
    meta = ["---", *(f"{m.key}:" for m in cfg.metadata if m.required), "---"]
    return {
        "metadata": "\n".join(meta),
        "title": "Title",
        "ident": f"{cfg.prefix}-{'N' * max(cfg.number_width, 4)}",
        "number": "N",
        "author": "Full Name (email@example.com)",
        "created": "YYYY-MM-DD",
        "file": cfg.template.rpartition("/")[2],
    }


def init(start: Path, profile: str | None = None) -> Initialized:
    root, source = find_root(start, ())
    if source is not None:
        raise BepError(f"already configured in {source}", hint="edit it, or remove it first")
    detected = detect(root)
    best = detected[0]
    if profile is None:
        if not best.proposals:
            raise BepError(
                f"no proposals found here by any process ({', '.join(profiles.names())})",
                hint="to start a new repository: bep --profile NAME init",
            )
        if len(detected) > 1 and detected[1].score == best.score:
            raise BepError(
                f"{best.profile} and {detected[1].profile} read this repository equally well",
                hint="choose one: bep --profile NAME init",
            )
        profile = best.profile
    chosen = profiles.builtin(profile)
    found = next(d for d in detected if d.profile == profile)
    base = _moved(defaults(chosen), found.folder) if found.folder else defaults(chosen)
    cfg = Config(root=root, **base)
    result = Initialized(profile, detected)
    text = (
        f"# bepkit: the process this repository follows ({chosen.description}).\n"
        f"# Any key of the profile can be overridden here; see bep --help.\n"
        f'profile = "{profile}"\n'
        + (
            f'proposals_dir = "{found.folder}"\ntemplate = "{cfg.template}"\n'
            if found.folder
            else ""
        )
    )
    new_repository = not found.proposals
    if new_repository:
        disk.make_dirs(cfg.proposals_path)
    ws = Workspace(cfg)
    files: dict[str, str] = {CONFIG_FILE: text}
    if new_repository:
        values = _placeholders(cfg)
        if "single" in cfg.templates and not ws.exists(cfg.template):
            files[cfg.template] = string.Template(cfg.templates["single"]).safe_substitute(values)
            if cfg.sidecar and "sidecar" in cfg.templates:
                side = cfg.template.rpartition("/")[0] + "/" + cfg.sidecar
                files[side] = string.Template(cfg.templates["sidecar"]).safe_substitute(values)
        if cfg.registry_kind == "table" and not ws.exists(cfg.registry_file):
            files[cfg.registry_file] = (
                f"# {chosen.description}\n\n## {cfg.registry_heading}\n\n"
                "| Number | Title | Author | Status |\n|--------|-------|--------|--------|\n"
            )
    with ws.locked("init"):
        for rel, body in files.items():
            ws.create(rel, Document(body))
    result.created = list(files)
    return result
