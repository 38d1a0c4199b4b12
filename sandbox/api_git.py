"""The Git Data API: blobs, trees, commits and refs (atomic, fast-forward-only unless forced)."""

from __future__ import annotations

import base64
import binascii
import time
from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from sandbox.access import RepoContext, repo_route, require_nonempty
from sandbox.errors import ApiError, not_found, validation_failed
from sandbox.events import branch_moved
from sandbox.gitrepo import Person, TreeChange, is_sha, safe_ref_name
from sandbox.models import User
from sandbox.shapes import blob_json, git_commit_json, ref_json, tree_json

blueprint = Blueprint("api_git", __name__)

TREE_MODES = {
    "100644": "blob",
    "100755": "blob",
    "120000": "blob",
    "040000": "tree",
    "160000": "commit",
}


def _json_body() -> dict[str, Any]:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Problems parsing JSON")
    return body


# -- blobs ---------------------------------------------------------------------------------------
@repo_route(blueprint, "/git/blobs", ["POST"], "contents", "write")
def create_blob(ctx: RepoContext) -> ResponseReturnValue:
    body = _json_body()
    content = body.get("content")
    if not isinstance(content, str):
        raise validation_failed("Blob", "content", "content is missing", code="missing_field")
    encoding = body.get("encoding", "utf-8")
    if encoding == "base64":
        try:
            data = base64.b64decode(content)
        except binascii.Error:
            raise validation_failed("Blob", "content", "content is not valid Base64") from None
    elif encoding in ("utf-8", "utf8"):
        data = content.encode()
    else:
        raise validation_failed("Blob", "encoding", f"encoding {encoding} is not supported")
    (sha,) = ctx.git.hash_blobs([data])
    return jsonify({"sha": sha, "url": f"{ctx.api}/git/blobs/{sha}"}), 201


