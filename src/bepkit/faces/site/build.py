"""``bep site build``: the repository as a static site people would rather read.

The site is a face over the library: every fact on it comes from the same
functions as ``bep list``, ``bep show`` and ``bep check`` (and one pass over
``git log`` for the history).  Pages mirror the repository's paths
(``proposals/BEP-1046-x.md`` -> ``proposals/BEP-1046-x.html``), so relative
links keep working.  Nothing is dropped: a number with only a registry row, a
proposal with findings, a document that cannot be read are all listed.

``Builder`` keeps rendered pages by content between builds, so ``bep serve``
renders again only what changed.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import posixpath
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bepkit import __version__, disk
from bepkit.actions.history import DocHistory, history
from bepkit.actions.info import Entry, list_entries, show
from bepkit.check.cache import FactsCache
from bepkit.check.engine import check
from bepkit.errors import BepError
from bepkit.faces.site.render import render
from bepkit.github import repo_of
from bepkit.gitops import Git, GitError
from bepkit.model.document import Document
from bepkit.model.document.links import is_relative_target, strip_inline
from bepkit.model.proposal import predecessors, successors
from bepkit.model.segments import folder_relative, resolve
from bepkit.model.workspace import Workspace
from bepkit.parallel import default_jobs, fork_map

__all__ = ["Builder", "Report", "find_mermaid"]

HERE = Path(__file__).resolve().parent
PARALLEL_FROM = 100  # documents to render; below this a process pool costs more than it saves


@dataclass
class Report:
    pages: int = 0
    rendered: int = 0  # pages rendered afresh (the rest came from the cache)
    seconds: float = 0.0
    search: bool = False
    mermaid: str = ""  # where Mermaid's script came from ('' without one)
    notes: list[str] = field(default_factory=list)


def find_mermaid(root: Path, configured: str | None = None) -> Path | None:
    """Mermaid's own script: ``configured`` (or $BEP_MERMAID), else the ``mermaid`` npm
    package installed in the repository or beside bepkit's checkout."""
    wanted = configured or os.environ.get("BEP_MERMAID")
    if wanted:
        path = Path(wanted)
        if not disk.is_file(path):
            raise BepError(f"no Mermaid script at {wanted}")
        return path
    for base in (root, root / ".cache" / "npm", HERE.parents[3] / ".cache" / "npm"):
        candidate = base / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
        if disk.is_file(candidate):
            return candidate
    return None


def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["plain"] = strip_inline  # markdown's marks out of a one-line text
    env.filters["json"] = lambda data: json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return env


