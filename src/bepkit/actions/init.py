"""``bep init``: name the repository's process in ``bep.toml``, found from its
files when not given; for a new repository, also the proposals folder, the
template (and its sidecar) and the registry the process has.

The detection reads the repository with every built-in profile and picks the
one that finds the most proposals with their metadata where that process keeps
it; a tie or nothing found is said, never guessed.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bepkit import disk, profiles
from bepkit.config import CONFIG_FILE, Config, defaults, find_root
from bepkit.errors import BepError
from bepkit.model.document import Document
from bepkit.model.metadata import metadata_of
from bepkit.model.workspace import Workspace

__all__ = ["Detected", "detect", "init"]


@dataclass(frozen=True, slots=True)
class Detected:
    profile: str
    proposals: int  # main documents its layout finds
    with_metadata: int  # ... whose metadata is where the process keeps it

    @property
    def score(self) -> tuple[int, int]:
        return self.with_metadata, self.proposals


def detect(root: Path) -> list[Detected]:
    """Every built-in profile with what it finds in ``root``, best first."""
    out = []
    for name in profiles.names():
        cfg = Config(root=root, **defaults(profiles.builtin(name)))
        if not disk.is_dir(cfg.proposals_path):
            out.append(Detected(name, 0, 0))
            continue
        ws = Workspace(cfg)
        mains = [m for p in ws.proposals.values() for m in p.mains]
        found = sum(1 for m in mains if metadata_of(ws.document(m.rel), cfg) is not None)
        out.append(Detected(name, len(mains), found))
    return sorted(out, key=lambda d: d.score, reverse=True)


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
        if best.proposals and len(detected) > 1 and detected[1].score == best.score:
            raise BepError(
                f"{best.profile} and {detected[1].profile} read this repository equally well",
                hint="choose one: bep init --profile NAME",
            )
        profile = best.profile if best.proposals else "bep"
    chosen = profiles.builtin(profile)
    cfg = Config(root=root, **defaults(chosen))
    result = Initialized(profile, detected)
    text = (
        f"# bepkit: the process this repository follows ({chosen.description}).\n"
        f"# Any key of the profile can be overridden here; see bep --help.\n"
        f'profile = "{profile}"\n'
    )
    new_repository = not next(d for d in detected if d.profile == profile).proposals
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
