"""Stateful fakes of Jira (Cloud and Data Center) and GitHub's REST API, served
by pytest-httpserver on 127.0.0.1: they check authentication and the shape of
what is sent, keep what is created, and paginate as the real ones do."""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status=status, headers=headers, mimetype="application/json")


@dataclass
class JiraFake:
    server: HTTPServer
    api: str = "cloud"  # or "datacenter"
    user: str = "ann@example.com"
    token: str = "jira-secret-token-1234"
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # key -> gid -> link
    fail: int | None = None  # answer every request with this status
    delay: float = 0.0

    def __post_init__(self) -> None:
        root = "/rest/api/3" if self.api == "cloud" else "/rest/api/2"
        self.server.expect_request(re.compile(f"^{root}/.*")).respond_with_handler(self.handle)

    @property
    def base(self) -> str:
        return self.server.url_for("").rstrip("/")

    def env(self) -> dict[str, str]:
        if self.api == "cloud":
            return {
                "JIRA_BASE_URL": self.base,
                "JIRA_USERNAME": self.user,
                "JIRA_API_TOKEN": self.token,
            }
        return {"JIRA_BASE_URL": self.base, "JIRA_PAT": self.token}

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        if self.api == "cloud":
            expected = base64.b64encode(f"{self.user}:{self.token}".encode()).decode()
            return header == f"Basic {expected}"
        return header == f"Bearer {self.token}"

    def handle(self, request: Request) -> Response:
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            return _json({"errorMessages": ["down"]}, self.fail)
        if not self._authorized(request):
            return _json({"errorMessages": ["not authenticated"]}, 401)
        path = request.path.split("/rest/api/", 1)[1].split("/", 1)[1]
        body = request.get_json(silent=True) or {}
        if path == "issue" and request.method == "POST":
            return self._create(body)
        m = re.fullmatch(r"issue/([A-Z]+-\d+)", path)
        if m and request.method == "GET":
            issue = self.issues.get(m.group(1))
            return _json(issue) if issue else _json({"errorMessages": ["no issue"]}, 404)
        m = re.fullmatch(r"issue/([A-Z]+-\d+)/remotelink", path)
        if m and request.method == "POST":
            if m.group(1) not in self.issues:
                return _json({"errorMessages": ["no issue"]}, 404)
            links = self.links.setdefault(m.group(1), {})
            links[body["globalId"]] = body  # the same globalId updates the link
            return _json({"id": len(links)}, 201)
        if path in ("search/jql", "search"):
            jql = body.get("jql") if request.method == "POST" else request.args.get("jql", "")
            phrase = re.search(r'summary ~ "\\"(.*)\\""', jql or "")
            found = [
                i
                for i in self.issues.values()
                if phrase and phrase.group(1) in i["fields"]["summary"]
            ]
            return _json({"issues": found})
        return _json({"errorMessages": [f"unexpected {request.method} {path}"]}, 400)

    def _create(self, body: dict[str, Any]) -> Response:
        fields = body.get("fields", {})
        description = fields.get("description")
        if self.api == "cloud" and not (
            isinstance(description, dict) and description.get("type") == "doc"
        ):
            return _json(
                {"errors": {"description": "Operation value must be an ADF document"}}, 400
            )
        if self.api == "datacenter" and not isinstance(description, str):
            return _json({"errors": {"description": "must be a string"}}, 400)
        key = f"{fields['project']['key']}-{len(self.issues) + 1}"
        self.issues[key] = {"key": key, "fields": fields}
        return _json({"key": key, "id": str(len(self.issues))}, 201)


@dataclass
class GitHubFake:
    server: HTTPServer
    owner: str = "acme"
    repo: str = "proposals"
    token: str = "ghp-secret-token-5678"
    pulls: list[dict[str, Any]] = field(default_factory=list)
    files: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    comments: dict[int, list[str]] = field(default_factory=dict)
    reviewers: dict[int, list[str]] = field(default_factory=dict)
    fail: int | None = None
    requests: int = 0

    def __post_init__(self) -> None:
        prefix = f"/repos/{self.owner}/{self.repo}"
        self.server.expect_request(re.compile(f"^{prefix}/.*")).respond_with_handler(self.handle)

    @property
    def api(self) -> str:
        return self.server.url_for("").rstrip("/")

    def add_pull(self, branch: str, title: str, added: list[str]) -> dict[str, Any]:
        number = len(self.pulls) + 1
        pull = {
            "number": number,
            "title": title,
            "state": "open",
            "head": {"ref": branch},
            "body": "",
            "html_url": f"https://github.com/{self.owner}/{self.repo}/pull/{number}",
        }
        self.pulls.append(pull)
        self.files[number] = [{"filename": f, "status": "added"} for f in added]
        return pull

    def _page(self, request: Request, items: list[Any]) -> Response:
        per = int(request.args.get("per_page", "30"))
        page = int(request.args.get("page", "1"))
        chunk = items[(page - 1) * per : page * per]
        headers = {}
        if page * per < len(items):
            query = {**request.args.to_dict(), "page": str(page + 1)}
            headers["Link"] = f'<{self.api}{request.path}?{urlencode(query)}>; rel="next"'
        return _json(chunk, headers=headers)

    def handle(self, request: Request) -> Response:
        self.requests += 1
        if self.fail:
            return _json({"message": "Server Error"}, self.fail)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _json({"message": "Bad credentials"}, 401)
        path = request.path.split(f"/repos/{self.owner}/{self.repo}/", 1)[1]
        body = request.get_json(silent=True) or {}
        open_pulls = [p for p in self.pulls if p["state"] == "open"]
        if path == "pulls" and request.method == "GET":
            head = request.args.get("head")
            if head:
                branch = head.split(":", 1)[1]
                return _json([p for p in open_pulls if p["head"]["ref"] == branch])
            return self._page(request, open_pulls)
        if path == "pulls" and request.method == "POST":
            if any(p["head"]["ref"] == body["head"] for p in open_pulls):
                return _json({"message": "A pull request already exists"}, 422)
            pull = self.add_pull(body["head"], body["title"], [])
            pull.update(body=body["body"], base=body["base"], draft=body.get("draft", False))
            return _json(pull, 201)
        m = re.fullmatch(r"pulls/(\d+)(/files|/requested_reviewers)?", path)
        if m:
            n = int(m.group(1))
            pull = next((p for p in self.pulls if p["number"] == n), None)
            if pull is None:
                return _json({"message": "Not Found"}, 404)
            if m.group(2) == "/files":
                return self._page(request, self.files.get(n, []))
            if m.group(2) == "/requested_reviewers":
                self.reviewers.setdefault(n, []).extend(body["reviewers"])
                return _json(pull, 201)
            if request.method == "PATCH":
                pull.update(title=body["title"], body=body["body"])
                return _json(pull)
            return _json(pull)
        m = re.fullmatch(r"issues/(\d+)/comments", path)
        if m and request.method == "POST":
            n = int(m.group(1))
            self.comments.setdefault(n, []).append(body["body"])
            return _json(
                {"html_url": f"https://github.com/x/y/pull/{n}#c{len(self.comments[n])}"}, 201
            )
        return _json({"message": f"unexpected {request.method} {path}"}, 404)
