"""Processes as data: a profile says what a process is, and code asks it by role.

A profile is a TOML file with its templates beside it (``profiles/NAME/``):
the layout of the proposals folder, metadata keys with their roles, statuses
with their transitions and requirements, the structures a proposal can have
and the sections of each (role, canonical name, aliases, required or
recommended, length guide, place in a segmented proposal), the keys of the
context-for-ai blocks, the limits, and the templates.  ``bepkit.config``
applies a repository's overrides on top of it.

Nothing outside this package names a section, a metadata key or a status:
the rest of bepkit asks for a role (``decisions``, ``status``, ...).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from bepkit import disk
from bepkit.errors import ConfigError

__all__ = [
    "BlockSpec",
    "GitHub",
    "Jira",
    "Limits",
    "MetaKey",
    "Profile",
    "Prompt",
    "Reports",
    "SectionSpec",
    "Settled",
    "builtin",
    "names",
    "workflow_table",
]

# where a section lives in a segmented proposal
PLACES = ("main", "split", "subdoc")
# in required / recommended: the main document of a segmented proposal
SEGMENTED = "segmented"


@dataclass(frozen=True, slots=True, eq=False)  # identity: hashed millions of times a check
class SectionSpec:
    """A section of the process: what it is for (``role``), what it is called.

    ``aliases`` are other names real documents use for it: accepted as the
    section, and reported as a variant of its name; ``also`` are names the
    process itself uses, accepted as they are.  ``structures`` are the
    structures it belongs to; ``required`` and ``recommended`` the structures
    that ask for it.  ``segmented`` is where it lives in a segmented proposal.
    """

    role: str
    name: str
    aliases: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # other names the process itself uses: never reported
    structures: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    recommended: tuple[str, ...] = ()
    min_lines: int | None = None
    max_lines: int | None = None
    segmented: str = "main"


@dataclass(frozen=True, slots=True)
class MetaKey:
    """A metadata key: its name in documents, its role, what a value must be."""

    key: str
    role: str
    required: bool = True  # the key must be present
    value_required: bool = False  # its value must not be empty
    value_recommended: bool = False  # an empty value is worth a warning
    version: bool = False
    values: tuple[str, ...] = ()  # the values the process allows (any, when empty)
    section: str = ""  # the value is the first line of this section, not a key line
    # what `bep new` writes: {ident}, {n} (the bare number), {title}, {file} (the
    # document's name), {author}, {created}, {status}, {version}, {group}; "" leaves
    # the template's value
    new: str = ""


@dataclass(frozen=True, slots=True)
class BlockSpec:
    """The keys of one type of context-for-ai block."""

    required: tuple[str, ...]
    recommended: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Limits:
    single: int = 500  # a single-file proposal longer than this should be segmented
    main: int = 200  # the main document of a segmented proposal
    subdoc: int = 300  # one sub-document
    component: int = 15  # lines of text a design subsection needs to count as a component


@dataclass(frozen=True, slots=True)
class Settled:
    """How a document marks an open question as answered (see ``[questions]``)."""

    headings: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Jira:
    """How a proposal's JIRA issue is made and written down (``[jira]``)."""

    api: str = "cloud"
    project: str = "BA"
    issue_type: str = "Task"
    summary: str = "{ident}: {title}"
    line: str = "- JIRA: [{key}]({url})"
    placeholder: str = "BA-XXXX"


@dataclass(frozen=True, slots=True)
class GitHub:
    """How a proposal's pull request is opened (``[github]``)."""

    api: str = ""
    pr_title: str = "docs({jira}): {ident}: {title}"
    pr_types: tuple[str, ...] = ("docs",)
    pr_body: str = "Resolves {jira}"
    commit: str = "docs({jira}): {ident}: {title}"
    fragments: str = "changes"
    fragment_type: str = "doc"
    fragment: str = "Add {ident}: {title}"
    cache_seconds: int = 300


@dataclass(frozen=True, slots=True)
class Reports:
    """What ``bep report`` calls stale and released (``[reports]``)."""

    draft: tuple[str, ...] = ("Draft",)  # stale when no commit touched them for stale_days
    open: tuple[str, ...] = ("Draft", "Accepted")  # late once their Target-Version is released
    implemented: tuple[str, ...] = ("Implemented",)
    stale_days: int = 90
    # the tag names that mark a release, {version} standing for the version
    release_tags: tuple[str, ...] = ("{version}", "v{version}")


