"""`translate apply` when things go wrong: slow vendors, racing commands, human pushes, crashes."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

import catalog
from appkit.database import make_engine, make_session_factory
from devstack import Stack
from devstack.scenario import SAMPLE_APP, SAMPLE_CHANGES, Person, Scenario
from sts_bot.models import ApplyJob
from sts_bot.settings import Settings
from sts_bot.store import Store
from tests.e2e.conftest import Vendor, unique
from tests.e2e.test_translate_apply import bot_commits

pytestmark = pytest.mark.slow

LOCALES = ["fr", "ja", "es-MX"]


def manual_pr(scenario: Scenario, developer: Person, vendor: Vendor) -> tuple[str, int, str]:
    """A sample PR whose config sends jobs to a vendor project that waits for its operator."""
    project = unique("manual-")
    vendor.create_project(project, LOCALES, "manual")
    config = (SAMPLE_APP / ".github/translations.yml").read_text() + f"vendor_project: {project}\n"
    repo = scenario.create_repo(unique("shop"), collaborators={developer.login: "write"})
    files = {**SAMPLE_CHANGES, ".github/translations.yml": config}
    number = scenario.open_pull_request(repo, developer, "feature/orders", files, "Orders")
    return repo, number, project


def wait_until(condition: Callable[[], object], timeout: float = 30.0) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.2)


@pytest.fixture
def bot_store(scenario: Scenario) -> Iterator[Store]:
    """The bot's job records, read as the stack's processes read them."""
    engine = make_engine(Settings.from_env(scenario.stack.env).database_url)
    yield Store(make_session_factory(engine))
    engine.dispose()  # no connection is left open for the garbage collector to find


def planning_job(
    scenario: Scenario, developer: Person, vendor: Vendor, store: Store
) -> tuple[str, int, str, ApplyJob]:
    """`translate apply` on a sample PR whose vendor answers every call after 2 s: the job,
    recorded and still ``planned`` while the bot plans and submits."""
    repo, number, project = manual_pr(scenario, developer, vendor)
    vendor.faults({"slow_rate": 1.0, "slow_seconds": 2.0})
    scenario.comment(repo, number, developer, "translate apply")
    job = wait_until(lambda: store.active_job(repo, number))
    assert isinstance(job, ApplyJob) and job.state == "planned"
    return repo, number, project, job


def submitted_job(vendor: Vendor, project: str) -> str:
    jobs = wait_until(lambda: vendor.jobs(project))
    assert isinstance(jobs, list) and len(jobs) == 1
    return str(jobs[0]["jobId"])


def test_a_second_command_while_a_job_runs_starts_nothing(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    scenario.comment(repo, number, developer, "translate apply")
    scenario.wait_for_status(repo, number, developer, marks=("already running",), timeout=30)
    comments = scenario.wait_for_status(
        repo, number, developer, marks=("Waiting for the translators",), timeout=30
    )
    assert sum("already running" in c["body"] for c in comments) == 1
    job_id = submitted_job(vendor, project)
    vendor.complete(project, job_id)
    scenario.wait_for_status(repo, number, developer)
    assert len(vendor.jobs(project)) == 1
    assert len(bot_commits(scenario, repo)) == 1


def test_a_human_push_during_the_job_is_kept_and_the_bot_commits_on_top(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    job_id = submitted_job(vendor, project)
    human = scenario.stack.sandbox.push(
        repo,
        "feature/orders",
        {"README.md": "Orders ship faster now.\n"},
        author=developer.login,
        message="Docs while the translators work",
    )
    vendor.complete(project, job_id)
    comments = scenario.wait_for_status(repo, number, developer)
    assert "✅ Done" in comments[-1]["body"]
    (bot,) = bot_commits(scenario, repo)
    assert scenario.git(repo, "rev-parse", f"{bot}^").strip() == human
    assert scenario.show(repo, bot, "README.md") == "Orders ship faster now.\n"


def test_a_source_text_changed_during_the_job_is_not_committed_stale(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    job_id = submitted_job(vendor, project)
    strings = SAMPLE_CHANGES["app/src/main/res/values/strings.xml"]
    assert strings is not None
    scenario.stack.sandbox.push(
        repo,
        "feature/orders",
        {"app/src/main/res/values/strings.xml": strings.replace("Go to checkout", "Pay now")},
        author=developer.login,
        message="Better wording",
    )
    vendor.complete(project, job_id)
    body = scenario.wait_for_status(repo, number, developer)[-1]["body"]
    assert "`checkout` · `fr`: the source text changed" in body
    (bot,) = bot_commits(scenario, repo)
    fr = catalog.load(
        "values-fr/strings.xml",
        (scenario.show(repo, bot, "app/src/main/res/values-fr/strings.xml") or "").encode(),
    )
    assert fr.get("checkout").value == "Payer"  # the old translation stays until a new one
    assert fr.get("order_shipped") is not None


def test_cancel_stops_the_job_and_nothing_is_committed(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    job_id = submitted_job(vendor, project)
    scenario.comment(repo, number, developer, "translate cancel")
    scenario.wait_for_status(repo, number, developer, marks=("Cancelled translation job",))
    jobs = vendor.jobs(project)
    assert [(j["jobId"], j["state"]) for j in jobs] == [(job_id, "cancelled")]
    assert bot_commits(scenario, repo) == []
    scenario.comment(repo, number, developer, "translate status")
    comments = scenario.wait_for_status(repo, number, developer, marks=("🚫 Cancelled",), count=2)
    assert "cancelled by @" in comments[-1]["body"]


def test_a_job_cancelled_while_it_is_submitted_leaves_no_vendor_job_running(
    scenario: Scenario, developer: Person, vendor: Vendor, bot_store: Store
) -> None:
    repo, number, project, _job = planning_job(scenario, developer, vendor, bot_store)
    scenario.comment(repo, number, developer, "translate cancel")
    scenario.wait_for_status(repo, number, developer, marks=("Cancelled translation job",))
    # the submit that was under way ends in a vendor job of its own: cancelled, not waited on
    jobs = wait_until(lambda: [j for j in vendor.jobs(project) if j["state"] == "cancelled"])
    assert [j["state"] for j in vendor.jobs(project)] == ["cancelled"], jobs
    vendor.faults()
    scenario.comment(repo, number, developer, "translate status")
    # the job posted no status of its own: the reply to `status` is the one that says so
    comments = scenario.wait_for_status(repo, number, developer, marks=("🚫 Cancelled",))
    assert "cancelled by @" in comments[-1]["body"]
    assert not any("Waiting for the translators" in c["body"] for c in comments)
    assert bot_commits(scenario, repo) == []


def test_vendor_errors_within_the_retry_budget_are_survived(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    vendor.faults(script=[{"status": 503}, {"status": 429, "retryAfter": 1}, {"status": 502}])
    repo = scenario.create_repo(unique("shop"), collaborators={developer.login: "write"})
    number = scenario.open_pull_request(repo, developer, "feature/orders", SAMPLE_CHANGES)
    scenario.comment(repo, number, developer, "translate apply")
    comments = scenario.wait_for_status(repo, number, developer, timeout=90)
    assert "✅ Done" in comments[-1]["body"]
    assert len(bot_commits(scenario, repo)) == 1


def test_a_vendor_outage_fails_the_job_with_a_clear_comment(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    vendor.faults({"error_rate": 1.0})
    repo = scenario.create_repo(unique("shop"), collaborators={developer.login: "write"})
    number = scenario.open_pull_request(repo, developer, "feature/orders", SAMPLE_CHANGES)
    scenario.comment(repo, number, developer, "translate apply")
    body = scenario.wait_for_status(repo, number, developer, timeout=120)[-1]["body"]
    assert "❌ Failed" in body
    assert "the translation vendor could not take the job" in body
    assert bot_commits(scenario, repo) == []


def test_a_lost_callback_is_covered_by_polling(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    vendor.faults({"drop_callback_rate": 1.0})
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    job_id = submitted_job(vendor, project)
    vendor.complete(project, job_id)
    comments = scenario.wait_for_status(repo, number, developer, timeout=60)
    assert "✅ Done" in comments[-1]["body"]


def test_translators_questions_are_posted_on_the_pull_request(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    job_id = submitted_job(vendor, project)
    vendor.ask(project, job_id, "Is 'order' a purchase or a sequence?", "order_shipped", "ja")
    comments = scenario.wait_for_status(
        repo, number, developer, marks=("Questions from the translators",)
    )
    question = next(c["body"] for c in comments if "Questions from" in c["body"])
    assert "`order_shipped`" in question
    assert "`app/src/main/res/values/strings.xml:" in question
    assert "`ja`" in question and "purchase or a sequence" in question
    vendor.complete(project, job_id)
    scenario.wait_for_status(repo, number, developer)


def test_a_worker_killed_while_its_job_waits_carries_on_after_restart_and_commits_once(
    scenario: Scenario, developer: Person, vendor: Vendor
) -> None:
    stack = scenario.stack
    repo, number, project = manual_pr(scenario, developer, vendor)
    scenario.comment(repo, number, developer, "translate apply")
    job_id = submitted_job(vendor, project)
    # the job waits once the bot has recorded it (its status says so); killed before that,
    # the job is only resumed after STS_JOB_TIME_BUDGET_SECONDS, beyond this test's wait
    scenario.wait_for_status(
        repo, number, developer, marks=("Waiting for the translators",), timeout=30
    )
    stack.stop("sts_worker", kill=True)
    try:
        vendor.complete(project, job_id)  # the callback is queued while no worker runs
    finally:
        stack.start("sts_worker")
    comments = scenario.wait_for_status(repo, number, developer, timeout=90)
    assert "✅ Done" in comments[-1]["body"]
    assert len(bot_commits(scenario, repo)) == 1


def resume_runs(stack: Stack) -> int:
    """How many times a worker has finished looking for jobs left behind."""
    log = stack.log_tail("sts_worker", 1 << 24)
    return len(re.findall(r"sts\.resume_jobs\[[^\]]+\] succeeded", log))


def test_a_job_left_planning_by_a_killed_worker_is_carried_on_by_the_sweep(
    scenario: Scenario, developer: Person, vendor: Vendor, bot_store: Store
) -> None:
    stack = scenario.stack
    settings = Settings.from_env(stack.env)
    store = bot_store
    repo, number, project, job = planning_job(scenario, developer, vendor, store)
    resumes = resume_runs(stack)
    stack.stop("sts_worker", kill=True)  # killed while it plans and submits
    vendor.faults()
    stack.start("sts_worker")
    # the worker's own look on starting passes the job by: it moved less than a budget ago
    wait_until(lambda: resume_runs(stack) > resumes)
    assert store.job(job.id).state == "planned"  # type: ignore[union-attr]
    # the job has not moved for the job time budget (a live worker ends its job by then)
    with store.sessions.begin() as session:
        past = datetime.now(UTC) - timedelta(seconds=2 * settings.job_time_budget_seconds)
        session.execute(update(ApplyJob).where(ApplyJob.id == job.id).values(updated_at=past))
    # what beat sends every minute (sts_bot.beat.RESUME_ENTRY)
    sweep = [str(Path(sys.executable).parent / "celery"), "-A", "sts_bot.worker", "call"]
    subprocess.run(
        [*sweep, "sts.resume_jobs", "--kwargs", '{"waiting_too": false}', "--queue", "sts"],
        cwd=Path(__file__).resolve().parents[2],
        env=stack.env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    job_id = submitted_job(vendor, project)  # planned again: the same vendor job, not a second
    vendor.complete(project, job_id)
    comments = scenario.wait_for_status(repo, number, developer, timeout=90)
    assert "✅ Done" in comments[-1]["body"]
    assert len(bot_commits(scenario, repo)) == 1
    assert len(vendor.jobs(project)) == 1
