"""A `translate …` comment on a pull request: acknowledge, check permission, run the command.

The orchestrator behind the ``sts.handle_comment`` task. ``apply`` goes to
:mod:`sts_bot.apply`; ``status``, ``cancel``, ``init`` and ``help`` are answered here.
"""

from __future__ import annotations

import logging

from sts_bot import messages, vendor
from sts_bot.answers import answer_question
from sts_bot.apply import Request, finish_apply, plan_again, start_apply, status_view
from sts_bot.commands import HELP_TEXT, Command, parse_command
from sts_bot.github import InstallationClient
from sts_bot.models import ApplyJob
from sts_bot.pseudo_flow import commit_pseudo
from sts_bot.repo_config import CONFIG_PATH, render_config
from sts_bot.runtime import Runtime
from sts_bot.snapshot import SnapshotError, read_config
from sts_bot.store import ACTIVE_STATES, JobConflict
from tms.client import TMSError

__all__ = ["WRITE_ROLES", "handle_comment", "resume_job"]

log = logging.getLogger(__name__)
WRITE_ROLES = ("admin", "maintain", "write")


def handle_comment(rt: Runtime, request: Request, body: str) -> None:
    """Run the command a person wrote on a pull request (steps 1–4 of the flow)."""
    command = parse_command(body)
    if command is None:
        return
    gh = rt.github.installation(request.installation_id)
    existing = rt.store.job_by_trigger(request.trigger)
    if existing is not None:  # the task was delivered again (a worker died): carry on
        resume_job(rt, existing)
        return
    gh.react(request.repo, request.comment_id, "eyes")
    permission = gh.permission(request.repo, request.requested_by)
    if permission not in WRITE_ROLES:
        _reply(
            gh,
            request,
            messages.refusal_comment(request.requested_by, permission, _marker(request)),
        )
        return
    if command.verb == "apply":
        try:
            start_apply(rt, gh, request, command)
        except JobConflict as conflict:
            running = conflict.job
            if running is not None and running.trigger == request.trigger:
                resume_job(rt, running)
            elif running is not None:
                _reply(gh, request, _already_running(running, _marker(request)))
        return
    if command.verb == "status":
        _status(rt, gh, request)
    elif command.verb == "cancel":
        _cancel(rt, gh, request)
    elif command.verb == "init":
        _init(rt, gh, request)
    elif command.verb == "answer" and command.question_id and command.answer:
        text = answer_question(rt, gh, request, command.question_id, command.answer)
        _reply(gh, request, messages.simple_comment(text, _marker(request)))
    elif command.verb == "pseudo":
        text = commit_pseudo(rt, gh, request, command.locales)
        _reply(gh, request, messages.simple_comment(text, _marker(request)))
    else:
        _help(rt, gh, request, command)


def resume_job(rt: Runtime, job: ApplyJob) -> None:
    """Carry a job on from the state it was left in (after a crash or a lost callback)."""
    gh = rt.github.installation(job.installation_id)
    if job.state in ("submitted", "translated"):
        finish_apply(rt, gh, job.id, resume=True)
    elif job.state == "planned":  # stopped (or rate-limited) while planning: plan again
        command = parse_command(job.command)
        if command is not None:
            plan_again(rt, gh, job, command)


def _status(rt: Runtime, gh: InstallationClient, request: Request) -> None:
    job = rt.store.latest_job(request.repo, request.pr_number)
    if job is None:
        text = "No translation job has run on this pull request yet. Comment `translate apply`."
        _reply(gh, request, messages.simple_comment(text, _marker(request)))
        return
    _reply(gh, request, messages.status_comment(status_view(job, {}), _marker(request)))


def _cancel(rt: Runtime, gh: InstallationClient, request: Request) -> None:
    job = rt.store.active_job(request.repo, request.pr_number)
    if job is None:
        text = "There is no running translation job on this pull request to cancel."
        _reply(gh, request, messages.simple_comment(text, _marker(request)))
        return
    if job.vendor_project and job.vendor_job_id:
        try:
            with vendor.make_client(rt.settings) as client:
                client.cancel_job(job.vendor_project, job.vendor_job_id)
        except TMSError as error:  # finished meanwhile, or unreachable: cancel our side anyway
            log.info("job %s: vendor cancel answered %s", job.id, error)
    if rt.store.transition(
        job.id, ACTIVE_STATES, "cancelled", error=f"cancelled by @{request.requested_by}"
    ):
        cancelled = rt.store.job(job.id)
        if cancelled is not None and cancelled.status_comment_id is not None:
            gh.edit_comment(job.repo, cancelled.status_comment_id, _status_body(cancelled))
        text = f"Cancelled translation job {job.id}. Nothing will be committed for it."
    else:
        text = f"Translation job {job.id} had already finished."
    _reply(gh, request, messages.simple_comment(text, _marker(request)))


def _init(rt: Runtime, gh: InstallationClient, request: Request) -> None:
    pr = gh.pull_request(request.repo, request.pr_number)
    repo = rt.git.repository(request.repo)
    repo.fetch(request.clone_url, gh.token(), [pr.head_ref])
    head = repo.resolve(pr.head_ref)
    try:
        config = read_config(repo, head)
    except SnapshotError as error:
        _reply(
            gh, request, messages.simple_comment(f"Nothing committed: {error}.", _marker(request))
        )
        return
    if not config.detected:
        text = f"`{CONFIG_PATH}` already exists on this branch; nothing to do."
        _reply(gh, request, messages.simple_comment(text, _marker(request)))
        return
    proposal = render_config(config.config)
    sha = gh.commit_files(
        request.repo,
        pr.head_ref,
        head,
        {CONFIG_PATH: proposal.encode("utf-8")},
        f"Add {CONFIG_PATH} for the translation bot\n\n"
        f"Requested-by: @{request.requested_by} in #{request.pr_number}\n",
        parent_tree_sha=repo.tree_of(head),
    )
    text = (
        f"Committed `{CONFIG_PATH}` as `{sha[:10]}`:\n\n```yaml\n{proposal.rstrip()}\n```\n"
        "Edit it to change the locales or files, then comment `translate apply`."
    )
    _reply(gh, request, messages.simple_comment(text, _marker(request)))


def _help(rt: Runtime, gh: InstallationClient, request: Request, command: Command) -> None:
    proposal = None
    try:
        pr = gh.pull_request(request.repo, request.pr_number)
        repo = rt.git.repository(request.repo)
        repo.fetch(request.clone_url, gh.token(), [pr.head_ref])
        config = read_config(repo, repo.resolve(pr.head_ref))
        if config.detected:
            proposal = render_config(config.config)
    except SnapshotError:
        proposal = None
    body = messages.help_comment(HELP_TEXT, command.problem, proposal, _marker(request))
    _reply(gh, request, body)


def _already_running(job: ApplyJob, marker: str) -> str:
    body = messages.status_comment(status_view(job, {}), marker)
    return (
        f"A translation job is already running on this pull request (job {job.id}); "
        "this command started nothing. Its status:\n\n" + body
    )


def _status_body(job: ApplyJob) -> str:
    return messages.status_comment(status_view(job, {}), job.marker)


def _reply(gh: InstallationClient, request: Request, body: str) -> None:
    gh.create_comment(request.repo, request.pr_number, body, marker=_marker(request))


def _marker(request: Request) -> str:
    return f"<!-- sts:reply:{request.trigger} -->"
