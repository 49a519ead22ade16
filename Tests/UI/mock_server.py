#!/usr/bin/env python3
"""A small in-memory stand-in for the Claude Manager API (openapi.yaml) that serves Public/.

For developing the web UI and its Selenium test without the Swift server:

    python3 Tests/UI/mock_server.py --port 8099
    CM_BASE_URL=http://127.0.0.1:8099 CM_ADMIN_EMAIL=admin@example.com CM_ADMIN_PASSWORD=admin-password \
        CM_GIT_REPO=file:///tmp/repo.git pytest -q Tests/UI

Projects move creating → starting → running (and stopping → stopped, deleting → gone) on a timer.
It is not the server: only the behaviour the UI relies on is imitated.
"""

import argparse
import json
import mimetypes
import re
import secrets
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

PUBLIC = Path(__file__).resolve().parents[2] / "Public"
STEP_SECONDS = 1.5
SHORT_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
CPU = re.compile(r"^\d+(\.\d+)?m?$")
BYTES = re.compile(r"^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
LOCK = threading.RLock()


def now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class State:
    def __init__(self, args):
        self.args = args
        admin_id = str(uuid.uuid4())
        self.users = {admin_id: {"id": admin_id, "email": args.admin_email, "role": "admin", "disabled": False,
                                 "createdAt": now(), "updatedAt": now(), "password": args.admin_password}}
        self.sessions = {}
        self.tokens = {}
        self.projects = {}
        self.credentials = {}
        self.audit = []
        self.failures = []

    def record(self, actor, action, target_type, target_id=None, details=None):
        self.audit.insert(0, {"id": str(uuid.uuid4()), "actorId": actor["id"], "actorEmail": actor["email"],
                              "action": action, "targetType": target_type, "targetId": target_id,
                              "details": details, "createdAt": now()})

    def advance(self):
        """Moves each project one lifecycle step when its step time has passed."""
        t = time.time()
        for pid, p in list(self.projects.items()):
            if t < p["_next"]:
                continue
            nxt = None
            if p["status"] == "creating" and "fail" in p["gitRepository"]:
                self.set_status(p, "error", f"git clone failed: repository {p['gitRepository']} not found")
                continue
            if p["status"] == "creating":
                nxt = "starting" if p["desiredState"] == "running" else "stopped"
            elif p["status"] == "starting":
                nxt = "running" if p["desiredState"] == "running" else "stopping"
            elif p["status"] == "stopping":
                nxt = "stopped" if p["desiredState"] == "stopped" else "starting"
            elif p["status"] == "deleting":
                del self.projects[pid]
                continue
            if nxt:
                self.set_status(p, nxt)
            if p["status"] == "running":
                p["_logs"].append(f"{now()} agent: status stable, waiting for a message ({len(p['_logs'])})")
                p["_next"] = t + STEP_SECONDS

    def set_status(self, p, status, reason=None):
        p["status"] = status
        p["statusChangedAt"] = now()
        p["updatedAt"] = p["statusChangedAt"]
        if reason:
            p["statusReason"] = reason
        else:
            p.pop("statusReason", None)
        p["_next"] = time.time() + STEP_SECONDS
        p["_logs"].append(f"{now()} manager: status {status}")
        if status == "running":
            p["agentUrl"] = f"http://127.0.0.1:{40000 + len(self.projects)}"
        elif status in ("stopped", "stopping"):
            p.pop("agentUrl", None)


def public_project(p):
    return {k: v for k, v in p.items() if not k.startswith("_")}


class ApiError(Exception):
    def __init__(self, status, message, details=None, headers=None):
        super().__init__(message)
        self.status, self.message, self.details, self.headers = status, message, details, headers or {}


def validate_project(body):
    allowed = {"name", "shortName", "gitRepository", "gitCredentialId", "anthropicApiKey", "codeServerPassword",
               "sudoPassword", "resources", "storage", "start"}
    unknown = set(body) - allowed
    if unknown:
        raise ApiError(400, f"Unknown field {sorted(unknown)[0]}.")
    details = []
    if not str(body.get("name", "")).strip():
        details.append({"field": "name", "message": "Name is required."})
    short = body.get("shortName")
    if short is not None and (not SHORT_NAME.match(short) or len(short) > 40):
        details.append({"field": "shortName", "message": "Must be a DNS-1123 label: lowercase letters, digits and "
                                                         "dashes, at most 40 characters."})
    if not str(body.get("gitRepository", "")).strip():
        details.append({"field": "gitRepository", "message": "Repository is required."})
    resources = body.get("resources") or {}
    if "cpu" in resources and not CPU.match(resources["cpu"]):
        details.append({"field": "resources.cpu", "message": "Not a CPU quantity (e.g. 500m or 2)."})
    if "memory" in resources and not BYTES.match(resources["memory"]):
        details.append({"field": "resources.memory", "message": "Not a memory quantity (e.g. 512Mi or 2Gi)."})
    storage = body.get("storage") or {}
    if "size" in storage and not BYTES.match(storage["size"]):
        details.append({"field": "storage.size", "message": "Not a storage quantity (e.g. 10Gi)."})
    if details:
        raise ApiError(422, "The project is invalid.", details)


class Handler(BaseHTTPRequestHandler):
    server_version = "MockClaudeManager/0.1"

    def log_message(self, fmt, *args):
        if self.server.state.args.verbose:
            super().log_message(fmt, *args)

    # ---- plumbing ----
    def send_json(self, status, payload=None, headers=None):
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if not length:
            return {}
        try:
            data = json.loads(self.rfile.read(length))
        except ValueError:
            raise ApiError(400, "The body is not valid JSON.")
        if not isinstance(data, dict):
            raise ApiError(400, "The body must be a JSON object.")
        return data

    def user(self):
        state = self.server.state
        cookie = self.headers.get("Cookie") or ""
        match = re.search(r"(?:^|;\s*)cm_session=([^;]+)", cookie)
        uid = state.sessions.get(match.group(1)) if match else None
        auth = self.headers.get("Authorization") or ""
        if not uid and auth.startswith("Bearer "):
            token = next((t for t in state.tokens.values() if t["_value"] == auth[7:]), None)
            uid = token["userId"] if token else None
        user = state.users.get(uid)
        if not user or user["disabled"]:
            raise ApiError(401, "Sign in first.")
        return user

    def static(self, path):
        rel = "index.html" if path in ("", "/") else path.lstrip("/")
        target = (PUBLIC / rel).resolve()
        if PUBLIC not in target.parents or not target.is_file():
            return self.send_json(404, {"error": "Not found."})
        data = target.read_bytes()
        ctype = "text/javascript" if target.suffix == ".js" else (mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:")
        self.end_headers()
        self.wfile.write(data)

    def dispatch(self, method):
        url = urlparse(self.path)
        if not url.path.startswith("/api/"):
            if method != "GET":
                raise ApiError(404, "Not found.")
            return self.static(url.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        with LOCK:
            self.server.state.advance()
            status, payload, headers = self.route(method, url.path, query)
        self.send_json(status, payload, headers)

    def handle_any(self, method):
        try:
            self.dispatch(method)
        except ApiError as err:
            payload = {"error": err.message}
            if err.details:
                payload["details"] = err.details
            self.send_json(err.status, payload, err.headers)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    # ---- routes ----
    def route(self, method, path, query):
        s = self.server.state
        if (method, path) == ("POST", "/api/auth/login"):
            return self.login(s)
        me = self.user()
        admin = me["role"] == "admin"
        writer = me["role"] != "viewer"
        parts = path.strip("/").split("/")[1:]
        if (method, path) == ("POST", "/api/auth/logout"):
            return 204, None, {"Set-Cookie": "cm_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"}
        if (method, path) == ("GET", "/api/auth/me"):
            return 200, public_user(me), None
        if (method, path) == ("POST", "/api/auth/password"):
            body = self.body()
            if body.get("currentPassword") != me["password"]:
                raise ApiError(403, "The current password is wrong.")
            if len(body.get("newPassword", "")) < 8:
                raise ApiError(422, "The password is too short.", [{"field": "newPassword", "message": "Use at least 8 characters."}])
            me["password"] = body["newPassword"]
            return 204, None, None
        if (method, path) == ("GET", "/api/system"):
            a = s.args
            missing = [] if a.agent_available else ["agentapi", "claude"]
            return 200, {"version": "0.1.0-mock", "runtime": "local", "agentCommand": a.agent_command,
                         "agentAvailable": a.agent_available, "missingBinaries": missing,
                         "simulatorAvailable": True,
                         "localSandbox": {"enabled": a.sandbox, "available": a.sandbox}}, None
        if parts[0] == "projects":
            return self.projects(s, me, writer, method, parts[1:], query)
        if parts[0] == "tokens":
            if method == "GET" and len(parts) == 1:
                return 200, [public_project(t) for t in s.tokens.values() if t["userId"] == me["id"]], None
            if method == "POST" and len(parts) == 1:
                body = self.body()
                if not str(body.get("name", "")).strip():
                    raise ApiError(422, "The token is invalid.", [{"field": "name", "message": "Name is required."}])
                value = "cm_" + secrets.token_urlsafe(24)
                tok = {"id": str(uuid.uuid4()), "name": body["name"], "prefix": value[:8], "userId": me["id"],
                       "createdAt": now(), "_value": value}
                s.tokens[tok["id"]] = tok
                s.record(me, "token.create", "token", tok["id"])
                return 201, dict(public_project(tok), value=value), None
            if method == "DELETE" and len(parts) == 2 and parts[1] in s.tokens:
                del s.tokens[parts[1]]
                return 204, None, None
        if parts[0] == "users":
            if not admin:
                raise ApiError(403, "Admins only.")
            return self.users(s, me, method, parts[1:])
        if parts[0] == "git-credentials":
            return self.credentials(s, me, admin, method, parts[1:])
        if (method, parts[0]) == ("GET", "audit"):
            if not admin:
                raise ApiError(403, "Admins only.")
            return 200, page_of(s.audit, query, 50), None
        raise ApiError(404, "Not found.")

    def login(self, s):
        body = self.body()
        t = time.time()
        s.failures = [f for f in s.failures if t - f < 60]
        if len(s.failures) >= 5:
            raise ApiError(429, "Too many attempts.", headers={"Retry-After": str(int(60 - (t - s.failures[0])) + 1)})
        user = next((u for u in s.users.values() if u["email"] == body.get("email")), None)
        if not user or user["password"] != body.get("password") or user["disabled"]:
            s.failures.append(t)
            raise ApiError(401, "Invalid email or password.")
        sid = secrets.token_urlsafe(24)
        s.sessions[sid] = user["id"]
        cookie = f"cm_session={sid}; Path=/; HttpOnly; SameSite=Strict"
        return 200, {"token": sid, "expiresAt": now(), "user": public_user(user)}, {"Set-Cookie": cookie}

    def projects(self, s, me, writer, method, rest, query):
        if not rest:
            if method == "GET":
                items = sorted(s.projects.values(), key=lambda p: p["createdAt"], reverse=True)
                if query.get("status"):
                    items = [p for p in items if p["status"] == query["status"]]
                if query.get("search"):
                    q = query["search"].lower()
                    items = [p for p in items if q in (p["name"] + p["shortName"] + p["gitRepository"]).lower()]
                return 200, page_of([public_project(p) for p in items], query, 20), None
            if method == "POST":
                if not writer:
                    raise ApiError(403, "Viewers cannot create projects.")
                body = self.body()
                validate_project(body)
                short = body.get("shortName") or re.sub(r"[^a-z0-9-]", "-", body["gitRepository"].rstrip("/").split("/")[-1].removesuffix(".git").lower())[:40].strip("-")
                if any(p["shortName"] == short for p in s.projects.values()):
                    raise ApiError(409, f"A project named {short} already exists.")
                stamp = now()
                p = {"id": str(uuid.uuid4()), "name": body["name"].strip(), "shortName": short,
                     "gitRepository": body["gitRepository"], "resources": body.get("resources") or {},
                     "storage": body.get("storage") or {"size": "10Gi"},
                     "desiredState": "running" if body.get("start", True) else "stopped", "status": "creating",
                     "runtime": "local", "hasAnthropicApiKey": bool(body.get("anthropicApiKey")),
                     "hasCodeServerPassword": False, "hasSudoPassword": False, "createdAt": stamp,
                     "updatedAt": stamp, "statusChangedAt": stamp, "_next": time.time() + STEP_SECONDS,
                     "_logs": [f"{stamp} manager: cloning {body['gitRepository']}"]}
                if body.get("gitCredentialId"):
                    p["gitCredentialId"] = body["gitCredentialId"]
                s.projects[p["id"]] = p
                s.record(me, "project.create", "project", p["id"])
                return 201, public_project(p), None
        p = s.projects.get(rest[0])
        if not p:
            raise ApiError(404, "No such project.")
        if len(rest) == 1 and method == "GET":
            return 200, public_project(p), None
        if len(rest) == 2 and rest[1] == "logs" and method == "GET":
            lines = int(query.get("lines", 200))
            return 200, {"lines": p["_logs"][-lines:]}, None
        if not writer:
            raise ApiError(403, "Viewers cannot change projects.")
        if len(rest) == 1 and method == "DELETE":
            s.set_status(p, "deleting")
            s.record(me, "project.delete", "project", p["id"], f"keepVolumes={query.get('keepVolumes', 'true')}")
            return 202, public_project(p), None
        if len(rest) == 2 and method == "POST" and rest[1] in ("start", "stop", "refresh"):
            if p["status"] == "deleting":
                raise ApiError(409, "The project is being deleted.")
            if rest[1] == "start":
                p["desiredState"] = "running"
                if p["status"] in ("stopped", "error"):
                    s.set_status(p, "starting")
            elif rest[1] == "stop":
                p["desiredState"] = "stopped"
                if p["status"] in ("running", "starting", "error"):
                    s.set_status(p, "stopping")
            s.record(me, f"project.{rest[1]}", "project", p["id"])
            return 202, public_project(p), None
        raise ApiError(404, "Not found.")

    def users(self, s, me, method, rest):
        if not rest and method == "GET":
            return 200, [public_user(u) for u in s.users.values()], None
        if not rest and method == "POST":
            body = self.body()
            details = []
            if "@" not in body.get("email", ""):
                details.append({"field": "email", "message": "Not an email address."})
            if len(body.get("password", "")) < 8:
                details.append({"field": "password", "message": "Use at least 8 characters."})
            if details:
                raise ApiError(422, "The user is invalid.", details)
            if any(u["email"] == body["email"] for u in s.users.values()):
                raise ApiError(409, "That email is taken.")
            uid = str(uuid.uuid4())
            s.users[uid] = {"id": uid, "email": body["email"], "role": body.get("role", "member"), "disabled": False,
                            "createdAt": now(), "updatedAt": now(), "password": body["password"]}
            s.record(me, "user.create", "user", uid)
            return 201, public_user(s.users[uid]), None
        user = s.users.get(rest[0])
        if not user:
            raise ApiError(404, "No such user.")
        if method == "PATCH":
            body = self.body()
            for key in ("role", "disabled", "password"):
                if key in body:
                    user[key] = body[key]
            user["updatedAt"] = now()
            s.record(me, "user.update", "user", user["id"], json.dumps({k: v for k, v in body.items() if k != "password"}))
            return 200, public_user(user), None
        if method == "DELETE":
            if user["id"] == me["id"]:
                raise ApiError(409, "You cannot delete yourself.")
            del s.users[user["id"]]
            return 204, None, None
        raise ApiError(404, "Not found.")

    def credentials(self, s, me, admin, method, rest):
        if not rest and method == "GET":
            return 200, [public_project(c) for c in s.credentials.values()], None
        if not admin:
            raise ApiError(403, "Admins only.")
        if not rest and method == "POST":
            body = self.body()
            if not str(body.get("name", "")).strip():
                raise ApiError(422, "The credential is invalid.", [{"field": "name", "message": "Name is required."}])
            if body.get("type") == "token" and not body.get("token"):
                raise ApiError(422, "The credential is invalid.", [{"field": "token", "message": "A token is required."}])
            cid = str(uuid.uuid4())
            s.credentials[cid] = {"id": cid, "name": body["name"], "type": body.get("type"), "provider": body.get("provider"),
                                  "username": body.get("username"), "createdAt": now(), "_secret": body.get("token")}
            return 201, public_project(s.credentials[cid]), None
        if rest and method == "DELETE" and rest[0] in s.credentials:
            del s.credentials[rest[0]]
            return 204, None, None
        if rest and method == "GET" and rest[0] in s.credentials:
            return 200, public_project(s.credentials[rest[0]]), None
        raise ApiError(404, "Not found.")


def public_user(u):
    return {k: v for k, v in u.items() if k != "password"}


def page_of(items, query, default_limit):
    page = max(1, int(query.get("page", 1)))
    limit = max(1, int(query.get("limit", default_limit)))
    return {"items": items[(page - 1) * limit: page * limit], "total": len(items), "page": page, "limit": limit}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--admin-email", default="admin@example.com")
    parser.add_argument("--admin-password", default="admin-password")
    parser.add_argument("--agent-command", default="simulator")
    parser.add_argument("--agent-unavailable", dest="agent_available", action="store_false")
    parser.add_argument("--sandbox-off", dest="sandbox", action="store_false",
                        help="report LOCAL_SANDBOX=off (the projects page warns)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.state = State(args)
    print(f"mock Claude Manager on http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
