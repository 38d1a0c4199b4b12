"""`translate apply`: from a pull request's strings to one commit of translations on it.

``start_apply`` plans and submits one vendor job; ``finish_apply`` fetches the translations,
checks them and commits them. Both read like the steps of the README and hand every bit of
I/O to a gateway: GitHub (``github``), the repository's files (``gitcache``/``snapshot``),
the vendor (``vendor``) and the database (``store``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sts_bot import messages, vendor
from sts_bot.commands import Command
from sts_bot.gitcache import CachedRepo, GitError
from sts_bot.github import (
    GitHubError,
    InstallationClient,
    NotFastForward,
    PullRequest,
    RateLimited,
)
from sts_bot.models import ApplyJob
from sts_bot.plan import FileRevisions, Plan, plan_changes, plan_missing
from sts_bot.render import Rendered, render
from sts_bot.repo_config import (
    CONFIG_PATH,
    ConfigError,
    SourceFile,
    add_locales,
    render_config,
)
from sts_bot.runtime import Runtime
from sts_bot.snapshot import (
    Caps,
    RepoConfigAt,
    SnapshotError,
    read_config,
    read_revisions,
    source_files,
)
from tms.client import JobState, TMSClient, TMSError

__all__ = [
    "Deadline",
    "JobTimeout",
    "ReadAt",
    "Request",
    "finish_apply",
    "finish_without_vendor",
    "plan_again",
    "post_questions",
    "read_into_branch",
    "start_apply",
    "status_view",
    "submit_guarded",
    "submit_job",
]

log = logging.getLogger(__name__)
COMMIT_ATTEMPTS = 5
USAGE_LOOKUP_LIMIT = 2000  # strings; beyond this the vendor gets no code references


@contextlib.contextmanager
def stage(job: ApplyJob, name: str) -> Iterator[None]:
    """Log how long one step of a job took (operators read these to see where time goes)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        log.info("job %s: %s took %.3f s", job.id, name, time.perf_counter() - started)


class JobTimeout(Exception):
    """The job ran past its time budget (STS_JOB_TIME_BUDGET_SECONDS)."""


class Deadline:
    """A job's time budget, checked between steps and between files."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise JobTimeout(
                f"the job ran past its time budget of {self.seconds:.0f} s and was stopped; "
                "a very large or unusual string file is the usual cause"
            )


@dataclass(frozen=True)
class Request:
    """Who asked for what, where: the parts of the triggering comment the flow needs."""

    repo: str
    installation_id: int
    pr_number: int
    comment_id: int
    requested_by: str
    clone_url: str

    @property
    def trigger(self) -> str:
        """One job per triggering comment, however often it is delivered."""
        return f"comment:{self.comment_id}"


def start_apply(rt: Runtime, gh: InstallationClient, request: Request, command: Command) -> None:
    """Plan the job for this command and submit it to the vendor (steps 2–4)."""
    pr = gh.pull_request(request.repo, request.pr_number)
    if pr.state != "open" or pr.head_repo != request.repo:
        why = "is closed" if pr.state != "open" else "comes from a fork the bot cannot push to"
        marker = f"<!-- sts:reply:{request.trigger} -->"
        gh.create_comment(
            request.repo,
            request.pr_number,
            messages.simple_comment(f"Nothing started: this pull request {why}.", marker),
            marker=marker,
        )
        return
    job = rt.store.start_job(
        repo=request.repo,
        installation_id=request.installation_id,
        pr_number=request.pr_number,
        command=_command_text(command),
        trigger=request.trigger,
        requested_by=request.requested_by,
        clone_url=request.clone_url,
        head_ref=pr.head_ref,
        head_sha=pr.head_sha,
    )
    deadline = Deadline(rt.settings.job_time_budget_seconds)
    with _failing_job_on_error(rt, gh, job):
        submit_job(rt, gh, job, pr, command, deadline)


def plan_again(rt: Runtime, gh: InstallationClient, job: ApplyJob, command: Command) -> None:
    """Plan and submit a job left in ``planned`` (the vendor's idempotency key makes a job
    submitted before the stop come back instead of a second one)."""
    if job.trigger.startswith("merged:"):  # a separate-PR job plans on the default branch
        from sts_bot.delivery import plan_delivery_again  # delivery builds on this module

        plan_delivery_again(rt, gh, job)
        return
    with _failing_job_on_error(rt, gh, job):
        pr = gh.pull_request(job.repo, job.pr_number)
        submit_job(rt, gh, job, pr, command, Deadline(rt.settings.job_time_budget_seconds))


def submit_guarded(
    rt: Runtime,
    gh: InstallationClient,
    job: ApplyJob,
    pr: PullRequest,
    command: Command,
    *,
    target_branch: str | None = None,
) -> None:
    """``submit_job`` under the job's time budget; an error ends the job with a status."""
    with _failing_job_on_error(rt, gh, job):
        deadline = Deadline(rt.settings.job_time_budget_seconds)
        submit_job(rt, gh, job, pr, command, deadline, target_branch=target_branch)