class Builder:
    """Builds the site of ``ws`` into ``out``; keeps rendered documents between builds."""

    def __init__(self, root: Path, out: Path, *, mermaid: Path | None, search: bool = True):
        self.root = root
        self.out = out
        self.mermaid = mermaid
        self.search = search
        # kept from one build to the next: each build keeps only what it used
        self._rendered: dict[tuple[str, str, str], tuple[str, list[str]]] = {}
        self._parsed: dict[str, tuple[bytes, Document]] = {}  # kept between builds
        self._env = _env()
        self._pages: dict[str, bytes] = {}  # a document page's facts (digest) -> page
        self._written: dict[str, str] = {}  # what bep serve's folder holds: path -> digest
        self._facts: FactsCache | None = None  # bep check's results, between builds
        # bep serve: pages carry the live-reload script, and a rebuild writes only
        # the files that changed into the folder it serves
        self.live = False

    def build(
        self, progress: Callable[[str], None] = lambda _: None, *, search_later: bool = False
    ) -> Report:
        """Build the site; with ``search_later`` the previous search index stays and
        ``index_search`` brings it up to date afterwards (bep serve reloads first)."""
        # A build makes many objects and keeps the parsed documents; the cycle
        # collector's passes over all of them cost more than the build's own cyclic
        # garbage (0.15 s a pass at 1,000 proposals, measured), so it waits until
        # the build is done (bep serve collects after the reload).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._build(progress, search_later)
        finally:
            if enabled:
                gc.enable()

    def _build(self, progress: Callable[[str], None], search_later: bool) -> Report:
        import time

        started = time.perf_counter()
        ws = Workspace.open(self.root, self._parsed)
        report = Report(mermaid=str(self.mermaid or ""))
        files: dict[str, bytes] = {}
        entries = list_entries(ws)
        progress(f"{len(entries)} proposals")
        entry_of = {e.path: e for e in entries if e.path}
        # bep serve's rebuilds stay in one process: a fork would copy the locks its
        # server threads hold (its first build runs before they start)
        jobs = 1 if self.live and self._written else default_jobs()
        findings = self._findings(ws, jobs)
        try:
            hist = history(ws)
        except GitError as exc:  # the site is still worth having without its history
            hist = {}
            report.notes.append(f"history not read: {exc}")
        git = Git(ws.root)
        url = git.remote_url(ws.config.remote) if git.is_repo() else None
        repo = repo_of(url) if url else None
        branch = Git.branch_name(git.default_base() or "main", ws.config.remote) if repo else ""
        docs = {m.rel: (n, True) for n, p in ws.proposals.items() for m in p.mains}
        docs |= {s: (n, False) for n, p in ws.proposals.items() for s in p.subdocs}
        # the markdown a proposal's folder holds deeper (references, translations) is
        # read on the site too, as a page of its proposal
        docs |= {
            s: (n, False)
            for n, p in ws.proposals.items()
            for f in p.folders
            for s in f.supporting
            if s.lower().endswith(".md")
        }
        page_of = {rel: rel[:-3] + ".html" for rel in docs}
        for p in ws.proposals.values():
            for f in p.folders:
                if p.mains:
                    page_of[f.rel + "/"] = page_of[p.mains[0].rel]
        backlinks = self._backlinks(ws, docs, page_of)
        mermaid_pages = False
        rendered: dict[tuple[str, str, str], tuple[str, list[str]]] = {}
        made: dict[str, bytes] = {}
        pages = _digest(sorted(page_of.items()))  # a document's links depend on them too
        keys = {
            rel: (
                rel,
                hashlib.blake2b(ws.document(rel).to_bytes(), digest_size=16).hexdigest(),
                pages,
            )
            for rel in docs
        }
        todo = [rel for rel, key in keys.items() if key not in self._rendered]
        self._render(todo, ws, keys, page_of, jobs)
        report.rendered = len(todo)
        for rel, (number, is_main) in docs.items():
            doc = ws.document(rel)  # parsed once: list, show and backlinks read it too
            key = keys[rel]
            html, images = rendered[key] = self._rendered[key]
            mermaid_pages |= 'class="mermaid"' in html
            for image in images:
                data = _read_inside(ws.root, image)
                if data is not None:
                    files[image] = data
            p = ws.proposals[number]
            main_info = None
            if is_main:  # the panels of the main document only
                info = show(ws, number)
                main_info = next((i for i in info if i.path == rel), info[0])
            owner = rel if is_main else (p.mains[0].rel if p.mains else None)
            entry = entry_of.get(owner) if owner else None
            context = {
                "root": posixpath.relpath(".", posixpath.dirname(page_of[rel]) or "."),
                "page": page_of[rel],
                "rel": rel,
                "ident": ws.config.ident(number),
                "number": number,
                "is_main": is_main,
                "entry": entry,
                "info": main_info,
                "doc_title": doc.title or rel,
                "body": html,
                "block": doc.ai_contexts[0].as_dict() if doc.ai_contexts else {},
                "subdocs": [
                    {
                        "name": folder_relative(p, s),
                        "href": _rel(page_of[s], page_of[rel]),
                        "here": s == rel,
                    }
                    for s in p.subdocs
                ],
                "main_href": _rel(page_of[p.mains[0].rel], page_of[rel]) if p.mains else "",
                "superseded_by": self._links(ws, successors(doc, ws.config), page_of, rel),
                "supersedes": self._links(ws, predecessors(doc, ws.config), page_of, rel),
                "backlinks": [
                    {"title": t, "href": _rel(page_of[b], page_of[rel])}
                    for b, t in backlinks.get(rel, [])
                ],
                "history": hist.get(rel, DocHistory()),
                "findings": findings.get(rel, []),
                "edit": f"{repo.web}/edit/{branch}/{rel}" if repo else "",
                "mermaid": self.mermaid is not None,
                "reload": self.live,
            }
            files[page_of[rel]] = self._doc_page(context, key, made)
            report.pages += 1
        self._rendered, self._pages = rendered, made
        if mermaid_pages and self.mermaid is None:
            report.notes.append(
                "Mermaid blocks are shown as source: install the mermaid npm package or set BEP_MERMAID"
            )
        if self.mermaid is not None:
            files["assets/mermaid.min.js"] = disk.read_bytes(self.mermaid)
        rows = [self._row(e, page_of, findings, hist) for e in entries]
        index_context = {
            "root": ".",
            "rows": rows,
            "statuses": list(ws.config.statuses),
            "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "reload": self.live,
            "search": self.search,
        }
        files["index.html"] = self._page("index.html", index_context)
        files["health.html"] = self._page(
            "health.html", {**index_context, **self._health(ws, rows, findings)}
        )
        files["index.json"] = json.dumps(
            {"generator": f"bepkit {__version__}", "proposals": rows}, ensure_ascii=False
        ).encode()
        files["feed.atom"] = self._page(
            "feed.atom", {"rows": rows, "hist": hist, "generated": index_context["generated"]}
        )
        for name in ("site.css", "index.js", "reload.js"):
            files[f"assets/{name}"] = disk.read_bytes(HERE / "static" / name)
        if self.live and self._written and disk.is_dir(self.out):
            self._written = disk.update_tree(self.out, files, self._written)
        else:
            disk.replace_tree(
                self.out,
                files,
                marker=".bepkit-site",
                note=f"bepkit {__version__}\n",
                keep=("pagefind",) if search_later else (),
            )
            self._written = disk.tree_digests(files) if self.live else {}
        if self.search and not search_later:
            report.search = self.index_search(report)
        report.seconds = time.perf_counter() - started
        return report

    def index_search(self, report: Report | None = None) -> bool:
        """Pagefind's index of the pages as they are now."""
        return _pagefind(self.out, report or Report())

    def _render(
        self,
        todo: list[str],
        ws: Workspace,
        keys: dict[str, tuple[str, str, str]],
        page_of: dict[str, str],
        jobs: int,
    ) -> None:
        """Render the documents of ``todo`` into the kept renders.  Many are rendered in
        ``jobs`` forked processes: faster on several cores, and the memory cmark-gfm
        takes for each document (its Python binding does not free the parse tree)
        goes back to the system with them."""

        def one(rel: str) -> tuple[str, list[str]]:
            r = render(ws.document(rel), rel, page_of)
            return r.html, r.images

        if jobs > 1 and len(todo) >= PARALLEL_FROM:
            results = fork_map(one, todo, jobs)
        else:
            results = [one(rel) for rel in todo]
        for rel, result in zip(todo, results, strict=True):
            self._rendered[keys[rel]] = result

    def _doc_page(
        self, context: dict[str, Any], body_key: tuple[str, str, str], made: dict[str, bytes]
    ) -> bytes:
        """A document's page; bep serve templates again only the pages whose facts
        changed (the same facts make the same page; the body stands for itself by
        its key).  ``made`` collects this build's pages."""
        if not self.live:
            return self._page("doc.html", context)
        key = _digest({**context, "body": body_key})
        page = self._pages.get(key)
        if page is None:
            page = self._page("doc.html", context)
        made[key] = page
        return page

    def _page(self, template: str, context: dict[str, Any]) -> bytes:
        text: str = self._env.get_template(template).render(**context)
        return text.encode("utf-8", "surrogateescape")

    def _findings(self, ws: Workspace, jobs: int) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        self._facts = FactsCache(ws, earlier=self._facts)  # read from its file once
        for f in check(ws, jobs=jobs, cache=self._facts).findings:
            out.setdefault(f.path, []).append(
                {"code": f.code, "line": f.line, "severity": f.severity, "message": f.message}
            )
        return out

    def _links(
        self, ws: Workspace, pairs: list[tuple[int, int]], page_of: dict[str, str], here: str
    ) -> list[dict[str, str]]:
        out = []
        for _, n in pairs:
            p = ws.proposals.get(n)
            target = p.mains[0].rel if p and p.mains else None
            out.append(
                {
                    "ident": ws.config.ident(n),
                    "href": _rel(page_of[target], page_of[here]) if target else "",
                }
            )
        return out

    def _backlinks(
        self, ws: Workspace, docs: dict[str, tuple[int, bool]], page_of: dict[str, str]
    ) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for rel in docs:
            doc = ws.document(rel)
            seen: set[str] = set()
            for link in doc.links:
                if not is_relative_target(link.target) or link.target.startswith("#"):
                    continue
                target = resolve(rel, link.target.partition("#")[0])
                if target not in docs or target == rel or target in seen:
                    continue
                seen.add(target)
                out.setdefault(target, []).append((rel, doc.title or rel))
        return out

    def _row(
        self,
        e: Entry,
        page_of: dict[str, str],
        findings: dict[str, list[dict[str, Any]]],
        hist: dict[str, DocHistory],
    ) -> dict[str, Any]:
        found = findings.get(e.path or "", [])
        return {
            "number": e.number,
            "id": e.id,
            "title": e.title,
            "status": e.status or "(none)",
            "author": e.author,
            "created": e.created,
            "layout": e.layout,
            "target": e.target,
            "path": e.path,
            "page": page_of.get(e.path or "", ""),
            "jira": e.jira or "",
            "pulls": e.pull_requests,
            "errors": sum(1 for f in found if f["severity"] == "error"),
            "warnings": sum(1 for f in found if f["severity"] == "warning"),
            "modified": hist.get(e.path or "", DocHistory()).modified,
            "statuses": hist.get(e.path or "", DocHistory()).statuses,
        }

    def _health(
        self, ws: Workspace, rows: list[dict[str, Any]], findings: dict[str, list[dict[str, Any]]]
    ) -> dict[str, Any]:
        by_status: dict[str, int] = {}
        for r in rows:
            by_status[r["status"]] = by_status.get(r["status"], 0) + 1
        by_code: dict[str, int] = {}
        for items in findings.values():
            for f in items:
                by_code[f["code"]] = by_code.get(f["code"], 0) + 1
        today = dt.date.today()
        stale = [
            r
            for r in rows
            if r["status"] == ws.config.statuses[0]
            and r["modified"]
            and (today - dt.date.fromisoformat(r["modified"])).days > 90
        ]
        return {"by_status": by_status, "by_code": sorted(by_code.items()), "stale": stale}


def _digest(value: Any) -> str:
    """A key for facts made of strings, numbers, lists, dicts and dataclasses (their
    repr is their content)."""
    return hashlib.blake2b(
        repr(value).encode("utf-8", "surrogateescape"), digest_size=16
    ).hexdigest()


def _rel(target: str, here: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def _read_inside(root: Path, rel: str) -> bytes | None:
    path = (root / rel).resolve()
    if not path.is_relative_to(root.resolve()):
        return None
    return disk.read_bytes_or_none(path)


def _pagefind(out: Path, report: Report) -> bool:
    """Pagefind's index of every page (its binary ships in the pagefind-bin wheel)."""
    try:
        r = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(out), "--silent"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        report.notes.append(f"search index not built: {exc}")
        return False
    if r.returncode != 0:
        report.notes.append(
            "search index not built: " + (r.stderr.strip().splitlines() or ["pagefind failed"])[-1]
        )
        return False
    return True
