"""Links to files: L001-L002, and X002 for links to numbers that do not exist.

Links within one document (``#anchor``) are checked with the document; these
need the repository: which files exist and which headings other documents have.
"""

from __future__ import annotations

import posixpath

from bepkit.check.context import Context
from bepkit.check.rule import ERROR, WARNING, Rule
from bepkit.model.proposal import number_of_path
from bepkit.model.segments import resolve
from bepkit.model.workspace import Workspace

__all__ = ["check"]


RULES = [
    Rule(
        "L001",
        "broken-link",
        ERROR,
        "a relative link to a missing file",
        "Relative links must resolve. A link that leaves the proposals folder is checked\n"
        "where the repository holds the folder it points into (a copy of the proposals\n"
        "folder alone does not report its `../src/...` links).",
    ),
    Rule(
        "L002",
        "broken-anchor",
        WARNING,
        "a link to a missing heading",
        "`#anchor` parts name a heading of the target document (GitHub's anchors).",
    ),
]


def _outside_and_missing(ws: Workspace, target: str) -> bool:
    """A link out of the proposals folder is checked only where the repository
    holds the folder it points into: a copy of the proposals folder alone does
    not report every ``../src/...`` link.  Nothing outside the repository is looked at."""
    if target == ".." or target.startswith(("../", "/")):
        return False
    top = target.split("/", 1)[0]
    return top != target and ws.is_dir(top) and not ws.exists(target)


def check(ctx: Context) -> None:
    ws = ctx.ws
    cfg = ctx.config
    inside = cfg.proposals_dir.rstrip("/") + "/"
    by_name: dict[str, list[str]] = {}
    for entry, is_dir in ws.entries:
        if not is_dir:
            by_name.setdefault(entry.rsplit("/", 1)[-1], []).append(entry)
    for rel, facts in list(ctx.facts.items()):  # reading a link's target adds its facts
        for line, col, written, path, fragment in facts.links:
            target = resolve(rel, path)
            if not target.startswith(inside) and target != cfg.proposals_dir:
                if _outside_and_missing(ws, target):
                    ctx.add("L001", rel, line, f"link to a missing file {written}", col=col)
                continue
            if not ws.exists(target):
                name = target.rsplit("/", 1)[-1]
                number = number_of_path(target, cfg)
                if number is not None and number not in ws.proposals:
                    ident = cfg.ident(number)
                    ctx.add("X002", rel, line, f"link to {ident}, which does not exist", col=col)
                    continue
                hint = None
                if number is not None:
                    mains = ws.proposals[number].mains
                    if mains:
                        hint = f"the document of {cfg.ident(number)} is {mains[0].rel}"
                else:
                    same_name = by_name.get(name, [])
                    if len(same_name) == 1:
                        hint = f"did you mean {posixpath.relpath(same_name[0], posixpath.dirname(rel))}?"
                ctx.add("L001", rel, line, f"link to a missing file {written}", col=col, hint=hint)
                continue
            if not fragment or not target.endswith(".md") or not ws.is_file(target):
                continue
            target_facts = ctx.facts.get(target)
            anchors = target_facts.anchors if target_facts else ws.document(target).anchors
            if fragment.lower() not in anchors:
                ctx.add("L002", rel, line, f"link to a missing heading {written}", col=col)
