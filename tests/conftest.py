"""Fixtures shared by every test package: where the real external servers are, if any."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"

# Data that `make corpora` fetches into var/ (scripts/fetch_*.sh), and the test files that read
# it. It is required: when it is missing the fetch failed, and the run fails instead of skipping.
FETCHED_DATA = (
    REPO_ROOT / "var" / "corpora" / "django",
    REPO_ROOT / "var" / "corpora" / "wagtail",
    REPO_ROOT / "var" / "corpora" / "matrix-react-sdk",
    REPO_ROOT / "var" / "openapi" / "api.github.com.json",
)
FETCHED_DATA_READERS = (
    "tests/catalog/test_po.py",
    "tests/catalog/test_corpus_fidelity.py",
    "tests/sandbox/",
)
FETCH_SKIP_MARKERS = ("fetch_corpora", "fetch_github_openapi", "make corpora")
SHARED_SKIP_MARKERS = ("shared corpora", "shared CLDR", "shared/", "got empty parameter set")
SHARED_SKIP_REASON = (
    f"{SHARED_DIR} is absent (a newcomer's clone has no ../shared): the tests of its corpora"
    " and CLDR conformance data skip; REQUIRE_TEST_DATA=1 (set by .ci/run) fails them instead"
)


def require_test_data() -> bool:
    """True when a missing ``../shared`` must fail the run (``REQUIRE_TEST_DATA=1``)."""
    return os.environ.get("REQUIRE_TEST_DATA", "") not in ("", "0")


def missing_fetched_data() -> list[Path]:
    """What `make corpora` should have fetched into var/ and is not there (or is empty)."""
    return [
        path
        for path in FETCHED_DATA
        if not (path.is_file() and path.stat().st_size)
        and not (path.is_dir() and any(p.is_file() for p in path.rglob("*")))
    ]


def _repo_relative(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Stop the run when a collected test reads var/ data that the fetch did not leave there."""
    paths = {_repo_relative(item.path) for item in items}
    readers = sorted(path for path in paths if path.startswith(FETCHED_DATA_READERS))
    missing = missing_fetched_data() if readers else []
    if missing:
        pytest.exit(
            f"required test data missing: {', '.join(map(str, missing))} (read by"
            f" {', '.join(readers)}); run `make corpora` and fix the fetch that failed",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """No silent skip for lack of data: var/ data fails; ../shared folds into one reason."""
    report = yield
    if not (report.skipped and isinstance(report.longrepr, tuple)):
        return report
    reason = report.longrepr[2]
    if any(marker in reason for marker in FETCH_SKIP_MARKERS):
        report.outcome = "failed"
        report.longrepr = f"required test data missing ({reason}): run `make corpora`"
    elif "got empty parameter set" in reason and SHARED_DIR.is_dir():
        report.outcome = "failed"
        report.longrepr = f"a parametrized list is empty although its data is present: {reason}"
    elif any(marker in reason for marker in SHARED_SKIP_MARKERS):
        if require_test_data():
            report.outcome = "failed"
            report.longrepr = f"REQUIRE_TEST_DATA=1 and {SHARED_DIR} data is absent ({reason})"
        elif not SHARED_DIR.is_dir():
            report.longrepr = (str(Path(__file__)), 0, SHARED_SKIP_REASON)
    return report


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ``../shared`` folder (corpora, conformance data); skips when absent."""
    if not SHARED_DIR.is_dir():
        if require_test_data():
            pytest.fail(f"REQUIRE_TEST_DATA=1 and {SHARED_DIR} is absent", pytrace=False)
        pytest.skip(SHARED_SKIP_REASON)
    return SHARED_DIR


def postgres_url() -> str | None:
    """A PostgreSQL database the tests may wipe (``TEST_POSTGRES_URL``, set by .ci/run)."""
    return os.environ.get("TEST_POSTGRES_URL") or None


def redis_url() -> str | None:
    """A Redis database the tests may use (``TEST_REDIS_URL``, set by .ci/run)."""
    return os.environ.get("TEST_REDIS_URL") or None


def fresh_platform_database(url: str) -> None:
    """Migrate the platform database at ``url``, wiping it first when it is PostgreSQL."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from appkit.database import make_engine

    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


@pytest.fixture
def platform_env(tmp_path: Path) -> dict[str, str]:
    """Environment for an app under test: a migrated, empty platform database.

    By default a fresh SQLite file under ``tmp_path``; when ``DATABASE_URL`` is set (CI's
    second pass, PostgreSQL) that database is wiped and migrated instead. ``BROKER_URL`` is
    passed through, so the same tests run on Redis.
    """
    env = {"VAR_DIR": str(tmp_path)}
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'platform.sqlite3'}"
    fresh_platform_database(url)
    env["DATABASE_URL"] = url
    for name in ("BROKER_URL", "RESULT_BACKEND"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return env
