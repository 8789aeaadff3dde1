"""Metadata: M001-M010."""

from __future__ import annotations

import datetime as dt

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, WARNING, Rule
from bepkit.model.document import Document
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


def check(ctx: Context, p: Proposal, main: MainDoc, doc: Document) -> None:
    cfg = ctx.config
    rel = main.rel
    fm = doc.frontmatter
    if fm is None:
        what = "the document is empty" if not doc.text else "no frontmatter"
        ctx.add(
            "M001",
            rel,
            1,
            f"{what}: the metadata block ({', '.join(cfg.metadata_keys[:3])}, ...) is missing",
            hint=f"start the document with the metadata block of {cfg.template}",
        )
        return
    top = fm.start + 1
    for key in cfg.required_metadata:
        if fm.entry(key) is None:
            ctx.add("M002", rel, top, f"missing metadata key {key!r}")
    known = {k.lower() for k in cfg.metadata_keys}
    for e in fm.entries:
        if e.key.lower() not in known:
            ctx.add(
                "M004",
                rel,
                e.line + 1,
                f"unknown metadata key {e.key!r}",
                hint=f"known keys: {', '.join(cfg.metadata_keys)}",
            )
    author = fm.entry(cfg.key("author")) if cfg.key("author") else None
    if author is not None and author.text.strip():
        bare = [a for a in _authors(author.text) if "@" not in a]
        if bare:
            ctx.add(
                "M011",
                rel,
                author.line + 1,
                f"{author.key} {', '.join(repr(a) for a in bare)} without an email",
                hint=f"write '{author.key}: Full Name (email@example.com)'",
                key="author without an email",
            )
    for m in cfg.metadata:
        entry = fm.entry(m.key) if m.value_recommended else None
        if entry is not None and not entry.text.strip() and m.key not in cfg.required_values:
            ctx.add("M012", rel, entry.line + 1, f"metadata {m.key!r} is empty")
    for key in cfg.required_values:
        value = fm.entry(key)
        if value is not None and not value.text.strip():
            ctx.add("M003", rel, value.line + 1, f"metadata {key!r} is empty")
    status_entry = fm.entry(cfg.key("status")) if cfg.key("status") else None
    status = (
        cfg.status_name(status_entry.text) if status_entry and status_entry.text.strip() else None
    )
    if status_entry and status_entry.text.strip() and status is None:
        ctx.add(
            "M005",
            rel,
            status_entry.line + 1,
            f"unknown status {status_entry.text!r}",
            hint=f"one of {', '.join(cfg.statuses)}",
        )
    created = fm.entry(cfg.key("created")) if cfg.key("created") else None
    if created and created.text.strip() and not is_iso_date(created.text.strip()):
        ctx.add(
            "M006",
            rel,
            created.line + 1,
            f"{created.key} {created.text!r} is not an ISO date (YYYY-MM-DD)",
        )
    pattern = cfg.version_regex
    for key in cfg.version_fields:
        version = fm.entry(key)
        if version and version.text.strip() and not pattern.match(version.text.strip()):
            ctx.add(
                "M007",
                rel,
                version.line + 1,
                f"{key} {version.text!r} is not a {cfg.version_pattern} version",
            )
    if status is None or status_entry is None:
        return
    line = status_entry.line + 1
    for need in cfg.requirements.get(status, ()):
        if need == "reason":
            if rejection_reason(doc) is None:
                ctx.add(
                    "M009",
                    rel,
                    line,
                    f"status {status} without a written reason",
                    hint=f"bep status {p.number} {status} --reason TEXT writes it",
                )
        elif need == "successor":
            if not successors(doc, cfg):
                ctx.add(
                    "M010",
                    rel,
                    line,
                    f"status {status} without a link to its successor",
                    hint=f"bep status {p.number} {status} --by NUMBER writes it",
                )
        else:
            needed = fm.entry(need)
            if needed is None or not needed.text.strip():
                ctx.add("M008", rel, line, f"status {status} requires {need}")