@dataclass(frozen=True, slots=True)
class Prompt:
    """One MCP prompt: what it is for, and its text with {ident}, {task}, {doc}, {phase}."""

    description: str
    text: str


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    layout: dict[str, Any]
    limits: Limits
    metadata: tuple[MetaKey, ...]
    version_pattern: str
    statuses: tuple[str, ...]
    transitions: dict[str, tuple[str, ...]]
    requirements: dict[str, tuple[str, ...]]
    structures: tuple[str, ...]
    default_structure: str
    sections: tuple[SectionSpec, ...]
    blocks: dict[str, BlockSpec]
    tables: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> header cells
    templates: dict[str, str] = field(default_factory=dict)  # name -> template text
    settled: Settled = field(default_factory=Settled)
    prompts: dict[str, Prompt] = field(default_factory=dict)  # name -> prompt
    jira: Jira = field(default_factory=Jira)
    github: GitHub = field(default_factory=GitHub)
    reports: Reports = field(default_factory=Reports)
    rules: dict[str, str] = field(default_factory=dict)  # rule code -> off, warning, error
    status_detail: bool = False  # a status may carry detail: "Implemented (Swift 5.9)"


HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=8)
def builtin(name: str = "bep") -> Profile:
    """A profile shipped with bepkit, by name."""
    folder = HERE / name
    if not re.fullmatch(r"[a-z][a-z0-9-]*", name) or not disk.is_file(folder / "profile.toml"):
        raise ConfigError(f"no built-in profile {name!r} (built in: {', '.join(names())})")
    source = f"bepkit/profiles/{name}/profile.toml"
    raw = tomllib.loads(disk.read_text(folder / "profile.toml"))
    templates = {key: disk.read_text(folder / rel) for key, rel in raw.get("templates", {}).items()}
    return parse(raw, source, templates)


def names() -> list[str]:
    """The built-in profiles."""
    return [n for n in disk.folders(HERE) if disk.is_file(HERE / n / "profile.toml")]


# -- reading -----------------------------------------------------------------------


def _fail(source: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{key}: {message}", path=source)


def _strings(source: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, key, f"expected a list of strings, got {value!r}")
    return tuple(value)


def section_spec(source: str, key: str, t: Any, structures: tuple[str, ...]) -> SectionSpec:
    """One ``[[sections]]`` table; ``key`` names it in errors."""
    if not isinstance(t, dict):
        raise _fail(source, key, f"expected a table, got {t!r}")
    known = {f for f in SectionSpec.__dataclass_fields__}
    for k in t:
        if k not in known:
            raise _fail(
                source, f"{key}.{k}", f"unknown key (known keys: {', '.join(sorted(known))})"
            )
    for k in ("role", "name"):
        if not isinstance(t.get(k), str) or not t[k].strip():
            raise _fail(source, f"{key}.{k}", "a section needs a role and a name")
    lists = {
        k: _strings(source, f"{key}.{k}", t.get(k, []))
        for k in ("aliases", "also", "structures", "required", "recommended")
    }
    for k in ("structures", "required", "recommended"):
        for s in lists[k]:
            if s not in structures and not (k != "structures" and s == SEGMENTED):
                raise _fail(
                    source, f"{key}.{k}", f"{s!r} is not a structure ({', '.join(structures)})"
                )
    bounds: dict[str, int | None] = {}
    for k in ("min_lines", "max_lines"):
        v = t.get(k)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            raise _fail(source, f"{key}.{k}", f"expected an integer >= 0, got {v!r}")
        bounds[k] = v
    place = t.get("segmented", "main")
    if place not in PLACES:
        raise _fail(source, f"{key}.segmented", f"expected one of {', '.join(PLACES)}")
    return SectionSpec(
        role=t["role"].strip(),
        name=t["name"].strip(),
        aliases=lists["aliases"],
        also=lists["also"],
        structures=lists["structures"],
        required=lists["required"],
        recommended=lists["recommended"],
        min_lines=bounds["min_lines"],
        max_lines=bounds["max_lines"],
        segmented=place,
    )


W = TypeVar("W", Jira, GitHub, Reports)

_PROPOSAL = ("ident", "title", "jira", "status", "path", "number")
# the placeholders each workflow template may use
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "jira.summary": ("ident", "title"),
    "jira.line": ("key", "url"),
    "github.pr_title": _PROPOSAL,
    "github.pr_body": _PROPOSAL,
    "github.commit": _PROPOSAL,
    "github.fragment": _PROPOSAL,
}


def _template(source: str, key: str, text: str) -> None:
    """Refuse a template with a placeholder it cannot be given, naming the key."""
    allowed = PLACEHOLDERS[key]
    try:
        text.format(**dict.fromkeys(allowed, ""))
    except (KeyError, IndexError, ValueError) as exc:
        raise _fail(
            source, key, f"bad placeholder {exc} (it may use {{{'}, {'.join(allowed)}}})"
        ) from None


