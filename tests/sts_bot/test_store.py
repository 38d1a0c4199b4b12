"""The bot's tables on a real migrated database: deliveries once, one job per PR, CAS moves."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm.exc import DetachedInstanceError

from appkit.database import make_engine, make_session_factory
from sts_bot.store import ACTIVE_STATES, FINAL_STATES, JobConflict, Store


def open_store(url: str) -> tuple[Store, Any]:
    engine = make_engine(url)
    return Store(make_session_factory(engine)), engine


@pytest.fixture
def stores(platform_env: dict[str, str]) -> Iterator[tuple[Store, Store]]:
    """Two stores on their own engines over one database, as two processes would have."""
    first, engine_a = open_store(platform_env["DATABASE_URL"])
    second, engine_b = open_store(platform_env["DATABASE_URL"])
    yield first, second
    engine_a.dispose()
    engine_b.dispose()


def job_fields(pr: int = 12, comment: int = 1, repo: str = "acme/shop") -> dict[str, Any]:
    return {
        "repo": repo,
        "installation_id": 7,
        "pr_number": pr,
        "command": "translate apply",
        "trigger": f"comment:{comment}",
        "requested_by": "ada",
        "clone_url": f"http://gh/{repo}.git",
    }


def test_a_delivery_is_recorded_once(stores: tuple[Store, Store]) -> None:
    first, second = stores
    assert first.record_delivery("d-1", "issue_comment", "created", 7) is True
    assert second.record_delivery("d-1", "issue_comment", "created", 7) is False
    assert first.record_delivery("d-2", "ping", None, None) is True


def test_a_forgotten_delivery_can_be_recorded_again(stores: tuple[Store, Store]) -> None:
    store, _ = stores
    assert store.record_delivery("d-1", "issue_comment", "created", 2**40) is True
    store.forget_delivery("d-1")
    assert store.record_delivery("d-1", "issue_comment", "created", 2**40) is True


def test_a_vendor_callback_is_recorded_once(stores: tuple[Store, Store]) -> None:
    first, second = stores
    assert first.record_vendor_callback("cb-1", "job-1", "job.completed") is True
    assert second.record_vendor_callback("cb-1", "job-1", "job.completed") is False


def test_prune_forgets_only_what_is_older_than_the_retention(stores: tuple[Store, Store]) -> None:
    store, _ = stores
    store.record_delivery("d-1", "ping", None, None)
    store.record_vendor_callback("cb-1", "job-1", "job.completed")
    assert store.prune(datetime.now(UTC) + timedelta(days=13)) == 0
    assert store.record_delivery("d-1", "ping", None, None) is False
    assert store.prune(datetime.now(UTC) + timedelta(days=15)) == 2
    assert store.record_delivery("d-1", "ping", None, None) is True


def test_a_second_job_on_one_pr_conflicts_and_carries_the_running_job(
    stores: tuple[Store, Store],
) -> None:
    first, second = stores
    job = first.start_job(**job_fields(comment=1))
    assert (job.state, job.active_key) == ("planned", "acme/shop#12")
    with pytest.raises(JobConflict, match=r"^a job already runs for this pull request$") as raised:
        second.start_job(**job_fields(comment=2))
    assert raised.value.job is not None
    assert (raised.value.job.id, raised.value.job.trigger) == (job.id, "comment:1")
    other_pr = second.start_job(**job_fields(pr=13, comment=3))
    assert other_pr.id != job.id
    assert first.active_job("acme/shop", 12) is not None
    assert first.latest_job("acme/shop", 12) is not None


def test_the_same_trigger_twice_conflicts(stores: tuple[Store, Store]) -> None:
    store, _ = stores
    job = store.start_job(**job_fields(comment=1))
    assert store.transition(job.id, ACTIVE_STATES, "failed", error="boom")
    with pytest.raises(JobConflict, match="already runs") as raised:
        store.start_job(**job_fields(comment=1))
    assert raised.value.job is None  # nothing runs now; the trigger itself was handled
    assert store.job_by_trigger("comment:1") is not None


def test_transition_is_compare_and_set(stores: tuple[Store, Store]) -> None:
    first, second = stores
    job = first.start_job(**job_fields())
    assert first.transition(job.id, ["planned"], "submitted", vendor_job_id="v-1") is True
    assert second.transition(job.id, ["planned"], "submitted") is False
    assert second.transition(job.id, ["submitted"], "translated") is True
    moved = first.job(job.id)
    assert moved is not None
    assert (moved.state, moved.vendor_job_id, moved.active_key) == (
        "translated",
        "v-1",
        "acme/shop#12",
    )
    assert first.job_by_vendor_id("v-1") is not None
    assert first.transition(job.id + 1000, ["translated"], "committed") is False


def race(first: Store, second: Store, job_id: int) -> list[tuple[str, bool]]:
    """Two callers move one submitted job at the same instant, to different states."""
    barrier = threading.Barrier(2)
    outcomes: list[tuple[str, bool]] = []

    def move(store: Store, to_state: str) -> None:
        barrier.wait(timeout=10)
        outcomes.append((to_state, store.transition(job_id, ["submitted"], to_state)))

    threads = [
        threading.Thread(target=move, args=(first, "translated")),
        threading.Thread(target=move, args=(second, "cancelled")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_racing_callers_one_wins(stores: tuple[Store, Store]) -> None:
    first, second = stores
    for pr in range(5):
        job = first.start_job(**job_fields(pr=pr, comment=100 + pr))
        first.transition(job.id, ["planned"], "submitted")
        outcomes = race(first, second, job.id)
        assert sorted(won for _, won in outcomes) == [False, True]
        (winner,) = [state for state, won in outcomes if won]
        final = first.job(job.id)
        assert final is not None and final.state == winner


@pytest.mark.parametrize("final_state", FINAL_STATES)
def test_a_final_state_frees_the_pr_for_a_new_job(
    stores: tuple[Store, Store], final_state: str
) -> None:
    store, _ = stores
    job = store.start_job(**job_fields(comment=1))
    assert store.transition(job.id, ACTIVE_STATES, final_state) is True
    ended = store.job(job.id)
    assert ended is not None and (ended.state, ended.active_key) == (final_state, None)
    assert store.active_job("acme/shop", 12) is None
    again = store.start_job(**job_fields(comment=2))
    assert again.state == "planned"
    latest = store.latest_job("acme/shop", 12)
    assert latest is not None and latest.id == again.id
    assert store.transition(job.id, ACTIVE_STATES, "planned") is False  # an ended job stays


def test_jobs_in_finds_stale_active_jobs(stores: tuple[Store, Store]) -> None:
    store, _ = stores
    job = store.start_job(**job_fields())
    store.update(job.id, head_sha="a" * 40)
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert [j.id for j in store.jobs_in(ACTIVE_STATES, later)] == [job.id]
    assert store.jobs_in(ACTIVE_STATES, datetime.now(UTC) - timedelta(minutes=1)) == []
    assert store.jobs_in(["committed"], later) == []


def test_a_forgotten_vendor_callback_can_be_recorded_again(stores: tuple[Store, Store]) -> None:
    store, _ = stores
    assert store.record_vendor_callback("cb-1", "job-1", "job.completed") is True
    store.forget_vendor_callback("cb-1")
    assert store.record_vendor_callback("cb-1", "job-1", "job.completed") is True


def test_oversized_names_are_clipped_to_the_columns(stores: tuple[Store, Store]) -> None:
    store, _ = stores  # PostgreSQL refuses text longer than a VARCHAR column; SQLite does not
    assert store.record_delivery("d-1", "e" * 300, "a" * 300, 2**53) is True
    assert store.record_delivery("d-1", "e" * 300, "a" * 300, 2**53) is False
    assert store.record_vendor_callback("cb-1", "j" * 300, "e" * 300) is True


def test_a_job_read_without_its_plan_leaves_the_plan_unread(
    stores: tuple[Store, Store],
) -> None:
    first, second = stores
    job = first.start_job(**job_fields())
    first.update(job.id, plan={"strings": [{"key": "a"}], "locales": ["fr"]})
    assert second.transition(job.id, ["planned"], "submitted")
    without = first.job(job.id, with_plan=False)
    assert without is not None and without.state == "submitted"  # the row as it is now
    with pytest.raises(DetachedInstanceError, match="is not bound to a Session"):
        _ = without.plan  # never loaded, so never decoded
    without.plan = {"held": True}  # the caller's copy, set on the object
    assert without.plan == {"held": True}
    full = first.job(job.id)
    assert full is not None and full.plan == {"strings": [{"key": "a"}], "locales": ["fr"]}
