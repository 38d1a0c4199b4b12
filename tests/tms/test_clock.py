"""The stub's clock: advanced by the operator over HTTP, forward only, kept across restarts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import requests

from tests.tms.harness import TOKEN, ThreadStub, advance_clock
from tms.stub.clock import Clock

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_a_clock_keeps_its_offset_in_its_file(tmp_path: Path) -> None:
    path = tmp_path / "clock.json"
    clock = Clock(path, source=lambda: 1_700_000_000.0)
    assert clock.now() == datetime(2023, 11, 14, 22, 13, 20)
    assert clock.advance(90) == datetime(2023, 11, 14, 22, 14, 50)
    restarted = Clock(path, source=lambda: 1_700_000_000.0)
    assert (restarted.offset, restarted.now()) == (90.0, datetime(2023, 11, 14, 22, 14, 50))
    with pytest.raises(ValueError, match=r"^a clock only moves forward"):
        restarted.advance(-0.5)


def test_the_operator_reads_and_advances_the_clock(stub: ThreadStub) -> None:
    read = requests.get(f"{stub.url}/api/v1/operator/clock", headers=AUTH, timeout=10)
    assert read.status_code == 200 and read.json()["offsetSeconds"] == 0
    moved = advance_clock(stub.url, 3600)
    assert moved["offsetSeconds"] == 3600
    assert moved["now"] > read.json()["now"]


@pytest.mark.parametrize("body", [{"advanceSeconds": -1}, {"advanceSeconds": True}, {}])
def test_a_bad_advance_is_422_and_moves_nothing(stub: ThreadStub, body: dict[str, object]) -> None:
    refused = requests.post(
        f"{stub.url}/api/v1/operator/clock", json=body, headers=AUTH, timeout=10
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == "advanceSeconds must be a number >= 0"
    assert stub.runtime.clock.offset == 0
