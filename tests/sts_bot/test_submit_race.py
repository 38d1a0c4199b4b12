"""A job that leaves ``planned`` while a worker submits it: the vendor job that worker made
is cancelled, unless it is the job's own (another worker resumed the job and the vendor's
idempotency key gave both the same vendor job)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, cast

import pytest

from appkit.database import make_engine, make_session_factory
from sts_bot.apply import _submitted_meanwhile
from sts_bot.runtime import Runtime
from sts_bot.store import Store
from tms.client import TMSClient, TMSError


class VendorCancels:
    """The vendor's edge: records cancel calls, or refuses them with ``refusal``."""

    def __init__(self, refusal: TMSError | None = None) -> None:
        self.cancelled: list[tuple[str, str]] = []
        self.refusal = refusal

    def cancel_job(self, project: str, job_id: str) -> Any:
        if self.refusal is not None:
            raise self.refusal
        self.cancelled.append((project, job_id))
        return None


@pytest.fixture
def store(platform_env: dict[str, str]) -> Iterator[Store]:
    engine = make_engine(platform_env["DATABASE_URL"])
    yield Store(make_session_factory(engine))
    engine.dispose()


def submitted_job(store: Store, vendor_job_id: str) -> int:
    job = store.start_job(
        repo="acme/shop",
        installation_id=7,
        pr_number=12,
        command="translate apply",
        trigger="comment:1",
        requested_by="ada",
        clone_url="http://gh/acme/shop.git",
    )
    assert store.transition(
        job.id, ["planned"], "submitted", vendor_project="sts", vendor_job_id=vendor_job_id
    )
    return job.id


def meanwhile(store: Store, vendor: VendorCancels, job_id: int, vendor_job_id: str) -> None:
    runtime = cast(Runtime, SimpleNamespace(store=store))
    _submitted_meanwhile(runtime, cast(TMSClient, vendor), job_id, "sts", vendor_job_id)


def test_the_job_s_own_vendor_job_is_left_running(store: Store) -> None:
    job_id = submitted_job(store, "v-1")
    vendor = VendorCancels()
    meanwhile(store, vendor, job_id, "v-1")
    assert vendor.cancelled == []


def test_another_vendor_job_is_cancelled(store: Store) -> None:
    job_id = submitted_job(store, "v-1")
    assert store.transition(job_id, ["submitted"], "cancelled")
    vendor = VendorCancels()
    meanwhile(store, vendor, job_id, "v-2")
    assert vendor.cancelled == [("sts", "v-2")]


def test_a_refused_cancel_is_logged_not_raised(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    job_id = submitted_job(store, "v-1")
    vendor = VendorCancels(TMSError("job v-2 is completed", status=409))
    with caplog.at_level(logging.INFO, logger="sts_bot.apply"):
        meanwhile(store, vendor, job_id, "v-2")
    assert f"job {job_id}: vendor cancel answered job v-2 is completed" in caplog.text