def submit_job(
    rt: Runtime,
    gh: InstallationClient,
    job: ApplyJob,
    pr: PullRequest,
    command: Command,
    deadline: Deadline,
    *,
    target_branch: str | None = None,
) -> None:
    """Plan and submit. ``target_branch`` (the job's ``head_ref``, a bot branch such as the
    separate translations PR's): targets are read and the commit lands there, while the
    source strings are read at ``pr.head_sha``."""
    with stage(job, "fetch"):
        repo = _fetched(rt, gh, job, [pr.base_ref, pr.head_sha, *_listed(target_branch)])
    merge_base = repo.merge_base(pr.base_ref, pr.head_sha)
    config = read_config(repo, pr.head_sha)
    new_locales = [loc for loc in command.locales if loc not in config.config.target_locales]
    _config_change(config, new_locales)  # a locale the config cannot take fails before the vendor
    locales = list(command.locales) or list(config.config.target_locales)
    if not locales:
        raise SnapshotError(
            f"`{CONFIG_PATH}` names no target locales: add some, or run "
            "`translate apply <locale>` to start a new language"
        )
    files = source_files(config)
    caps = Caps(rt.settings.max_file_bytes, rt.settings.max_files)
    with stage(job, "read"):
        if target_branch is not None:
            branch_head = repo.resolve(target_branch)
            revisions = read_into_branch(
                repo,
                files,
                locales,
                pr.head_sha,
                branch_head,
                caps,
                deadline.check,
                base=None if command.locales else merge_base,
            )
        else:
            revisions = read_revisions(
                repo,
                files,
                locales,
                pr.head_sha,
                None if command.locales else merge_base,
                caps,
                deadline.check,
            )
    with stage(job, "plan"):
        plan = (
            plan_missing(revisions, locales)
            if command.locales
            else plan_changes(revisions, locales)
        )
    deadline.check()
    if len(plan.strings) > rt.settings.max_strings:
        raise SnapshotError(
            f"{len(plan.strings):,} strings to translate is over the limit of "
            f"{rt.settings.max_strings:,} for one job (STS_MAX_STRINGS)"
        )
    stored_plan = {
        **plan.to_json(),
        "locales": locales,
        "new_locales": new_locales,
        "mode": "missing" if command.locales else "changes",
        **({"source_ref": pr.head_ref} if target_branch is not None else {}),
    }
    with stage(job, "store_plan"):  # read back only when a stopped job resumes
        rt.store.update(job.id, base_sha=merge_base, plan=stored_plan)
    job.plan = stored_plan
    if not plan:
        rt.store.transition(job.id, ["planned"], "translated")
        finish_without_vendor(rt, gh, job, deadline)
        return
    project = config.config.vendor_project or rt.settings.tms_project
    with stage(job, "usage"):
        usage = _usage(repo, pr.head_sha, plan, [str(r.source_path) for r in revisions])
    with stage(job, "submit"), vendor.make_client(rt.settings) as client:
        vendor.ensure_project(client, project, config.config.source_locale, plan.locales)
        vendor_job = vendor.submit(
            client,
            project,
            f"{job.repo}#{job.pr_number} {job.command}",
            vendor.source_strings(plan, usage),
            plan.locales,
            rt.settings.callback_url,
            vendor.idempotency_key(job.repo, job.pr_number, pr.head_sha, job.command),
        )
        if not rt.store.transition(
            job.id,
            ["planned"],
            "submitted",
            vendor_project=project,
            vendor_job_id=vendor_job.job_id,
        ):
            _submitted_meanwhile(rt, client, job.id, project, vendor_job.job_id)
            return
    job.vendor_project, job.vendor_job_id, job.state = project, vendor_job.job_id, "submitted"
    if vendor_job.state is JobState.COMPLETED:
        read_files = revisions if target_branch is None else None
        finish_apply(rt, gh, job.id, read=ReadAt(pr.head_sha, read_files, plan, stored_plan))
        return
    _post_status(
        rt, gh, job, progress={p.locale: (p.completed, p.total) for p in vendor_job.status.progress}
    )


