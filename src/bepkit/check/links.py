"""Links: L001-L002, and X002 for links to numbers that do not exist."""

from __future__ import annotations

import posixpath
import re

from ..segments import resolve
from . import Context

__all__ = ["check"]


def check(ctx: Context) -> None:
    ws = ctx.ws
    cfg = ctx.config
    inside = cfg.proposals_dir.rstrip("/") + "/"
    number_re = re.compile(rf"^{re.escape(cfg.prefix)}-(\d+)")
    by_name: dict[str, list[str]] = {}
    for entry, is_dir in ws.entries:
        if not is_dir:
            by_name.setdefault(entry.rsplit("/", 1)[-1], []).append(entry)
    docs = [m.rel for p in ws.proposals.values() for m in p.mains]
    docs += [s for p in ws.proposals.values() for s in p.subdocs]
    for rel in docs:
        doc = ws.document(rel)
        for link in doc.links:
            if not link.is_relative:
                continue
            line, col = link.line + 1, link.col + 1
            if not link.path:
                fragment = link.fragment
                if fragment and fragment.lower() not in doc.anchors:
                    ctx.add("L002", rel, line, f"link to a missing heading #{fragment}", col=col)
                continue
            target = resolve(rel, link.path)
            if not target.startswith(inside) and target != cfg.proposals_dir:
                continue
            if not ws.exists(target):
                name = target.rsplit("/", 1)[-1]
                m = number_re.match(name)
                if m and int(m.group(1)) not in ws.proposals:
                    ctx.add(
                        "X002",
                        rel,
                        line,
                        f"link to {cfg.ident(int(m.group(1)))}, which does not exist",
                        col=col,
                    )
                    continue
                hint = None
                if m:
                    mains = ws.proposals[int(m.group(1))].mains
                    if mains:
                        hint = f"the document of {cfg.ident(int(m.group(1)))} is {mains[0].rel}"
                else:
                    same_name = by_name.get(name, [])
                    if len(same_name) == 1:
                        hint = f"did you mean {posixpath.relpath(same_name[0], posixpath.dirname(rel))}?"
                ctx.add(
                    "L001", rel, line, f"link to a missing file {link.target}", col=col, hint=hint
                )
                continue
            fragment = link.fragment
            if (
                fragment
                and target.endswith(".md")
                and ws.is_file(target)
                and fragment.lower() not in ws.document(target).anchors
            ):
                ctx.add("L002", rel, line, f"link to a missing heading {link.target}", col=col)
