"""HTTP to JIRA and GitHub: one client, one line for every failure, no secret shown.

``Service`` wraps httpx2 (installed with the MCP SDK; imported on first use, so
``bep --help`` does not pay for it).  Every failure — unreachable, too slow,
401, 403, 404, 400, 5xx — becomes a ``BepError`` that names the service, what
happened and what to do; the token is held back from every message, and
exceptions are raised ``from None`` so no request (and no header) reaches a
traceback.  ``pages`` follows ``Link: <...>; rel="next"`` headers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bepkit.errors import BepError

__all__ = ["Reply", "Service", "timeout"]

_NEXT_RE = re.compile(r'<([^<>]*)>\s*;\s*rel="?next"?')


def timeout() -> float:
    """Seconds to wait for an answer: $BEP_HTTP_TIMEOUT, else 15."""
    try:
        return max(0.05, float(os.environ.get("BEP_HTTP_TIMEOUT", "15")))
    except ValueError:
        return 15.0


@dataclass(frozen=True)
class Reply:
    status: int
    data: Any  # the JSON body, or None
    headers: dict[str, str]


class Service:
    """One HTTP API (``name`` for messages) at ``base``, with its auth headers."""

    def __init__(
        self,
        name: str,
        base: str,
        headers: dict[str, str],
        *,
        secrets: tuple[str, ...] = (),
        hint: str = "",
    ) -> None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
            raise BepError(f"{name}: {base!r} is not an http(s) URL without credentials")
        self.name = name
        self.base = base.rstrip("/")
        self._headers = headers
        self._secrets = tuple(s for s in secrets if s)
        self._hint = hint  # how to set the credentials, for a 401

    def _hide(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _fail(self, message: str, hint: str | None = None) -> BepError:
        return BepError(self._hide(f"{self.name}: {message}"), hint=hint and self._hide(hint))

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200, 201, 204),
    ) -> Reply:
        """``method`` on ``path`` (below the base, or a whole URL on the same host)."""
        import httpx2  # lazily: bep --help stays fast

        url = (
            path if path.startswith(("http://", "https://")) else f"{self.base}/{path.lstrip('/')}"
        )
        if urlsplit(url).netloc != urlsplit(self.base).netloc:
            raise self._fail(f"refused to follow a link to another host ({urlsplit(url).netloc})")
        try:
            with httpx2.Client(timeout=timeout(), follow_redirects=False) as client:
                r = client.request(method, url, json=json, params=params, headers=self._headers)
        except httpx2.TimeoutException:
            raise self._fail(
                f"no answer from {urlsplit(url).netloc} within {timeout():g} s",
                "try again later, or set BEP_HTTP_TIMEOUT",
            ) from None
        except httpx2.HTTPError as exc:
            raise self._fail(
                f"cannot reach {urlsplit(url).netloc} ({type(exc).__name__})",
                "check the address and the network",
            ) from None
        try:
            data = r.json() if r.content else None
        except ValueError:
            data = None
        if r.status_code not in ok:
            raise self._status(method, url, r.status_code, data)
        return Reply(r.status_code, data, {k.lower(): v for k, v in r.headers.items()})

    def _status(self, method: str, url: str, status: int, data: Any) -> BepError:
        said = _said(data)
        where = urlsplit(url).path
        if status == 401:
            return self._fail("the credentials were rejected (401)", self._hint or None)
        if status == 403:
            return self._fail(f"not allowed to {method} {where} (403){said}", self._hint or None)
        if status == 404:
            return self._fail(f"{where} not found (404){said}")
        if status >= 500:
            return self._fail(f"failed on {method} {where} ({status}){said}", "try again later")
        return self._fail(f"{method} {where} refused ({status}){said}")

    def pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a paginated list, following ``Link: rel="next"``."""
        url: str | None = path
        query = params
        while url:
            reply = self.request("GET", url, params=query)
            yield from reply.data or []
            m = _NEXT_RE.search(reply.headers.get("link", ""))
            url, query = (m.group(1), None) if m else (None, None)


def _said(data: Any) -> str:
    """What the service said about a refusal, in a few words (JIRA's and GitHub's shapes)."""
    if not isinstance(data, dict):
        return ""
    parts: list[str] = []
    for key in ("message", "errorMessages"):
        value = data.get(key)
        parts += [value] if isinstance(value, str) else [str(v) for v in value or []]
    errors = data.get("errors")
    if isinstance(errors, dict):
        parts += [f"{k}: {v}" for k, v in errors.items()]
    text = "; ".join(p for p in parts if p)[:300]
    return f": {text}" if text else ""
