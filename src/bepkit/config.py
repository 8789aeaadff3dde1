"""Settings: ``[tool.bep]`` in ``pyproject.toml`` or a ``bep.toml``.

The defaults reproduce the Backend.AI process in ``proposals/README.md`` and
the BEP guide exactly, so ``bep`` needs no configuration in a Backend.AI
checkout.  Another process (KEP, PEP, RFC, ADR) is another configuration.

Configuration is found by walking up from the current folder, stopping at the
repository root; an unknown key or a bad value is an error naming the file,
the line and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from bepkit import disk, profiles
from bepkit.errors import ConfigError
from bepkit.profiles import (
    BlockSpec,
    GitHub,
    Jira,
    Limits,
    MetaKey,
    Prompt,
    Reports,
    SectionSpec,
    Settled,
    workflow_table,
)

__all__ = ["Config", "Limits", "SectionSpec", "find_root", "load"]


# The built-in profile every configuration starts from (``bep``: Backend.AI's BEPs).
BEP = profiles.builtin("bep")
DEFAULT_SECTIONS = BEP.sections
DEFAULT_STATUSES = BEP.statuses
_METADATA = BEP.metadata
DEFAULT_METADATA = tuple(m.key for m in _METADATA)
DEFAULT_STRUCTURE = BEP.default_structure

VERSION_PATTERNS = {
    "YY.Sprint.Patch": r"^\d{2}\.\d{1,2}\.\d+$",
    "semver": r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$",
    "any": r".+",
}


@dataclass(frozen=True)
class Config:
    root: Path
    source: Path | None = None
    profile: str = BEP.name
    proposals_dir: str = BEP.layout["proposals_dir"]
    prefix: str = BEP.layout["prefix"]
    first_number: int = BEP.layout["first_number"]
    number_width: int = BEP.layout["number_width"]
    registry_file: str = ""  # default: <proposals_dir>/README.md
    registry_heading: str = BEP.layout["registry_heading"]
    template: str = ""  # default: <proposals_dir>/<prefix>-0000-template.md
    process_files: tuple[str, ...] = tuple(BEP.layout["process_files"])
    placeholder_titles: tuple[str, ...] = tuple(BEP.layout["placeholder_titles"])
    overview: str = BEP.layout["overview"]
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    transitions: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(BEP.transitions))
    requirements: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(BEP.requirements))
    metadata: tuple[MetaKey, ...] = _METADATA
    metadata_keys: tuple[str, ...] = DEFAULT_METADATA
    required_metadata: tuple[str, ...] = tuple(m.key for m in _METADATA if m.required)
    required_values: tuple[str, ...] = tuple(m.key for m in _METADATA if m.value_required)
    version_fields: tuple[str, ...] = tuple(m.key for m in _METADATA if m.version)
    version_pattern: str = BEP.version_pattern
    structures: tuple[str, ...] = BEP.structures
    default_structure: str = BEP.default_structure
    sections: tuple[SectionSpec, ...] = DEFAULT_SECTIONS
    blocks: dict[str, BlockSpec] = field(default_factory=lambda: dict(BEP.blocks))
    tables: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(BEP.tables))
    templates: dict[str, str] = field(default_factory=lambda: dict(BEP.templates))
    limits: Limits = BEP.limits
    settled: Settled = BEP.settled
    prompts: dict[str, Prompt] = field(default_factory=lambda: dict(BEP.prompts))
    jira: Jira = BEP.jira
    github: GitHub = BEP.github
    reports: Reports = BEP.reports
    branch_pattern: str = "bep/{number}-{slug}"
    remote: str = "origin"
    reservation_ref: str = "refs/bep-reservations/{number}"
    created_version: str = ""
    reservation_max_age: int = 90  # days a reservation row may wait for its document; 0: no limit
    # what `bep reserve` writes besides the remote ref: "none", a registry "row",
    # or a row that already "link"s the file to come (the team's practice)
    reservation_row: str = "none"
    baseline: str = ".bep-baseline.json"
    rules: dict[str, str] = field(default_factory=dict)
    # where the process keeps things (the profile's [layout]); see profiles/bep/profile.toml
    name_pattern: str = "{prefix}-{number}-{slug}"
    group_folders: bool = False
    main_file: str = ""
    sidecar: str = ""
    metadata_sources: tuple[str, ...] = ("frontmatter",)
    registry_kind: str = "table"
    numbered_titles: bool = False
    status_detail: bool = False
    title_format: str = "# {title}"  # a new document's H1: {ident}, {n}, {title}

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

    def proposal_name(self, number: int, slug: str) -> str:
        """The name of a proposal's file (without .md) or folder: ``BEP-1000-slug``."""
        return self.name_pattern.format(
            prefix=self.prefix, number=self.number_text(number), slug=slug
        )

    def document_name(self, number: int, slug: str) -> str:
        """Where a new proposal's main document goes, inside the proposals folder."""
        name = self.proposal_name(number, slug)
        return f"{name}/{self.main_file}" if self.main_file else f"{name}.md"

    def number_in(self, rel: str) -> int | None:
        """The number of the proposal a repository path belongs to (its file, its
        folder or anything in it), by the layout; None outside the proposals."""
        base = self.proposals_dir.rstrip("/") + "/"
        if not rel.startswith(base):
            return None
        inner = rel[len(base) :]
        if self.group_folders:
            inner = inner.partition("/")[2]
        top = inner.partition("/")[0]
        m = self.name_regex.match(top[:-3] if top.lower().endswith(".md") else top)
        return int(m.group("number")) if m else None

    @cached_property
    def name_regex(self) -> re.Pattern[str]:
        """A proposal's file stem or folder name, with groups ``number`` and
        (optional, with the separator before it) ``slug``: linear, the pattern's
        literal text escaped."""
        head, _, tail = self.name_pattern.partition("{slug}")
        sep = ""
        if head and not head.endswith("}"):
            head, sep = head[:-1], head[-1]
        out = re.escape(head).replace(re.escape("{prefix}"), re.escape(self.prefix))
        # a run of more than 9 digits names no proposal (and is never converted)
        out = out.replace(re.escape("{number}"), r"(?P<number>\d{1,9})")
        if _ == "{slug}":
            out += f"(?:{re.escape(sep)}(?P<slug>.*))?" + re.escape(tail)
        return re.compile(f"^{out}$")

    def branch_name(self, number: int, slug: str) -> str:
        return self.branch_pattern.format(
            number=self.number_text(number), slug=slug, prefix=self.prefix
        )

    def reservation(self, number: int) -> str:
        return self.reservation_ref.format(number=self.number_text(number), prefix=self.prefix)

    def key(self, role: str) -> str:
        """The metadata key with ``role`` (``status`` -> ``Status``); '' when the
        process has none."""
        for m in self.metadata:
            if m.role == role:
                return m.key
        return ""

    def keys(self, role: str) -> tuple[str, ...]:
        """Every metadata key with ``role``, the preferred first (``Authors``, ``Author``)."""
        return tuple(m.key for m in self.metadata if m.role == role)

    def section_name(self, role: str, structure: str | None = None) -> str:
        """The canonical name of the section with ``role`` in ``structure``."""
        wanted = structure or self.default_structure
        for spec in self.sections:
            if spec.role == role and wanted in spec.structures:
                return spec.name
        for spec in self.sections:
            if spec.role == role:
                return spec.name
        return role.replace("-", " ").title()

    def status_name(self, text: str) -> str | None:
        """The configured status ``text`` names (case-insensitive), or None."""
        return self.status_parts(text)[0]

    def status_parts(self, text: str) -> tuple[str | None, str]:
        """The configured status ``text`` names, and the detail after it where the
        process writes one (``Implemented (Swift 5.9)`` -> Implemented, ``(Swift 5.9)``;
        ``superseded by ADR-0005``); (None, text) when it names none."""
        wanted = text.strip().lower()
        for s in self.statuses:
            if s.lower() == wanted:
                return s, ""
        if self.status_detail:
            for s in sorted(self.statuses, key=len, reverse=True):
                n = len(s)
                if wanted.startswith(s.lower()) and not wanted[n : n + 1].isalnum():
                    return s, text.strip()[n:].strip()
        return None, text.strip()


