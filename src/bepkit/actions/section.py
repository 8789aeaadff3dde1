"""``bep section N NAME``: print one section, or replace its text and bring the
derived parts (context-for-ai keys, Document Index, registry row) in step.

The heading stays; only the lines under it change.  The new text may hold
sub-headings, never a heading of the section's own level or above (that would
end the section early), and the edit is read back before it is written.
The derived parts are then synced as ``bep sync N`` would, in the same lock.
"""

from __future__ import annotations

from bepkit.actions.authoring import Result, select
from bepkit.actions.context import find_subdoc
from bepkit.actions.sync import sync_changes
from bepkit.check.fixes import apply
from bepkit.errors import BepError
from bepkit.model.document import Document, Edit
from bepkit.model.sections import locate, outline
from bepkit.model.workspace import Workspace

__all__ = ["replace_section"]


def replace_section(
    ws: Workspace,
    number: int,
    name: str,
    text: str,
    *,
    doc: str | None = None,
    path: str | None = None,
    sync: bool = True,
) -> Result:
    """Replace the text under section ``name`` (a role, guide name or heading) of the
    main document, or of sub-document ``doc``."""
    result = Result(number=number)
    with ws.locked(f"section {number} {name}"):
        p, main = select(ws, number, path)
        rel = find_subdoc(ws, p, doc) if doc else main.rel
        current = ws.document(rel)
        found = locate(current, ws.config, name)
        if found is None:
            raise BepError(f"no section {name!r}", path=rel, hint=f"sections: {outline(current)}")
        section, shown = found
        body = text.splitlines()
        for heading in Document(text).sections:
            if heading.depth <= section.depth:
                raise BepError(
                    f"the new text holds the heading {heading.title!r} (level {heading.depth}), "
                    f"which would end {shown!r} (level {section.depth}): nothing written",
                    path=rel,
                    hint="use deeper headings inside a section",
                )
        if section.end < len(current.lines) and not current.line_text(section.end - 1).strip():
            while body and not body[-1].strip():
                body.pop()
            body.append("")  # the blank line before the next heading stays
        spaced = (
            section.body_start < section.end and not current.line_text(section.body_start).strip()
        )
        if spaced and (not body or body[0].strip()):
            body.insert(0, "")  # as the heading was: followed by a blank line
        new = current.edit([Edit.replace(section.body_start, section.end, body)])
        _read_back(new, ws, name, section.start, len(body), rel)
        if new.text == current.text:
            return result
        ws.write(rel, new)
        result.changed.append((rel, f"{shown}: {len(body)} line(s)"))
        if sync:
            ws.commit()  # the derived parts follow what was written
            for change in sync_changes(ws, p.number):
                ws.write(change.path, apply(ws, change))
                result.changed += [(change.path, note) for note in change.notes]
    return result


def _read_back(new: Document, ws: Workspace, name: str, start: int, size: int, rel: str) -> None:
    again = locate(Document(new.text, bom=new.bom), ws.config, name)
    if again is None or again[0].start != start or again[0].end - again[0].body_start != size:
        raise BepError(
            f"the section {name!r} would not read back as written: nothing written",
            path=rel,
            hint="an unclosed code fence or HTML block in the new text?",
        )