def _submitted_meanwhile(
    rt: Runtime, client: TMSClient, job_id: int, project: str, vendor_job_id: str
) -> None:
    """The job left ``planned`` while this worker submitted it: another worker resuming it
    submitted it (the same vendor job, through the idempotency key), or it was cancelled
    or failed, and then the vendor job this worker made is cancelled."""
    job = rt.store.job(job_id, with_plan=False)
    if job is not None and job.vendor_job_id == vendor_job_id:
        return
    log.info("job %s ended while submitting: cancelling vendor job %s", job_id, vendor_job_id)
    try:
        client.cancel_job(project, vendor_job_id)
    except TMSError as error:  # finished already, or unreachable: nothing of ours waits on it
        log.info("job %s: vendor cancel answered %s", job_id, error)


@dataclass(frozen=True)
class ReadAt:
    """What planning holds in memory when the vendor answers at once: the string files as
    read at ``rev`` (None when they must be read again), used by the commit instead of
    parsing every file again if the branch is still at ``rev`` (planning only reads them;
    rendering edits copies or new targets), and the plan, so the job row's stored plan
    (``stored``, the same plan as JSON, kept for resuming) is neither reloaded nor rebuilt."""

    rev: str
    files: list[FileRevisions] | None
    plan: Plan | None = None
    stored: dict[str, Any] | None = None


def finish_apply(
    rt: Runtime,
    gh: InstallationClient,
    job_id: int,
    *,
    resume: bool = False,
    read: ReadAt | None = None,
) -> None:
    """Fetch the vendor's translations, check them and commit them (steps 5–7).

    Only the caller that moves the job from ``submitted`` to ``translated`` does the work,
    so callbacks, polls and redeliveries racing each other commit once.
    """
    held = read is not None and read.plan is not None and read.stored is not None
    # The state first, without the stored plan (megabytes of JSON for a large job): a
    # callback or poll racing the worker that finishes the job stops here cheaply.
    job = rt.store.job(job_id, with_plan=False)
    if job is None or job.state not in (("submitted", "translated") if resume else ("submitted",)):
        return
    if held:
        assert read is not None
        job.plan = read.stored
    else:
        job = rt.store.job(job_id)
        if job is None:
            return
    if job.vendor_project is None or job.vendor_job_id is None:  # nothing went to the vendor
        finish_without_vendor(rt, gh, job, Deadline(rt.settings.job_time_budget_seconds))
        return
    with vendor.make_client(rt.settings) as client:
        status = client.get_job(job.vendor_project, job.vendor_job_id)
        if status.state in (JobState.FAILED, JobState.CANCELLED):
            reason = status.failure_reason or status.state.value
            _fail(rt, gh, job, f"the vendor job ended as {status.state.value}: {reason}")
            return
        if status.state is not JobState.COMPLETED:
            _post_status(
                rt,
                gh,
                job,
                progress={p.locale: (p.completed, p.total) for p in status.status.progress},
            )
            return
        if job.state == "submitted" and not rt.store.transition(
            job.id, ["submitted"], "translated"
        ):
            return  # another worker took it
        deadline = Deadline(rt.settings.job_time_budget_seconds)
        with _failing_job_on_error(rt, gh, job):
            plan = (
                read.plan
                if held and read is not None and read.plan is not None
                else Plan.from_json(job.plan or {})
            )
            with stage(job, "download"):
                translations = vendor.fetch_translations(
                    rt.settings, job.vendor_project, job.vendor_job_id, plan.locales
                )
            progress = {p.locale: (p.completed, p.total) for p in status.status.progress}
            _commit(
                rt,
                gh,
                job,
                plan,
                translations,
                deadline,
                progress,
                read=read,
                status_plan=plan if held else None,
            )