# -- loading ---------------------------------------------------------------------


def defaults(p: profiles.Profile) -> dict[str, Any]:
    """The values of Config that profile ``p`` gives."""
    lay = p.layout
    return {
        "profile": p.name,
        "proposals_dir": lay.get("proposals_dir", "proposals"),
        "prefix": lay.get("prefix", "BEP"),
        "first_number": lay.get("first_number", 1),
        "number_width": lay.get("number_width", 4),
        "registry_file": lay.get("registry_file", ""),
        "registry_heading": lay.get("registry_heading", ""),
        "template": lay.get("template", ""),
        "process_files": tuple(lay.get("process_files", ())),
        "placeholder_titles": tuple(lay.get("placeholder_titles", ())),
        "overview": lay.get("overview", ""),
        "statuses": p.statuses,
        "transitions": dict(p.transitions),
        "requirements": dict(p.requirements),
        "metadata": p.metadata,
        "metadata_keys": tuple(m.key for m in p.metadata),
        "required_metadata": tuple(m.key for m in p.metadata if m.required),
        "required_values": tuple(m.key for m in p.metadata if m.value_required),
        "version_fields": tuple(m.key for m in p.metadata if m.version),
        "version_pattern": p.version_pattern,
        "structures": p.structures,
        "default_structure": p.default_structure,
        "sections": p.sections,
        "blocks": dict(p.blocks),
        "tables": dict(p.tables),
        "templates": dict(p.templates),
        "limits": p.limits,
        "settled": p.settled,
        "prompts": dict(p.prompts),
        "jira": p.jira,
        "github": p.github,
        "reports": p.reports,
        "rules": dict(p.rules),
        "name_pattern": lay.get("name", "{prefix}-{number}-{slug}"),
        "group_folders": bool(lay.get("group_folders", False)),
        "main_file": lay.get("main_file", ""),
        "sidecar": lay.get("sidecar", ""),
        "metadata_sources": tuple(lay.get("metadata", ("frontmatter",))),
        "registry_kind": lay.get("registry", "table"),
        "numbered_titles": bool(lay.get("numbered_titles", False)),
        "status_detail": p.status_detail,
        "title_format": lay.get("title", "# {title}"),
        "branch_pattern": lay.get("branch_pattern", "bep/{number}-{slug}"),
    }


