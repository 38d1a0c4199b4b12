"""The org-wide report's run: every installation → every repository → its default branch.

``build_report`` reads like its steps: list installations and their repositories (REST, one
call a 100) → fetch each default branch into the git clone cache → read the config and the
string files there (``snapshot``, as `translate apply` does) → count (``report``). Reading a
repository's files costs no REST call, however many there are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sts_bot.gitcache import GitError
from sts_bot.github import GitHubError, InstallationClient, RepoInfo
from sts_bot.repo_config import CONFIG_PATH
from sts_bot.report import OrgReport, RepoReport, count_repo, translated_from
from sts_bot.report_store import JobRecord, ReportStore
from sts_bot.runtime import Runtime
from sts_bot.snapshot import Caps, SnapshotError, read_config, read_revisions, source_files

__all__ = ["Progress", "build_report", "report_repo", "take_snapshot"]

log = logging.getLogger(__name__)

#: Called after each repository with (repositories done, repositories in all, full name).
Progress = Callable[[int, int, str], None]


def build_report(rt: Runtime, progress: Progress | None = None) -> OrgReport:
    """Read the default branch of every repository the app is installed on."""
    taken_at = datetime.now(UTC).isoformat(timespec="seconds")
    targets: list[tuple[InstallationClient, RepoInfo]] = []
    for installation_id in rt.github.installation_ids():
        gh = rt.github.installation(installation_id)
        targets += [(gh, info) for info in gh.repositories()]
    targets.sort(key=lambda target: target[1].full_name.lower())
    records = ReportStore(rt.store.sessions).job_records()
    reports: list[RepoReport] = []
    for done, (gh, info) in enumerate(targets, start=1):
        reports.append(report_repo(rt, gh, info, records.get(info.full_name, [])))
        if progress is not None:
            progress(done, len(targets), info.full_name)
    return OrgReport(taken_at, tuple(reports))


def report_repo(
    rt: Runtime,
    gh: InstallationClient,
    info: RepoInfo,
    records: list[JobRecord],
) -> RepoReport:
    """One repository's counts at the head of its default branch; a failure is its ``error``."""
    branch = info.default_branch
    try:
        repo = rt.git.repository(info.full_name)
        repo.fetch(info.clone_url, gh.token(), [branch])
        head = repo.resolve(branch)
    except (GitError, GitHubError) as error:
        log.warning("report: cannot fetch %s: %s", info.full_name, error)
        return RepoReport(info.full_name, branch, error=f"cannot read `{branch}`: {error}")
    try:
        config = read_config(repo, head)
        locales = tuple(config.config.target_locales)
        files = source_files(config)
        caps = Caps(rt.settings.max_file_bytes, rt.settings.max_files)
        revisions = read_revisions(repo, files, locales, head, None, caps)
    except SnapshotError as error:
        if repo.read(head, CONFIG_PATH) is None:  # no config and no string files
            return RepoReport(info.full_name, branch, head)
        problems = "; ".join(error.problems)
        return RepoReport(
            info.full_name, branch, head, error=f"{error}{': ' if problems else ''}{problems}"
        )
    return count_repo(
        info.full_name,
        branch,
        head,
        revisions,
        locales,
        translated_from(records),
        detected=config.detected,
    )


def take_snapshot(rt: Runtime) -> OrgReport:
    """Build the report and store it (the periodic task's work)."""
    report = build_report(rt)
    ReportStore(rt.store.sessions).save(report, keep_runs=rt.settings.report_keep_runs)
    log.info("report snapshot of %d repositories stored", len(report.repos))
    return report