def finish_without_vendor(
    rt: Runtime, gh: InstallationClient, job: ApplyJob, deadline: Deadline
) -> None:
    """Nothing to translate: commit only a configuration change, if any, and report."""
    with _failing_job_on_error(rt, gh, job):
        _commit(rt, gh, job, Plan(()), {}, deadline)


def _commit(
    rt: Runtime,
    gh: InstallationClient,
    job: ApplyJob,
    plan: Plan,
    translations: dict[tuple[str, str], str | dict[str, str]],
    deadline: Deadline,
    progress: dict[str, tuple[int, int]] | None = None,
    *,
    read: ReadAt | None = None,
    status_plan: Plan | None = None,
) -> None:
    """Render and commit; ``status_plan``: the job's plan when held in memory (the status
    comment then need not rebuild it from the stored JSON)."""
    stored = job.plan or {}
    assert job.head_ref is not None
    source_ref: str | None = stored.get("source_ref")  # sources elsewhere: a bot branch
    trailer = messages.job_trailer(job.repo, job.pr_number, job.id)
    for _attempt in range(COMMIT_ATTEMPTS):
        deadline.check()
        repo = _fetched(rt, gh, job, [job.head_ref, *_listed(source_ref)])
        head = repo.resolve(job.head_ref)
        done = repo.find_commit(job.head_sha or head, head, trailer)
        if done is not None:
            _finish(rt, gh, job, done, Rendered(), progress, status_plan)
            return
        source_head = repo.resolve(source_ref) if source_ref is not None else head
        config = read_config(repo, source_head)
        locales = list(stored.get("locales", []))
        caps = Caps(rt.settings.max_file_bytes, rt.settings.max_files)
        if read is not None and read.files is not None and read.rev == head and source_ref is None:
            revisions = read.files  # the branch has not moved since planning read it
        elif source_ref is not None:
            revisions = read_into_branch(
                repo, source_files(config), locales, source_head, head, caps, deadline.check
            )
        else:
            revisions = read_revisions(
                repo, source_files(config), locales, head, None, caps, deadline.check
            )
        read = None  # a retry means the branch moved: read it again
        with stage(job, "render"):
            rendered = render(plan, translations, revisions, check_deadline=deadline.check)
        files = dict(rendered.files)
        config_text = _config_change(config, stored.get("new_locales", []))
        if config_text is not None:
            files[CONFIG_PATH] = config_text.encode("utf-8")
        if not files:
            _finish(rt, gh, job, None, rendered, progress, status_plan)
            return
        message = (
            messages.commit_message(
                job.id, job.vendor_job_id, rendered.applied, job.repo, job.pr_number
            )
            if rendered.applied
            else (
                f"Add {', '.join(stored.get('new_locales', []))} to the translation config"
                f"\n\n{trailer}\n"
            )
        )
        try:
            with stage(job, "commit"):
                sha = gh.commit_files(
                    job.repo,
                    job.head_ref,
                    head,
                    files,
                    message,
                    parent_tree_sha=repo.tree_of(head),
                )
        except NotFastForward:
            log.info("job %s: %s moved while committing; re-reading", job.id, job.head_ref)
            continue
        _finish(rt, gh, job, sha, rendered, progress, status_plan)
        return
    raise SnapshotError(
        f"the branch `{job.head_ref}` kept moving while the bot committed "
        f"({COMMIT_ATTEMPTS} attempts); comment the command again once pushes settle"
    )


