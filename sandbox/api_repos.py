"""Repository endpoints: the repository, collaborator permission, contents and compare."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from sandbox.access import RepoContext, repo_route, require_nonempty, user_level
from sandbox.errors import ApiError, not_found
from sandbox.gitrepo import EMPTY_TREE
from sandbox.models import User
from sandbox.pagination import json_page, link_header, page_slice, parse_page
from sandbox.shapes import (
    commit_json,
    content_entry_json,
    diff_entry_json,
    encode_base64,
    user_json,
)

blueprint = Blueprint("api_repos", __name__)

MAX_INLINE_CONTENT = 1024 * 1024  # larger files come back with encoding "none"
ROLE_NAMES = {"admin": "admin", "write": "write", "read": "read", "none": "none"}


@repo_route(blueprint, "", ["GET"], "metadata", "read")
def get_repository(ctx: RepoContext) -> ResponseReturnValue:
    body = dict(ctx.json())
    body["permissions"] = {
        "admin": False,
        "maintain": False,
        "push": False,
        "triage": False,
        "pull": True,
    }
    return jsonify(body)


@repo_route(blueprint, "/collaborators/<username>/permission", ["GET"], "metadata", "read")
def collaborator_permission(ctx: RepoContext, username: str) -> ResponseReturnValue:
    user = ctx.session.scalar(select(User).where(User.login == username))
    if user is None:
        raise ApiError(404, f"{username} is not a user")
    level = user_level(ctx.session, user.id, ctx.repo)
    permission = "read" if level == "none" and not ctx.repo.private else level
    return jsonify(
        {
            "permission": permission,
            "role_name": ROLE_NAMES[permission],
            "user": {
                **user_json(user, ctx.urls),
                "permissions": {
                    "admin": permission == "admin",
                    "maintain": permission == "admin",
                    "push": permission in ("admin", "write"),
                    "triage": permission in ("admin", "write"),
                    "pull": permission != "none",
                },
            },
        }
    )


def _resolve_ref_arg(ctx: RepoContext) -> tuple[str, str]:
    ref = request.args.get("ref") or ctx.repo.default_branch
    sha = ctx.git.resolve_commitish(ref)
    if sha is None:
        raise ApiError(404, f"No commit found for the ref {ref}")
    return ref, sha


@repo_route(blueprint, "/contents/", ["GET"], "contents", "read")
def get_root_contents(ctx: RepoContext) -> ResponseReturnValue:
    return _contents(ctx, "")


@repo_route(blueprint, "/contents/<path:path>", ["GET"], "contents", "read")
def get_contents(ctx: RepoContext, path: str) -> ResponseReturnValue:
    return _contents(ctx, path)


def _contents(ctx: RepoContext, path: str) -> ResponseReturnValue:
    if ctx.git.is_empty():
        raise ApiError(404, "This repository is empty.")
    ref, sha = _resolve_ref_arg(ctx)
    path = path.strip("/")
    if not path:
        entries = ctx.git.ls_tree(sha)
        return jsonify([content_entry_json(e, ref, ctx.api, ctx.html) for e in entries])
    found = ctx.git.ls_tree(sha, path=path)
    entry = next((e for e in found if e.path == path), None)
    if entry is None:
        raise not_found()
    if entry.type == "tree":
        children = ctx.git.ls_tree(f"{sha}:{path}")
        listing = []
        for child in children:
            child = type(child)(
                child.mode, child.type, child.sha, child.size, f"{path}/{child.path}"
            )
            listing.append(content_entry_json(child, ref, ctx.api, ctx.html))
        return jsonify(listing)
    body = content_entry_json(entry, ref, ctx.api, ctx.html)
    if entry.size is not None and entry.size > MAX_INLINE_CONTENT:
        body.update({"content": "", "encoding": "none"})
    else:
        body.update({"content": encode_base64(ctx.git.read_blob(entry.sha)), "encoding": "base64"})
    return jsonify(body)


@repo_route(blueprint, "/compare/<path:basehead>", ["GET"], "contents", "read")
def compare(ctx: RepoContext, basehead: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    if "..." not in basehead:
        raise not_found()
    base_name, head_name = basehead.split("...", 1)
    base = ctx.git.resolve_commitish(base_name)
    head = ctx.git.resolve_commitish(head_name)
    if base is None or head is None:
        raise ApiError(404, f"No common ancestor between {base_name} and {head_name}.")
    merge_base = ctx.git.merge_base(base, head)
    if merge_base is None:
        raise ApiError(404, f"No common ancestor between {base_name} and {head_name}.")
    ahead, behind = ctx.git.ahead_behind(base, head)
    status = (
        "identical"
        if ahead == behind == 0
        else "ahead"
        if behind == 0
        else "behind"
        if ahead == 0
        else "diverged"
    )
    commits = [
        commit_json(ctx.git.read_commit(sha), ctx.api, ctx.html)
        for sha in ctx.git.rev_list(merge_base, head)
    ]
    changes = ctx.git.diff(merge_base, head)
    page = parse_page(request.args)
    files = [
        diff_entry_json(change, head, ctx.api, ctx.html)
        for change in page_slice(changes[:300], page)
    ]
    body = {
        "url": f"{ctx.api}/compare/{basehead}",
        "html_url": f"{ctx.html}/compare/{basehead}",
        "permalink_url": f"{ctx.html}/compare/{ctx.owner.login}:{base}...{ctx.owner.login}:{head}",
        "diff_url": f"{ctx.html}/compare/{basehead}.diff",
        "patch_url": f"{ctx.html}/compare/{basehead}.patch",
        "base_commit": commit_json(ctx.git.read_commit(base), ctx.api, ctx.html),
        "merge_base_commit": commit_json(ctx.git.read_commit(merge_base), ctx.api, ctx.html),
        "status": status,
        "ahead_by": ahead,
        "behind_by": behind,
        "total_commits": ahead,
        "commits": commits,
        "files": files,
    }
    response = jsonify(body)
    if "page" in request.args or "per_page" in request.args:
        link = link_header(
            f"{ctx.by_id}/compare/{basehead}",
            list(request.args.items(multi=True)),
            page,
            min(len(changes), 300),
        )
        if link:
            response.headers["Link"] = link
    return response


@repo_route(blueprint, "/commits/<path:ref>", ["GET"], "contents", "read")
def get_commit(ctx: RepoContext, ref: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    sha = ctx.git.resolve_commitish(ref)
    if sha is None:
        raise ApiError(422, f"No commit found for SHA: {ref}")
    info = ctx.git.read_commit(sha)
    changes = ctx.git.diff(info.parents[0] if info.parents else EMPTY_TREE, sha)
    page = parse_page(request.args)
    body = commit_json(info, ctx.api, ctx.html)
    additions = sum(change.additions for change in changes)
    deletions = sum(change.deletions for change in changes)
    body["stats"] = {"total": additions + deletions, "additions": additions, "deletions": deletions}
    body["files"] = [
        diff_entry_json(change, sha, ctx.api, ctx.html)
        for change in page_slice(list(changes), page)
    ]
    return json_page(body, f"{ctx.by_id}/commits/{sha}", page, len(changes))


@repo_route(blueprint, "/branches", ["GET"], "contents", "read")
def list_branches(ctx: RepoContext) -> ResponseReturnValue:
    branches = [
        (ref.removeprefix("refs/heads/"), sha) for ref, sha in ctx.git.list_refs("refs/heads/")
    ]
    page = parse_page(request.args)
    body = [
        {
            "name": name,
            "commit": {"sha": sha, "url": f"{ctx.api}/commits/{sha}"},
            "protected": False,
        }
        for name, sha in page_slice(branches, page)
    ]
    return json_page(body, f"{ctx.by_id}/branches", page, len(branches))


@repo_route(blueprint, "/branches/<path:branch>", ["GET"], "contents", "read")
def get_branch(ctx: RepoContext, branch: str) -> ResponseReturnValue:
    sha = ctx.git.resolve_ref(f"refs/heads/{branch}")
    if sha is None:
        raise ApiError(404, "Branch not found")
    url = f"{ctx.api}/branches/{branch}"
    return jsonify(
        {
            "name": branch,
            "commit": commit_json(ctx.git.read_commit(sha), ctx.api, ctx.html),
            "_links": {"self": url, "html": f"{ctx.html}/tree/{branch}"},
            "protected": False,
            "protection": {
                "enabled": False,
                "required_status_checks": {
                    "enforcement_level": "off",
                    "contexts": [],
                    "checks": [],
                },
            },
            "protection_url": f"{url}/protection",
        }
    )
