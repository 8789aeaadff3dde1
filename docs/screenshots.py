"""The README's screenshots of the site, in light and dark, from examples/.

    .venv/bin/python docs/screenshots.py

Builds the site of examples/ into a temporary folder, serves it on 127.0.0.1
and photographs the index, a proposal page and a search with Debian's chromium.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("docs/screenshots.py needs Debian's chromium")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        bep = str(Path(sys.executable).with_name("bep"))
        subprocess.run(
            [bep, "-C", str(ROOT / "examples"), "site", "build", "--out", str(out)], check=True
        )
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for scheme in ("light", "dark"):
                page = browser.new_page(
                    viewport={"width": 1280, "height": 800}, color_scheme=scheme
                )
                page.goto(url + "index.html?status=Draft&status=Accepted")
                page.screenshot(path=str(ROOT / "docs" / f"site-index-{scheme}.png"))
                page.goto(url + "proposals/BEP-1002-repository-check.html")
                page.screenshot(path=str(ROOT / "docs" / f"site-proposal-{scheme}.png"))
                page.goto(url + "index.html")
                page.locator("#search input").fill("baseline")
                page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
                page.screenshot(path=str(ROOT / "docs" / f"site-search-{scheme}.png"))
                page.close()
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
