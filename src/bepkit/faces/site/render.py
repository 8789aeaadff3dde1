"""Markdown to HTML as GitHub renders it, then made safe.

- cmark-gfm (GitHub's own parser, through ``cmarkgfm``): tables, task lists,
  strikethrough, autolinks (``www.`` and URLs; never a bare ``Backend.AI``),
  raw HTML such as ``<details>`` kept.
- The front matter is not rendered (the page shows it as a table); its lines
  are blanked so that line numbers stay the document's.
- Heading anchors are GitHub's (``heading_anchor``), by each heading's line.
- Relative links to ``.md`` files become the site's pages; images are listed
  so the build copies them.
- GitHub alerts (``> [!NOTE]``) become alert boxes; ``mermaid`` blocks become
  ``<pre class="mermaid">`` for Mermaid's own script.
- nh3 (ammonia) removes everything that could run: ``<script>``, ``on*=``
  attributes, ``javascript:`` URLs, ``<style>``, forms.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import escape

from bepkit.model.document import Document
from bepkit.model.document.links import heading_anchor, is_relative_target

__all__ = ["Rendered", "render"]

_HEADING_RE = re.compile(r'<h([1-6]) data-sourcepos="(\d+):[^"]*">')
_SOURCEPOS_RE = re.compile(r' data-sourcepos="[^"]*"')
_MERMAID_RE = re.compile(r'<pre lang="mermaid"><code>([^<]*)</code></pre>')
_ALERT_RE = re.compile(
    r"<blockquote>\s*<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*(?:<br\s*/>)?\s*"
)
_ALERT_TITLES = {
    "NOTE": "Note",
    "TIP": "Tip",
    "IMPORTANT": "Important",
    "WARNING": "Warning",
    "CAUTION": "Caution",
}

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li",
    "ol", "p", "pre", "q", "s", "samp", "span", "strike", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class", "align", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "checked", "disabled"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}


@dataclass
class Rendered:
    html: str
    images: list[str] = field(default_factory=list)  # repository paths the page shows


def _cmark(text: str) -> str:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    options = (
        Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_GITHUB_PRE_LANG | Options.CMARK_OPT_SOURCEPOS
    )
    return str(cmarkgfm.github_flavored_markdown_to_html(text, options=options))


def _body(doc: Document) -> str:
    """The document's text with the front matter's lines left blank."""
    lines = [ln.rstrip("\r\n") for ln in doc.lines]
    for i in range(doc.body_start):
        lines[i] = ""
    return "\n".join(lines) + "\n"


def render(doc: Document, rel: str, page_of: dict[str, str]) -> Rendered:
    """``doc`` (at repository path ``rel``) as safe HTML; ``page_of`` maps a
    document's repository path to its page's site path."""
    import nh3

    seen: dict[str, int] = {}
    anchors = {b.start + 1: heading_anchor(b.text, seen) for b in doc.blocks if b.kind == "heading"}
    html = _cmark(_body(doc))

    def heading(m: re.Match[str]) -> str:
        anchor = anchors.get(int(m.group(2)))
        return f'<h{m.group(1)} id="{escape(anchor)}">' if anchor else f"<h{m.group(1)}>"

    html = _HEADING_RE.sub(heading, html)
    html = _SOURCEPOS_RE.sub("", html)
    html = _MERMAID_RE.sub(r'<pre class="mermaid">\1</pre>', html)
    html = _alerts(html)
    rendered = Rendered("")
    here = page_of.get(rel, rel)

    def attribute(tag: str, name: str, value: str) -> str | None:
        if name not in ("href", "src"):
            return value
        if not is_relative_target(value) or value.startswith("#"):
            return value
        path, _, fragment = value.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
        if tag == "img":
            rendered.images.append(target)
            return _relative(target, here)
        page = page_of.get(target) or page_of.get(target.rstrip("/") + "/")
        if page is None:
            return value
        return _relative(page, here) + (f"#{fragment}" if fragment else "")

    rendered.html = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return rendered


def _relative(target: str, here: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def _alerts(html: str) -> str:
    """``> [!NOTE]`` blockquotes as GitHub shows them: a titled box."""
    out: list[str] = []
    at = 0
    for m in _ALERT_RE.finditer(html):
        end = html.find("</blockquote>", m.end())
        if end < 0:
            break
        kind = m.group(1)
        out.append(html[at : m.start()])
        out.append(
            f'<div class="markdown-alert markdown-alert-{kind.lower()}">'
            f'<p class="markdown-alert-title">{_ALERT_TITLES[kind]}</p><p>'
            + html[m.end() : end]
            + "</div>"
        )
        at = end + len("</blockquote>")
    out.append(html[at:])
    return "".join(out)
