"""The README's interactive examples are true (they run as doctests)."""

from __future__ import annotations

import doctest

from tests.conftest import REPO_ROOT


def test_readme_examples_run() -> None:
    result = doctest.testfile(
        str(REPO_ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 0
    assert result.failed == 0
