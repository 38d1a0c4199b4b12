"""The examples in the bot's module docstrings run (pytest's testpaths leave sts_bot out)."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import sts_bot.events
import sts_bot.gitcache


@pytest.mark.parametrize("module", [sts_bot.events, sts_bot.gitcache], ids=lambda m: m.__name__)
def test_examples_run(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
