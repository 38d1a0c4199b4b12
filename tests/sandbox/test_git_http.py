"""Git's smart HTTP at the sandbox's root: real ``git`` clients against the real server."""

from __future__ import annotations

import base64
import gzip
import os
import subprocess
from pathlib import Path

import requests

from .helpers import World, make_world, unique


def _basic(token: str, user: str = "x-access-token") -> str:
    return "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()


def _git(
    *args: str, token: str | None = None, home: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    config = ["-c", f"http.extraHeader=Authorization: {_basic(token)}"] if token else []
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(
        ["git", *config, *args], capture_output=True, text=True, env=env, timeout=60
    )
    if check and result.returncode != 0:
        raise AssertionError(f"git {args[0]} failed: {result.stderr}")
    return result


def _token(world: World) -> str:
    return world.integration().get_access_token(world.installation_id).token


def _clone_url(sandbox, world: World) -> str:
    return f"{sandbox.url}/{world.repo}.git"


def test_clone_url_points_at_the_endpoint_and_an_installation_token_clones_and_fetches(
    sandbox, tmp_path: Path
) -> None:
    world = make_world(sandbox.client, {"README.md": "hello\n", "src/app.py": "print(1)\n"})
    token = _token(world)
    repo_json = requests.get(
        f"{sandbox.api_url}/repos/{world.repo}",
        headers={"Authorization": f"token {token}"},
        timeout=10,
    ).json()
    assert repo_json["clone_url"] == _clone_url(sandbox, world)
    assert repo_json["html_url"] + ".git" == repo_json["clone_url"]

    clone = tmp_path / "clone.git"
    _git(
        "clone", "--bare", "--quiet", repo_json["clone_url"], str(clone), token=token, home=tmp_path
    )
    files = _git("--git-dir", str(clone), "ls-tree", "-r", "--name-only", "main", home=tmp_path)
    assert files.stdout.split() == ["README.md", "src/app.py"]

    new_sha = sandbox.client.push(world.repo, "main", {"README.md": "hello again\n"})
    _git(
        "--git-dir",
        str(clone),
        "fetch",
        "--quiet",
        "origin",
        "main:main",
        token=token,
        home=tmp_path,
    )
    head = _git("--git-dir", str(clone), "rev-parse", "main", home=tmp_path)
    assert head.stdout.strip() == new_sha


def test_a_sha_that_is_no_branch_tip_can_be_fetched_with_protocol_v2_and_v0(
    sandbox, tmp_path: Path
) -> None:
    world = make_world(sandbox.client)
    older = sandbox.client.push(world.repo, "feature", {"a.txt": "1\n"})
    sandbox.client.push(world.repo, "feature", {"a.txt": "2\n"})
    token = _token(world)
    for version in ("2", "0"):
        target = tmp_path / f"v{version}.git"
        _git("init", "--quiet", "--bare", str(target), home=tmp_path)
        _git(
            "-c",
            f"protocol.version={version}",
            "--git-dir",
            str(target),
            "fetch",
            "--quiet",
            _clone_url(sandbox, world),
            f"{older}:refs/sts/commits/{older}",
            token=token,
            home=tmp_path,
        )
        blob = _git("--git-dir", str(target), "show", f"{older}:a.txt", home=tmp_path)
        assert blob.stdout == "1\n"


def test_a_private_repository_asks_for_credentials_and_refuses_a_wrong_token(
    sandbox, tmp_path: Path
) -> None:
    owner = sandbox.client.create_user(unique("octo"))["login"]
    name = unique("secret")
    sandbox.client.create_repo(owner, name, files={"a.txt": "x\n"}, private=True)
    refs = f"{sandbox.url}/{owner}/{name}.git/info/refs?service=git-upload-pack"

    anonymous = requests.get(refs, timeout=10)
    assert (anonymous.status_code, anonymous.text) == (401, "Authentication required.\n")
    assert anonymous.headers["WWW-Authenticate"] == 'Basic realm="GitHub"'

    wrong = requests.get(refs, headers={"Authorization": _basic("ghs_not_a_token")}, timeout=10)
    assert (wrong.status_code, wrong.text) == (401, "Invalid username or token.\n")
    assert wrong.headers["WWW-Authenticate"] == 'Basic realm="GitHub"'

    url = f"{sandbox.url}/{owner}/{name}.git"
    no_token = _git("clone", "--bare", url, str(tmp_path / "a.git"), home=tmp_path, check=False)
    assert no_token.returncode == 128
    assert "could not read Username" in no_token.stderr
    # The form GitHub documents: credentials in the URL; a refused password ends the clone.
    with_token = url.replace("http://", "http://x-access-token:ghs_nope@")
    bad = _git("clone", "--bare", with_token, str(tmp_path / "b.git"), home=tmp_path, check=False)
    assert bad.returncode == 128
    assert f"fatal: Authentication failed for '{url}/'" in bad.stderr


def test_a_repository_outside_the_installation_or_unknown_is_not_found(
    sandbox, tmp_path: Path
) -> None:
    world = make_world(sandbox.client)
    other = make_world(sandbox.client)
    token = _token(world)
    for repo in (other.repo, f"{world.owner}/no-such-repo"):
        response = requests.get(
            f"{sandbox.url}/{repo}.git/info/refs?service=git-upload-pack",
            headers={"Authorization": _basic(token)},
            timeout=10,
        )
        assert (response.status_code, response.text) == (404, "Repository not found.\n")
    result = _git(
        "clone",
        "--bare",
        f"{sandbox.url}/{other.repo}.git",
        str(tmp_path / "c.git"),
        token=token,
        home=tmp_path,
        check=False,
    )
    assert result.returncode == 128
    assert "remote: Repository not found." in result.stderr


def test_push_is_refused_for_installation_and_personal_tokens(sandbox, tmp_path: Path) -> None:
    world = make_world(sandbox.client)
    app_token = _token(world)
    clone = tmp_path / "clone"
    _git("clone", "--quiet", _clone_url(sandbox, world), str(clone), token=app_token, home=tmp_path)
    for token in (app_token, world.owner_token):
        response = requests.get(
            f"{sandbox.url}/{world.repo}.git/info/refs?service=git-receive-pack",
            headers={"Authorization": _basic(token)},
            timeout=10,
        )
        assert response.status_code == 403
        assert response.text == (
            f"Permission to {world.repo}.git denied: the sandbox takes no git push; "
            "write through the REST API or /_sandbox/repos/{owner}/{repo}/push.\n"
        )
        push = _git(
            "-C", str(clone), "push", "origin", "HEAD:refs/heads/pushed",
            token=token, home=tmp_path, check=False,
        )  # fmt: skip
        assert push.returncode == 128
        assert "the sandbox takes no git push" in push.stderr
    assert "pushed" not in sandbox.client.repo(world.repo)["branches"]


def test_an_installation_without_contents_permission_is_forbidden(sandbox, tmp_path: Path) -> None:
    world = make_world(sandbox.client, permissions={"metadata": "read", "issues": "write"})
    token = _token(world)
    response = requests.get(
        f"{sandbox.url}/{world.repo}.git/info/refs?service=git-upload-pack",
        headers={"Authorization": _basic(token)},
        timeout=10,
    )
    assert (response.status_code, response.text) == (
        403,
        f"Permission to {world.repo}.git denied: Resource not accessible by integration.\n",
    )


def test_a_gzip_request_body_is_inflated(sandbox) -> None:
    world = make_world(sandbox.client)
    head = sandbox.client.push(world.repo, "main", {"b.txt": "b\n"})
    token = _token(world)
    body = f"0032want {head}\n00000009done\n".encode()
    response = requests.post(
        f"{sandbox.url}/{world.repo}.git/git-upload-pack",
        data=gzip.compress(body),
        headers={
            "Authorization": _basic(token),
            "Content-Type": "application/x-git-upload-pack-request",
            "Content-Encoding": "gzip",
        },
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-git-upload-pack-result"
    assert response.content.startswith(b"0008NAK\nPACK")


def test_git_requests_are_counted_apart_from_rest_calls_and_spend_no_rate_limit(
    sandbox, tmp_path: Path
) -> None:
    world = make_world(sandbox.client)
    token = _token(world)
    auth = {"Authorization": f"token {token}"}

    def core_used() -> int:
        body = requests.get(f"{sandbox.api_url}/rate_limit", headers=auth, timeout=10).json()
        return int(body["resources"]["core"]["used"])

    used_before = core_used()
    before = sandbox.client.counters()
    _git(
        "clone",
        "--bare",
        _clone_url(sandbox, world),
        str(tmp_path / "c.git"),
        token=token,
        home=tmp_path,
    )
    after = sandbox.client.counters()

    assert after["rest_total"] == before["rest_total"]
    assert after["git_total"] - before["git_total"] == after["total"] - before["total"] >= 2
    mine = after["actors"][f"installation:{world.installation_id}"]
    assert mine["git GET /{owner}/{repo}.git/info/refs"] == 1
    assert mine["git POST /{owner}/{repo}.git/git-upload-pack"] >= 1
    assert core_used() == used_before
    logged = [entry for entry in sandbox.client.requests() if entry["route"].startswith("git ")]
    assert logged[-1]["path"] == f"/{world.repo}.git/git-upload-pack"
    assert logged[-1]["status"] == 200