def workflow_table(base: W, table: Any, source: str, name: str) -> W:
    """``base`` with the values of a ``[jira]`` or ``[github]`` table, each checked
    against the field's type; an unknown key names the known ones."""
    if not isinstance(table, dict):
        raise _fail(source, name, f"expected a table, got {table!r}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in base.__dataclass_fields__:
            known = ", ".join(sorted(base.__dataclass_fields__))
            raise _fail(source, f"{name}.{key}", f"unknown key (known keys: {known})")
        current = getattr(base, key)
        if isinstance(current, tuple):
            values[key] = _strings(source, f"{name}.{key}", value)
        elif isinstance(current, int):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _fail(source, f"{name}.{key}", f"expected an integer >= 0, got {value!r}")
            values[key] = value
        elif not isinstance(value, str):
            raise _fail(source, f"{name}.{key}", f"expected a string, got {value!r}")
        else:
            if f"{name}.{key}" in PLACEHOLDERS:
                _template(source, f"{name}.{key}", value)
            values[key] = value
    if name == "jira" and values.get("api", base.api if isinstance(base, Jira) else "") not in (
        "cloud",
        "datacenter",
    ):
        raise _fail(source, f"{name}.api", "expected 'cloud' or 'datacenter'")
    for tag in values.get("release_tags", ()):
        if tag.count("{version}") != 1 or tag.replace("{version}", "").count("{"):
            raise _fail(source, f"{name}.release_tags", f"{tag!r} must hold {{version}} once")
    return replace(base, **values)


def parse(raw: dict[str, Any], source: str, templates: dict[str, str]) -> Profile:
    layout = dict(raw.get("layout", {}))
    limits = Limits(**raw.get("limits", {}))
    metadata = tuple(
        MetaKey(
            key=m["key"],
            role=m["role"],
            required=bool(m.get("required", True)),
            value_required=bool(m.get("value_required", False)),
            value_recommended=bool(m.get("value_recommended", False)),
            version=bool(m.get("version", False)),
            values=_strings(source, f"metadata.{m['key']}.values", m.get("values", [])),
            section=str(m.get("section", "")),
            new=str(m.get("new", "")),
        )
        for m in raw.get("metadata", [])
    )
    statuses_raw = raw.get("statuses", {})
    statuses = _strings(source, "statuses.order", statuses_raw.get("order", []))
    transitions = {
        k: _strings(source, f"statuses.transitions.{k}", v)
        for k, v in statuses_raw.get("transitions", {}).items()
    }
    requirements = {
        k: _strings(source, f"statuses.requirements.{k}", v)
        for k, v in statuses_raw.get("requirements", {}).items()
    }
    structures_raw = raw.get("structures", {})
    structures = _strings(source, "structures.order", structures_raw.get("order", ["classic"]))
    default = structures_raw.get("default", structures[0])
    sections = tuple(
        section_spec(source, f"sections[{i}]", t, structures)
        for i, t in enumerate(raw.get("sections", []))
    )
    blocks = {
        name: BlockSpec(
            _strings(source, f"blocks.{name}.required", b.get("required", [])),
            _strings(source, f"blocks.{name}.recommended", b.get("recommended", [])),
        )
        for name, b in raw.get("blocks", {}).items()
    }
    questions = raw.get("questions", {})
    return Profile(
        name=raw.get("name", "custom"),
        description=raw.get("description", ""),
        layout=layout,
        limits=limits,
        metadata=metadata,
        version_pattern=raw.get("versions", {}).get("pattern", "any"),
        statuses=statuses,
        transitions=transitions,
        requirements=requirements,
        structures=structures,
        default_structure=default,
        sections=sections,
        blocks=blocks,
        tables={k: _strings(source, f"tables.{k}", v) for k, v in raw.get("tables", {}).items()},
        templates=templates,
        prompts={
            name: Prompt(str(t.get("description", "")), str(t.get("text", "")))
            for name, t in raw.get("prompts", {}).items()
        },
        jira=workflow_table(Jira(), raw.get("jira", {}), source, "jira"),
        github=workflow_table(GitHub(), raw.get("github", {}), source, "github"),
        reports=workflow_table(Reports(), raw.get("reports", {}), source, "reports"),
        rules={str(k): str(v) for k, v in raw.get("rules", {}).items()},
        status_detail=bool(statuses_raw.get("detail", False)),
        settled=Settled(
            _strings(source, "questions.settled-headings", questions.get("settled-headings", [])),
            _strings(source, "questions.settled-marks", questions.get("settled-marks", [])),
        ),
    )
