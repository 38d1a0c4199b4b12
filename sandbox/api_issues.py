"""Issue endpoints on pull requests: comments (65,536-character bodies), reactions and labels."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import delete, select

from sandbox.access import RepoContext, repo_route
from sandbox.api_pulls import load_pull
from sandbox.errors import ApiError, not_found, validation_failed
from sandbox.events import comment_event, pull_event
from sandbox.models import App, Comment, Label, PullLabel, Reaction, User, utcnow
from sandbox.pagination import json_page, page_slice, parse_page
from sandbox.prshapes import issue_json, pull_labels
from sandbox.shapes import (
    REACTION_CONTENTS,
    Json,
    app_json,
    comment_json,
    label_json,
    reaction_json,
    reaction_rollup,
    user_json,
)

blueprint = Blueprint("api_issues", __name__)

MAX_COMMENT_LENGTH = 65_536


def render_comment(ctx: RepoContext, comment: Comment) -> Json:
    author = ctx.session.get(User, comment.user_id)
    assert author is not None
    app = None
    if comment.app_id is not None:
        app_row = ctx.session.get(App, comment.app_id)
        owner = ctx.session.get(User, app_row.owner_id) if app_row else None
        if app_row is not None and owner is not None:
            app = app_json(app_row, user_json(owner, ctx.urls), ctx.urls)
    contents = list(
        ctx.session.scalars(select(Reaction.content).where(Reaction.comment_id == comment.id))
    )
    rollup = reaction_rollup(f"{ctx.api}/issues/comments/{comment.id}/reactions", contents)
    return comment_json(comment, user_json(author, ctx.urls), app, ctx.api, ctx.html, rollup)


def _comment_body() -> str:
    body = (request.get_json(force=True, silent=True) or {}).get("body")
    if not isinstance(body, str) or not body:
        raise validation_failed("IssueComment", "body", "body is missing", "missing_field")
    if len(body) > MAX_COMMENT_LENGTH:
        raise validation_failed(
            "IssueComment", "body", f"body is too long (maximum is {MAX_COMMENT_LENGTH} characters)"
        )
    return body


def load_comment(ctx: RepoContext, comment_id: int) -> Comment:
    comment = ctx.session.get(Comment, comment_id)
    if comment is None or comment.repository_id != ctx.repo.id:
        raise not_found()
    return comment


@repo_route(blueprint, "/issues/<int:number>", ["GET"], "issues", "read")
def get_issue(ctx: RepoContext, number: int) -> ResponseReturnValue:
    return jsonify(issue_json(ctx, load_pull(ctx, number)))


@repo_route(blueprint, "/issues/<int:number>/comments", ["GET"], "issues", "read")
def list_comments(ctx: RepoContext, number: int) -> ResponseReturnValue:
    load_pull(ctx, number)
    comments = list(
        ctx.session.scalars(
            select(Comment)
            .where(Comment.repository_id == ctx.repo.id, Comment.number == number)
            .order_by(Comment.id)
        )
    )
    page = parse_page(request.args)
    return json_page(
        [render_comment(ctx, c) for c in page_slice(comments, page)],
        f"{ctx.by_id}/issues/{number}/comments",
        page,
        len(comments),
    )


@repo_route(blueprint, "/issues/<int:number>/comments", ["POST"], "issues", "write")
def create_comment(ctx: RepoContext, number: int) -> ResponseReturnValue:
    pull = load_pull(ctx, number)
    body = _comment_body()
    actor = ctx.actor()
    comment = Comment(
        repository_id=ctx.repo.id,
        number=number,
        user_id=actor.id,
        body=body,
        app_id=ctx.principal.app_id if ctx.principal.kind == "installation" else None,
    )
    ctx.session.add(comment)
    ctx.session.commit()
    rendered = render_comment(ctx, comment)
    comment_event(ctx, pull, rendered, "created", actor)
    return jsonify(rendered), 201


@repo_route(blueprint, "/issues/comments/<int:comment_id>", ["GET"], "issues", "read")
def get_comment(ctx: RepoContext, comment_id: int) -> ResponseReturnValue:
    return jsonify(render_comment(ctx, load_comment(ctx, comment_id)))


def _may_change(ctx: RepoContext, comment: Comment) -> None:
    actor = ctx.actor()
    if comment.user_id != actor.id and ctx.principal.kind == "user":
        from sandbox.access import user_level
        from sandbox.auth import enough

        if not enough(user_level(ctx.session, actor.id, ctx.repo), "write"):
            raise ApiError(403, "Must have push access to repository")


@repo_route(blueprint, "/issues/comments/<int:comment_id>", ["PATCH"], "issues", "write")
def update_comment(ctx: RepoContext, comment_id: int) -> ResponseReturnValue:
    comment = load_comment(ctx, comment_id)
    _may_change(ctx, comment)
    body = _comment_body()
    previous = comment.body
    comment.body = body
    comment.updated_at = utcnow()
    ctx.session.commit()
    rendered = render_comment(ctx, comment)
    if previous != body:
        comment_event(
            ctx,
            load_pull(ctx, comment.number),
            rendered,
            "edited",
            ctx.actor(),
            changes={"body": {"from": previous}},
        )
    return jsonify(rendered)


@repo_route(blueprint, "/issues/comments/<int:comment_id>", ["DELETE"], "issues", "write")
def delete_comment(ctx: RepoContext, comment_id: int) -> ResponseReturnValue:
    comment = load_comment(ctx, comment_id)
    _may_change(ctx, comment)
    rendered = render_comment(ctx, comment)
    pull = load_pull(ctx, comment.number)
    ctx.session.execute(delete(Reaction).where(Reaction.comment_id == comment.id))
    ctx.session.delete(comment)
    ctx.session.commit()
    comment_event(ctx, pull, rendered, "deleted", ctx.actor())
    return "", 204


@repo_route(blueprint, "/issues/comments/<int:comment_id>/reactions", ["GET"], "issues", "read")
def list_reactions(ctx: RepoContext, comment_id: int) -> ResponseReturnValue:
    comment = load_comment(ctx, comment_id)
    reactions = list(
        ctx.session.scalars(
            select(Reaction).where(Reaction.comment_id == comment.id).order_by(Reaction.id)
        )
    )
    return jsonify([_reaction(ctx, reaction) for reaction in reactions])


def _reaction(ctx: RepoContext, reaction: Reaction) -> Json:
    user = ctx.session.get(User, reaction.user_id)
    assert user is not None
    return reaction_json(reaction, user_json(user, ctx.urls))


@repo_route(blueprint, "/issues/comments/<int:comment_id>/reactions", ["POST"], "issues", "write")
def create_reaction(ctx: RepoContext, comment_id: int) -> ResponseReturnValue:
    comment = load_comment(ctx, comment_id)
    content = (request.get_json(force=True, silent=True) or {}).get("content")
    if content not in REACTION_CONTENTS:
        raise validation_failed(
            "Reaction", "content", "content is not included in the list", "invalid"
        )
    actor = ctx.actor()
    existing = ctx.session.scalar(
        select(Reaction).where(
            Reaction.comment_id == comment.id,
            Reaction.user_id == actor.id,
            Reaction.content == content,
        )
    )
    if existing is not None:
        return jsonify(_reaction(ctx, existing)), 200
    reaction = Reaction(comment_id=comment.id, user_id=actor.id, content=content)
    ctx.session.add(reaction)
    ctx.session.commit()
    return jsonify(_reaction(ctx, reaction)), 201


# -- labels --------------------------------------------------------------------------------------
@repo_route(blueprint, "/labels", ["GET"], "issues", "read")
def list_repo_labels(ctx: RepoContext) -> ResponseReturnValue:
    labels = ctx.session.scalars(
        select(Label).where(Label.repository_id == ctx.repo.id).order_by(Label.name)
    )
    return jsonify([label_json(label, ctx.api) for label in labels])


def _label(ctx: RepoContext, name: str, create: bool) -> Label | None:
    label = ctx.session.scalar(
        select(Label).where(Label.repository_id == ctx.repo.id, Label.name == name)
    )
    if label is None and create:
        label = Label(repository_id=ctx.repo.id, name=name)
        ctx.session.add(label)
        ctx.session.flush()
    return label


@repo_route(blueprint, "/issues/<int:number>/labels", ["GET"], "issues", "read")
def list_labels(ctx: RepoContext, number: int) -> ResponseReturnValue:
    pull = load_pull(ctx, number)
    return jsonify([label_json(label, ctx.api) for label in pull_labels(ctx, pull)])


def _label_names() -> list[str]:
    body = request.get_json(force=True, silent=True)
    names = body.get("labels") if isinstance(body, dict) else body
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise validation_failed("Label", "labels", "labels must be a list of names", "invalid")
    return list(dict.fromkeys(names))


@repo_route(blueprint, "/issues/<int:number>/labels", ["POST", "PUT"], "issues", "write")
def add_labels(ctx: RepoContext, number: int) -> ResponseReturnValue:
    pull = load_pull(ctx, number)
    names = _label_names()
    if request.method == "PUT":
        ctx.session.execute(delete(PullLabel).where(PullLabel.pull_id == pull.id))
    current = {label.id for label in pull_labels(ctx, pull)} if request.method == "POST" else set()
    added = []
    for name in names:
        label = _label(ctx, name, create=True)
        assert label is not None
        if label.id not in current:
            ctx.session.add(PullLabel(pull_id=pull.id, label_id=label.id))
            added.append(label)
    ctx.session.commit()
    actor = ctx.actor()
    for label in added:
        pull_event(ctx, pull, "labeled", actor, {"label": label_json(label, ctx.api)})
    return jsonify([label_json(label, ctx.api) for label in pull_labels(ctx, pull)])


@repo_route(blueprint, "/issues/<int:number>/labels/<path:name>", ["DELETE"], "issues", "write")
def remove_label(ctx: RepoContext, number: int, name: str) -> ResponseReturnValue:
    pull = load_pull(ctx, number)
    label = _label(ctx, name, create=False)
    if label is None or ctx.session.get(PullLabel, (pull.id, label.id)) is None:
        raise ApiError(404, "Label does not exist")
    ctx.session.execute(
        delete(PullLabel).where(PullLabel.pull_id == pull.id, PullLabel.label_id == label.id)
    )
    ctx.session.commit()
    pull_event(ctx, pull, "unlabeled", ctx.actor(), {"label": label_json(label, ctx.api)})
    return jsonify([label_json(item, ctx.api) for item in pull_labels(ctx, pull)])
