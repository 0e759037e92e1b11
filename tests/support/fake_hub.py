"""A local stand-in for the Hugging Face Hub's HTTP API (the one part of the push that cannot run here).

A stdlib threaded HTTP server that speaks the requests huggingface_hub 1.x makes to push a dataset —
whoami, repo creation, repo info, YAML validation, preupload, NDJSON commit, tag creation, file resolve
(HEAD + GET) — keeps the repos' files in memory and records every request, so a test can check what
arrived, file by file. Point huggingface_hub at it with HF_ENDPOINT=`hub.url` (read at import time), or
route a client with `RedirectTransport` for the calls that hard-code https://huggingface.co.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

import yaml

from remake.release.hub_http import httpx

# The same regex the Hub uses to find a card's YAML block (huggingface_hub.repocard.REGEX_YAML_BLOCK).
YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
# Subsets of the Hub's allowed metadata values (hub-docs datasetcard.md / the Hub's JSON schema).
LICENSES = {"apache-2.0", "mit", "bsd-3-clause", "bsd-2-clause", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0",
            "cc0-1.0", "gpl-3.0", "lgpl-3.0", "odc-by", "openrail", "other", "unknown"}
TASKS = {"question-answering", "text-generation", "text-classification", "summarization", "translation",
         "fill-mask", "token-classification", "sentence-similarity", "text2text-generation", "other"}
SIZES = {"n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M", "100M<n<1B", "1B<n<10B",
         "10B<n<100B", "100B<n<1T", "n>1T"}
CREATORS = {"crowdsourced", "expert-generated", "found", "machine-generated", "no-annotation", "other"}
SPLIT_NAME = re.compile(r"^\w+(\.\w+)*$")
REPO_API = re.compile(r"^/api/(models|datasets|spaces)/([^/]+/[^/]+)(?:/(preupload|commit|tag|revision)/(.+))?$")
RESOLVE = re.compile(r"^/(?:(datasets|spaces)/)?([^/]+/[^/]+)/resolve/([^/]+)/(.+)$")


def git_oid(data: bytes) -> str:
    """Git's blob id, which the Hub reports as a regular file's oid."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Repo:
    private: bool
    files: dict[str, bytes] = field(default_factory=lambda: {".gitattributes": b"*.parquet filter=lfs\n"})
    commits: list[dict] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.commit("initial commit", dict(self.files))

    def commit(self, summary: str, files: dict[str, bytes]) -> str:
        oid = hashlib.sha1(json.dumps([len(self.commits), summary, sorted(files)]).encode()).hexdigest()
        self.commits.append({"oid": oid, "summary": summary, "files": files})
        return oid

    @property
    def head(self) -> str:
        return self.commits[-1]["oid"]


class FakeHub:
    """Start with `with FakeHub(token=...) as hub:`; `hub.repos`, `hub.requests` and `hub.commits` hold
    what arrived. `user` owns the token; writes without `Authorization: Bearer <token>` get 401."""

    def __init__(self, token: str, user: str = "tester") -> None:
        self.token, self.user = token, user
        self.repos: dict[tuple[str, str], Repo] = {}
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_repo(self, repo_id: str, files: dict[str, bytes], repo_type: str = "datasets") -> Repo:
        repo = Repo(private=False)
        repo.files.update(files)
        repo.commit("seed", dict(repo.files))
        self.repos[(repo_type, repo_id)] = repo
        return repo

    def paths(self, method: str) -> list[str]:
        return [request["path"] for request in self.requests if request["method"] == method]


def validate_card(content: str, repo_type: str) -> list[str]:
    """The errors the Hub's /api/validate-yaml would report for a card's metadata (a faithful subset)."""
    match = YAML_BLOCK.search(content)
    if not match:
        return []
    try:
        data = yaml.safe_load(match.group(2)) or {}
    except yaml.YAMLError as exc:
        return [f"YAML is not valid: {exc}"]
    if not isinstance(data, dict):
        return ["metadata must be a mapping"]
    errors = []
    for key, allowed in (("license", LICENSES), ("task_categories", TASKS), ("size_categories", SIZES),
                         ("annotations_creators", CREATORS)):
        values = data.get(key, [])
        for value in values if isinstance(values, list) else [values]:
            if value not in allowed:
                errors.append(f'"{key}" must be one of the allowed values; got "{value}"')
    if repo_type == "dataset":
        errors += _config_errors(data.get("configs", []))
    return errors


def _config_errors(configs: object) -> list[str]:
    if not isinstance(configs, list):
        return ['"configs" must be an array']
    errors = []
    for config in configs:
        if not isinstance(config, dict) or not isinstance(config.get("config_name"), str):
            errors.append('"configs" items need a string "config_name"')
            continue
        files = config.get("data_files", [])
        for item in files if isinstance(files, list) else [files]:
            if isinstance(item, str):
                continue
            if not (isinstance(item, dict) and isinstance(item.get("split"), str)
                    and isinstance(item.get("path"), (str, list)) and SPLIT_NAME.match(item["split"])):
                errors.append(f'"configs.data_files" item {item!r} needs "split" (a split name) and "path"')
    return errors