CONFIG_FILE = "bep.toml"


def _has_tool_bep(pyproject: Path) -> bool:
    try:
        text = disk.read_text(pyproject)
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.bep" in text


_PROPOSAL_DIRS = ("proposals",)


def find_root(
    start: Path, proposal_dirs: tuple[str, ...] = _PROPOSAL_DIRS
) -> tuple[Path, Path | None]:
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
        if fallback is None and any(disk.is_dir(folder / d) for d in proposal_dirs):
            fallback = folder
        if disk.exists(folder / ".git"):
            return (fallback or folder), None
    return (fallback or start), None


def load(start: Path | None = None, profile: str | None = None) -> Config:
    """Find and read the configuration for the repository around ``start``;
    ``profile`` (``bep --profile``, or ``BEP_PROFILE``) replaces the one the
    configuration names."""
    profile = profile or os.environ.get("BEP_PROFILE") or None
    wanted = profiles.builtin(profile) if profile else None
    dirs = (wanted.layout.get("proposals_dir", "proposals"),) if wanted else _PROPOSAL_DIRS
    root, source = find_root(start or Path.cwd(), dirs)
    if source is None:
        return Config(root=root, **defaults(wanted or BEP))
    raw = _read_toml(source)
    if source.name == "pyproject.toml":
        table = raw.get("tool", {}).get("bep", {})
        prefix = "[tool.bep] "
    else:
        table = raw
        prefix = ""
    if wanted is None:
        name = table.get("profile", BEP.name)
        if not isinstance(name, str):
            raise _Reader(source, prefix).fail("profile", f"expected a string, got {name!r}")
        try:
            wanted = profiles.builtin(name)
        except ConfigError as exc:
            raise _Reader(source, prefix).fail("profile", exc.message) from None
    return _build(root, source, table, prefix, wanted)


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
    "reservation_row",
    "created_version",
    "baseline",
)
_LISTS = ("statuses", "metadata_keys", "required_metadata", "required_values", "version_fields")
_KNOWN = (
    *_STRINGS,
    *_LISTS,
    "first_number",
    "number_width",
    "reservation_max_age",
    "limits",
    "transitions",
    "requirements",
    "sections",
    "required_sections",
    "recommended_sections",
    "rules",
    "jira",
    "github",
    "reports",
)
_SEVERITIES = ("off", "warning", "error")
# values that name a path: relative, inside the repository, no '..'
_PATHS = ("proposals_dir", "registry_file", "template", "baseline")
_PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,15}$")