@repo_route(blueprint, "/git/blobs/<sha>", ["GET"], "contents", "read")
def get_blob(ctx: RepoContext, sha: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    if ctx.git.object_type(sha) != "blob":
        raise not_found()
    return jsonify(blob_json(sha, ctx.git.read_blob(sha), ctx.api))


# -- trees ---------------------------------------------------------------------------------------
@repo_route(blueprint, "/git/trees/<path:tree_ish>", ["GET"], "contents", "read")
def get_tree(ctx: RepoContext, tree_ish: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    tree_sha = _tree_of(ctx, tree_ish)
    if tree_sha is None:
        raise not_found()
    recursive = "recursive" in request.args
    entries = ctx.git.ls_tree(tree_sha, recursive=recursive)
    return jsonify(tree_json(tree_sha, entries, ctx.api))


def _tree_of(ctx: RepoContext, tree_ish: str) -> str | None:
    kind = ctx.git.object_type(tree_ish) if is_sha(tree_ish) else None
    if kind == "tree":
        return tree_ish
    commit = tree_ish if kind == "commit" else ctx.git.resolve_commitish(tree_ish)
    return ctx.git.read_commit(commit).tree if commit else None


@repo_route(blueprint, "/git/trees", ["POST"], "contents", "write")
def create_tree(ctx: RepoContext) -> ResponseReturnValue:
    body = _json_body()
    entries = body.get("tree")
    if not isinstance(entries, list):
        raise validation_failed("Tree", "tree", "tree is missing", code="missing_field")
    base_tree = body.get("base_tree")
    if base_tree is not None:
        base_tree = _tree_of(ctx, str(base_tree))
        if base_tree is None:
            raise validation_failed("Tree", "base_tree", "base_tree is not a valid tree oid")
    changes = _tree_changes(ctx, entries)
    sha = ctx.git.write_tree(base_tree, changes)
    return jsonify(tree_json(sha, ctx.git.ls_tree(sha), ctx.api)), 201


def _tree_changes(ctx: RepoContext, entries: list[Any]) -> list[TreeChange]:
    inline: list[tuple[int, bytes]] = []
    partial: list[tuple[str, str, str, str | None]] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise validation_failed("Tree", f"tree[{index}].path", "path is missing")
        path, mode = entry["path"].strip("/"), str(entry.get("mode", "100644"))
        if mode not in TREE_MODES or not path or ".." in path.split("/"):
            raise ApiError(422, f"tree.path or tree.mode is invalid for entry {index}")
        kind = entry.get("type", TREE_MODES[mode])
        if "content" in entry and entry.get("sha") is not None:
            raise ApiError(422, "Only one of 'content' or 'sha' may be provided")
        if "content" in entry:
            inline.append((index, str(entry["content"]).encode()))
            partial.append((path, mode, kind, None))
        elif "sha" in entry:
            sha = entry["sha"]
            if sha is not None and ctx.git.object_type(str(sha)) != kind:
                raise ApiError(422, f"tree.sha {sha} is not a valid {kind}")
            partial.append((path, mode, kind, sha))
        else:
            raise ApiError(422, "Must supply either tree.sha or tree.content")
    shas = dict(
        zip([i for i, _ in inline], ctx.git.hash_blobs([c for _, c in inline]), strict=True)
    )
    return [
        TreeChange(path, mode, shas.get(index, sha), kind)
        for index, (path, mode, kind, sha) in enumerate(partial)
    ]


# -- commits -------------------------------------------------------------------------------------
@repo_route(blueprint, "/git/commits/<sha>", ["GET"], "contents", "read")
def get_commit(ctx: RepoContext, sha: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    if ctx.git.object_type(sha) != "commit":
        raise not_found()
    return jsonify(git_commit_json(ctx.git.read_commit(sha), ctx.api, ctx.html))


@repo_route(blueprint, "/git/commits", ["POST"], "contents", "write")
def create_commit(ctx: RepoContext) -> ResponseReturnValue:
    body = _json_body()
    message, tree = body.get("message"), body.get("tree")
    if not isinstance(message, str):
        raise validation_failed("Commit", "message", "message is missing", "missing_field")
    if not isinstance(tree, str) or ctx.git.object_type(tree) != "tree":
        raise ApiError(422, "Tree SHA does not exist")
    parents = body.get("parents", [])
    if not isinstance(parents, list) or any(
        ctx.git.object_type(str(parent)) != "commit" for parent in parents
    ):
        raise ApiError(422, "Parent SHA does not exist or is not a commit object")
    actor = ctx.actor()
    author = _person(body.get("author"), actor)
    committer = _person(body.get("committer"), actor) if body.get("committer") else author
    sha = ctx.git.commit_tree(tree, [str(p) for p in parents], message, author, committer)
    return jsonify(git_commit_json(ctx.git.read_commit(sha), ctx.api, ctx.html)), 201


def _person(data: Any, actor: User) -> Person:
    if not isinstance(data, dict):
        email = f"{actor.id}+{actor.login}@users.noreply.github.com"
        return Person(actor.login, email, int(time.time()))
    timestamp = int(time.time())
    if data.get("date"):
        try:
            timestamp = int(datetime.fromisoformat(str(data["date"])).timestamp())
        except ValueError:
            raise validation_failed("Commit", "author.date", "date is invalid") from None
    return Person(str(data.get("name", actor.login)), str(data.get("email", "")), timestamp)


# -- refs ----------------------------------------------------------------------------------------
def _full_ref(ref: str) -> str:
    ref = ref.strip("/")
    return ref if ref.startswith("refs/") else f"refs/{ref}"


@repo_route(blueprint, "/git/ref/<path:ref>", ["GET"], "contents", "read")
def get_ref(ctx: RepoContext, ref: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    full = _full_ref(ref)
    sha = ctx.git.resolve_ref(full)
    if sha is None:
        raise not_found()
    return jsonify(ref_json(full, sha, ctx.api))


@repo_route(blueprint, "/git/refs", ["GET"], "contents", "read")
def list_refs(ctx: RepoContext) -> ResponseReturnValue:
    require_nonempty(ctx)
    return jsonify([ref_json(name, sha, ctx.api) for name, sha in ctx.git.list_refs()])


@repo_route(blueprint, "/git/matching-refs/<path:prefix>", ["GET"], "contents", "read")
def matching_refs(ctx: RepoContext, prefix: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    full = _full_ref(prefix)
    return jsonify(
        [ref_json(name, sha, ctx.api) for name, sha in ctx.git.list_refs() if name.startswith(full)]
    )


@repo_route(blueprint, "/git/refs/<path:ref>", ["GET"], "contents", "read")
def get_refs_prefix(ctx: RepoContext, ref: str) -> ResponseReturnValue:
    require_nonempty(ctx)
    full = _full_ref(ref)
    sha = ctx.git.resolve_ref(full)
    if sha is not None:
        return jsonify(ref_json(full, sha, ctx.api))
    matches = [ref_json(n, s, ctx.api) for n, s in ctx.git.list_refs() if n.startswith(full)]
    if not matches:
        raise not_found()
    return jsonify(matches)


@repo_route(blueprint, "/git/refs", ["POST"], "contents", "write")
def create_ref(ctx: RepoContext) -> ResponseReturnValue:
    body = _json_body()
    ref, sha = body.get("ref"), body.get("sha")
    if (
        not isinstance(ref, str)
        or not ref.startswith("refs/")
        or ref.count("/") < 2
        or not safe_ref_name(ref)
    ):
        raise ApiError(422, "Reference name is not well formed")
    if not isinstance(sha, str) or ctx.git.object_type(sha) != "commit":
        raise ApiError(422, "Object does not exist")
    if not ctx.git.update_ref(ref, sha, None):
        raise ApiError(422, "Reference already exists")
    if ref.startswith("refs/heads/"):
        branch_moved(ctx, ref.removeprefix("refs/heads/"), None, sha, ctx.actor())
    return jsonify(ref_json(ref, sha, ctx.api)), 201


@repo_route(blueprint, "/git/refs/<path:ref>", ["PATCH"], "contents", "write")
def update_ref(ctx: RepoContext, ref: str) -> ResponseReturnValue:
    body = _json_body()
    full = _full_ref(ref)
    sha, force = body.get("sha"), bool(body.get("force", False))
    old = ctx.git.resolve_ref(full)
    if old is None:
        raise ApiError(422, "Reference does not exist")
    if not isinstance(sha, str) or ctx.git.object_type(sha) != "commit":
        raise ApiError(422, "Object does not exist")
    while True:
        if not force and not ctx.git.is_ancestor(old, sha):
            raise ApiError(422, "Update is not a fast forward")
        if ctx.git.update_ref(full, sha, old):
            break
        # Someone moved the ref between our read and our swap: decide again on its new value.
        current = ctx.git.resolve_ref(full)
        if current is None:
            raise ApiError(422, "Reference does not exist")
        old = current
    if full.startswith("refs/heads/") and old != sha:
        forced = force and not ctx.git.is_ancestor(old, sha)
        branch_moved(ctx, full.removeprefix("refs/heads/"), old, sha, ctx.actor(), forced=forced)
    return jsonify(ref_json(full, sha, ctx.api))


@repo_route(blueprint, "/git/refs/<path:ref>", ["DELETE"], "contents", "write")
def delete_ref(ctx: RepoContext, ref: str) -> ResponseReturnValue:
    full = _full_ref(ref)
    old = ctx.git.resolve_ref(full)
    if old is None or not ctx.git.delete_ref(full, old):
        raise ApiError(422, "Reference does not exist")
    if full.startswith("refs/heads/"):
        branch_moved(ctx, full.removeprefix("refs/heads/"), old, None, ctx.actor())
    return "", 204