def _finish(
    rt: Runtime,
    gh: InstallationClient,
    job: ApplyJob,
    sha: str | None,
    rendered: Rendered,
    progress: dict[str, tuple[int, int]] | None,
    plan: Plan | None = None,
) -> None:
    result = {
        "applied": rendered.applied,
        "kept_out": [dataclasses.asdict(k) for k in rendered.kept_out],
        "missing": rendered.missing,
        "progress": {locale: list(counts) for locale, counts in (progress or {}).items()},
    }
    if not rt.store.transition(job.id, ["translated"], "committed", commit_sha=sha, result=result):
        return
    job.state, job.commit_sha, job.result = "committed", sha, result
    _post_status(rt, gh, job, plan=plan)
    if sha is not None and (job.plan or {}).get("source_ref") is not None:
        from sts_bot.delivery import open_translations_pr  # delivery builds on this module

        open_translations_pr(rt, gh, job)


def _fail(rt: Runtime, gh: InstallationClient, job: ApplyJob, error: str) -> None:
    if rt.store.transition(job.id, ["planned", "submitted", "translated"], "failed", error=error):
        job.state, job.error = "failed", error
        _post_status(rt, gh, job)


@contextlib.contextmanager
def _failing_job_on_error(rt: Runtime, gh: InstallationClient, job: ApplyJob) -> Iterator[None]:
    """Any error ends the job as failed with a status comment saying why, except GitHub's
    rate limits, which propagate so the task retries after ``Retry-After`` and resumes."""
    try:
        yield
    except RateLimited:
        raise
    except (SnapshotError, JobTimeout, TMSError, GitHubError, GitError) as error:
        _fail(rt, gh, job, _reason(error))
    except Exception as error:
        log.exception("job %s: unexpected error", job.id)
        _fail(
            rt,
            gh,
            job,
            f"an unexpected error ({type(error).__name__}) stopped the job; the details are in "
            "the bot's worker log. Comment the command again to retry.",
        )


def _reason(error: Exception) -> str:
    if isinstance(error, SnapshotError):
        return str(error) + "".join(f"\n- {p}" for p in error.problems)
    if isinstance(error, TMSError):
        return f"the translation vendor could not take the job: {error}"
    if isinstance(error, GitHubError):
        return f"GitHub refused a request: {error}"
    if isinstance(error, GitError):
        return f"reading the repository with git failed: {error}"
    return str(error)


def _post_status(
    rt: Runtime,
    gh: InstallationClient,
    job: ApplyJob,
    progress: dict[str, tuple[int, int]] | None = None,
    *,
    plan: Plan | None = None,
) -> None:
    view = status_view(job, progress or {}, plan=plan)
    body = messages.status_comment(view, job.marker)
    if job.status_comment_id is None:
        comment_id = gh.create_comment(job.repo, job.pr_number, body, marker=job.marker)
        rt.store.update(job.id, status_comment_id=comment_id)
        job.status_comment_id = comment_id
    else:
        gh.edit_comment(job.repo, job.status_comment_id, body)


def status_view(
    job: ApplyJob, progress: dict[str, tuple[int, int]], *, plan: Plan | None = None
) -> messages.StatusView:
    """What the status comment shows; ``plan``: the job's plan when the caller holds it."""
    if plan is None:
        plan = Plan.from_json(job.plan or {})
    result = job.result or {}
    return messages.StatusView(
        job_id=job.id,
        command=job.command,
        state=job.state,
        requested_by=job.requested_by,
        planned=plan.counts(),
        applied=result.get("applied", {}),
        progress=progress
        or {loc: (done, total) for loc, (done, total) in result.get("progress", {}).items()},
        kept_out=[messages.KeptOutLine(**k) for k in result.get("kept_out", [])],
        notes=plan.notes,
        vendor_job_id=job.vendor_job_id,
        commit_sha=job.commit_sha,
        error=job.error,
        new_locales=(job.plan or {}).get("new_locales", []),
    )


def _fetched(rt: Runtime, gh: InstallationClient, job: ApplyJob, revs: Sequence[str]) -> CachedRepo:
    repo = rt.git.repository(job.repo)
    repo.fetch(job.clone_url, gh.token(), revs)
    return repo


def _listed(rev: str | None) -> list[str]:
    return [] if rev is None else [rev]