def _inside(r: _Reader, key: str, value: str) -> None:
    parts = value.replace("\\", "/").split("/")
    if not value or value.startswith(("/", "~")) or ".." in parts or ":" in parts[0]:
        raise r.fail(key, f"{value!r} must be a relative path inside the repository")


RESERVATION_ROWS = ("none", "row", "link")
# a group with a repetition inside, itself repeated: (a+)+, (a*)*, (a|a?)+ ...
_NESTED_REPEAT_RE = re.compile(r"\([^()]*[*+}][^()]*\)[*+{]")
_GIT_NAME_RE = re.compile(r"^[A-Za-z0-9_{][A-Za-z0-9._/{}-]*$")


def _build(
    root: Path, source: Path, table: dict[str, Any], prefix: str, base: profiles.Profile
) -> Config:
    r = _Reader(source, prefix)
    values: dict[str, Any] = defaults(base)
    for key, value in table.items():
        if key == "profile":
            continue
        if key not in _KNOWN:
            raise r.fail(key, f"unknown key (known keys: {', '.join(sorted(_KNOWN))})")
        if key in _STRINGS:
            values[key] = r.string(key, value)
            if key in _PATHS:
                _inside(r, key, values[key])
        elif key in _LISTS:
            values[key] = r.strings(key, value)
        elif key == "first_number":
            values[key] = r.integer(key, value)
            if values[key] > 10**9:
                raise r.fail(key, f"expected at most 1000000000, got {values[key]}")
        elif key == "number_width":
            values[key] = r.integer(key, value, 1)
            if values[key] > 9:
                raise r.fail(key, f"expected at most 9 digits, got {values[key]}")
        elif key == "reservation_max_age":
            values[key] = r.integer(key, value)
    limits = base.limits
    if "limits" in table:
        for k, v in r.table("limits", table["limits"]).items():
            limit_keys = sorted(Limits.__dataclass_fields__)
            if k not in limit_keys:
                raise r.fail(f"limits.{k}", f"unknown key (known keys: {', '.join(limit_keys)})")
            limits = replace(limits, **{k: r.integer(f"limits.{k}", v, 1)})
    values["limits"] = limits
    statuses = values["statuses"]
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
    sections = base.sections
    if "sections" in table:
        if not isinstance(table["sections"], list):
            raise r.fail("sections", "expected an array of tables ([[tool.bep.sections]])")
        for i, raw_section in enumerate(table["sections"]):
            sections = _merge_section(r, i, raw_section, sections, base)
    default = base.default_structure
    for key in ("required_sections", "recommended_sections"):
        if key not in table:
            continue
        wanted = {w.lower() for w in r.strings(key, table[key])}
        known = {s.name.lower() for s in sections} | {s.role for s in sections}
        for w in sorted(wanted - known):
            raise r.fail(key, f"{w!r} is not a known section name or role")
        required = key == "required_sections"
        sections = tuple(_flag(s, required, default, _named(s, wanted)) for s in sections)
    values["sections"] = sections
    try:
        if "jira" in table:
            values["jira"] = workflow_table(base.jira, table["jira"], str(source), "jira")
        if "github" in table:
            values["github"] = workflow_table(base.github, table["github"], str(source), "github")
        if "reports" in table:
            values["reports"] = workflow_table(
                base.reports, table["reports"], str(source), "reports"
            )
    except ConfigError as exc:  # the same error, with this file's line and prefix
        key, _, message = exc.message.partition(": ")
        raise r.fail(key, message) from None
    if "github" in values:
        _inside(r, "github.fragments", values["github"].fragments)
    if "rules" in table:
        rules: dict[str, str] = dict(base.rules)  # the profile's, then this file's
        for code, severity in r.table("rules", table["rules"]).items():
            if severity not in _SEVERITIES:
                raise r.fail(
                    f"rules.{code}", f"expected one of {', '.join(_SEVERITIES)}, got {severity!r}"
                )
            rules[code] = severity
        values["rules"] = rules
    if "prefix" in values and not _PREFIX_RE.match(values["prefix"]):
        raise r.fail("prefix", f"{values['prefix']!r} is not letters and digits (at most 16)")
    if "version_pattern" in values and values["version_pattern"] not in VERSION_PATTERNS:
        if len(values["version_pattern"]) > 200 or _NESTED_REPEAT_RE.search(
            values["version_pattern"]
        ):
            raise r.fail(
                "version_pattern",
                "a repeated group that repeats again can take exponential time; "
                "write it without nested repetition",
            )
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
    if values.get("reservation_row", "none") not in RESERVATION_ROWS:
        raise r.fail("reservation_row", f"expected one of {', '.join(RESERVATION_ROWS)}")
    if "reservation_ref" in values and not values["reservation_ref"].startswith("refs/"):
        raise r.fail("reservation_ref", "must start with refs/")
    return Config(root=root, source=source, **values)


