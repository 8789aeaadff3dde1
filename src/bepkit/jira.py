"""JIRA's REST API, as much as a proposal needs: find, create, link back.

Jira Cloud is REST v3: descriptions in the Atlassian Document Format, basic
auth with an email and an API token.  Jira Data Center is REST v2: wiki-markup
descriptions, a personal access token as a bearer.  The base URL and the
credentials come from the environment only (JIRA_BASE_URL; JIRA_USERNAME and
JIRA_API_TOKEN, or JIRA_PAT for Data Center) and are never printed.
"""

from __future__ import annotations

import base64
import os
import re
from typing import Any

from bepkit.errors import BepError
from bepkit.http import Service

__all__ = ["JiraClient", "issue_key_re"]


def issue_key_re(project: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(project)}-[1-9][0-9]{{0,8}}\b")


class JiraClient:
    def __init__(self, base: str, api: str, headers: dict[str, str], secrets: tuple[str, ...]):
        self.base = base.rstrip("/")
        self.api = api
        root = "/rest/api/3" if api == "cloud" else "/rest/api/2"
        self.http = Service(
            "JIRA",
            self.base + root,
            {**headers, "Accept": "application/json"},
            secrets=secrets,
            hint="check JIRA_USERNAME and JIRA_API_TOKEN (or JIRA_PAT for Data Center)",
        )

    @classmethod
    def from_env(cls, api: str) -> JiraClient:
        base = os.environ.get("JIRA_BASE_URL", "").strip()
        if not base:
            raise BepError("set JIRA_BASE_URL (e.g. https://example.atlassian.net)")
        if api == "cloud":
            user = os.environ.get("JIRA_USERNAME", "").strip()
            token = os.environ.get("JIRA_API_TOKEN", "").strip()
            if not user or not token:
                raise BepError("set JIRA_USERNAME and JIRA_API_TOKEN for Jira Cloud")
            basic = base64.b64encode(f"{user}:{token}".encode()).decode()
            return cls(base, api, {"Authorization": f"Basic {basic}"}, (token, basic))
        pat = os.environ.get("JIRA_PAT", "").strip() or os.environ.get("JIRA_API_TOKEN", "").strip()
        if not pat:
            raise BepError("set JIRA_PAT (a personal access token) for Jira Data Center")
        return cls(base, api, {"Authorization": f"Bearer {pat}"}, (pat,))

    def browse(self, key: str) -> str:
        return f"{self.base}/browse/{key}"

    def exists(self, key: str) -> bool:
        try:
            self.http.request("GET", f"issue/{key}", params={"fields": "summary"})
        except BepError as exc:
            if "(404)" in str(exc):
                return False
            raise
        return True

    def find(self, project: str, words: str) -> str | None:
        """The key of the issue in ``project`` whose summary holds ``words``."""
        jql = f'project = "{project}" AND summary ~ "\\"{_jql_text(words)}\\"" ORDER BY created'
        if self.api == "cloud":
            reply = self.http.request(
                "POST", "search/jql", json={"jql": jql, "fields": ["summary"], "maxResults": 20}
            )
        else:
            reply = self.http.request(
                "GET", "search", params={"jql": jql, "fields": "summary", "maxResults": 20}
            )
        for issue in (reply.data or {}).get("issues", []):
            summary = str(issue.get("fields", {}).get("summary", ""))
            if words in summary:
                return str(issue["key"])
        return None

    def create(
        self,
        project: str,
        issue_type: str,
        summary: str,
        description: str,
        link: str,
        parent: str | None = None,
    ) -> str:
        fields: dict[str, Any] = {
            "project": {"key": project},
            "issuetype": {"name": issue_type},
            "summary": summary,
            "description": self._description(description, link),
        }
        if parent:
            fields["parent"] = {"key": parent}
        reply = self.http.request("POST", "issue", json={"fields": fields})
        key = (reply.data or {}).get("key")
        if not isinstance(key, str):
            raise BepError("JIRA: the new issue's key was not in the answer")
        return key

    def link(self, key: str, global_id: str, url: str, title: str) -> None:
        """A remote link from the issue to the proposal; the same ``global_id``
        updates the link instead of adding a second."""
        self.http.request(
            "POST",
            f"issue/{key}/remotelink",
            json={"globalId": global_id, "object": {"url": url, "title": title}},
        )

    def _description(self, text: str, link: str) -> Any:
        if self.api != "cloud":
            return f"{text}\n\n[{link}|{link}]"  # wiki markup
        return {
            "type": "doc",
            "version": 1,
            "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": text}]},
                {
                    "type": "paragraph",
                    "content": [
                        {
                            "type": "text",
                            "text": link,
                            "marks": [{"type": "link", "attrs": {"href": link}}],
                        }
                    ],
                },
            ],
        }


def _jql_text(words: str) -> str:
    return words.replace("\\", "\\\\").replace('"', '\\"')
