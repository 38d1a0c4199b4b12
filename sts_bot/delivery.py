"""The separate translations pull request (``delivery: separate-pr``): merge without waiting.

``deliver_merged`` reads like its steps: a pull request merged into the default branch of a
repository configured ``delivery: separate-pr`` → its fork point → the strings added or
changed on the default branch since then (``plan_changes``, as `translate apply`) that the
bot branch (``translations/pending``) does not carry yet → the bot branch, created from the
default branch's head when missing → one vendor job (``apply.submit_guarded`` with
``target_branch``); a bot branch merged already is fast-forwarded to the head first. On
completion ``apply`` commits once onto the bot branch (fast-forward, re-read and retried
when it moved) and calls ``open_translations_pr``, which opens the one translations pull
request or adds the job to the open one. Planning, the vendor job, QA, rendering and the
commit are `translate apply`'s own; this module only chooses the branches.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sts_bot import messages
from sts_bot.apply import read_into_branch, status_view, submit_guarded
from sts_bot.commands import Command
from sts_bot.commands_flow import resume_job
from sts_bot.events import Event, clone_url_for
from sts_bot.gitcache import CachedRepo, GitError
from sts_bot.github import (
    GitHubError,
    InstallationClient,
    NotFastForward,
    PullRequest,
    RateLimited,
)
from sts_bot.guardrail import Untranslated
from sts_bot.models import ApplyJob
from sts_bot.plan import FileRevisions, plan_changes, plan_missing
from sts_bot.runtime import Runtime
from sts_bot.snapshot import Caps, RepoConfigAt, SnapshotError, read_config, source_files
from sts_bot.store import JobConflict

__all__ = [
    "PR_TITLE",
    "TRANSLATIONS_BRANCH",
    "TRIGGER_PREFIX",
    "MergedPull",
    "covered_by_branch",
    "deliver_merged",
    "merged_task",
    "open_translations_pr",
    "plan_delivery_again",
]

log = logging.getLogger(__name__)
TRANSLATIONS_BRANCH = "translations/pending"
TRIGGER_PREFIX = "merged:"
PR_TITLE = "Translations for merged pull requests"
SEPARATE_PR = "separate-pr"


@dataclass(frozen=True)
class MergedPull:
    """A pull request just merged: where, into which branch, and by whom."""

    repo: str
    installation_id: int
    number: int
    head_ref: str
    base_ref: str
    default_branch: str
    merged_by: str
    clone_url: str
    head_sha: str = ""
    base_sha: str = ""
    pull_id: int = 0  # GitHub's id of the pull request, unique across repositories

    @property
    def trigger(self) -> str:
        """One job per merged pull request, however often the event is delivered."""
        return f"{TRIGGER_PREFIX}{self.pull_id}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MergedPull:
        return cls(**data)


def merged_task(event: Event, api_url: str) -> tuple[str, dict[str, Any]] | None:
    """The ``sts.deliver_merged`` task of a ``pull_request.closed`` with ``merged: true``."""
    if event.name != "pull_request" or event.action != "closed":
        return None
    if event.repo is None or event.installation_id is None:
        return None
    payload = event.payload
    pull, repository = _mapping(payload.get("pull_request")), _mapping(payload.get("repository"))
    head, base = _mapping(pull.get("head")), _mapping(pull.get("base"))
    number, head_ref, base_ref = pull.get("number"), head.get("ref"), base.get("ref")
    head_sha, base_sha, pull_id = head.get("sha"), base.get("sha"), pull.get("id")
    default_branch = repository.get("default_branch")
    if (
        pull.get("merged") is not True
        or not isinstance(number, int)
        or not isinstance(head_ref, str)
        or not isinstance(base_ref, str)
        or not isinstance(default_branch, str)
        or not isinstance(head_sha, str)
        or not isinstance(base_sha, str)
        or not isinstance(pull_id, int)
    ):
        return None
    clone_url = repository.get("clone_url")
    if not (isinstance(clone_url, str) and clone_url.startswith(("https://", "http://"))):
        clone_url = clone_url_for(api_url, event.repo)
    merged_by = _mapping(pull.get("merged_by")).get("login") or event.sender or ""
    merged = MergedPull(
        event.repo,
        event.installation_id,
        number,
        head_ref,
        base_ref,
        default_branch,
        str(merged_by),
        clone_url,
        head_sha,
        base_sha,
        pull_id,
    )
    return "sts.deliver_merged", {"merged": merged.to_json()}


def deliver_merged(rt: Runtime, merged: MergedPull) -> ApplyJob | None:
    """Start the translations of a merged pull request on the bot branch; the job, if any."""
    gh = rt.github.installation(merged.installation_id)
    existing = rt.store.job_by_trigger(merged.trigger)
    if existing is not None:  # the task ran before (a worker died): carry on
        resume_job(rt, existing)
        return rt.store.job(existing.id)
    if merged.head_ref == TRANSLATIONS_BRANCH or merged.base_ref != merged.default_branch:
        return None  # the translations PR itself, or a merge into another branch
    repo = rt.git.repository(merged.repo)
    repo.fetch(merged.clone_url, gh.token(), [merged.default_branch])
    head = repo.resolve(merged.default_branch)
    config = _separate_pr_config(repo, head)
    if config is None:
        return None
    fork = _fork_point(repo, merged, head, gh.token())
    branch_head = _branch_head(repo, merged.clone_url, gh.token())
    # A branch merged already (its head in the default branch) starts again from the head.
    merged_already = branch_head is not None and repo.merge_base(branch_head, head) == branch_head
    targets_at = head if branch_head is None or merged_already else branch_head
    locales = list(config.config.target_locales)
    try:  # a merge that leaves nothing to translate starts no job and posts nothing
        revisions = read_into_branch(
            repo, source_files(config), locales, head, targets_at, _caps(rt), base=fork
        )
    except SnapshotError as error:
        log.info("%s#%s: no separate translations: %s", merged.repo, merged.number, error)
        return None
    planned = plan_changes(revisions, locales) if fork else plan_missing(revisions, locales)
    if not planned:
        return None
    if branch_head is None:
        gh.create_branch(merged.repo, TRANSLATIONS_BRANCH, head)
    elif merged_already and branch_head != head:
        try:
            gh.fast_forward(merged.repo, TRANSLATIONS_BRANCH, branch_head, head)
        except NotFastForward:  # another job moved it meanwhile: build on where it is
            log.info("%s: %s moved; building on it", merged.repo, TRANSLATIONS_BRANCH)
    branch_head = _branch_head(repo, merged.clone_url, gh.token()) or head
    try:
        job = rt.store.start_job(
            repo=merged.repo,
            installation_id=merged.installation_id,
            pr_number=merged.number,
            command=" ".join(["translate", "apply", *([] if fork else locales)]),
            trigger=merged.trigger,
            requested_by=merged.merged_by,
            clone_url=merged.clone_url,
            head_ref=TRANSLATIONS_BRANCH,
            head_sha=branch_head,
            base_sha=fork,
        )
    except JobConflict:  # a `translate apply` still runs on the merged pull request
        log.info("%s#%s: a job runs on it; no separate translations", merged.repo, merged.number)
        return None
    _submit(rt, gh, job, merged.default_branch, head, fork, locales)
    return rt.store.job(job.id)


def plan_delivery_again(rt: Runtime, gh: InstallationClient, job: ApplyJob) -> None:
    """Plan and submit a separate-PR job left in ``planned`` by a stopped worker."""
    default_branch = gh.repo(job.repo).default_branch
    repo = rt.git.repository(job.repo)
    repo.fetch(job.clone_url, gh.token(), [default_branch])
    head = repo.resolve(default_branch)
    locales = job.command.split()[2:]
    fork = None if locales else job.base_sha
    if fork is None and not locales:
        config = _separate_pr_config(repo, head)
        locales = list(config.config.target_locales) if config is not None else []
    _submit(rt, gh, job, default_branch, head, fork, locales)


def _submit(
    rt: Runtime,
    gh: InstallationClient,
    job: ApplyJob,
    default_branch: str,
    head: str,
    fork: str | None,
    locales: Sequence[str],
) -> None:
    """`translate apply`'s planning and job on the default branch as if it were a pull
    request from ``fork``; without a fork point, `translate apply <locales>` (what it lacks)."""
    pr = PullRequest(
        number=job.pr_number,
        state="closed",
        head_sha=head,
        head_ref=default_branch,
        head_repo=job.repo,
        base_ref=fork or default_branch,
        base_sha=fork or head,
        title="",
        author=job.requested_by,
    )
    command = Command("apply", () if fork else tuple(locales))
    submit_guarded(rt, gh, job, pr, command, target_branch=TRANSLATIONS_BRANCH)


def open_translations_pr(rt: Runtime, gh: InstallationClient, job: ApplyJob) -> int | None:
    """Open the translations pull request, or add this job to the open one; its number.

    Called by ``apply`` once the job's commit is on the bot branch. The open pull request
    is found by its head branch (1 call); the job's line in its body, found by a hidden
    marker, makes a repeated call change nothing. GitHub's refusals are logged: the next
    job's call opens or updates it.
    """
    base = str((job.plan or {}).get("source_ref") or "")
    marker = f"<!-- sts:delivery:job-{job.id} -->"
    applied = (job.result or {}).get("applied", {})
    counts = ", ".join(f"{locale} {count}" for locale, count in sorted(applied.items()))
    line = (
        f"- #{job.pr_number}: {counts or 'no strings'} (job {job.id}, "
        f"{(job.commit_sha or '')[:10]}) {marker}"
    )
    try:
        pr = gh.open_pull_by_head(job.repo, TRANSLATIONS_BRANCH, base)
        if pr is None:
            pr = gh.open_pull_request(job.repo, TRANSLATIONS_BRANCH, base, PR_TITLE, _body(line))
        if marker not in pr.body:
            body = (pr.body.rstrip() if pr.body else _body("").rstrip()) + "\n" + line + "\n"
            gh.edit_pull_request(job.repo, pr.number, title=PR_TITLE, body=body)
        rt.store.update(job.id, result={**(job.result or {}), "translations_pr": pr.number})
        if job.status_comment_id is not None:
            text = messages.status_comment(status_view(job, {}), job.marker)
            note = f"\n\nThese translations wait in #{pr.number}: merge it to ship them."
            gh.edit_comment(job.repo, job.status_comment_id, text + note)
    except RateLimited:
        raise
    except GitHubError as error:
        log.warning("job %s: the translations pull request: %s", job.id, error)
        return None
    return pr.number


def covered_by_branch(
    untranslated: Sequence[Untranslated],
    at_head: Sequence[FileRevisions],
    on_branch: Sequence[FileRevisions],
) -> tuple[tuple[Untranslated, ...], int]:
    """The strings the bot branch does not cover, and how many translations it covers.

    A translation is covered when the bot branch's target has the key with another value
    than the pull request's head has (added, or updated for a changed source text).
    """
    head_targets = {r.source_path: r.targets_head for r in at_head}
    branch_targets = {r.source_path: r.targets_head for r in on_branch}
    left: list[Untranslated] = []
    covered = 0
    for string in untranslated:
        missing = []
        for locale in string.locales:
            branch_doc = branch_targets.get(string.file, {}).get(locale)
            head_doc = head_targets.get(string.file, {}).get(locale)
            on_branch_entry = branch_doc.get(string.key) if branch_doc is not None else None
            at_head_entry = head_doc.get(string.key) if head_doc is not None else None
            if on_branch_entry is not None and (
                at_head_entry is None or at_head_entry.value != on_branch_entry.value
            ):
                covered += 1
            else:
                missing.append(locale)
        if missing:
            left.append(Untranslated(string.file, string.key, string.line, tuple(missing)))
    return tuple(left), covered


def _separate_pr_config(repo: CachedRepo, rev: str) -> RepoConfigAt | None:
    try:
        config = read_config(repo, rev)
    except SnapshotError:
        return None
    if config.config.delivery != SEPARATE_PR or not config.config.target_locales:
        return None
    return config


def _fork_point(repo: CachedRepo, merged: MergedPull, head: str, token: str) -> str | None:
    """Where the merged pull request left the default branch; None when git cannot tell.

    Squash and rebase merges put new commits on the default branch: the merge base of its
    head and the pull request's head is the fork point. A merge commit or a fast-forward
    put the pull request's head itself there: then the event's ``base.sha`` (the base the
    pull request was last compared with) is tried.
    """
    try:
        repo.fetch(merged.clone_url, token, [merged.head_sha])
    except GitError:  # the head is gone (a deleted fork): plan what the branch lacks
        return None
    for base in (head, merged.base_sha):
        try:
            fork = repo.merge_base(base, merged.head_sha) if base else None
        except GitError:
            fork = None
        if fork is not None and fork != merged.head_sha:
            return fork
    return None


def _branch_head(repo: CachedRepo, clone_url: str, token: str) -> str | None:
    """The bot branch's head, fetched; None when the repository has no such branch."""
    try:
        repo.fetch(clone_url, token, [TRANSLATIONS_BRANCH])
    except GitError:
        return None
    return repo.resolve(TRANSLATIONS_BRANCH)


def _caps(rt: Runtime) -> Caps:
    return Caps(rt.settings.max_file_bytes, rt.settings.max_files)


def _body(line: str) -> str:
    return (
        "The translation bot's pull request (`delivery: separate-pr` in "
        "`.github/translations.yml`): translations of strings merged without waiting. "
        "Each merged pull request's job adds one commit to this branch; merge it to ship "
        "them.\n\n"
        "Translated so far:\n" + (f"{line}\n" if line else "")
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
