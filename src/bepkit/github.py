"""GitHub's REST API, as much as a proposal needs: pull requests, their files,
comments.  Works with GitHub Enterprise (``https://HOST/api/v3``).

The repository comes from the git remote's URL; the token from GITHUB_TOKEN or
GH_TOKEN, else ``gh auth token``; it is never printed or written anywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from typing import Any

from bepkit.errors import BepError
from bepkit.http import Service

__all__ = ["GitHubClient", "Repo", "repo_of"]

_REMOTE_RE = re.compile(
    r"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?/|[^@/]+@(?P<scp>[^:/]+):)"
    r"(?P<owner>[A-Za-z0-9_.-]+)/(?P<name>[A-Za-z0-9_.-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True)
class Repo:
    host: str
    owner: str
    name: str

    @property
    def web(self) -> str:
        return f"https://{self.host}/{self.owner}/{self.name}"


def repo_of(url: str) -> Repo | None:
    """The GitHub repository a git remote URL names (https, ssh or scp form)."""
    m = _REMOTE_RE.match(url.strip())
    if m is None:
        return None
    return Repo(m.group("host") or m.group("scp"), m.group("owner"), m.group("name"))


def _token() -> str:
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    try:  # the GitHub CLI's login, when it is installed
        out = subprocess.run(
            ["gh", "auth", "token"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


class GitHubClient:
    def __init__(self, repo: Repo, api: str = "", token: str | None = None) -> None:
        self.repo = repo
        token = _token() if token is None else token
        if not token:
            raise BepError(
                "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN), or log in with gh auth login"
            )
        if not api:
            api = os.environ.get("GITHUB_API_URL", "").strip() or (
                "https://api.github.com"
                if repo.host == "github.com"
                else f"https://{repo.host}/api/v3"
            )
        self.http = Service(
            "GitHub",
            f"{api.rstrip('/')}/repos/{repo.owner}/{repo.name}",
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            },
            secrets=(token,),
            hint="check GITHUB_TOKEN (or gh auth status)",
        )

    def open_pulls(self) -> list[dict[str, Any]]:
        return list(self.http.pages("pulls", {"state": "open", "per_page": 100}))

    def pull_files(self, number: int) -> list[dict[str, Any]]:
        return list(self.http.pages(f"pulls/{number}/files", {"per_page": 100}))

    def pull_for(self, branch: str) -> dict[str, Any] | None:
        """The open pull request from ``branch`` of this repository, if there is one."""
        reply = self.http.request(
            "GET", "pulls", params={"state": "open", "head": f"{self.repo.owner}:{branch}"}
        )
        pulls = reply.data or []
        return pulls[0] if pulls else None

    def open_pull(
        self, *, title: str, body: str, head: str, base: str, draft: bool
    ) -> dict[str, Any]:
        reply = self.http.request(
            "POST",
            "pulls",
            json={"title": title, "body": body, "head": head, "base": base, "draft": draft},
        )
        return dict(reply.data or {})

    def update_pull(self, number: int, *, title: str, body: str) -> dict[str, Any]:
        reply = self.http.request("PATCH", f"pulls/{number}", json={"title": title, "body": body})
        return dict(reply.data or {})

    def request_reviewers(self, number: int, reviewers: list[str]) -> None:
        self.http.request(
            "POST", f"pulls/{number}/requested_reviewers", json={"reviewers": reviewers}
        )

    def comment(self, number: int, body: str) -> str:
        reply = self.http.request("POST", f"issues/{number}/comments", json={"body": body})
        return str((reply.data or {}).get("html_url", ""))
