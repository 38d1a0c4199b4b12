"""Git's smart HTTP (read-only) at the server root, as github.com serves it: ``git http-backend``.

``GET /{owner}/{repo}.git/info/refs?service=git-upload-pack`` and
``POST /{owner}/{repo}.git/git-upload-pack`` run git's own CGI on the repository's bare dir
behind the sandbox's token check (HTTP Basic, the password being an installation or personal
token). Pushing over git is refused: the sandbox's writes go through its API and
``/_sandbox/repos/{o}/{r}/push``. Git requests are logged under routes starting with ``git ``
and spend no REST rate limit.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from flask import Blueprint, Response, request

from sandbox.access import authorize, find_repo
from sandbox.auth import ANONYMOUS, Principal, authenticate
from sandbox.errors import ApiError
from sandbox.models import Repository, User
from sandbox.requestlog import LoggedRequest
from sandbox.store import db, git_for, runtime

blueprint = Blueprint("git_http", __name__)

UPLOAD_PACK = "git-upload-pack"
RECEIVE_PACK = "git-receive-pack"
REALM = 'Basic realm="GitHub"'
CHUNK = 64 * 1024
# Let a client fetch any commit by sha (a PR head that no branch points at any more).
UPLOAD_PACK_CONFIG = (
    ("uploadpack.allowAnySHA1InWant", "true"),
    ("uploadpack.allowReachableSHA1InWant", "true"),
    ("uploadpack.allowTipSHA1InWant", "true"),
)


@dataclass(frozen=True)
class GitDenial:
    """A refusal as GitHub words it to git clients: a status and one line of text."""

    status: int
    message: str

    def response(self) -> Response:
        response = Response(self.message + "\n", status=self.status, mimetype="text/plain")
        if self.status == 401:
            response.headers["WWW-Authenticate"] = REALM
        return response


def basic_password(authorization: str | None) -> str | None:
    """The password of an HTTP Basic header (``None`` when the header is absent).

    >>> basic_password("Basic " + base64.b64encode(b"x-access-token:ghs_abc").decode())
    'ghs_abc'
    >>> basic_password(None) is None
    True
    """
    if not authorization:
        return None
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        raise ValueError("not HTTP Basic")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("malformed HTTP Basic credentials") from None
    _user, separator, password = decoded.partition(":")
    if not separator:
        raise ValueError("HTTP Basic credentials without a password")
    return password


def caller(authorization: str | None) -> Principal | GitDenial:
    """Who the Basic credentials name: a token's installation or user, or anonymous."""
    unauthorized = GitDenial(401, "Invalid username or token.")
    try:
        password = basic_password(authorization)
    except ValueError:
        return unauthorized
    if password is None:
        return ANONYMOUS
    if not password or password.count(".") == 2:  # an app's JWT cannot read repositories
        return unauthorized
    try:
        who = authenticate(db(), f"token {password}", cache=runtime().credentials)
    except ApiError:
        return unauthorized
    return who


def access_denial(
    who: Principal, found: tuple[Repository, User] | None, full_name: str, service: str
) -> GitDenial | None:
    """Why ``who`` may not run ``service`` on the repository, or ``None`` when it may."""
    needs_login = GitDenial(401, "Authentication required.")
    not_found = GitDenial(404, "Repository not found.")
    anonymous = who.kind == "anonymous"
    if found is None:
        return needs_login if anonymous else not_found
    try:
        authorize(db(), who, found[0], "contents", "read")
    except ApiError as error:
        if error.status == 403:
            return GitDenial(403, f"Permission to {full_name}.git denied: {error.message}.")
        return needs_login if anonymous else not_found
    if service == RECEIVE_PACK:
        if anonymous:
            return needs_login
        return GitDenial(
            403,
            f"Permission to {full_name}.git denied: the sandbox takes no git push; "
            "write through the REST API or /_sandbox/repos/{owner}/{repo}/push.",
        )
    return None


