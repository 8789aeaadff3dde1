"""Settings: ``[tool.bep]`` in ``pyproject.toml`` or a ``bep.toml``.

The defaults reproduce the Backend.AI process in ``proposals/README.md`` and
the BEP guide exactly, so ``bep`` needs no configuration in a Backend.AI
checkout.  Another process (KEP, PEP, RFC, ADR) is another configuration.

Configuration is found by walking up from the current folder, stopping at the
repository root; an unknown key or a bad value is an error naming the file,
the line and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bepkit import disk
from bepkit.errors import ConfigError

__all__ = ["Config", "Limits", "SectionSpec", "find_root", "load"]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """A section of the guide: its name, the names it also goes by, its length guide.

    ``alternatives`` are other names the process itself uses for the section
    (the tech-spec format); ``aliases`` are names real documents use, accepted
    as the section but reported as a variant.  ``segmented`` is False for
    sections that a segmented proposal keeps in its sub-documents.
    """

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    min_lines: int | None = None
    max_lines: int | None = None
    recommended: bool = False
    alternatives: tuple[str, ...] = ()
    segmented: bool = True


@dataclass(frozen=True, slots=True)
class Limits:
    single: int = 500  # a single-file proposal longer than this should be segmented
    main: int = 200  # the main document of a segmented proposal
    subdoc: int = 300  # one sub-document


# The guide's sections, in its order, with the names real documents use for them.
# "Goal", "Current design & scope by area", "Implementation design" and
# "Decision Summary" are the tech-spec format of proposals-AGENTS.md.
DEFAULT_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "Related Issues",
        aliases=("Related Issue", "Related Tickets", "Tracking Issues", "Issues"),
        min_lines=2,
        max_lines=5,
        recommended=True,
    ),
    SectionSpec(
        "Motivation",
        aliases=("Goals", "Background", "Problem Statement", "Why"),
        required=True,
        min_lines=10,
        max_lines=30,
        alternatives=("Goal",),
    ),
    SectionSpec(
        "Current Design",
        aliases=(
            "As-is",
            "Current State",
            "Current Structure",
            "Current Implementation",
            "Current Architecture",
        ),
        min_lines=10,
        max_lines=50,
        recommended=True,
        alternatives=("Current design & scope by area",),
        segmented=False,
    ),
    SectionSpec(
        "Proposed Design",
        aliases=(
            "Design",
            "Proposed Changes",
            "Proposed Structure",
            "Suggested Architecture",
            "Specification",
            "Proposal",
            "To-be",
            "Detailed Design",
        ),
        required=True,
        alternatives=("Implementation design",),
        segmented=False,
    ),
    SectionSpec(
        "Migration / Compatibility",
        aliases=(
            "Migration",
            "Compatibility",
            "Migration Strategy",
            "Migration Plan",
            "Backward Compatibility",
            "Migration and Compatibility",
        ),
        min_lines=10,
        max_lines=30,
        recommended=True,
        segmented=False,
    ),
    SectionSpec(
        "Implementation Plan",
        aliases=("Implementation Phases", "Plan", "Phases", "Rollout Plan"),
        min_lines=10,
        max_lines=30,
        recommended=True,
    ),
    SectionSpec(
        "Decision Log",
        aliases=("Design Decisions", "Decisions"),
        alternatives=("Decision Summary",),
    ),
    SectionSpec(
        "Open Questions", aliases=("Open Issues", "Unresolved Questions"), recommended=True
    ),
    SectionSpec(
        "References",
        aliases=("Reference", "See Also", "Related Documents", "Links"),
        min_lines=2,
        max_lines=10,
        recommended=True,
    ),
)

DEFAULT_STATUSES = ("Draft", "Accepted", "Implemented", "Rejected", "Superseded")
DEFAULT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "Draft": ("Accepted", "Rejected", "Superseded"),
    "Accepted": ("Implemented", "Rejected", "Superseded"),
    "Implemented": ("Superseded",),
    "Rejected": (),
    "Superseded": (),
}
# What a status needs: a metadata key to be filled, "reason" (a written reason)
# or "successor" (a link to the proposal that supersedes it).
DEFAULT_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "Accepted": ("Target-Version",),
    "Implemented": ("Implemented-Version",),
    "Rejected": ("reason",),
    "Superseded": ("successor",),
}
DEFAULT_METADATA = (
    "Author",
    "Status",
    "Created",
    "Created-Version",
    "Target-Version",
    "Implemented-Version",
)
VERSION_PATTERNS = {
    "YY.Sprint.Patch": r"^\d{2}\.\d{1,2}\.\d+$",
    "semver": r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$",
    "any": r".+",
}


@dataclass(frozen=True)
class Config:
    root: Path
    source: Path | None = None
    proposals_dir: str = "proposals"
    prefix: str = "BEP"
    first_number: int = 1000
    number_width: int = 4
    registry_file: str = ""  # default: <proposals_dir>/README.md
    registry_heading: str = "BEP Number Registry"
    template: str = ""  # default: <proposals_dir>/<prefix>-0000-template.md
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    transitions: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_TRANSITIONS)
    )
    requirements: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_REQUIREMENTS)
    )
    metadata_keys: tuple[str, ...] = DEFAULT_METADATA
    required_metadata: tuple[str, ...] = DEFAULT_METADATA
    required_values: tuple[str, ...] = ("Author", "Status", "Created")
    version_fields: tuple[str, ...] = ("Created-Version", "Target-Version", "Implemented-Version")
    version_pattern: str = "YY.Sprint.Patch"
    sections: tuple[SectionSpec, ...] = DEFAULT_SECTIONS
    limits: Limits = Limits()
    branch_pattern: str = "bep/{number}-{slug}"
    remote: str = "origin"
    reservation_ref: str = "refs/bep-reservations/{number}"
    created_version: str = ""
    baseline: str = ".bep-baseline.json"
    rules: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.registry_file:
            object.__setattr__(self, "registry_file", f"{self.proposals_dir}/README.md")
        if not self.template:
            object.__setattr__(
                self,
                "template",
                f"{self.proposals_dir}/{self.prefix}-{0:0{self.number_width}d}-template.md",
            )

    @property
    def proposals_path(self) -> Path:
        return self.root / self.proposals_dir

    @property
    def registry_path(self) -> Path:
        return self.root / self.registry_file

    @property
    def template_path(self) -> Path:
        return self.root / self.template

    @property
    def version_regex(self) -> re.Pattern[str]:
        return re.compile(VERSION_PATTERNS.get(self.version_pattern, self.version_pattern))

    def number_text(self, number: int) -> str:
        return f"{number:0{self.number_width}d}"

    def ident(self, number: int) -> str:
        """``BEP-1000``."""
        return f"{self.prefix}-{self.number_text(number)}"

    def document_name(self, number: int, slug: str) -> str:
        return f"{self.ident(number)}-{slug}.md"

    def branch_name(self, number: int, slug: str) -> str:
        return self.branch_pattern.format(
            number=self.number_text(number), slug=slug, prefix=self.prefix
        )

    def reservation(self, number: int) -> str:
        return self.reservation_ref.format(number=self.number_text(number), prefix=self.prefix)

    def status_name(self, text: str) -> str | None:
        """The configured status ``text`` names (case-insensitive), or None."""
        wanted = text.strip().lower()
        for s in self.statuses:
            if s.lower() == wanted:
                return s
        return None


# -- loading ---------------------------------------------------------------------

CONFIG_FILE = "bep.toml"


def _has_tool_bep(pyproject: Path) -> bool:
    try:
        text = disk.read_text(pyproject)
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.bep" in text


def find_root(start: Path, proposals_dir: str = "proposals") -> tuple[Path, Path | None]:
    """The repository folder for ``start``: (root, config file or None).

    Walking up from ``start``, the first folder with a ``bep.toml`` or a
    ``pyproject.toml`` holding ``[tool.bep]`` is the root.  Without one, the
    first folder holding a ``proposals/`` folder is, and the walk stops at the
    repository root (the folder holding ``.git``).
    """
    start = start.resolve()
    candidates = [start, *start.parents]
    fallback: Path | None = None
    for folder in candidates:
        if disk.is_file(folder / CONFIG_FILE):
            return folder, folder / CONFIG_FILE
        if disk.is_file(folder / "pyproject.toml") and _has_tool_bep(folder / "pyproject.toml"):
            return folder, folder / "pyproject.toml"
        if fallback is None and disk.is_dir(folder / proposals_dir):
            fallback = folder
        if disk.exists(folder / ".git"):
            return (fallback or folder), None
    return (fallback or start), None


def load(start: Path | None = None) -> Config:
    """Find and read the configuration for the repository around ``start``."""
    root, source = find_root(start or Path.cwd())
    if source is None:
        return Config(root=root)
    raw = _read_toml(source)
    if source.name == "pyproject.toml":
        table = raw.get("tool", {}).get("bep", {})
        prefix = "[tool.bep] "
    else:
        table = raw
        prefix = ""
    return _build(root, source, table, prefix)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(disk.read_text(path))
    except tomllib.TOMLDecodeError as exc:
        text = str(exc)
        m = re.search(r"\s*\(at line (\d+), column \d+\)", text)
        line = int(m.group(1)) if m else None
        message = text[: m.start()] + text[m.end() :] if m else text
        raise ConfigError(f"not valid TOML: {message}", path=str(path), line=line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=str(path)) from None


class _Reader:
    """Typed access to a TOML table, with errors that name file, line and key."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix
        self._text: list[str] | None = None

    def line_of(self, key: str) -> int | None:
        if self._text is None:
            self._text = disk.read_text(self.path).splitlines()
        leaf = key.rsplit(".", 1)[-1]
        pattern = re.compile(rf"^\s*[\"']?{re.escape(leaf)}[\"']?\s*=")
        for i, line in enumerate(self._text, 1):
            if pattern.match(line):
                return i
        return None

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(
            f"{self.prefix}{key}: {message}", path=str(self.path), line=self.line_of(key)
        )

    def string(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"expected a string, got {value!r}")
        return value

    def integer(self, key: str, value: Any, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, f"expected an integer >= {minimum}, got {value!r}")
        return value

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"expected a list of strings, got {value!r}")
        return tuple(value)

    def table(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {value!r}")
        return value


_STRINGS = (
    "proposals_dir",
    "prefix",
    "registry_file",
    "registry_heading",
    "template",
    "version_pattern",
    "branch_pattern",
    "remote",
    "reservation_ref",
    "created_version",
    "baseline",
)
_LISTS = ("statuses", "metadata_keys", "required_metadata", "required_values", "version_fields")
_KNOWN = (
    *_STRINGS,
    *_LISTS,
    "first_number",
    "number_width",
    "limits",
    "transitions",
    "requirements",
    "sections",
    "required_sections",
    "rules",
)
_SEVERITIES = ("off", "warning", "error")
_GIT_NAME_RE = re.compile(r"^[A-Za-z0-9_{][A-Za-z0-9._/{}-]*$")


def _build(root: Path, source: Path, table: dict[str, Any], prefix: str) -> Config:
    r = _Reader(source, prefix)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KNOWN:
            raise r.fail(key, f"unknown key (known keys: {', '.join(sorted(_KNOWN))})")
        if key in _STRINGS:
            values[key] = r.string(key, value)
        elif key in _LISTS:
            values[key] = r.strings(key, value)
        elif key == "first_number":
            values[key] = r.integer(key, value)
        elif key == "number_width":
            values[key] = r.integer(key, value, 1)
    limits = Limits()
    if "limits" in table:
        for k, v in r.table("limits", table["limits"]).items():
            if k not in ("single", "main", "subdoc"):
                raise r.fail(f"limits.{k}", "unknown key (known keys: main, single, subdoc)")
            limits = replace(limits, **{k: r.integer(f"limits.{k}", v, 1)})
    values["limits"] = limits
    statuses = values.get("statuses", DEFAULT_STATUSES)
    for key in ("transitions", "requirements"):
        if key in table:
            parsed: dict[str, tuple[str, ...]] = {}
            for status, targets in r.table(key, table[key]).items():
                if status not in statuses:
                    raise r.fail(
                        f"{key}.{status}", f"not a configured status ({', '.join(statuses)})"
                    )
                parsed[status] = r.strings(f"{key}.{status}", targets)
                if key == "transitions":
                    for t in parsed[status]:
                        if t not in statuses:
                            raise r.fail(f"{key}.{status}", f"{t!r} is not a configured status")
            values[key] = parsed
    sections = DEFAULT_SECTIONS
    if "sections" in table:
        if not isinstance(table["sections"], list):
            raise r.fail("sections", "expected an array of tables ([[tool.bep.sections]])")
        sections = tuple(_section(r, i, s) for i, s in enumerate(table["sections"]))
    for key in ("required_sections", "recommended_sections"):
        if key not in table:
            continue
        wanted = {w.lower() for w in r.strings(key, table[key])}
        names = {s.name.lower() for s in sections}
        for w in sorted(wanted - names):
            raise r.fail(key, f"{w!r} is not a known section")
        if key == "required_sections":
            sections = tuple(replace(s, required=s.name.lower() in wanted) for s in sections)
        else:
            sections = tuple(replace(s, recommended=s.name.lower() in wanted) for s in sections)
    values["sections"] = sections
    if "rules" in table:
        rules: dict[str, str] = {}
        for code, severity in r.table("rules", table["rules"]).items():
            if severity not in _SEVERITIES:
                raise r.fail(
                    f"rules.{code}", f"expected one of {', '.join(_SEVERITIES)}, got {severity!r}"
                )
            rules[code] = severity
        values["rules"] = rules
    if "version_pattern" in values and values["version_pattern"] not in VERSION_PATTERNS:
        try:
            re.compile(values["version_pattern"])
        except re.error as exc:
            raise r.fail(
                "version_pattern", f"not a known pattern name nor a valid regex: {exc}"
            ) from None
    for key in ("branch_pattern", "reservation_ref"):
        if key in values and "{number}" not in values[key]:
            raise r.fail(key, "must contain {number}")
    # values that reach git: never an option, never outside refs/
    for key in ("remote", "branch_pattern", "reservation_ref"):
        if key in values and not _GIT_NAME_RE.match(values[key]):
            raise r.fail(
                key,
                f"{values[key]!r} is not a git name (letters, digits, '._/{{}}-', not starting with '-')",
            )
    if "reservation_ref" in values and not values["reservation_ref"].startswith("refs/"):
        raise r.fail("reservation_ref", "must start with refs/")
    return Config(root=root, source=source, **values)


def _section(r: _Reader, index: int, raw: Any) -> SectionSpec:
    key = f"sections[{index}]"
    t = r.table(key, raw)
    known = (
        "name",
        "aliases",
        "alternatives",
        "required",
        "recommended",
        "segmented",
        "min_lines",
        "max_lines",
    )
    for k in t:
        if k not in known:
            raise r.fail(f"{key}.{k}", f"unknown key (known keys: {', '.join(known)})")
    if "name" not in t:
        raise r.fail(key, "a section needs a name")
    flags: dict[str, bool] = {}
    for flag, default in (("required", False), ("recommended", False), ("segmented", True)):
        value = t.get(flag, default)
        if not isinstance(value, bool):
            raise r.fail(f"{key}.{flag}", f"expected true or false, got {value!r}")
        flags[flag] = value
    return SectionSpec(
        name=r.string(f"{key}.name", t["name"]),
        aliases=r.strings(f"{key}.aliases", t.get("aliases", [])),
        alternatives=r.strings(f"{key}.alternatives", t.get("alternatives", [])),
        min_lines=r.integer(f"{key}.min_lines", t["min_lines"]) if "min_lines" in t else None,
        max_lines=r.integer(f"{key}.max_lines", t["max_lines"], 1) if "max_lines" in t else None,
        **flags,
    )
