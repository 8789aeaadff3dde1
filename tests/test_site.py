"""`bep site build` and `bep serve`, read in a real headless browser: Debian's
chromium driven by Playwright (no browser download).  The site is served from
127.0.0.1 as a reader would get it."""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from helpers import bep

from bepkit import disk
from bepkit.faces.site.serve import Preview

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

HOSTILE = """---
Author: Mal Lory (mal@example.com)
Status: Draft
Created: 2026-02-01
Created-Version: 26.1.0
Target-Version:
Implemented-Version:
---

# Hostile Document

## Related Issues

- none

## Motivation

<script>window.pwned = 1</script>
<img src="https://invalid.example/x.png" onerror="window.pwned = 2">
[click me](javascript:window.pwned=3)
<a href="#" onclick="window.pwned = 4">or me</a>

Backend.AI stays text, www.example.com becomes a link.

> [!WARNING]
> Alerts render as boxes.

```mermaid
graph TD; Draft-->Accepted
```

- [x] a task list
- [ ] still to do
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """examples/ with a hostile document and a broken one, built and served."""
    root = tmp_path_factory.mktemp("site") / "examples"
    shutil.copytree(EXAMPLES, root)
    proposals = root / "proposals"
    (proposals / "BEP-1007-hostile-document.md").write_text(HOSTILE)
    (proposals / "BEP-1008-broken.md").write_text("No metadata and no title at all.\n")
    readme = proposals / "README.md"
    readme.write_text(
        readme.read_text().replace(
            "| _next_ |",
            "| [1007](BEP-1007-hostile-document.md) | Hostile Document | Mal Lory | Draft |\n| _next_ |",
        )
    )
    out = root.parent / "out"
    r = bep("site", "build", "--out", str(out), cwd=root)
    assert r.code == 0, r.err
    handler = functools.partial(_Quiet, directory=str(out))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield out, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip(
            "NO BROWSER: Debian's chromium is not installed and ./dev test could not install it; "
            "the site's browser tests did not run"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def test_the_index_lists_every_proposal_and_a_facet_stays_in_the_url(
    site: tuple[Path, str], browser: Any
) -> None:
    out, url = site
    listed = json.loads((out / "index.json").read_text())["proposals"]
    page = browser.new_page()
    page.goto(url + "index.html")
    assert page.locator("#proposals tbody tr").count() == len(listed)
    page.get_by_label(re.compile(r"Implemented \(\d+\)")).check()
    assert "status=Implemented" in page.url
    visible = page.locator("#proposals tbody tr:not([hidden])")
    assert visible.count() == sum(1 for r in listed if r["status"] == "Implemented") > 0
    page.reload()
    assert page.locator("#proposals tbody tr:not([hidden])").count() == visible.count()
    assert page.get_by_label(re.compile(r"Implemented \(")).is_checked()
    page.close()


def test_search_finds_a_proposal_by_a_phrase_of_its_body(
    site: tuple[Path, str], browser: Any
) -> None:
    _, url = site
    page = browser.new_page()
    page.goto(url + "index.html")
    page.locator("#search input").fill("force-with-lease")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert "Collision-Proof Proposal Numbers" in result.inner_text()
    page.close()


def test_a_page_shows_its_decision_log_and_mermaid_draws(
    site: tuple[Path, str], browser: Any
) -> None:
    out, url = site
    page = browser.new_page()
    page.goto(url + "proposals/BEP-1002-repository-check.html")
    assert "Baseline keyed by rule and document" in page.locator("#decision-log-panel").inner_text()
    page.goto(url + "proposals/BEP-1007-hostile-document.html")
    if not (out / "assets" / "mermaid.min.js").exists():
        pytest.skip("NO MERMAID: the mermaid npm package is not installed (./dev test installs it)")
    page.locator("pre.mermaid svg").wait_for(timeout=10_000)
    assert page.locator(".markdown-alert-warning").count() == 1
    assert page.locator("input[type=checkbox][checked]").count() == 1
    page.close()


def test_no_script_of_a_document_runs(site: tuple[Path, str], browser: Any) -> None:
    out, url = site
    page = browser.new_page()
    page.goto(url + "proposals/BEP-1007-hostile-document.html")
    for link in page.locator("a").all():
        link.evaluate("a => a.click && a.getAttribute('href') !== '#' ? null : a.click()")
    assert page.evaluate("window.pwned") is None
    html = (out / "proposals" / "BEP-1007-hostile-document.html").read_text()
    assert "<script>window" not in html  # shown as text, as GitHub shows it
    assert not re.search(r"\son\w+=|href=\"javascript:", html)
    assert 'href="http://www.example.com"' in html and ">Backend.AI<" not in html
    page.close()


def test_a_broken_proposal_is_listed_with_its_findings(
    site: tuple[Path, str], browser: Any
) -> None:
    _, url = site
    page = browser.new_page()
    page.goto(url + "index.html")
    row = page.locator("#proposals tbody tr", has_text="BEP-1008")
    assert row.count() == 1 and "error" in row.inner_text()
    row.locator("a").click()
    assert "finding" in page.locator("details.findings summary").inner_text()
    page.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (name in ("href", "src") and value and tag != "link") or (
                tag == "link" and name == "href" and value
            ):
                self.links.append(value or "")


def test_every_internal_link_of_the_site_resolves(site: tuple[Path, str]) -> None:
    out, _ = site
    parsed: dict[Path, _Links] = {}
    for page in out.rglob("*.html"):
        p = _Links()
        p.feed(page.read_text())
        parsed[page] = p
    broken = []
    for page, p in parsed.items():
        for link in p.links:
            if re.match(r"^[a-z]+:", link) or link.startswith("//"):
                continue
            path, _, fragment = link.partition("#")
            target = (page.parent / path).resolve() if path else page
            if not target.exists():
                broken.append(f"{page.relative_to(out)} -> {link}")
            elif fragment and target.suffix == ".html" and fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(out)} -> {link} (no such anchor)")
    assert broken == []


def test_serve_rebuilds_and_tells_the_page(tmp_path: Path) -> None:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    preview = Preview(root, host="127.0.0.1", port=0, mermaid=None)
    try:
        assert preview.url.startswith("http://127.0.0.1:")
        events = urllib.request.urlopen(preview.url + "__bep_reload", timeout=10)

        def saved_and_reloaded(path: Path, text: str | None) -> None:
            if text is None:
                path.unlink()
            else:
                path.write_text(text)
            line = b""
            while not line.startswith(b"data:"):
                line = events.readline()

        other = preview.out / "proposals" / "BEP-1003-yaml-frontmatter.html"
        untouched = other.stat()
        doc = root / "proposals" / "BEP-1001-collision-proof-numbers.md"
        saved_and_reloaded(
            doc, doc.read_text().replace("## Motivation", "## Motivation\n\nEdited live.")
        )
        page = urllib.request.urlopen(
            preview.url + "proposals/BEP-1001-collision-proof-numbers.html"
        )
        assert b"Edited live." in page.read()
        assert preview.last_report.rendered == 1  # only the changed document again
        # and only the pages that changed are written: another stays the same file
        assert (other.stat().st_ino, other.stat().st_mtime_ns) == (
            untouched.st_ino,
            untouched.st_mtime_ns,
        )
        # a page whose document is gone is gone too
        assert (preview.out / "proposals" / "BEP-1002" / "baseline.html").exists()
        saved_and_reloaded(root / "proposals" / "BEP-1002" / "baseline.md", None)
        assert not (preview.out / "proposals" / "BEP-1002" / "baseline.html").exists()
    finally:
        preview.stop()


def test_the_live_folder_is_updated_file_by_file_and_never_outside(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    files = {"index.html": b"1", "proposals/a.html": b"a", "../escaped.html": b"x"}
    written = disk.update_tree(out, files, {})
    assert (out / "proposals" / "a.html").read_bytes() == b"a"
    assert not (tmp_path / "escaped.html").exists()
    index = (out / "index.html").stat()
    written = disk.update_tree(out, {"index.html": b"1", "proposals/b.html": b"b"}, written)
    assert (out / "index.html").stat().st_ino == index.st_ino  # the same bytes: not written
    assert not (out / "proposals" / "a.html").exists()
    assert (out / "proposals" / "b.html").read_bytes() == b"b"
    assert sorted(written) == ["index.html", "proposals/b.html"]


def test_pages_rendered_in_forked_processes_are_the_ones_rendered_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bepkit.faces.site import build

    def pages(out: Path, parallel_from: int) -> dict[str, bytes]:
        monkeypatch.setattr(build, "PARALLEL_FROM", parallel_from)
        monkeypatch.setattr(build, "default_jobs", lambda: 2)
        report = build.Builder(EXAMPLES, out, mermaid=None, search=False).build()
        assert report.rendered == report.pages > 2
        return {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.glob("proposals/**/*.html")
        }

    forked = pages(tmp_path / "forked", 2)
    assert forked == pages(tmp_path / "here", 10**6)
