"""The sandbox's clock: read and advanced over HTTP, forward only, from an injectable source."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from sandbox.clock import Clock
from sandbox.settings import Settings
from sandbox.testing import serve_sandbox


def test_a_clock_adds_its_offset_to_its_source() -> None:
    clock = Clock(source=lambda: 1_000.0)
    assert (clock.now(), clock.offset) == (1_000.0, 0.0)
    assert clock.advance(90) == 1_090.0
    assert clock.advance(0.5) == 1_090.5 and clock.offset == 90.5
    with pytest.raises(ValueError, match=r"^a clock only moves forward"):
        clock.advance(-1)


def test_the_clock_endpoint_reads_and_advances_the_injected_clock(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, clock=Clock(source=lambda: 1_700_000_000.0))
    with serve_sandbox(tmp_path, settings) as fresh:
        url = f"{fresh.url}/_sandbox/clock"
        read = requests.get(url, timeout=10)
        assert (read.status_code, read.json()) == (
            200,
            {"now": 1_700_000_000.0, "offset_seconds": 0.0},
        )
        moved = requests.post(url, json={"advance_seconds": 3600}, timeout=10)
        assert (moved.status_code, moved.json()) == (
            200,
            {"now": 1_700_003_600.0, "offset_seconds": 3600.0},
        )


@pytest.mark.parametrize("body", [{"advance_seconds": -1}, {"advance_seconds": "60"}, {}])
def test_a_bad_advance_is_422_and_moves_nothing(sandbox, body: dict[str, object]) -> None:
    url = f"{sandbox.url}/_sandbox/clock"
    before = requests.get(url, timeout=10).json()["offset_seconds"]
    refused = requests.post(url, json=body, timeout=10)
    assert refused.status_code == 422
    assert refused.json()["message"] == "advance_seconds must be a number >= 0"
    assert requests.get(url, timeout=10).json()["offset_seconds"] == before