def read_into_branch(
    repo: CachedRepo,
    files: Sequence[SourceFile],
    locales: Sequence[str],
    source_rev: str,
    branch_rev: str,
    caps: Caps,
    check_deadline: Callable[[], None] = lambda: None,
    *,
    base: str | None = None,
) -> list[FileRevisions]:
    """Source files at ``source_rev`` (and ``base``) with their targets as on ``branch_rev``:
    a translations branch carries the translations made so far, not the newest sources."""
    on_branch = read_revisions(repo, files, locales, source_rev, branch_rev, caps, check_deadline)
    unread = [
        path
        for r in on_branch
        for loc, path in r.target_paths.items()
        if r.targets_base.get(loc) is None
    ]
    for path, size in (repo.blob_sizes(branch_rev, unread) if unread else {}).items():
        if size is not None:  # there, but over the cap or unparsable: never overwrite it
            raise SnapshotError(
                f"`{path}` on the translations branch is over {caps.max_file_bytes:,} bytes "
                "or cannot be read; fix it there"
            )
    if base is None:
        return [
            dataclasses.replace(r, base=None, targets_head=r.targets_base, targets_base={})
            for r in on_branch
        ]
    at_base = read_revisions(repo, files, locales, source_rev, base, caps, check_deadline)
    by_path = {r.source_path: r for r in at_base}
    return [
        dataclasses.replace(by_path[r.source_path], targets_head=r.targets_base) for r in on_branch
    ]


def _config_change(config: RepoConfigAt, new_locales: Sequence[str]) -> str | None:
    """The configuration text with the command's new locales, or None when it has them."""
    missing = [loc for loc in new_locales if loc not in config.config.target_locales]
    if not missing:
        return None
    if config.text is None:  # detected: commit the proposal, with the new locales
        targets = (*config.config.target_locales, *missing)
        return render_config(dataclasses.replace(config.config, target_locales=targets))
    try:
        return add_locales(config.text, missing)
    except ConfigError as error:
        raise SnapshotError(
            f"`{CONFIG_PATH}` cannot take {', '.join(missing)}", error.problems
        ) from None


def _usage(
    repo: CachedRepo, rev: str, plan: Plan, string_files: Sequence[str]
) -> dict[str, list[str]]:
    """Where each key is used in the code: the first few ``path:line: text`` hits."""
    if len(plan.strings) > USAGE_LOOKUP_LIMIT:
        return {}
    keys = list(dict.fromkeys(s.key for s in plan.strings))
    hits = repo.grep(rev, keys, exclude=string_files, max_per_needle=3)
    return {key: [f"{h.path}:{h.line}: {h.text}" for h in found] for key, found in hits.items()}


def _command_text(command: Command) -> str:
    return " ".join(["translate", command.verb, *command.locales])


def post_questions(rt: Runtime, gh: InstallationClient, job_id: int) -> None:
    """Post the vendor's open questions not posted yet, in one comment per batch."""
    job = rt.store.job(job_id)
    if job is None or job.vendor_project is None or job.vendor_job_id is None:
        return
    with vendor.make_client(rt.settings) as client:
        questions = client.list_questions(job.vendor_project, job.vendor_job_id)
    posted = set(job.posted_questions or [])
    new = [q for q in questions if q.question_id not in posted and q.status.value == "open"]
    if not new:
        return
    strings = Plan.from_json(job.plan or {}).vendor_keys()
    lines = []
    for question in new:
        string = strings.get(question.key or "")
        where = (
            f"{string.file}:{string.line}"
            if string and string.line
            else (string.file if string else None)
        )
        lines.append(
            messages.QuestionLine(
                question.question_id,
                question.text,
                string.key if string else question.key,
                question.locale,
                where,
            )
        )
    batch = ",".join(sorted(q.question_id for q in new))
    marker = f"<!-- sts:questions:job-{job.id}:{vendor.short_hash(batch)} -->"
    gh.create_comment(
        job.repo, job.pr_number, messages.questions_comment(lines, marker), marker=marker
    )
    rt.store.update(job.id, posted_questions=sorted(posted | {q.question_id for q in new}))
