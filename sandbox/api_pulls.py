"""Pull request endpoints: list, open, read, edit, files (three-dot, paginated) and commits."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import bindparam, select

from sandbox.access import RepoContext, repo_route
from sandbox.errors import not_found, validation_failed
from sandbox.events import pull_event
from sandbox.models import Pull, utcnow
from sandbox.pagination import json_page, page_slice, parse_page
from sandbox.prshapes import base_sha, pull_json
from sandbox.shapes import commit_json, diff_entry_json
from sandbox.store import runtime

blueprint = Blueprint("api_pulls", __name__)

MAX_FILES = 3000
MAX_COMMITS = 250


_PULL_BY_NUMBER = select(Pull).where(
    Pull.repository_id == bindparam("repo"), Pull.number == bindparam("number")
)


def load_pull(ctx: RepoContext, number: int) -> Pull:
    pull = ctx.session.scalar(_PULL_BY_NUMBER, {"repo": ctx.repo.id, "number": number})
    if pull is None:
        raise not_found()
    return pull


@repo_route(blueprint, "/pulls", ["GET"], "pull_requests", "read")
def list_pulls(ctx: RepoContext) -> ResponseReturnValue:
    state = request.args.get("state", "open")
    query = select(Pull).where(Pull.repository_id == ctx.repo.id)
    if state in ("open", "closed"):
        query = query.where(Pull.state == state)
    if request.args.get("head"):
        query = query.where(Pull.head_ref == request.args["head"].split(":", 1)[-1])
    if request.args.get("base"):
        query = query.where(Pull.base_ref == request.args["base"])
    descending = request.args.get("direction", "desc") == "desc"
    query = query.order_by(Pull.number.desc() if descending else Pull.number)
    pulls = list(ctx.session.scalars(query))
    page = parse_page(request.args)
    body = [pull_json(ctx, pull, full=False) for pull in page_slice(pulls, page)]
    return json_page(body, f"{ctx.by_id}/pulls", page, len(pulls))


@repo_route(blueprint, "/pulls", ["POST"], "pull_requests", "write")
def create_pull(ctx: RepoContext) -> ResponseReturnValue:
    body = request.get_json(force=True, silent=True) or {}
    title, head, base = body.get("title"), body.get("head"), body.get("base")
    if not isinstance(title, str) or not title:
        raise validation_failed("PullRequest", "title", "title is missing", "missing_field")
    if not isinstance(head, str) or not isinstance(base, str):
        raise validation_failed(
            "PullRequest", "head", "head and base are required", "missing_field"
        )
    head = head.split(":", 1)[-1]
    head_sha = ctx.git.resolve_ref(f"refs/heads/{head}")
    base_tip = ctx.git.resolve_ref(f"refs/heads/{base}")
    if head_sha is None:
        raise validation_failed("PullRequest", "head", "head is invalid", "invalid")
    if base_tip is None:
        raise validation_failed("PullRequest", "base", "base is invalid", "invalid")
    if head_sha == base_tip or ctx.git.is_ancestor(head_sha, base_tip):
        raise validation_failed("PullRequest", "base", f"No commits between {base} and {head}")
    if ctx.git.merge_base(base_tip, head_sha) is None:
        raise validation_failed(
            "PullRequest", "head", f"The {head} branch has no history in common with {base}"
        )
    existing = ctx.session.scalar(
        select(Pull).where(
            Pull.repository_id == ctx.repo.id,
            Pull.head_ref == head,
            Pull.base_ref == base,
            Pull.state == "open",
        )
    )
    if existing is not None:
        raise validation_failed(
            "PullRequest", "head", f"A pull request already exists for {ctx.owner.login}:{head}."
        )
    actor = ctx.actor()
    pull = Pull(
        repository_id=ctx.repo.id,
        number=ctx.repo.next_number,
        user_id=actor.id,
        title=title,
        body=body.get("body"),
        head_ref=head,
        base_ref=base,
        head_sha=head_sha,
        draft=bool(body.get("draft", False)),
    )
    ctx.repo.next_number += 1
    ctx.session.add(pull)
    ctx.session.commit()
    pull_event(ctx, pull, "opened", actor)
    return jsonify(pull_json(ctx, pull)), 201


@repo_route(blueprint, "/pulls/<int:number>", ["GET"], "pull_requests", "read")
def get_pull(ctx: RepoContext, number: int) -> ResponseReturnValue:
    key = ("pull", ctx.urls.api, ctx.repo.id, number)
    body = runtime().representations.get_or_compute(
        key, lambda: pull_json(ctx, load_pull(ctx, number))
    )
    return jsonify(body)


@repo_route(blueprint, "/pulls/<int:number>", ["PATCH"], "pull_requests", "write")
def update_pull(ctx: RepoContext, number: int) -> ResponseReturnValue:
    pull = load_pull(ctx, number)
    body = request.get_json(force=True, silent=True) or {}
    actions = []
    if isinstance(body.get("title"), str) and body["title"] != pull.title:
        pull.title = body["title"]
        actions.append("edited")
    if "body" in body and body["body"] != pull.body:
        pull.body = body["body"]
        actions.append("edited")
    if isinstance(body.get("base"), str) and body["base"] != pull.base_ref:
        if ctx.git.resolve_ref(f"refs/heads/{body['base']}") is None:
            raise validation_failed("PullRequest", "base", "base is invalid", "invalid")
        pull.base_ref = body["base"]
        actions.append("edited")
    state = body.get("state")
    if state in ("open", "closed") and state != pull.state:
        pull.state = state
        pull.closed_at = utcnow() if state == "closed" else None
        if state == "open":
            pull.head_sha = ctx.git.resolve_ref(f"refs/heads/{pull.head_ref}") or pull.head_sha
        actions.append("closed" if state == "closed" else "reopened")
    elif state is not None and state not in ("open", "closed"):
        raise validation_failed("PullRequest", "state", "state is invalid", "invalid")
    pull.updated_at = utcnow()
    ctx.session.commit()
    actor = ctx.actor()
    for action in dict.fromkeys(actions):
        pull_event(ctx, pull, action, actor)
    return jsonify(pull_json(ctx, pull))


@repo_route(blueprint, "/pulls/<int:number>/files", ["GET"], "pull_requests", "read")
def pull_files(ctx: RepoContext, number: int) -> ResponseReturnValue:
    pull = load_pull(ctx, number)
    base = base_sha(ctx, pull)
    merge_base = ctx.git.merge_base(base, pull.head_sha) or base
    changes = ctx.git.diff(merge_base, pull.head_sha)[:MAX_FILES]
    page = parse_page(request.args)
    body = [
        diff_entry_json(change, pull.head_sha, ctx.api, ctx.html)
        for change in page_slice(changes, page)
    ]
    return json_page(body, f"{ctx.by_id}/pulls/{number}/files", page, len(changes))


@repo_route(blueprint, "/pulls/<int:number>/commits", ["GET"], "pull_requests", "read")
def pull_commits(ctx: RepoContext, number: int) -> ResponseReturnValue:
    pull = load_pull(ctx, number)
    shas = ctx.git.rev_list(base_sha(ctx, pull), pull.head_sha, limit=MAX_COMMITS)
    page = parse_page(request.args)
    body = [
        commit_json(ctx.git.read_commit(sha), ctx.api, ctx.html) for sha in page_slice(shas, page)
    ]
    return json_page(body, f"{ctx.by_id}/pulls/{number}/commits", page, len(shas))
