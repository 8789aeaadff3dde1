"""``bep report stale`` and ``bep report release VERSION``: what is stale, and
what shipped, from the files, git's history and the repository's release tags.

Released versions come from tags named by ``[reports] release_tags`` (``v{version}``
...), whose version part is dotted numbers only: ``25.1.0rc1`` is not a release.
A Target-Version counts as released once a release of that version or a later
one exists.  Both reports render as Markdown (to paste into an issue or a
release note) and as JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from bepkit.actions.info import Entry, list_entries
from bepkit.errors import BepError
from bepkit.gitops import Git
from bepkit.model.history import read_log
from bepkit.model.reservations import line_dates, local_reservations
from bepkit.model.workspace import Workspace
from bepkit.text import one_line

__all__ = [
    "Release",
    "ReleaseReport",
    "ReportItem",
    "release_report",
    "releases",
    "stale_markdown",
    "stale_report",
    "version_key",
]


def version_key(text: str) -> tuple[int, ...] | None:
    """``25.1.0`` -> (25, 1, 0) (trailing zeros dropped, so 25.1 == 25.1.0); None
    for anything but dotted numbers."""
    parts = text.strip().split(".")
    if not parts or not all(p.isdigit() and len(p) <= 9 for p in parts):
        return None
    numbers = [int(p) for p in parts]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


@dataclass(frozen=True, slots=True)
class Release:
    version: str
    tag: str
    date: str  # YYYY-MM-DD, the tag's date


def releases(ws: Workspace) -> list[Release]:
    """The releases the repository's tags mark, oldest version first."""
    git = Git(ws.root)
    if not git.is_repo():
        return []
    out: list[Release] = []
    for line in git.refs("refs/tags/", "%(refname:short)%00%(creatordate:short)"):
        tag, _, date = line.partition("\x00")
        for pattern in ws.config.reports.release_tags:
            head, _, tail = pattern.partition("{version}")
            if len(tag) > len(head) + len(tail) and tag.startswith(head) and tag.endswith(tail):
                version = tag[len(head) : len(tag) - len(tail)]
                if version_key(version) is not None:
                    out.append(Release(version, tag, date))
                    break
    return sorted(out, key=lambda r: version_key(r.version) or ())


@dataclass
class ReportItem:
    kind: str
    id: str
    number: int
    title: str
    status: str
    path: str | None
    detail: str
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _item(kind: str, e: Entry, detail: str, **data: Any) -> ReportItem:
    return ReportItem(kind, e.id, e.number, e.title, e.status, e.path, detail, data)


STALE_KINDS = {
    "untouched": "Drafts no commit has touched for {days} days",
    "released-target": "Target-Version already released",
    "missing-target": "Without a Target-Version",
    "reservation": "Reserved numbers without a document",
}


