"""Pull request and issue representations, which need the repository's git state."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from sandbox.access import RepoContext
from sandbox.models import Comment, Label, Pull, PullLabel, User
from sandbox.shapes import Json, iso, label_json, node_id, reaction_rollup, user_json

_LABELS_OF_PULL = (
    select(Label)
    .join(PullLabel, PullLabel.label_id == Label.id)
    .where(PullLabel.pull_id == bindparam("pull"))
    .order_by(Label.name)
)
_COMMENT_COUNT = select(func.count(Comment.id)).where(
    Comment.repository_id == bindparam("repo"), Comment.number == bindparam("number")
)


def pull_labels(ctx: RepoContext, pull: Pull) -> list[Label]:
    return list(ctx.session.scalars(_LABELS_OF_PULL, {"pull": pull.id}))


def comment_count(ctx: RepoContext, number: int) -> int:
    return ctx.session.scalar(_COMMENT_COUNT, {"repo": ctx.repo.id, "number": number}) or 0


def base_sha(ctx: RepoContext, pull: Pull) -> str:
    return ctx.git.resolve_ref(f"refs/heads/{pull.base_ref}") or pull.head_sha


def _author(ctx: RepoContext, user_id: int) -> User:
    if user_id == ctx.owner.id:
        return ctx.owner
    author = ctx.session.get(User, user_id)
    assert author is not None
    return author


def pull_json(ctx: RepoContext, pull: Pull, *, full: bool = True) -> Json:
    author = _author(ctx, pull.user_id)
    author_json = user_json(author, ctx.urls)
    owner_json = ctx.json()["owner"]
    api, html, number = ctx.api, ctx.html, pull.number
    base = base_sha(ctx, pull)
    links = {
        "self": f"{api}/pulls/{number}",
        "html": f"{html}/pull/{number}",
        "issue": f"{api}/issues/{number}",
        "comments": f"{api}/issues/{number}/comments",
        "review_comments": f"{api}/pulls/{number}/comments",
        "review_comment": f"{api}/pulls/comments{{/number}}",
        "commits": f"{api}/pulls/{number}/commits",
        "statuses": f"{api}/statuses/{pull.head_sha}",
    }
    body: Json = {
        "url": links["self"],
        "id": pull.id,
        "node_id": node_id("PullRequest", pull.id),
        "html_url": links["html"],
        "diff_url": f"{html}/pull/{number}.diff",
        "patch_url": f"{html}/pull/{number}.patch",
        "issue_url": links["issue"],
        "commits_url": links["commits"],
        "review_comments_url": links["review_comments"],
        "review_comment_url": links["review_comment"],
        "comments_url": links["comments"],
        "statuses_url": links["statuses"],
        "number": number,
        "state": pull.state,
        "locked": False,
        "title": pull.title,
        "user": author_json,
        "body": pull.body,
        "labels": [label_json(label, api) for label in pull_labels(ctx, pull)],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": iso(pull.created_at),
        "updated_at": iso(pull.updated_at),
        "closed_at": iso(pull.closed_at),
        "merged_at": iso(pull.closed_at) if pull.merged else None,
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": {
            "label": f"{ctx.owner.login}:{pull.head_ref}",
            "ref": pull.head_ref,
            "sha": pull.head_sha,
            "user": owner_json,
            "repo": ctx.json(),
        },
        "base": {
            "label": f"{ctx.owner.login}:{pull.base_ref}",
            "ref": pull.base_ref,
            "sha": base,
            "user": owner_json,
            "repo": ctx.json(),
        },
        "_links": {key: {"href": value} for key, value in links.items()},
        "author_association": "OWNER" if author.id == ctx.owner.id else "CONTRIBUTOR",
        "auto_merge": None,
        "draft": pull.draft,
    }
    if full:
        body.update(_pull_stats(ctx, pull, base))
    return body


def _pull_stats(ctx: RepoContext, pull: Pull, base: str) -> Json:
    merge_base = ctx.git.merge_base(base, pull.head_sha) or base
    changes = ctx.git.diff(merge_base, pull.head_sha)
    return {
        "merged": pull.merged,
        "mergeable": None,
        "rebaseable": None,
        "mergeable_state": "unknown",
        "merged_by": None,
        "comments": comment_count(ctx, pull.number),
        "review_comments": 0,
        "maintainer_can_modify": False,
        "commits": len(ctx.git.rev_list(base, pull.head_sha, limit=10_000)),
        "additions": sum(change.additions for change in changes),
        "deletions": sum(change.deletions for change in changes),
        "changed_files": len(changes),
    }


def issue_json(ctx: RepoContext, pull: Pull) -> Json:
    """The issue side of a pull request (``GET /issues/{n}``, ``issue`` in webhooks)."""
    author = _author(ctx, pull.user_id)
    api, html, number = ctx.api, ctx.html, pull.number
    return {
        "id": pull.id,
        "node_id": node_id("Issue", pull.id),
        "url": f"{api}/issues/{number}",
        "repository_url": api,
        "labels_url": f"{api}/issues/{number}/labels{{/name}}",
        "comments_url": f"{api}/issues/{number}/comments",
        "events_url": f"{api}/issues/{number}/events",
        "html_url": f"{html}/pull/{number}",
        "number": number,
        "state": pull.state,
        "state_reason": None,
        "title": pull.title,
        "body": pull.body,
        "user": user_json(author, ctx.urls),
        "labels": [label_json(label, api) for label in pull_labels(ctx, pull)],
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "locked": False,
        "active_lock_reason": None,
        "comments": comment_count(ctx, number),
        "pull_request": {
            "url": f"{api}/pulls/{number}",
            "html_url": f"{html}/pull/{number}",
            "diff_url": f"{html}/pull/{number}.diff",
            "patch_url": f"{html}/pull/{number}.patch",
            "merged_at": iso(pull.closed_at) if pull.merged else None,
        },
        "closed_at": iso(pull.closed_at),
        "created_at": iso(pull.created_at),
        "updated_at": iso(pull.updated_at),
        "draft": pull.draft,
        "author_association": "OWNER" if author.id == ctx.owner.id else "CONTRIBUTOR",
        "reactions": reaction_rollup(f"{api}/issues/{number}/reactions", []),
        "timeline_url": f"{api}/issues/{number}/timeline",
        "performed_via_github_app": None,
    }