def _flag(spec: SectionSpec, required: bool, structure: str, on: bool) -> SectionSpec:
    """``spec`` required (or recommended) in ``structure`` exactly when ``on``."""
    current = spec.required if required else spec.recommended
    value = tuple(x for x in current if x != structure)
    if on and structure in spec.structures:
        value += (structure,)
    return replace(spec, required=value) if required else replace(spec, recommended=value)


def _named(spec: SectionSpec, wanted: set[str]) -> bool:
    return spec.name.lower() in wanted or spec.role in wanted


def _merge_section(
    r: _Reader, index: int, raw: Any, sections: tuple[SectionSpec, ...], profile: profiles.Profile
) -> tuple[SectionSpec, ...]:
    """A ``[[sections]]`` entry extends the profile's section with its role and
    name (its aliases are added, any other value replaces the profile's), or
    adds a new section."""
    key = f"sections[{index}]"
    t = r.table(key, raw)
    name = t.get("name")
    matches = [
        i
        for i, s in enumerate(sections)
        if (name is None or s.name == name)
        and ("role" not in t or s.role == t["role"])
        and (name is not None or "role" in t)
    ]
    if not matches:
        return (
            *sections,
            _spec(r, key, {"structures": [profile.default_structure], **t}, profile),
        )
    out = list(sections)
    for i in matches:
        base = sections[i]
        merged = {
            "role": base.role,
            "name": base.name,
            "aliases": [*base.aliases, *t.get("aliases", [])],
            "also": [*base.also, *t.get("also", [])],
            "structures": list(t.get("structures", base.structures)),
            "required": list(t.get("required", base.required)),
            "recommended": list(t.get("recommended", base.recommended)),
            "min_lines": t.get("min_lines", base.min_lines),
            "max_lines": t.get("max_lines", base.max_lines),
            "segmented": t.get("segmented", base.segmented),
        }
        unknown = set(t) - set(merged)
        if unknown:
            raise r.fail(
                f"{key}.{sorted(unknown)[0]}",
                f"unknown key (known keys: {', '.join(sorted(merged))})",
            )
        out[i] = _spec(r, key, merged, profile)
    return tuple(out)


def _spec(r: _Reader, key: str, table: dict[str, Any], base: profiles.Profile) -> SectionSpec:
    """The profile's reading of one section, its errors naming this file's line."""
    try:
        return profiles.section_spec("", key, table, base.structures)
    except ConfigError as exc:
        where, _, message = exc.message.partition(": ")
        raise r.fail(where, message) from None
