"""JSON representations of the sandbox's objects, shaped as GitHub's REST API returns them."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from sandbox.gitrepo import CommitInfo, FileChange, Person, TreeEntry
from sandbox.models import (
    App,
    CheckRun,
    CheckSuite,
    Comment,
    Installation,
    Label,
    Reaction,
    Repository,
    User,
)
from sandbox.urls import Urls, quote_path

Json = dict[str, Any]


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def iso_epoch(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None).isoformat() + "Z"


def node_id(kind: str, ident: int | str) -> str:
    return base64.b64encode(f"0:{kind}{ident}".encode()).decode().rstrip("=")


def user_json(user: User, urls: Urls) -> Json:
    api = urls.user(user.login)
    return {
        "login": user.login,
        "id": user.id,
        "node_id": node_id(user.kind, user.id),
        "avatar_url": f"{urls.web}/avatars/{user.login}",
        "gravatar_id": "",
        "url": api,
        "html_url": urls.user_html(user.login),
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": user.kind,
        "user_view_type": "public",
        "site_admin": False,
    }


def public_user_json(user: User, urls: Urls) -> Json:
    return {
        **user_json(user, urls),
        "name": user.login,
        "company": None,
        "blog": "",
        "location": None,
        "email": None,
        "hireable": None,
        "bio": None,
        "twitter_username": None,
        "public_repos": 0,
        "public_gists": 0,
        "followers": 0,
        "following": 0,
        "created_at": iso(user.created_at),
        "updated_at": iso(user.created_at),
    }


def repo_json(repo: Repository, owner: User, urls: Urls) -> Json:
    full = f"{owner.login}/{repo.name}"
    api = urls.repo(full)
    html = urls.repo_html(full)
    templated = {
        "forks_url": "/forks",
        "keys_url": "/keys{/key_id}",
        "collaborators_url": "/collaborators{/collaborator}",
        "teams_url": "/teams",
        "hooks_url": "/hooks",
        "issue_events_url": "/issues/events{/number}",
        "events_url": "/events",
        "assignees_url": "/assignees{/user}",
        "branches_url": "/branches{/branch}",
        "tags_url": "/tags",
        "blobs_url": "/git/blobs{/sha}",
        "git_tags_url": "/git/tags{/sha}",
        "git_refs_url": "/git/refs{/sha}",
        "trees_url": "/git/trees{/sha}",
        "statuses_url": "/statuses/{sha}",
        "languages_url": "/languages",
        "stargazers_url": "/stargazers",
        "contributors_url": "/contributors",
        "subscribers_url": "/subscribers",
        "subscription_url": "/subscription",
        "commits_url": "/commits{/sha}",
        "git_commits_url": "/git/commits{/sha}",
        "comments_url": "/comments{/number}",
        "issue_comment_url": "/issues/comments{/number}",
        "contents_url": "/contents/{+path}",
        "compare_url": "/compare/{base}...{head}",
        "merges_url": "/merges",
        "archive_url": "/{archive_format}{/ref}",
        "downloads_url": "/downloads",
        "issues_url": "/issues{/number}",
        "pulls_url": "/pulls{/number}",
        "milestones_url": "/milestones{/number}",
        "notifications_url": "/notifications{?since,all,participating}",
        "labels_url": "/labels{/name}",
        "releases_url": "/releases{/id}",
        "deployments_url": "/deployments",
    }
    body: Json = {
        "id": repo.id,
        "node_id": node_id("Repository", repo.id),
        "name": repo.name,
        "full_name": full,
        "private": repo.private,
        "owner": user_json(owner, urls),
        "html_url": html,
        "description": repo.description,
        "fork": False,
        "url": api,
    }
    body.update({key: api + suffix for key, suffix in templated.items()})
    host = urls.web.split("://", 1)[-1]
    body.update(
        {
            "created_at": iso(repo.created_at),
            "updated_at": iso(repo.pushed_at),
            "pushed_at": iso(repo.pushed_at),
            "git_url": f"git://{host}/{full}.git",
            "ssh_url": f"git@{host}:{full}.git",
            "clone_url": f"{html}.git",
            "svn_url": html,
            "homepage": None,
            "size": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "language": None,
            "has_issues": True,
            "has_projects": False,
            "has_downloads": True,
            "has_wiki": False,
            "has_pages": False,
            "has_discussions": False,
            "forks_count": 0,
            "mirror_url": None,
            "archived": False,
            "disabled": False,
            "open_issues_count": 0,
            "license": None,
            "allow_forking": True,
            "is_template": False,
            "web_commit_signoff_required": False,
            "topics": [],
            "visibility": "private" if repo.private else "public",
            "forks": 0,
            "open_issues": 0,
            "watchers": 0,
            "default_branch": repo.default_branch,
            "network_count": 0,
            "subscribers_count": 0,
        }
    )
    return body


def label_json(label: Label, repo_api: str) -> Json:
    return {
        "id": label.id,
        "node_id": node_id("Label", label.id),
        "url": f"{repo_api}/labels/{quote_path(label.name)}",
        "name": label.name,
        "color": label.color,
        "default": False,
        "description": label.description,
    }


def git_person(person: Person) -> Json:
    return {"name": person.name, "email": person.email, "date": iso_epoch(person.timestamp)}


def git_commit_json(commit: CommitInfo, repo_api: str, repo_html: str) -> Json:
    return {
        "sha": commit.sha,
        "node_id": node_id("Commit", commit.sha),
        "url": f"{repo_api}/git/commits/{commit.sha}",
        "html_url": f"{repo_html}/commit/{commit.sha}",
        "author": git_person(commit.author),
        "committer": git_person(commit.committer),
        "tree": {"sha": commit.tree, "url": f"{repo_api}/git/trees/{commit.tree}"},
        "message": commit.message,
        "parents": [
            {
                "sha": parent,
                "url": f"{repo_api}/git/commits/{parent}",
                "html_url": f"{repo_html}/commit/{parent}",
            }
            for parent in commit.parents
        ],
        "verification": {
            "verified": False,
            "reason": "unsigned",
            "signature": None,
            "payload": None,
            "verified_at": None,
        },
    }


def commit_json(commit: CommitInfo, repo_api: str, repo_html: str) -> Json:
    """The REST ``commit`` object (pulls/{n}/commits, compare)."""
    git = git_commit_json(commit, repo_api, repo_html)
    git["url"] = f"{repo_api}/git/commits/{commit.sha}"
    inner = {
        key: git[key] for key in ("author", "committer", "message", "tree", "url", "verification")
    }
    inner["comment_count"] = 0
    return {
        "sha": commit.sha,
        "node_id": node_id("Commit", commit.sha),
        "commit": inner,
        "url": f"{repo_api}/commits/{commit.sha}",
        "html_url": f"{repo_html}/commit/{commit.sha}",
        "comments_url": f"{repo_api}/commits/{commit.sha}/comments",
        "author": None,
        "committer": None,
        "parents": [
            {
                "sha": parent,
                "url": f"{repo_api}/commits/{parent}",
                "html_url": f"{repo_html}/commit/{parent}",
            }
            for parent in commit.parents
        ],
    }


def tree_entry_json(entry: TreeEntry, repo_api: str) -> Json:
    body: Json = {"path": entry.path, "mode": entry.mode, "type": entry.type, "sha": entry.sha}
    if entry.size is not None:
        body["size"] = entry.size
    kind = "blobs" if entry.type == "blob" else "trees"
    if entry.type != "commit":
        body["url"] = f"{repo_api}/git/{kind}/{entry.sha}"
    return body


def tree_json(sha: str, entries: list[TreeEntry], repo_api: str, truncated: bool = False) -> Json:
    return {
        "sha": sha,
        "url": f"{repo_api}/git/trees/{sha}",
        "tree": [tree_entry_json(entry, repo_api) for entry in entries],
        "truncated": truncated,
    }


def ref_json(ref: str, sha: str, repo_api: str) -> Json:
    return {
        "ref": ref,
        "node_id": node_id("Ref", ref),
        "url": f"{repo_api}/git/{ref}",
        "object": {"sha": sha, "type": "commit", "url": f"{repo_api}/git/commits/{sha}"},
    }


def blob_json(sha: str, content: bytes, repo_api: str) -> Json:
    return {
        "sha": sha,
        "node_id": node_id("Blob", sha),
        "size": len(content),
        "url": f"{repo_api}/git/blobs/{sha}",
        "content": encode_base64(content),
        "encoding": "base64",
    }


def encode_base64(content: bytes) -> str:
    """Base64 wrapped at 60 characters per line, as GitHub sends file contents."""
    text = base64.b64encode(content).decode()
    return "".join(text[index : index + 60] + "\n" for index in range(0, len(text), 60))


def content_entry_json(entry: TreeEntry, ref: str, repo_api: str, repo_html: str) -> Json:
    kind = {"blob": "file", "tree": "dir", "commit": "submodule"}[entry.type]
    if entry.mode == "120000":
        kind = "symlink"
    quoted = quote_path(entry.path)
    self_url = f"{repo_api}/contents/{quoted}?ref={ref}"
    git_url = f"{repo_api}/git/{'trees' if entry.type == 'tree' else 'blobs'}/{entry.sha}"
    html_url = f"{repo_html}/{'tree' if entry.type == 'tree' else 'blob'}/{ref}/{quoted}"
    download = f"{repo_html}/raw/{ref}/{quoted}" if entry.type == "blob" else None
    return {
        "type": kind,
        "size": entry.size or 0,
        "name": entry.path.rsplit("/", 1)[-1],
        "path": entry.path,
        "sha": entry.sha,
        "url": self_url,
        "git_url": git_url,
        "html_url": html_url,
        "download_url": download,
        "_links": {"self": self_url, "git": git_url, "html": html_url},
    }


def diff_entry_json(change: FileChange, head_sha: str, repo_api: str, repo_html: str) -> Json:
    quoted = quote_path(change.filename)
    body: Json = {
        "sha": change.sha,
        "filename": change.filename,
        "status": change.status,
        "additions": change.additions,
        "deletions": change.deletions,
        "changes": change.additions + change.deletions,
        "blob_url": f"{repo_html}/blob/{head_sha}/{quoted}",
        "raw_url": f"{repo_html}/raw/{head_sha}/{quoted}",
        "contents_url": f"{repo_api}/contents/{quoted}?ref={head_sha}",
    }
    if change.patch is not None:
        body["patch"] = change.patch
    if change.previous_filename is not None:
        body["previous_filename"] = change.previous_filename
    return body


def comment_json(
    comment: Comment, author: Json, app: Json | None, repo_api: str, repo_html: str, reactions: Json
) -> Json:
    return {
        "url": f"{repo_api}/issues/comments/{comment.id}",
        "html_url": f"{repo_html}/pull/{comment.number}#issuecomment-{comment.id}",
        "issue_url": f"{repo_api}/issues/{comment.number}",
        "id": comment.id,
        "node_id": node_id("IssueComment", comment.id),
        "body": comment.body,
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
        "author_association": "NONE",
        "performed_via_github_app": app,
        "reactions": reactions,
        "user": author,
    }


REACTION_CONTENTS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes")


def reaction_rollup(url: str, contents: list[str]) -> Json:
    body: Json = {"url": url, "total_count": len(contents)}
    for content in REACTION_CONTENTS:
        body[content] = contents.count(content)
    return body


def reaction_json(reaction: Reaction, user: Json) -> Json:
    return {
        "id": reaction.id,
        "node_id": node_id("Reaction", reaction.id),
        "user": user,
        "content": reaction.content,
        "created_at": iso(reaction.created_at),
    }


def app_json(app: App, owner: Json, urls: Urls, installations_count: int | None = None) -> Json:
    body: Json = {
        "id": app.id,
        "slug": app.slug,
        "node_id": node_id("Integration", app.id),
        "client_id": f"Iv1.{app.id:016x}",
        "owner": owner,
        "name": app.name,
        "description": "",
        "external_url": urls.web,
        "html_url": f"{urls.web}/apps/{app.slug}",
        "created_at": iso(app.created_at),
        "updated_at": iso(app.created_at),
        "permissions": dict(app.permissions),
        "events": list(app.events),
    }
    if installations_count is not None:
        body["installations_count"] = installations_count
    return body


def installation_json(installation: Installation, app: App, account: Json, urls: Urls) -> Json:
    return {
        "id": installation.id,
        "account": account,
        "client_id": f"Iv1.{app.id:016x}",
        "repository_selection": installation.repository_selection,
        "access_tokens_url": f"{urls.api}/app/installations/{installation.id}/access_tokens",
        "repositories_url": f"{urls.api}/installation/repositories",
        "html_url": f"{urls.web}/settings/installations/{installation.id}",
        "app_id": app.id,
        "app_slug": app.slug,
        "target_id": installation.account_id,
        "target_type": account["type"],
        "permissions": dict(installation.permissions),
        "events": list(app.events),
        "created_at": iso(installation.created_at),
        "updated_at": iso(installation.created_at),
        "single_file_name": None,
        "has_multiple_single_files": False,
        "single_file_paths": [],
        "suspended_by": None,
        "suspended_at": None,
    }


def check_suite_json(
    suite: CheckSuite, app: Json, repo: Json, status: str, conclusion: str | None, latest_runs: int
) -> Json:
    api = repo["url"]
    return {
        "id": suite.id,
        "node_id": node_id("CheckSuite", suite.id),
        "head_branch": suite.head_branch,
        "head_sha": suite.head_sha,
        "status": status,
        "conclusion": conclusion,
        "url": f"{api}/check-suites/{suite.id}",
        "before": None,
        "after": suite.head_sha,
        "pull_requests": [],
        "app": app,
        "repository": repo,
        "created_at": iso(suite.created_at),
        "updated_at": iso(suite.created_at),
        "head_commit": None,
        "latest_check_runs_count": latest_runs,
        "check_runs_url": f"{api}/check-suites/{suite.id}/check-runs",
        "rerequestable": True,
        "runs_rerequestable": True,
    }


def check_run_json(
    run: CheckRun, app: Json, repo_api: str, repo_html: str, pulls: list[Json]
) -> Json:
    output = run.output or {}
    return {
        "id": run.id,
        "head_sha": run.head_sha,
        "node_id": node_id("CheckRun", run.id),
        "external_id": run.external_id or "",
        "url": f"{repo_api}/check-runs/{run.id}",
        "html_url": f"{repo_html}/runs/{run.id}",
        "details_url": run.details_url,
        "status": run.status,
        "conclusion": run.conclusion,
        "started_at": iso(run.started_at),
        "completed_at": iso(run.completed_at),
        "output": {
            "title": output.get("title"),
            "summary": output.get("summary"),
            "text": output.get("text"),
            "annotations_count": len(run.annotations),
            "annotations_url": f"{repo_api}/check-runs/{run.id}/annotations",
        },
        "name": run.name,
        "check_suite": {"id": run.check_suite_id},
        "app": app,
        "pull_requests": pulls,
    }


def check_annotation_json(annotation: Json, blob_href: str) -> Json:
    return {
        "path": annotation["path"],
        "start_line": annotation["start_line"],
        "end_line": annotation["end_line"],
        "start_column": annotation.get("start_column"),
        "end_column": annotation.get("end_column"),
        "annotation_level": annotation.get("annotation_level"),
        "title": annotation.get("title"),
        "message": annotation.get("message"),
        "raw_details": annotation.get("raw_details"),
        "blob_href": blob_href,
    }