def stale_report(
    ws: Workspace, days: int | None = None, today: dt.date | None = None
) -> list[ReportItem]:
    """What is stale, kind by kind (``STALE_KINDS``), each by number."""
    cfg = ws.config
    rep = cfg.reports
    days = rep.stale_days if days is None else days
    today = today or dt.datetime.now(dt.UTC).date()
    git = Git(ws.root)
    entries = list_entries(ws, jira=False)
    docs = [e for e in entries if e.layout in ("single", "segmented") and e.path]
    log = read_log(git, cfg)
    groups = {e.path: [e.path, *ws.proposals[e.number].subdocs] for e in docs if e.path is not None}
    last = {
        path: touches[0].commit.day for path, touches in log.follow_each(groups).items() if touches
    }
    released = releases(ws)
    target_key = cfg.key("target-version")
    out: list[ReportItem] = []
    draft = {s.lower() for s in rep.draft}
    opened = {s.lower() for s in rep.open}
    for e in docs:
        status = (cfg.status_name(e.status) or e.status.strip()).lower()  # "Active review (...)"
        day = last.get(e.path or "")
        if status in draft and day:
            age = (today - dt.date.fromisoformat(day)).days
            if age >= days:
                out.append(
                    _item(
                        "untouched",
                        e,
                        f"last changed {day} ({age} days ago)",
                        last_changed=day,
                        days=age,
                    )
                )
        if status not in opened:
            continue
        target = e.target.strip()
        key = version_key(target) if target else None
        if key is not None:
            shipped = next((r for r in released if (version_key(r.version) or ()) >= key), None)
            if shipped is not None:
                out.append(
                    _item(
                        "released-target",
                        e,
                        f"targets {target}; {shipped.version} was released {shipped.date} (tag {shipped.tag})",
                        target=target,
                        release=asdict(shipped),
                    )
                )
        elif (
            not target
            and target_key
            and target_key in cfg.requirements.get(cfg.status_name(e.status) or "", ())
        ):
            out.append(_item("missing-target", e, f"{e.status} without {target_key}"))
    dates = line_dates(git, cfg)
    reserved_refs = local_reservations(git, cfg) if git.is_repo() else {}
    for e in entries:
        if e.layout != "reserved":
            continue
        row = e.registry or {}
        when = dates.get(int(row.get("line", 0)))
        since = dt.datetime.fromtimestamp(when, dt.UTC).date().isoformat() if when else ""
        detail = f"registry row since {since}" if since else "registry row, not committed yet"
        out.append(_item("reservation", e, detail, since=since or None))
    shown = {e.number for e in entries}
    for number, title in sorted(reserved_refs.items()):
        if number not in shown:
            ident = cfg.ident(number)
            out.append(
                ReportItem(
                    "reservation",
                    ident,
                    number,
                    title,
                    "",
                    None,
                    f"reservation ref {cfg.reservation(number)}",
                )
            )
    order = list(STALE_KINDS)
    return sorted(out, key=lambda i: (order.index(i.kind), i.number))


def stale_markdown(items: list[ReportItem], days: int, today: dt.date) -> str:
    lines = [f"## Stale proposals ({today.isoformat()})", ""]
    if not items:
        return "\n".join([*lines, "Nothing is stale.", ""])
    for kind, heading in STALE_KINDS.items():
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        lines += [f"### {heading.format(days=days)} ({len(group)})", ""]
        lines += [_line(i) for i in group]
        lines.append("")
    return "\n".join(lines)


def _line(i: ReportItem) -> str:
    title = _md(i.title) or "(untitled)"
    status = f" ({_md(i.status)})" if i.status else ""
    where = f" `{one_line(i.path)}`" if i.path else ""
    return f"- **{i.id}** {title}{status}{where}: {_md(i.detail)}"


def _md(text: str) -> str:
    """A document's text on one Markdown line: no markup of its own takes effect."""
    return "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in one_line(text))


@dataclass
class ReleaseReport:
    version: str
    released: Release | None  # the release tag of that version, if there is one
    implemented: list[ReportItem] = field(default_factory=list)
    not_implemented: list[ReportItem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def markdown(self) -> str:
        when = (
            f"released {self.released.date}, tag {self.released.tag}"
            if self.released
            else "no release tag yet"
        )
        lines = [f"## Proposals in {_md(self.version)} ({when})", ""]
        lines += [f"### Implemented ({len(self.implemented)})", ""]
        lines += [_line(i) for i in self.implemented] or ["None."]
        lines += [
            "",
            f"### Targeted at {_md(self.version)}, not implemented in it ({len(self.not_implemented)})",
            "",
        ]
        lines += [_line(i) for i in self.not_implemented] or ["None."]
        return "\n".join([*lines, ""])


def release_report(ws: Workspace, version: str) -> ReleaseReport:
    key = version_key(version)
    if key is None:
        raise BepError(f"{version!r} is not a version (dotted numbers, such as 25.1.0)")
    cfg = ws.config
    implemented = {s.lower() for s in cfg.reports.implemented}
    released = next((r for r in releases(ws) if version_key(r.version) == key), None)
    report = ReleaseReport(version, released)
    for e in list_entries(ws, jira=False):
        if e.layout not in ("single", "segmented") or not e.path:
            continue
        done = e.implemented.strip()
        if done and version_key(done) == key:
            note = (
                ""
                if (cfg.status_name(e.status) or e.status.strip()).lower() in implemented
                else f"; its status is still {e.status}"
            )
            report.implemented.append(_item("implemented", e, f"implemented in {done}{note}"))
        elif e.target and version_key(e.target) == key:
            detail = f"implemented in {done}" if done else f"status {e.status or 'unset'}"
            report.not_implemented.append(_item("not-implemented", e, detail))
    return report
