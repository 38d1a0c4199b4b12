"""The `Translations` check run: read the pull request from git, evaluate, publish; and its action.

``run_check`` reads like the check's steps: find the pull request → fetch → the config and
the string files at the merge base and the head → what lacks a translation (``plan_changes``,
the planning `translate apply` uses) → with ``delivery: separate-pr``, what the open
translations pull request already carries → which target files people edited → one check run.
``apply_from_action`` starts the same flow as a `translate apply` comment.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sts_bot import messages
from sts_bot.apply import Request, start_apply
from sts_bot.commands import Command
from sts_bot.commands_flow import WRITE_ROLES, resume_job
from sts_bot.delivery import TRANSLATIONS_BRANCH, covered_by_branch
from sts_bot.gitcache import CachedRepo
from sts_bot.github import InstallationClient
from sts_bot.guardrail import (
    CHECK_NAME,
    ActionTrigger,
    CheckTrigger,
    HandEdit,
    PrState,
    Untranslated,
    evaluate,
    lines_at_head,
)
from sts_bot.plan import plan_changes
from sts_bot.repo_config import CONFIG_PATH
from sts_bot.runtime import Runtime
from sts_bot.snapshot import Caps, SnapshotError, read_config, read_revisions, source_files
from sts_bot.store import JobConflict

__all__ = ["ActionRequest", "apply_from_action", "read_state", "run_check"]

log = logging.getLogger(__name__)
#: Commits by people looked at for hand edits (a longer history is cut, oldest kept).
MAX_EDIT_COMMITS = 100


@dataclass(frozen=True)
class ActionRequest(Request):
    """A `translate apply` asked for by the check run's "Apply translations" button."""

    action_id: str = ""

    @property
    def trigger(self) -> str:
        return f"check-action:{self.action_id}"


def run_check(rt: Runtime, trigger: CheckTrigger) -> int | None:
    """Evaluate the pull request at ``trigger.head_sha`` and publish the check run; its id."""
    gh = rt.github.installation(trigger.installation_id)
    numbers = trigger.pr_numbers or tuple(gh.open_pull_numbers(trigger.repo, trigger.head_sha))
    if not numbers:
        return None  # a commit at the head of no open pull request: nothing to guard
    base_ref, labels = trigger.base_ref, trigger.labels
    if base_ref is None or labels is None:
        pr = gh.pull_request(trigger.repo, numbers[0])
        base_ref, labels = pr.base_ref, pr.labels
    repo = rt.git.repository(trigger.repo)
    repo.fetch(trigger.clone_url, gh.token(), [base_ref, trigger.head_sha])
    state = read_state(
        rt,
        gh,
        repo,
        base_ref,
        trigger.head_sha,
        labels,
        full_name=trigger.repo,
        clone_url=trigger.clone_url,
    )
    output = evaluate(state)
    run_id = gh.publish_check_run(
        trigger.repo, trigger.head_sha, CHECK_NAME, f"sts:{trigger.delivery_id}", output
    )
    log.info(
        "check run %s on %s@%s: %s", run_id, trigger.repo, trigger.head_sha[:10], output.conclusion
    )
    return run_id


