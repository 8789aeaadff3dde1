"""Metadata: M001-M013, wherever the process keeps it (see bepkit.model.metadata)."""

from __future__ import annotations

import datetime as dt

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, WARNING, Rule
from bepkit.config import Config
from bepkit.model.document import Document
from bepkit.model.metadata import MetaEntry, metadata_of
from bepkit.model.proposal import rejection_reason, successors
from bepkit.model.workspace import MainDoc, Proposal

__all__ = ["check", "is_iso_date"]


RULES = [
    Rule(
        "M001",
        "missing-frontmatter",
        ERROR,
        "a main document has no frontmatter",
        "Every main document starts with the metadata block of the template, between two\n"
        "`---` lines: Author, Status, Created, Created-Version, Target-Version,\n"
        "Implemented-Version.",
    ),
    Rule(
        "M002",
        "missing-metadata-key",
        ERROR,
        "a required metadata key is missing",
        "The keys of the template are all present, even when their value is still empty\n"
        "(Target-Version before acceptance). Configuration: `required_metadata`.",
    ),
    Rule(
        "M003",
        "empty-metadata-value",
        ERROR,
        "a metadata value that must be filled is empty",
        "Author, Status and Created are filled when the document is created.\n"
        "Configuration: `required_values`.",
    ),
    Rule(
        "M004",
        "unknown-metadata-key",
        WARNING,
        "an unknown metadata key",
        "Keys outside the template's set (`metadata_keys`) are not read by the process;\n"
        "often a typo.",
    ),
    Rule(
        "M005",
        "unknown-status",
        ERROR,
        "a status outside the configured set",
        "Status is one of the configured statuses (Draft, Accepted, Implemented, Rejected,\n"
        "Superseded).",
    ),
    Rule(
        "M006",
        "created-not-iso",
        ERROR,
        "Created is not an ISO date",
        "`Created:` is written YYYY-MM-DD, a real calendar date.",
    ),
    Rule(
        "M007",
        "version-format",
        ERROR,
        "a version field not in the configured form",
        "Version fields are written in the configured form (`YY.Sprint.Patch`, e.g. 26.1.0).",
    ),
    Rule(
        "M008",
        "status-requires-key",
        ERROR,
        "a status whose required field is empty",
        "Accepted needs Target-Version; Implemented needs Implemented-Version (the status\n"
        "transition rules). Configuration: `requirements`.",
    ),
    Rule(
        "M009",
        "rejected-without-reason",
        ERROR,
        "Rejected without a written reason",
        "A rejected or cancelled proposal documents why: a `> **Rejected**: reason` line\n"
        "under the title (what `bep status N Rejected --reason` writes), or a section titled\n"
        "like `Rejection Reason`.",
    ),
    Rule(
        "M010",
        "superseded-without-successor",
        ERROR,
        "Superseded without a link to its successor",
        "A superseded proposal links to the proposal that replaces it on a line saying\n"
        "`Superseded by` (what `bep status N Superseded --by M` writes).",
    ),
    Rule(
        "M011",
        "author-without-email",
        WARNING,
        "an author without an email",
        "The template asks for `Author: Full Name (email@example.com)`, one such entry per\n"
        "author, separated by commas: reviewers and tools reach the author by it.",
    ),
    Rule(
        "M012",
        "metadata-value-recommended",
        WARNING,
        "a metadata value the process asks to fill is empty",
        "Keys marked value_recommended in the profile (Created-Version for BEPs: the\n"
        "registry README's quick reference says to fill it) should not stay empty.",
    ),
    Rule(
        "M013",
        "metadata-value-not-allowed",
        ERROR,
        "a metadata value the process does not allow",
        "Keys with `values` in the profile take one of them (a KEP's `stage`: alpha,\n"
        "beta or stable).",
    ),
]


def is_iso_date(text: str) -> bool:
    if len(text) != 10:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _authors(text: str) -> list[str]:
    """The entries of an Author value: split at commas outside parentheses."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [a.strip() for a in out if a.strip()]


def _missing(cfg: Config, doc: Document) -> tuple[str, str]:
    """What a document without metadata lacks, in its process's words, and a hint."""
    first = cfg.metadata_sources[0] if cfg.metadata_sources else "frontmatter"
    keys = ", ".join(cfg.required_metadata[:3])
    if first == "sidecar":
        return (
            f"no {cfg.sidecar} beside the document: its metadata ({keys}, ...) is missing",
            f"copy the {cfg.sidecar} beside {cfg.template} and fill it",
        )
    if first == "list":
        return (
            f"no metadata list under the title ({keys}, ...)",
            f"write the list under the title as {cfg.template} has it",
        )
    what = "the document is empty" if not doc.text else "no frontmatter"
    return (
        f"{what}: the metadata block ({', '.join(cfg.metadata_keys[:3])}, ...) is missing",
        f"start the document with the metadata block of {cfg.template}",
    )


