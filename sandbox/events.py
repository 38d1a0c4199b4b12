"""What happens when state changes: branch moves update pull requests, and webhooks are queued."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sandbox.access import RepoContext
from sandbox.gitrepo import ZERO_SHA
from sandbox.models import Pull, User, utcnow
from sandbox.prshapes import issue_json, pull_json
from sandbox.shapes import Json, git_person, user_json
from sandbox.store import runtime


def emit(
    ctx: RepoContext, event: str, action: str | None, sender: User, payload: dict[str, Any]
) -> None:
    body = {**payload, "repository": ctx.json(), "sender": user_json(sender, ctx.urls)}
    runtime().webhooks.emit(ctx.session, ctx.repo, event, action, body)


def pull_event(
    ctx: RepoContext, pull: Pull, action: str, sender: User, extra: Json | None = None
) -> None:
    payload = {"number": pull.number, "pull_request": pull_json(ctx, pull), **(extra or {})}
    emit(ctx, "pull_request", action, sender, payload)


def comment_event(
    ctx: RepoContext,
    pull: Pull,
    comment: Json,
    action: str,
    sender: User,
    changes: Json | None = None,
) -> None:
    payload: Json = {"issue": issue_json(ctx, pull), "comment": comment}
    if changes is not None:
        payload["changes"] = changes
    emit(ctx, "issue_comment", action, sender, payload)


def branch_moved(
    ctx: RepoContext,
    branch: str,
    before: str | None,
    after: str | None,
    sender: User,
    *,
    forced: bool = False,
) -> None:
    """Record a branch move: ``push``, then ``synchronize`` for open pull requests on it."""
    ctx.repo.pushed_at = utcnow()
    pulls = list(
        ctx.session.scalars(
            select(Pull).where(
                Pull.repository_id == ctx.repo.id, Pull.head_ref == branch, Pull.state == "open"
            )
        )
    )
    if after:
        for pull in pulls:
            pull.head_sha = after
            pull.updated_at = utcnow()
    ctx.session.commit()
    emit(ctx, "push", None, sender, push_payload(ctx, branch, before, after, sender, forced))
    if after:
        for pull in pulls:
            pull_event(
                ctx, pull, "synchronize", sender, {"before": before or ZERO_SHA, "after": after}
            )


def push_payload(
    ctx: RepoContext, branch: str, before: str | None, after: str | None, sender: User, forced: bool
) -> Json:
    commits = []
    if after:
        for sha in ctx.git.rev_list(before, after, limit=20):
            info = ctx.git.read_commit(sha)
            commits.append(
                {
                    "id": sha,
                    "tree_id": info.tree,
                    "distinct": True,
                    "message": info.message,
                    "timestamp": git_person(info.committer)["date"],
                    "url": f"{ctx.html}/commit/{sha}",
                    "author": git_person(info.author),
                    "committer": git_person(info.committer),
                    "added": [],
                    "removed": [],
                    "modified": [],
                }
            )
    return {
        "ref": f"refs/heads/{branch}",
        "before": before or ZERO_SHA,
        "after": after or ZERO_SHA,
        "created": before is None,
        "deleted": after is None,
        "forced": forced,
        "base_ref": None,
        "compare": f"{ctx.html}/compare/{(before or ZERO_SHA)[:12]}...",
        "commits": commits,
        "head_commit": commits[-1] if commits else None,
        "pusher": {"name": sender.login, "email": None},
    }
