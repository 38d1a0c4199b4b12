"""Sandbox-only endpoints under ``/_sandbox/``: set up users, apps, repos; inspect and inject."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import delete, select

from sandbox.access import RepoContext
from sandbox.auth import Principal, generate_key_pair
from sandbox.errors import ApiError
from sandbox.events import branch_moved, emit, pull_event
from sandbox.gitrepo import GitRepo, Person, TreeChange
from sandbox.models import (
    App,
    CheckRun,
    Collaborator,
    Delivery,
    Installation,
    InstallationRepository,
    Pull,
    Repository,
    Token,
    User,
)
from sandbox.shapes import app_json, installation_json, node_id, user_json
from sandbox.store import db, git_for, runtime
from sandbox.urls import Urls
from sandbox.webhooks import delivery_json

blueprint = Blueprint("admin", __name__)

DEFAULT_PERMISSIONS = {
    "metadata": "read",
    "contents": "write",
    "pull_requests": "write",
    "issues": "write",
    "checks": "write",
}


def _body() -> dict[str, Any]:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Expected a JSON object")
    return body


def _user(login: str) -> User:
    user = db().scalar(select(User).where(User.login == login))
    if user is None:
        raise ApiError(404, f"No user {login}")
    return user


def _repo_ctx(owner: str, name: str, actor: User | None = None) -> RepoContext:
    session = db()
    row = session.execute(
        select(Repository, User)
        .join(User, User.id == Repository.owner_id)
        .where(User.login == owner, Repository.name == name)
    ).first()
    if row is None:
        raise ApiError(404, f"No repository {owner}/{name}")
    who = (
        Principal("user", f"user:{actor.login}", user_id=actor.id)
        if actor
        else Principal("user", f"user:{row[1].login}", user_id=row[1].id)
    )
    return RepoContext(session, row[0], row[1], who, Urls.from_request(), git_for(row[0]))


# -- users and apps ------------------------------------------------------------------------------
@blueprint.post("/users")
def create_user() -> ResponseReturnValue:
    body = _body()
    login = str(body.get("login", ""))
    if not login or db().scalar(select(User).where(User.login == login)):
        raise ApiError(422, "login missing or taken")
    user = User(
        login=login, kind=str(body.get("type", "User")), token="ghp_" + secrets.token_urlsafe(27)
    )
    db().add(user)
    db().commit()
    return jsonify({"id": user.id, "login": user.login, "token": user.token}), 201


@blueprint.post("/apps")
def create_app_registration() -> ResponseReturnValue:
    body = _body()
    session = db()
    owner = _user(str(body.get("owner", "")))
    name = str(body.get("name", "sandbox-app"))
    slug = str(body.get("slug", name.lower().replace(" ", "-")))
    if session.scalar(select(App).where(App.slug == slug)):
        raise ApiError(422, f"An app with slug {slug} exists")
    bot = User(login=f"{slug}[bot]", kind="Bot")
    session.add(bot)
    session.flush()
    private_pem, public_pem = generate_key_pair()
    app = App(
        slug=slug,
        name=name,
        owner_id=owner.id,
        bot_user_id=bot.id,
        public_key_pem=public_pem,
        webhook_url=body.get("webhook_url"),
        webhook_secret=str(body.get("webhook_secret") or secrets.token_hex(20)),
        permissions=dict(body.get("permissions") or DEFAULT_PERMISSIONS),
        events=list(body.get("events") or []),
    )
    session.add(app)
    session.commit()
    return jsonify(
        {
            "id": app.id,
            "slug": app.slug,
            "name": app.name,
            "private_key": private_pem,
            "webhook_secret": app.webhook_secret,
            "bot": {"id": bot.id, "login": bot.login},
        }
    ), 201


@blueprint.patch("/apps/<int:app_id>")
def update_app(app_id: int) -> ResponseReturnValue:
    runtime().credentials.clear()
    app = db().get(App, app_id)
    if app is None:
        raise ApiError(404, "No such app")
    body = _body()
    for key in ("webhook_url", "webhook_secret", "permissions", "events"):
        if key in body:
            setattr(app, key, body[key])
    db().commit()
    return jsonify(
        {
            "id": app.id,
            "webhook_url": app.webhook_url,
            "events": app.events,
            "permissions": app.permissions,
        }
    )


# -- installations -------------------------------------------------------------------------------
def _mini_repo(repo: Repository, owner: User) -> dict[str, Any]:
    return {
        "id": repo.id,
        "node_id": node_id("Repository", repo.id),
        "name": repo.name,
        "full_name": f"{owner.login}/{repo.name}",
        "private": repo.private,
    }


def _installation_event(
    installation: Installation, action: str, repos: list[Repository], sender: User
) -> None:
    session = db()
    app = session.get(App, installation.app_id)
    account = session.get(User, installation.account_id)
    assert app is not None and account is not None
    urls = Urls.from_request()
    payload = {
        "installation": installation_json(installation, app, user_json(account, urls), urls),
        "repositories": [_mini_repo(r, account) for r in repos],
        "requester": None,
        "sender": user_json(sender, urls),
    }
    runtime().webhooks.emit(session, None, "installation", action, payload, [installation])


@blueprint.post("/installations")
def create_installation() -> ResponseReturnValue:
    body = _body()
    session = db()
    app = session.get(App, int(body.get("app_id", 0)))
    if app is None:
        raise ApiError(404, "No such app")
    account = _user(str(body.get("account", "")))
    selection = body.get("repositories", "all")
    installation = Installation(
        app_id=app.id,
        account_id=account.id,
        repository_selection="all" if selection == "all" else "selected",
        permissions=dict(body.get("permissions") or app.permissions),
    )
    session.add(installation)
    session.flush()
    repos = _owned_repos(account, None if selection == "all" else list(selection))
    if selection != "all":
        for repo in repos:
            session.add(
                InstallationRepository(installation_id=installation.id, repository_id=repo.id)
            )
    session.commit()
    _installation_event(installation, "created", repos, account)
    return jsonify(
        {
            "id": installation.id,
            "app_id": app.id,
            "account": account.login,
            "repository_selection": installation.repository_selection,
        }
    ), 201


def _owned_repos(account: User, names: list[str] | None) -> list[Repository]:
    query = select(Repository).where(Repository.owner_id == account.id)
    if names is not None:
        query = query.where(Repository.name.in_([n.split("/")[-1] for n in names]))
    return list(db().scalars(query.order_by(Repository.id)))


@blueprint.delete("/installations/<int:installation_id>")
def delete_installation(installation_id: int) -> ResponseReturnValue:
    runtime().credentials.clear()
    session = db()
    installation = session.get(Installation, installation_id)
    if installation is None:
        raise ApiError(404, "No such installation")
    account = session.get(User, installation.account_id)
    assert account is not None
    _installation_event(installation, "deleted", [], account)
    session.execute(delete(Token).where(Token.installation_id == installation.id))
    session.execute(
        delete(InstallationRepository).where(
            InstallationRepository.installation_id == installation.id
        )
    )
    session.delete(installation)
    session.commit()
    return "", 204


@blueprint.post("/installations/<int:installation_id>/repositories")
def change_installation_repositories(installation_id: int) -> ResponseReturnValue:
    runtime().credentials.clear()
    session = db()
    installation = session.get(Installation, installation_id)
    if installation is None:
        raise ApiError(404, "No such installation")
    body = _body()
    account = session.get(User, installation.account_id)
    assert account is not None
    added = _owned_repos(account, list(body.get("add", []))) if body.get("add") else []
    removed = _owned_repos(account, list(body.get("remove", []))) if body.get("remove") else []
    installation.repository_selection = "selected"
    for repo in added:
        if session.get(InstallationRepository, (installation.id, repo.id)) is None:
            session.add(
                InstallationRepository(installation_id=installation.id, repository_id=repo.id)
            )
    for repo in removed:
        session.execute(
            delete(InstallationRepository).where(
                InstallationRepository.installation_id == installation.id,
                InstallationRepository.repository_id == repo.id,
            )
        )
    session.commit()
    app = session.get(App, installation.app_id)
    assert app is not None
    urls = Urls.from_request()
    payload = {
        "installation": installation_json(installation, app, user_json(account, urls), urls),
        "repository_selection": "selected",
        "repositories_added": [_mini_repo(r, account) for r in added],
        "repositories_removed": [_mini_repo(r, account) for r in removed],
        "requester": None,
        "sender": user_json(account, urls),
    }
    action = "added" if added else "removed"
    runtime().webhooks.emit(
        session, None, "installation_repositories", action, payload, [installation]
    )
    return jsonify({"added": len(added), "removed": len(removed)})


# -- repositories --------------------------------------------------------------------------------
def _files_from_dir(directory: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if path.is_file() and ".git" not in relative.parts:
            files[relative.as_posix()] = path.read_bytes()
    return files


def _commit_files(
    git: GitRepo, parent: str | None, files: dict[str, bytes | None], message: str, author: User
) -> str:
    paths = [p for p, content in files.items() if content is not None]
    shas = dict(zip(paths, git.hash_blobs([files[p] or b"" for p in paths]), strict=True))
    changes = [TreeChange(path, "100644", shas.get(path)) for path in files]
    base_tree = git.read_commit(parent).tree if parent else None
    tree = git.write_tree(base_tree, changes)
    person = Person(
        author.login, f"{author.id}+{author.login}@users.noreply.github.com", int(time.time())
    )
    return git.commit_tree(tree, [parent] if parent else [], message, person, person)


def _files_arg(body: dict[str, Any]) -> dict[str, bytes | None]:
    files: dict[str, bytes | None] = {}
    if body.get("seed_dir"):
        directory = Path(str(body["seed_dir"]))
        if not directory.is_dir():
            raise ApiError(422, f"seed_dir {directory} is not a directory")
        files.update(_files_from_dir(directory))
    for path, content in (body.get("files") or {}).items():
        files[str(path)] = None if content is None else str(content).encode()
    return files


@blueprint.post("/repos")
def create_repository() -> ResponseReturnValue:
    body = _body()
    session = db()
    owner = _user(str(body.get("owner", "")))
    name = str(body.get("name", ""))
    if not name or session.scalar(
        select(Repository).where(Repository.owner_id == owner.id, Repository.name == name)
    ):
        raise ApiError(422, "name missing or taken")
    branch = str(body.get("default_branch", "main"))
    repo = Repository(
        owner_id=owner.id,
        name=name,
        private=bool(body.get("private", False)),
        description=body.get("description"),
        default_branch=branch,
    )
    session.add(repo)
    session.commit()
    git = git_for(repo)
    git.init(branch)
    files = _files_arg(body)
    head = None
    if files:
        head = _commit_files(git, None, files, str(body.get("message", "Initial commit")), owner)
        git.update_ref(f"refs/heads/{branch}", head, None)
    return jsonify(
        {
            "id": repo.id,
            "full_name": f"{owner.login}/{name}",
            "git_dir": str(git.path),
            "head": head,
        }
    ), 201


@blueprint.get("/repos/<owner>/<name>")
def describe_repository(owner: str, name: str) -> ResponseReturnValue:
    ctx = _repo_ctx(owner, name)
    branches = {
        ref.removeprefix("refs/heads/"): sha for ref, sha in ctx.git.list_refs("refs/heads/")
    }
    return jsonify(
        {
            "id": ctx.repo.id,
            "full_name": ctx.full_name,
            "git_dir": str(ctx.git.path),
            "default_branch": ctx.repo.default_branch,
            "branches": branches,
        }
    )


@blueprint.post("/repos/<owner>/<name>/collaborators")
def add_collaborator(owner: str, name: str) -> ResponseReturnValue:
    ctx = _repo_ctx(owner, name)
    body = _body()
    user = _user(str(body.get("login", "")))
    permission = str(body.get("permission", "write"))
    if permission not in ("read", "write", "admin"):
        raise ApiError(422, "permission must be read, write or admin")
    existing = ctx.session.get(Collaborator, (ctx.repo.id, user.id))
    if existing is None:
        ctx.session.add(
            Collaborator(repository_id=ctx.repo.id, user_id=user.id, permission=permission)
        )
    else:
        existing.permission = permission
    ctx.session.commit()
    return jsonify({"login": user.login, "permission": permission}), 201


@blueprint.post("/repos/<owner>/<name>/push")
def push(owner: str, name: str) -> ResponseReturnValue:
    """Commit files onto a branch (created from ``from`` or the default branch) as a user."""
    body = _body()
    author = _user(str(body.get("author") or owner))
    ctx = _repo_ctx(owner, name, author)
    branch = str(body.get("branch", ctx.repo.default_branch))
    before = ctx.git.resolve_ref(f"refs/heads/{branch}")
    parent = before
    if parent is None:
        start = str(body.get("from") or ctx.repo.default_branch)
        parent = ctx.git.resolve_commitish(start)
    files = _files_arg(body)
    sha = _commit_files(ctx.git, parent, files, str(body.get("message", "Update files")), author)
    if not ctx.git.update_ref(f"refs/heads/{branch}", sha, before):
        raise ApiError(409, f"{branch} moved while pushing; retry")
    branch_moved(ctx, branch, before, sha, author)
    return jsonify({"sha": sha, "before": before, "branch": branch}), 201


@blueprint.post("/repos/<owner>/<name>/check-suites")
def request_check_suite(owner: str, name: str) -> ResponseReturnValue:
    """Send ``check_suite`` (``requested`` or ``rerequested``) for a commit to installed apps."""
    body = _body()
    sender = _user(str(body.get("user") or owner))
    ctx = _repo_ctx(owner, name, sender)
    head_sha = ctx.git.resolve_commitish(str(body.get("head_sha", ctx.repo.default_branch)))
    if head_sha is None:
        raise ApiError(422, "No such commit")
    action = str(body.get("action", "requested"))
    emit(
        ctx,
        "check_suite",
        action,
        sender,
        {
            "check_suite": {
                "id": 0,
                "node_id": node_id("CheckSuite", head_sha),
                "head_sha": head_sha,
                "head_branch": body.get("head_branch"),
                "status": "queued",
                "conclusion": None,
                "before": None,
                "after": head_sha,
                "pull_requests": [],
                "app": None,
                "url": f"{ctx.api}/commits/{head_sha}/check-suites",
            }
        },
    )
    return jsonify({"head_sha": head_sha, "action": action}), 202


@blueprint.post("/repos/<owner>/<name>/pulls/<int:number>/merge")
def merge_pull(owner: str, name: str, number: int) -> ResponseReturnValue:
    """Close a pull request as merged (the branch contents are not merged)."""
    body = request.get_json(force=True, silent=True) or {}
    sender = _user(str(body.get("user") or owner))
    ctx = _repo_ctx(owner, name, sender)
    pull = ctx.session.scalar(
        select(Pull).where(Pull.repository_id == ctx.repo.id, Pull.number == number)
    )
    if pull is None:
        raise ApiError(404, "No such pull request")
    from sandbox.models import utcnow

    pull.state, pull.merged, pull.closed_at = "closed", True, utcnow()
    ctx.session.commit()
    pull_event(ctx, pull, "closed", sender)
    return jsonify({"merged": True})


# -- check runs as a user clicks them ------------------------------------------------------------
def _run_ctx(run_id: int, login: str | None) -> tuple[CheckRun, RepoContext, User]:
    session = db()
    run = session.get(CheckRun, run_id)
    if run is None:
        raise ApiError(404, "No such check run")
    repo = session.get(Repository, run.repository_id)
    assert repo is not None
    owner = session.get(User, repo.owner_id)
    assert owner is not None
    sender = _user(login) if login else owner
    return run, _repo_ctx(owner.login, repo.name, sender), sender


@blueprint.post("/check-runs/<int:run_id>/rerequest")
def rerequest_check_run(run_id: int) -> ResponseReturnValue:
    from sandbox.api_checks import render_run

    run, ctx, sender = _run_ctx(
        run_id, (request.get_json(force=True, silent=True) or {}).get("user")
    )
    emit(ctx, "check_run", "rerequested", sender, {"check_run": render_run(ctx, run)})
    return jsonify({"ok": True}), 202


@blueprint.post("/check-runs/<int:run_id>/requested-action")
def request_check_action(run_id: int) -> ResponseReturnValue:
    from sandbox.api_checks import render_run

    body = _body()
    run, ctx, sender = _run_ctx(run_id, body.get("user"))
    identifier = str(body.get("identifier", ""))
    if identifier not in [a.get("identifier") for a in run.actions]:
        raise ApiError(422, f"The check run offers no action {identifier!r}")
    emit(
        ctx,
        "check_run",
        "requested_action",
        sender,
        {"check_run": render_run(ctx, run), "requested_action": {"identifier": identifier}},
    )
    return jsonify({"ok": True}), 202


# -- deliveries ----------------------------------------------------------------------------------
@blueprint.get("/deliveries")
def list_deliveries() -> ResponseReturnValue:
    query = select(Delivery).order_by(Delivery.id)
    for key in ("event", "action", "guid"):
        if request.args.get(key):
            query = query.where(getattr(Delivery, key) == request.args[key])
    if request.args.get("since_id"):
        query = query.where(Delivery.id > int(request.args["since_id"]))
    rows = db().scalars(query)
    with_payload = request.args.get("payload") in ("1", "true")
    return jsonify([delivery_json(d, with_payload=with_payload) for d in rows])


@blueprint.get("/deliveries/<int:delivery_id>")
def get_delivery(delivery_id: int) -> ResponseReturnValue:
    delivery = db().get(Delivery, delivery_id)
    if delivery is None:
        raise ApiError(404, "No such delivery")
    return jsonify(delivery_json(delivery, with_payload=True))


@blueprint.post("/deliveries/<int:delivery_id>/redeliver")
def redeliver(delivery_id: int) -> ResponseReturnValue:
    delivery = db().get(Delivery, delivery_id)
    if delivery is None:
        raise ApiError(404, "No such delivery")
    again = runtime().webhooks.redeliver(db(), delivery)
    return jsonify(delivery_json(again)), 202


@blueprint.get("/webhooks/idle")
def webhooks_idle() -> ResponseReturnValue:
    return jsonify({"idle": runtime().webhooks.idle()})


# -- request log, faults, limits -----------------------------------------------------------------
@blueprint.get("/requests")
def list_requests() -> ResponseReturnValue:
    return jsonify(runtime().requests.entries())


@blueprint.delete("/requests")
def clear_requests() -> ResponseReturnValue:
    runtime().requests.clear()
    return "", 204


@blueprint.get("/counters")
def counters() -> ResponseReturnValue:
    return jsonify(runtime().requests.counters())


@blueprint.get("/faults")
def list_faults() -> ResponseReturnValue:
    return jsonify(runtime().faults.describe())


@blueprint.post("/faults")
def add_fault() -> ResponseReturnValue:
    try:
        fault = runtime().faults.add(_body())
    except (TypeError, ValueError) as error:
        raise ApiError(422, str(error)) from None
    return jsonify({"id": fault.id}), 201


@blueprint.delete("/faults")
def clear_faults() -> ResponseReturnValue:
    runtime().faults.clear()
    return "", 204


@blueprint.get("/config")
def get_config() -> ResponseReturnValue:
    rt = runtime()
    return jsonify(
        {
            "rate_limit": rt.limiter.limit,
            "rate_limit_window_seconds": rt.limiter.window_seconds,
            "token_ttl_seconds": rt.token_ttl_seconds,
        }
    )


@blueprint.put("/config")
def put_config() -> ResponseReturnValue:
    """Change the primary budget (which also resets every window) or the token lifetime."""
    body = _body()
    rt = runtime()
    if "rate_limit" in body or "rate_limit_window_seconds" in body:
        window = body.get("rate_limit_window_seconds")
        limit = body.get("rate_limit")
        rt.limiter.configure(
            None if limit is None else int(limit), None if window is None else int(window)
        )
    if "token_ttl_seconds" in body:
        rt.token_ttl_seconds = int(body["token_ttl_seconds"])
    return get_config()


def _clock_json() -> ResponseReturnValue:
    clock = runtime().settings.clock
    return jsonify({"now": clock.now(), "offset_seconds": clock.offset})


@blueprint.get("/clock")
def get_clock() -> ResponseReturnValue:
    """The sandbox's time, from which token expiry and rate-limit windows are computed."""
    return _clock_json()


@blueprint.post("/clock")
def advance_clock() -> ResponseReturnValue:
    """Move the sandbox's clock forward by ``advance_seconds``, so tests need not sleep."""
    seconds = _body().get("advance_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise ApiError(422, "advance_seconds must be a number >= 0")
    runtime().settings.clock.advance(float(seconds))
    return _clock_json()


@blueprint.get("/apps/<int:app_id>")
def describe_app(app_id: int) -> ResponseReturnValue:
    app = db().get(App, app_id)
    if app is None:
        raise ApiError(404, "No such app")
    owner = db().get(User, app.owner_id)
    assert owner is not None
    urls = Urls.from_request()
    return jsonify(app_json(app, user_json(owner, urls), urls))