class RedirectTransport(httpx.HTTPTransport):
    """Sends every request to `base` instead of its host: for huggingface_hub calls that hard-code
    https://huggingface.co (DatasetCard.validate)."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = httpx.URL(base)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme=self.base.scheme, host=self.base.host, port=self.base.port)
        request.headers["Host"] = f"{self.base.host}:{self.base.port}"
        return super().handle_request(request)


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_HEAD(self) -> None:
            self._route("HEAD")

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def _route(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = unquote(urlsplit(self.path).path)
            record = {"method": method, "path": path, "body": body,
                      "authorization": self.headers.get("Authorization"),
                      "content_type": self.headers.get("Content-Type")}
            with hub.lock:
                hub.requests.append(record)
                self._dispatch(method, path, body)

        def _dispatch(self, method: str, path: str, body: bytes) -> None:
            if method == "POST" and path == "/api/validate-yaml":
                return self._validate(json.loads(body))
            if method == "GET" and path == "/api/agent-harnesses":  # huggingface_hub's best-effort telemetry
                return self._json(200, {"standardEnvVars": [], "harnesses": {}})
            if method in ("GET", "HEAD") and (match := RESOLVE.match(path)):
                return self._resolve(method, f"{match.group(1) or 'models'}", match.group(2), match.group(4))
            if not self._authorized():
                return self._json(401, {"error": "Invalid credentials in Authorization header"})
            if method == "GET" and path == "/api/whoami-v2":
                return self._json(200, {"type": "user", "name": hub.user,
                                        "auth": {"type": "access_token", "accessToken": {"role": "write"}}})
            if method == "POST" and path == "/api/repos/create":
                return self._create(json.loads(body))
            match = REPO_API.match(path)
            if not match:
                return self._json(404, {"error": f"no route {method} {path}"})
            kind, repo_id, action, rest = match.groups()
            repo = hub.repos.get((kind, repo_id))
            if repo is None:
                return self._json(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
            if method == "GET" and action in (None, "revision"):
                return self._info(repo_id, repo)
            if method == "POST" and action == "preupload":
                return self._preupload(repo, json.loads(body))
            if method == "POST" and action == "commit":
                return self._commit(kind, repo_id, repo, body)
            if method == "POST" and action == "tag":
                return self._tag(repo, rest, json.loads(body))
            return self._json(404, {"error": f"no route {method} {path}"})

        def _authorized(self) -> bool:
            return self.headers.get("Authorization") == f"Bearer {hub.token}"

        def _validate(self, payload: dict) -> None:
            errors = validate_card(payload["content"], payload.get("repoType", "model"))
            if errors:
                return self._json(400, {"errors": [{"message": error} for error in errors]})
            self._json(200, {"warnings": []})

        def _create(self, payload: dict) -> None:
            kind = f"{payload.get('type') or 'model'}s"
            repo_id = f"{payload.get('organization') or hub.user}/{payload['name']}"
            url = f"{hub.url}/{'' if kind == 'models' else kind + '/'}{repo_id}"
            if (kind, repo_id) in hub.repos:
                return self._json(409, {"error": "You already created this repo", "url": url})
            hub.repos[(kind, repo_id)] = Repo(private=payload.get("visibility") == "private")
            self._json(200, {"url": url, "name": repo_id, "id": hashlib.sha1(repo_id.encode()).hexdigest()[:24]})

        def _info(self, repo_id: str, repo: Repo) -> None:
            self._json(200, {"id": repo_id, "sha": repo.head, "private": repo.private, "tags": [],
                             "siblings": [{"rfilename": name} for name in sorted(repo.files)]})

        def _preupload(self, repo: Repo, payload: dict) -> None:
            files = [{"path": item["path"], "uploadMode": "regular", "shouldIgnore": False,
                      "oid": git_oid(repo.files[item["path"]]) if item["path"] in repo.files else None}
                     for item in payload["files"]]
            self._json(200, {"files": files, "commitOid": repo.head})

        def _commit(self, kind: str, repo_id: str, repo: Repo, body: bytes) -> None:
            lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
            if not lines or lines[0].get("key") != "header":
                return self._json(400, {"error": "first NDJSON line must be the header"})
            files = dict(repo.files)
            for line in lines[1:]:
                value = line["value"]
                if line["key"] == "file" and value.get("encoding") == "base64":
                    files[value["path"]] = base64.b64decode(value["content"])
                elif line["key"] == "deletedFile":
                    files.pop(value["path"], None)
                else:
                    return self._json(400, {"error": f"unsupported commit operation {line['key']}"})
            oid = repo.commit(lines[0]["value"]["summary"], files)
            repo.files = files
            self._json(200, {"success": True, "commitOid": oid, "pullRequestUrl": None,
                             "commitUrl": f"{hub.url}/{kind}/{repo_id}/commit/{oid}"})

        def _tag(self, repo: Repo, revision: str, payload: dict) -> None:
            oid = repo.head if revision == "main" else revision
            if oid not in {commit["oid"] for commit in repo.commits}:
                return self._json(404, {"error": "Invalid rev id"}, {"X-Error-Code": "RevisionNotFound"})
            if payload["tag"] in repo.tags:
                return self._json(409, {"error": f"Tag {payload['tag']} already exists"})
            repo.tags[payload["tag"]] = oid
            self._json(200, {})

        def _resolve(self, method: str, kind: str, repo_id: str, name: str) -> None:
            repo = hub.repos.get((kind, repo_id))
            if repo is None:
                return self._json(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"},
                                  head=method == "HEAD")
            if name not in repo.files:
                return self._json(404, {"error": "Entry not found"}, {"X-Error-Code": "EntryNotFound"},
                                  head=method == "HEAD")
            data = repo.files[name]
            self._send(200, data, {"Content-Type": "application/octet-stream", "X-Repo-Commit": repo.head,
                                   "ETag": f'"{git_oid(data)}"'}, head=method == "HEAD")

        def _json(self, status: int, payload: object, headers: dict | None = None, head: bool = False) -> None:
            headers = {"Content-Type": "application/json", **(headers or {})}
            if status >= 400 and "error" in (payload if isinstance(payload, dict) else {}):
                headers.setdefault("X-Error-Message", payload["error"])
            self._send(status, json.dumps(payload).encode(), headers, head)

        def _send(self, status: int, data: bytes, headers: dict, head: bool = False) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if not head:
                self.wfile.write(data)

    return Handler