def read_state(
    rt: Runtime,
    gh: InstallationClient,
    repo: CachedRepo,
    base_ref: str,
    head: str,
    labels: Sequence[str],
    *,
    full_name: str | None = None,
    clone_url: str | None = None,
) -> PrState:
    """What the check needs to know about the pull request, read from the git clone cache.

    With ``full_name`` and ``clone_url``, a ``delivery: separate-pr`` repository's open
    translations pull request is looked up (1 call) and what it carries is not counted as
    missing.
    """
    label = rt.settings.allow_manual_label
    allow = label in labels
    merge_base = repo.merge_base(base_ref, head)
    changed = set(repo.changed_files(base_ref, head))
    try:
        config = read_config(repo, head)
    except SnapshotError as error:
        if repo.read(head, CONFIG_PATH) is None:
            return PrState(allow_manual_label=label, allow_manual=allow)  # no string files
        return PrState(problem=str(error), problems=error.problems, allow_manual_label=label)
    locales = tuple(config.config.target_locales)
    try:
        files = source_files(config)
        targets = {f.target_path(loc): loc for f in files for loc in locales}
        sources = {f.source_path for f in files}
        if not changed & (sources | set(targets)):
            return PrState(locales, allow_manual_label=label, allow_manual=allow)
        caps = Caps(rt.settings.max_file_bytes, rt.settings.max_files)
        revisions = read_revisions(repo, files, locales, head, merge_base, caps)
    except SnapshotError as error:
        return PrState(problem=str(error), problems=error.problems, allow_manual_label=label)
    plan = plan_changes(revisions, locales)
    untranslated = tuple(Untranslated(s.file, s.key, s.line, s.locales) for s in plan.strings)
    pending_pr, pending = None, 0
    if config.config.delivery == "separate-pr" and untranslated and full_name and clone_url:
        found = gh.open_pull_by_head(full_name, TRANSLATIONS_BRANCH, base_ref)
        if found is not None:
            repo.fetch(clone_url, gh.token(), [found.head_sha])
            try:
                on_branch = read_revisions(repo, files, locales, found.head_sha, None, caps)
            except SnapshotError as error:
                log.info("translations pull request #%s unreadable: %s", found.number, error)
            else:
                untranslated, pending = covered_by_branch(untranslated, revisions, on_branch)
                pending_pr = found.number if pending else None
    edited = {path: targets[path] for path in sorted(changed) if path in targets}
    return PrState(
        locales=locales,
        touches_strings=True,
        untranslated=untranslated,
        hand_edits=hand_edits(repo, gh.app.bot_login, merge_base, head, edited),
        allow_manual_label=label,
        allow_manual=allow,
        pending_pr=pending_pr,
        pending=pending,
        separate_pr=config.config.delivery == "separate-pr",
    )


def hand_edits(
    repo: CachedRepo,
    bot_login: str,
    merge_base: str | None,
    head: str,
    targets: Mapping[str, str],
) -> tuple[HandEdit, ...]:
    """Lines of ``targets`` (path -> locale) the pull request's commits by people changed."""
    if merge_base is None or not targets:
        return ()
    paths = list(targets)
    commits = [c for c in repo.pr_commits(merge_base, head, paths) if c.author != bot_login]
    edits: list[HandEdit] = []
    for commit in commits[:MAX_EDIT_COMMITS]:
        own = {p: h for p, h in repo.diff_hunks(commit.parent, commit.sha, paths).items() if h}
        if not own:
            continue
        later = repo.diff_hunks(commit.sha, head, list(own)) if commit.sha != head else {}
        for path, hunks in own.items():
            if path in targets:
                lines = lines_at_head(hunks, later.get(path, []))
                edits.append(HandEdit(path, targets[path], commit.sha, commit.author, lines))
    return tuple(edits)


def apply_from_action(rt: Runtime, trigger: ActionTrigger) -> ActionRequest | None:
    """The "Apply translations" button: the `translate apply` flow, permission checked alike."""
    gh = rt.github.installation(trigger.installation_id)
    numbers = trigger.pr_numbers or tuple(gh.open_pull_numbers(trigger.repo, trigger.head_sha))
    if not numbers:
        return None
    request = ActionRequest(
        repo=trigger.repo,
        installation_id=trigger.installation_id,
        pr_number=numbers[0],
        comment_id=0,
        requested_by=trigger.sender,
        clone_url=trigger.clone_url,
        action_id=trigger.delivery_id,
    )
    marker = f"<!-- sts:reply:{request.trigger} -->"
    existing = rt.store.job_by_trigger(request.trigger)
    if existing is not None:  # the task ran before (a worker died): carry on
        resume_job(rt, existing)
        return request
    permission = gh.permission(request.repo, request.requested_by)
    if permission not in WRITE_ROLES:
        body = messages.refusal_comment(request.requested_by, permission, marker)
        gh.create_comment(request.repo, request.pr_number, body, marker=marker)
        return request
    try:
        start_apply(rt, gh, request, Command("apply"))
    except JobConflict as conflict:
        running = conflict.job
        if running is not None and running.trigger == request.trigger:
            resume_job(rt, running)
        elif running is not None:
            text = (
                f"A translation job is already running on this pull request (job "
                f"{running.id}); **Apply translations** started nothing. `translate status` "
                "shows its progress."
            )
            gh.create_comment(
                request.repo,
                request.pr_number,
                messages.simple_comment(text, marker),
                marker=marker,
            )
    return request
