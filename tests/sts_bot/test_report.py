"""The report's pure counts, table and JSON; its page helpers; snapshots on a migrated database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

import catalog
from appkit.database import make_engine, make_session_factory
from appkit.settings import SettingsError
from sts_bot.app import create_app
from sts_bot.beat import REPORT_ENTRY, RESUME_ENTRY, RESUME_INTERVAL_SECONDS, bot_schedule
from sts_bot.plan import FileRevisions
from sts_bot.report import (
    FileLocaleCount,
    OrgReport,
    RepoReport,
    count_repo,
    org_from_json,
    render_table,
    translated_from,
)
from sts_bot.report_store import ReportStore, TrendPoint
from sts_bot.report_web import sort_repos, sparkline
from sts_bot.settings import Settings

SOURCE = "web/en.json"
EN = b'{"hello": "Hello there", "bye": "Goodbye", "cart": "Cart", "empty": ""}'
FR = b'{"hello": "Bonjour", "bye": "Au revoir"}'
DE = b'{"hello": "Hallo", "bye": "Tschuss", "cart": "Warenkorb"}'


def revisions(de: bytes | None = DE) -> list[FileRevisions]:
    paths = {"fr": "web/fr.json", "de": "web/de.json"}
    return [
        FileRevisions(
            source_path=SOURCE,
            head=catalog.load(SOURCE, EN),
            base=None,
            target_paths=paths,
            targets_head={
                "fr": catalog.load(paths["fr"], FR),
                "de": catalog.load(paths["de"], de) if de is not None else None,
            },
        )
    ]


def plan_of(*strings: tuple[str, str | dict[str, str], list[str]]) -> dict[str, object]:
    return {
        "strings": [
            {"file": SOURCE, "key": key, "value": value, "kind": "string", "locales": locales}
            for key, value, locales in strings
        ]
    }


def test_translated_from_keeps_every_source_text_except_kept_out_translations() -> None:
    records = [
        (plan_of(("hello", "Hello", ["fr", "de"]), ("bye", "Goodbye", ["de"])), None),
        (None, None),  # a job that never planned
        (
            plan_of(("hello", "Hello there", ["de"]), ("cart", "Cart", ["de"])),
            {"kept_out": [{"file": SOURCE, "key": "cart", "locale": "de", "reason": "QA"}]},
        ),
    ]
    assert translated_from(records) == {
        (SOURCE, "hello", "fr"): frozenset({"Hello"}),
        (SOURCE, "hello", "de"): frozenset({"Hello", "Hello there"}),
        (SOURCE, "bye", "de"): frozenset({"Goodbye"}),
    }


def test_counts_missing_per_locale_and_stale_only_where_the_bot_translated_an_older_text() -> None:
    translations = translated_from(
        [(plan_of(("hello", "Hello", ["fr", "de"]), ("cart", "Cart", ["de"])), None)]
    )
    report = count_repo("acme/web", "main", "a" * 40, revisions(), ["fr", "de"], translations)
    assert report.counts == (
        # hello was translated from "Hello" and now says "Hello there": stale in both;
        # cart lacks in fr (empty is not translatable); in de it was made from the current
        # text; bye's translations are not the bot's, so nothing says they are old
        FileLocaleCount(SOURCE, "web/fr.json", "fr", 3, 1, 1),
        FileLocaleCount(SOURCE, "web/de.json", "de", 3, 0, 1),
    )
    assert (report.strings, report.missing, report.stale) == (6, 1, 2)
    assert report.done_ratio == pytest.approx(3 / 6)


def test_a_missing_target_file_lacks_every_string_and_nothing_there_is_stale() -> None:
    translations = translated_from([(plan_of(("hello", "Hello", ["de"])), None)])
    report = count_repo("acme/web", "main", "a" * 40, revisions(None), ["de"], translations)
    assert report.counts == (FileLocaleCount(SOURCE, "web/de.json", "de", 3, 3, 0),)


def test_plural_source_texts_compare_whatever_the_order_of_their_forms() -> None:
    source = b'{"items": {"one": "{count} item", "other": "{count} items"}}'
    target = b'{"items": {"one": "{count} article", "other": "{count} articles"}}'
    files = [
        FileRevisions(
            "en.json",
            catalog.load("en.json", source),
            None,
            {"fr": "fr.json"},
            {"fr": catalog.load("fr.json", target)},
        )
    ]
    forms = catalog.load("en.json", source).get("items")
    assert forms is not None and not isinstance(forms.value, str)
    reversed_forms = dict(reversed(list(forms.value.items())))
    plan = {
        "strings": [{"file": "en.json", "key": "items", "value": reversed_forms, "locales": ["fr"]}]
    }
    report = count_repo("o/r", "main", "b" * 40, files, ["fr"], translated_from([(plan, None)]))
    assert (report.missing, report.stale) == (0, 0)
    changed = {**reversed_forms, "other": "{count} things"}
    plan["strings"][0]["value"] = changed  # type: ignore[index]
    report = count_repo("o/r", "main", "b" * 40, files, ["fr"], translated_from([(plan, None)]))
    assert (report.missing, report.stale) == (0, 1)


def sample_org() -> OrgReport:
    return OrgReport(
        "2026-12-03T10:00:00+00:00",
        (
            RepoReport("acme/docs", "main", "d" * 40),
            RepoReport(
                "acme/web",
                "main",
                "c" * 40,
                ("fr", "de"),
                False,
                (
                    FileLocaleCount(SOURCE, "web/fr.json", "fr", 3, 1, 1),
                    FileLocaleCount(SOURCE, "web/de.json", "de", 3, 0, 1),
                ),
            ),
            RepoReport("globex/app", "trunk", error="cannot read `trunk`: git fetch failed (128)"),
        ),
    )


def test_the_table_has_a_line_per_file_and_locale_totals_and_notes() -> None:
    assert render_table(sample_org()) == (
        "repository  file         locale  strings  missing  stale  done\n"
        "----------  -----------  ------  -------  -------  -----  ----\n"
        "acme/web    web/en.json  fr            3        1      1   33%\n"
        "acme/web    web/en.json  de            3        0      1   66%\n"
        "(all)                    de            3        0      1   66%\n"
        "(all)                    fr            3        1      1   33%\n"
        "\n"
        "acme/docs: no string files\n"
        "globex/app: error: cannot read `trunk`: git fetch failed (128)\n"
    )


def test_json_round_trips_and_sums_per_locale() -> None:
    report = sample_org()
    data = json.loads(json.dumps(report.to_json()))
    assert data["locales"] == {
        "de": {"strings": 3, "missing": 0, "stale": 1},
        "fr": {"strings": 3, "missing": 1, "stale": 1},
    }
    assert data["repositories"][1]["files"][0] == {
        "file": SOURCE,
        "target": "web/fr.json",
        "locale": "fr",
        "strings": 3,
        "missing": 1,
        "stale": 1,
    }
    assert (data["repositories"][2]["error"], data["repositories"][2]["files"]) == (
        "cannot read `trunk`: git fetch failed (128)",
        [],
    )
    assert org_from_json(data) == report


def test_repositories_sort_by_each_column_of_the_page() -> None:
    repos = sample_org().repos
    assert [r.repo for r in sort_repos(repos, "repo", False)] == [
        "acme/docs",
        "acme/web",
        "globex/app",
    ]
    web_first = ["acme/web", "globex/app", "acme/docs"]
    assert [r.repo for r in sort_repos(repos, "missing", True)] == web_first
    assert [r.repo for r in sort_repos(repos, "strings", True)] == web_first
    done = ["acme/web", "acme/docs", "globex/app"]
    assert [r.repo for r in sort_repos(repos, "done", False)] == done
    assert [r.repo for r in sort_repos(repos, "bogus", False)] == [
        "acme/docs",
        "acme/web",
        "globex/app",
    ]


def test_the_sparkline_scales_the_due_counts_and_says_the_change() -> None:
    moment = datetime(2026, 12, 1, tzinfo=UTC)
    trend = [
        TrendPoint(moment, 10, 8, 0),
        TrendPoint(moment + timedelta(days=1), 10, 2, 2),
        TrendPoint(moment + timedelta(days=2), 10, 0, 0),
    ]
    line = sparkline(trend, width=100, height=24)
    assert line.points == "0.0,2.0 50.0,12.0 100.0,22.0"
    assert line.change == "−8 over 3 snapshots"
    assert sparkline(trend[:1]).change == "first snapshot"
    assert sparkline([]).points == "0.0,22.0 120.0,22.0"


def test_the_beat_schedule_takes_its_interval_from_the_settings() -> None:
    assert Settings.from_env({}).report_interval_seconds == 86400.0
    settings = Settings.from_env({"STS_REPORT_INTERVAL_SECONDS": "3600"})
    assert bot_schedule(settings) == {
        REPORT_ENTRY: {
            "task": "sts.report_snapshot",
            "schedule": 3600.0,
            "options": {"queue": "sts"},
        },
        RESUME_ENTRY: {  # jobs left planning or committing by a stopped worker
            "task": "sts.resume_jobs",
            "schedule": RESUME_INTERVAL_SECONDS,
            "kwargs": {"waiting_too": False},
            "options": {"queue": "sts"},
        },
    }


def test_snapshots_are_stored_per_repository_and_read_back_with_trends(
    platform_env: dict[str, str],
) -> None:
    engine = make_engine(platform_env["DATABASE_URL"])
    store = ReportStore(make_session_factory(engine))
    try:
        assert store.latest() is None
        first = sample_org()
        store.save(first)
        better = OrgReport(
            "2026-12-04T10:00:00+00:00",
            (
                RepoReport(
                    "acme/web",
                    "main",
                    "e" * 40,
                    ("fr",),
                    counts=(FileLocaleCount(SOURCE, "web/fr.json", "fr", 3, 0, 0),),
                ),
            ),
        )
        store.save(better)
        assert store.latest() == better
        trends = store.trends(["acme/web", "acme/docs"])
        assert [(p.taken_at.day, p.missing, p.stale) for p in trends["acme/web"]] == [
            (3, 1, 2),
            (4, 0, 0),
        ]
        assert [p.strings for p in trends["acme/docs"]] == [0]
        assert [len(points) for points in store.trends(["acme/web"], points=1).values()] == [1]
    finally:
        engine.dispose()


def test_storing_a_run_deletes_the_runs_older_than_those_kept(
    platform_env: dict[str, str],
) -> None:
    engine = make_engine(platform_env["DATABASE_URL"])
    store = ReportStore(make_session_factory(engine))
    first = sample_org()
    start = datetime.fromisoformat(first.taken_at)
    try:
        for day in range(5):
            taken_at = (start + timedelta(days=day)).isoformat()
            store.save(OrgReport(taken_at, first.repos), keep_runs=3)
        trends = store.trends(["acme/web", "acme/docs"], points=30)
        assert {repo: [p.taken_at.day for p in points] for repo, points in trends.items()} == {
            "acme/web": [5, 6, 7],
            "acme/docs": [5, 6, 7],
        }
        assert store.latest() == OrgReport((start + timedelta(days=4)).isoformat(), first.repos)
        store.save(OrgReport((start + timedelta(days=5)).isoformat(), first.repos))
        assert len(store.trends(["acme/web"])["acme/web"]) == 4  # no keep_runs: nothing deleted
    finally:
        engine.dispose()


def test_fewer_kept_runs_than_the_trend_line_shows_are_refused() -> None:
    with pytest.raises(SettingsError, match="STS_REPORT_KEEP_RUNS must be at least 30, got 5"):
        Settings.from_env({"STS_REPORT_KEEP_RUNS": "5"})
    assert Settings.from_env({}).report_keep_runs == 400


def test_the_page_says_when_there_is_no_report_yet_and_the_json_answers_404(
    platform_env: dict[str, str],
) -> None:
    app = create_app(Settings.from_env(platform_env))
    client = app.test_client()
    page = client.get("/reports")
    assert page.status_code == 200
    assert "No report yet." in page.get_data(as_text=True)
    answer = client.get("/reports.json")
    assert (answer.status_code, answer.get_json()) == (
        404,
        {"error": "no report yet: the periodic run has not stored one"},
    )
    ReportStore(app.extensions["sts_store"].sessions).save(sample_org())
    page = client.get("/reports?sort=stale&order=asc")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'aria-label="fr: 1 of 3 translated"' in html
    assert html.index('data-repo="acme/docs"') < html.index('data-repo="acme/web"')
    assert 'href="?sort=stale&amp;order=desc" class="active" aria-sort="ascending"' in html
    assert "cannot read `trunk`: git fetch failed (128)" in html
    assert client.get("/reports.json").get_json() == sample_org().to_json()
    app.extensions["sts_engine"].dispose()


def test_the_command_says_why_when_the_app_is_not_configured(
    platform_env: dict[str, str],
) -> None:
    app = create_app(Settings.from_env(platform_env))
    result = app.test_cli_runner().invoke(args=["report", "--json"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: cannot list the app's repositories: the GitHub App is not configured: set "
        "STS_GITHUB_APP_ID and STS_GITHUB_PRIVATE_KEY_PATH\n"
    )
    app.extensions["sts_engine"].dispose()
