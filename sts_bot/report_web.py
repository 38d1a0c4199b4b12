"""The report's two faces: the `/reports` page (stored snapshots) and `flask report` (a live run).

The page is server-rendered and works without JavaScript: a bar per locale, repositories
sortable by plain links (``?sort=missing&order=desc``), each with a trend drawn from the
stored snapshots and its files in a ``<details>`` element.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import click
from flask import Blueprint, current_app, render_template, request
from flask.cli import with_appcontext

from sts_bot.github import GitHubError
from sts_bot.report import OrgReport, RepoReport, render_table
from sts_bot.report_flow import build_report
from sts_bot.report_store import ReportStore, TrendPoint
from sts_bot.runtime import Runtime

__all__ = [
    "SORT_KEYS",
    "Sparkline",
    "report_command",
    "reports_blueprint",
    "sort_repos",
    "sparkline",
]

SORT_KEYS = ("repo", "strings", "missing", "stale", "done")
TREND_POINTS = 30


def sort_repos(repos: Sequence[RepoReport], key: str, descending: bool) -> list[RepoReport]:
    """Repositories ordered by a column of the page; unknown keys sort by name."""
    if key == "strings":
        order = sorted(repos, key=lambda r: (r.strings, r.repo))
    elif key == "missing":
        order = sorted(repos, key=lambda r: (r.missing, r.repo))
    elif key == "stale":
        order = sorted(repos, key=lambda r: (r.stale, r.repo))
    elif key == "done":
        order = sorted(repos, key=lambda r: (r.done_ratio, r.repo))
    else:
        order = sorted(repos, key=lambda r: r.repo.lower())
    return order[::-1] if descending else order


@dataclass(frozen=True)
class Sparkline:
    """An SVG polyline of the strings still due (missing + stale) per snapshot, and its words."""

    points: str
    first: int
    last: int
    count: int

    @property
    def change(self) -> str:
        delta = self.last - self.first
        if self.count < 2:
            return "first snapshot"
        if delta == 0:
            return f"unchanged over {self.count} snapshots"
        return f"{'+' if delta > 0 else '−'}{abs(delta):,} over {self.count} snapshots"


def sparkline(trend: Sequence[TrendPoint], width: int = 120, height: int = 24) -> Sparkline:
    """Scale the snapshots' due counts into ``width`` × ``height`` (higher is more due)."""
    due = [p.missing + p.stale for p in trend] or [0]
    top = max(due) or 1
    step = width / (len(due) - 1) if len(due) > 1 else 0.0
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (value / top) * (height - 4):.1f}"
        for i, value in enumerate(due)
    )
    if len(due) == 1:
        points += f" {width:.1f},{height - 2 - (due[0] / top) * (height - 4):.1f}"
    return Sparkline(points, due[0], due[-1], len(trend))


def reports_blueprint() -> Blueprint:
    blueprint = Blueprint("reports", __name__, template_folder="templates")

    @blueprint.get("/reports")
    def page() -> tuple[str, int]:
        store = ReportStore(current_app.extensions["sts_store"].sessions)
        report = store.latest()
        key = request.args.get("sort", "missing")
        key = key if key in SORT_KEYS else "missing"
        descending = request.args.get("order", "asc" if key == "repo" else "desc") == "desc"
        repos = sort_repos(report.repos, key, descending) if report else []
        trends = store.trends([r.repo for r in repos], TREND_POINTS)
        return (
            render_template(
                "reports/index.html",
                report=report,
                repos=repos,
                locales=report.per_locale() if report else {},
                lines={r.repo: sparkline(trends.get(r.repo, [])) for r in repos},
                sort=key,
                descending=descending,
                sort_keys=SORT_KEYS,
            ),
            200,
        )

    @blueprint.get("/reports.json")
    def latest_json() -> tuple[dict[str, Any], int]:
        report = ReportStore(current_app.extensions["sts_store"].sessions).latest()
        if report is None:
            return {"error": "no report yet: the periodic run has not stored one"}, 404
        return report.to_json(), 200

    return blueprint


class _Bar:
    """A click progress bar over the repositories, shown only when stdout is a terminal."""

    def __init__(self, stack: contextlib.ExitStack) -> None:
        self.stack = stack
        self.bar: Any = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar is None:
            self.bar = self.stack.enter_context(
                click.progressbar(
                    length=total,
                    label="Reading repositories",
                    show_pos=True,
                    item_show_func=lambda item: item,
                    file=sys.stdout,
                )
            )
        self.bar.update(1, name)


@click.command("report")
@with_appcontext
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def report_command(as_json: bool) -> None:
    """Missing and stale translations in every repository the app is installed on."""
    rt = Runtime.build(current_app.extensions["sts_settings"])
    try:
        with contextlib.ExitStack() as stack:
            progress = _Bar(stack) if sys.stdout.isatty() else None
            report: OrgReport = build_report(rt, progress)
    except GitHubError as error:  # the installations could not be listed
        raise click.ClickException(f"cannot list the app's repositories: {error}") from None
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(report), nl=False)