def check(ctx: Context, p: Proposal, main: MainDoc, doc: Document) -> None:
    cfg = ctx.config
    rel = main.rel
    md = metadata_of(doc, cfg)
    if md is None:
        if cfg.required_metadata:
            message, hint = _missing(cfg, doc)
            ctx.add("M001", rel, 1, message, hint=hint)
        return

    def at(e: MetaEntry) -> tuple[str, int]:
        return (e.path or rel), e.line + 1

    top_path, top = (md.path or rel), md.line + 1
    in_sections = {m.key.lower() for m in cfg.metadata if m.section}
    for key in cfg.required_metadata:
        if md.entry(key) is None and key.lower() not in in_sections:
            ctx.add("M002", top_path, top, f"missing metadata key {key!r}")
    known = {k.lower() for k in cfg.metadata_keys}
    for e in md.entries:
        if e.key.lower() not in known:
            ctx.add(
                "M004",
                *at(e),
                f"unknown metadata key {e.key!r}",
                hint=f"known keys: {', '.join(cfg.metadata_keys)}",
            )
    author = md.first(cfg.keys("author"))
    if author is not None and author.text.strip():
        bare = [a for a in _authors(author.text) if "@" not in a]
        if bare:
            ctx.add(
                "M011",
                *at(author),
                f"{author.key} {', '.join(repr(a) for a in bare)} without an email",
                hint=f"write '{author.key}: Full Name (email@example.com)'",
                key="author without an email",
            )
    for m in cfg.metadata:
        entry = md.entry(m.key) if m.value_recommended else None
        if entry is not None and not entry.text.strip() and m.key not in cfg.required_values:
            ctx.add("M012", *at(entry), f"metadata {m.key!r} is empty")
        entry = md.entry(m.key) if m.values else None
        if entry is not None and entry.text.strip():
            allowed = {v.lower() for v in m.values}
            if entry.text.strip().lower() not in allowed:
                ctx.add(
                    "M013",
                    *at(entry),
                    f"{m.key} {entry.text!r} is not one of the process's values",
                    hint=f"one of {', '.join(m.values)}",
                )
    for key in cfg.required_values:
        value = md.entry(key)
        if value is not None and not value.text.strip():
            ctx.add("M003", *at(value), f"metadata {key!r} is empty")
    status_entry = md.first(cfg.keys("status"))
    status = (
        cfg.status_name(status_entry.text) if status_entry and status_entry.text.strip() else None
    )
    if status_entry and status_entry.text.strip() and status is None:
        ctx.add(
            "M005",
            *at(status_entry),
            f"unknown status {status_entry.text!r}",
            hint=f"one of {', '.join(cfg.statuses)}",
        )
    created = md.first(cfg.keys("created"))
    if created and created.text.strip() and not is_iso_date(created.text.strip()):
        ctx.add(
            "M006",
            *at(created),
            f"{created.key} {created.text!r} is not an ISO date (YYYY-MM-DD)",
        )
    pattern = cfg.version_regex
    for key in cfg.version_fields:
        version = md.entry(key)
        if version and version.text.strip() and not pattern.match(version.text.strip()):
            ctx.add(
                "M007",
                *at(version),
                f"{key} {version.text!r} is not a {cfg.version_pattern} version",
            )
    if status is None or status_entry is None:
        return
    where, line = at(status_entry)
    for need in cfg.requirements.get(status, ()):
        if need == "reason":
            if rejection_reason(doc) is None:
                ctx.add(
                    "M009",
                    where,
                    line,
                    f"status {status} without a written reason",
                    hint=f"write '> **{status}**: the reason' under the title",
                )
        elif need == "successor":
            if not successors(doc, cfg):
                ctx.add(
                    "M010",
                    where,
                    line,
                    f"status {status} without a link to its successor",
                    hint=f"write '{status} by [the successor](its file)' on a line of its own",
                )
        else:
            needed = md.entry(need)
            if needed is None or not needed.text.strip():
                ctx.add("M008", where, line, f"status {status} requires {need}")
