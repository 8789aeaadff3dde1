"""``bep serve``: the site on 127.0.0.1, rebuilt when a document is saved.

A watcher (watchfiles) sees a change in the proposals folder or the
configuration, the builder renders again only the documents whose bytes
changed, and every open page reloads through a server-sent event.  The server
listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import functools
import gc
import tempfile
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bepkit.faces.site.build import Builder
from bepkit.model.workspace import Workspace

__all__ = ["Preview", "serve"]


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args: Any) -> None:  # quiet: bep says what matters
        return

    def do_GET(self) -> None:
        if self.path != "/__bep_reload":
            super().do_GET()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.preview.generation
        try:
            while not self.preview.stopped.is_set():
                with self.preview.changed:
                    self.preview.changed.wait(timeout=1.0)
                if self.preview.generation != seen:
                    seen = self.preview.generation
                    self.wfile.write(b"data: reload\n\n")
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class Preview:
    """A built site served on ``host:port`` and kept up to date with the repository."""

    def __init__(self, root: Path, *, host: str, port: int, mermaid: Path | None) -> None:
        self.ws = Workspace.open(root)
        self.out = Path(tempfile.mkdtemp(prefix="bep-serve-")) / "site"
        self.builder = Builder(self.ws.root, self.out, mermaid=mermaid)
        self.builder.live = True
        self.generation = 0
        self.changed = threading.Condition()
        self.stopped = threading.Event()
        self.watching = threading.Event()  # set once a saved change will be seen
        self.last_report = self.builder.build()
        handler = type("Handler", (_Handler,), {"preview": self})
        self.httpd = ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=str(self.out))
        )
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}/"
        self._threads = [
            threading.Thread(target=self.httpd.serve_forever, daemon=True),
            threading.Thread(target=self._watch, daemon=True),
        ]
        for t in self._threads:
            t.start()
        self.watching.wait(timeout=10)

    def _watch(self) -> None:
        import watchfiles

        cfg = self.ws.config
        paths = [str(cfg.proposals_path)]
        if cfg.source is not None:
            paths.append(str(cfg.source))
        for changes in watchfiles.watch(
            *paths,
            stop_event=self.stopped,
            debounce=50,
            step=20,
            rust_timeout=100,
            yield_on_timeout=True,  # an empty first yield: the watch is in place
        ):
            self.watching.set()
            if changes:
                self.rebuild()

    def rebuild(self) -> None:
        """The pages first and the open pages reloaded; then the search index."""
        self.last_report = self.builder.build(search_later=True)
        with self.changed:
            self.generation += 1
            self.changed.notify_all()
        self.builder.index_search(self.last_report)
        gc.collect()  # the build's cyclic garbage, after the reload (Builder.build)

    def stop(self) -> None:
        self.stopped.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(
    root: Path, *, host: str, port: int, mermaid: Path | None, say: Callable[..., None]
) -> None:
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(f"bep: warning: serving on {host}: other machines can read the proposals", err=True)
    preview = Preview(root, host=host, port=port, mermaid=mermaid)
    say(f"serving {preview.url} (Ctrl-C to stop); rebuilt on every save")
    try:
        preview.stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