def backend_env(project_root: str, path_info: str, remote_user: str) -> dict[str, str]:
    """The CGI environment of ``git http-backend`` for the current request."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": project_root,
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_PROJECT_ROOT": project_root,
        "PATH_INFO": path_info,
        "PATH_TRANSLATED": project_root + path_info,
        "GIT_HTTP_EXPORT_ALL": "1",
        "REQUEST_METHOD": request.method,
        "QUERY_STRING": request.query_string.decode("latin-1"),
        "CONTENT_TYPE": request.headers.get("Content-Type", ""),
        "REMOTE_ADDR": request.remote_addr or "127.0.0.1",
        "REMOTE_USER": remote_user,
        "GIT_CONFIG_COUNT": str(len(UPLOAD_PACK_CONFIG)),
    }
    for index, (key, value) in enumerate(UPLOAD_PACK_CONFIG):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    if request.content_length is not None:
        env["CONTENT_LENGTH"] = str(request.content_length)
    encoding = request.headers.get("Content-Encoding")
    if encoding:  # http-backend inflates gzip bodies itself
        env["HTTP_CONTENT_ENCODING"] = encoding
    protocol = request.headers.get("Git-Protocol")
    if protocol:  # protocol v2: http-backend hands it to upload-pack as GIT_PROTOCOL
        env["HTTP_GIT_PROTOCOL"] = protocol
        env["GIT_PROTOCOL"] = protocol
    return env


def parse_cgi_headers(lines: list[bytes]) -> tuple[int, list[tuple[str, str]]]:
    """The status and headers of a CGI answer's header block.

    >>> parse_cgi_headers([b"Status: 403 Forbidden", b"Content-Type: text/plain"])
    (403, [('Content-Type', 'text/plain')])
    """
    status, headers = 200, []
    for line in lines:
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "status":
            status = int(value.strip().split(" ", 1)[0])
        else:
            headers.append((name.strip(), value.strip()))
    return status, headers


def _feed(body: IO[bytes], sink: IO[bytes]) -> None:
    """Copy the request body into the CGI's stdin as it arrives, then close it."""
    try:
        while chunk := body.read(CHUNK):
            sink.write(chunk)
    except (BrokenPipeError, ValueError, OSError):
        pass  # the backend stopped reading: its answer says why
    finally:
        with contextlib.suppress(OSError):
            sink.close()


def run_backend(env: dict[str, str]) -> Response:
    """Run ``git http-backend`` streaming the request body in and its answer out."""
    process = subprocess.Popen(
        ["git", "http-backend"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    feeder = threading.Thread(target=_feed, args=(request.stream, process.stdin), daemon=True)
    feeder.start()
    header_lines = []
    while line := process.stdout.readline():
        line = line.rstrip(b"\r\n")
        if not line:
            break
        header_lines.append(line)
    status, headers = parse_cgi_headers(header_lines)
    stdout = process.stdout

    def body() -> Iterator[bytes]:
        try:
            while chunk := stdout.read1(CHUNK):  # type: ignore[attr-defined]
                yield chunk
        finally:
            stdout.close()
            if process.poll() is None:
                process.kill()
            process.wait()
            feeder.join(timeout=5)

    return Response(body(), status=status, headers=headers)


def _serve(owner: str, name: str, service: str, suffix: str) -> Response:
    started = time.perf_counter()
    who = caller(request.headers.get("Authorization"))
    if isinstance(who, GitDenial):
        return _logged(who.response(), "anonymous", suffix, started)
    found = find_repo(db(), owner, name, None)
    denial = access_denial(who, found, f"{owner}/{name}", service)
    if denial is not None:
        return _logged(denial.response(), who.label, suffix, started)
    assert found is not None
    path = git_for(found[0]).path
    remote_user = who.label if who.kind != "anonymous" else ""
    env = backend_env(str(path.parent), f"/{path.name}{suffix}", remote_user)
    return _logged(run_backend(env), who.label, suffix, started)


def _logged(response: Response, actor: str, suffix: str, started: float) -> Response:
    """Record a git request under its ``git …`` route (never counted as a REST call)."""
    runtime().requests.record(
        LoggedRequest(
            at=time.time(),
            method=request.method,
            path=request.full_path.rstrip("?"),
            route=f"git {request.method} /{{owner}}/{{repo}}.git{suffix}",
            status=response.status_code,
            actor=actor,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
        )
    )
    return response


@blueprint.get("/<owner>/<repo>.git/info/refs")
def info_refs(owner: str, repo: str) -> Response:
    service = request.args.get("service", "")
    if service not in (UPLOAD_PACK, RECEIVE_PACK):  # the "dumb" protocol is not served
        denial = GitDenial(403, "Please upgrade your git client.")
        return _logged(denial.response(), "anonymous", "/info/refs", time.perf_counter())
    return _serve(owner, repo, service, "/info/refs")


@blueprint.post("/<owner>/<repo>.git/git-upload-pack")
def upload_pack(owner: str, repo: str) -> Response:
    return _serve(owner, repo, UPLOAD_PACK, "/git-upload-pack")


@blueprint.post("/<owner>/<repo>.git/git-receive-pack")
def receive_pack(owner: str, repo: str) -> Response:
    return _serve(owner, repo, RECEIVE_PACK, "/git-receive-pack")
