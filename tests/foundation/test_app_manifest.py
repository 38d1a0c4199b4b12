"""app.yml asks for exactly the events and permissions the bot uses; the Procfile is complete."""

from __future__ import annotations

import yaml

from tests.conftest import REPO_ROOT


def test_manifest_lists_events_and_least_permissions() -> None:
    manifest = yaml.safe_load((REPO_ROOT / "app.yml").read_text())
    assert set(manifest["default_events"]) == {
        "issue_comment",
        "pull_request",
        "check_run",
        "check_suite",
        "installation",
        "installation_repositories",
        "push",
    }
    assert manifest["default_permissions"] == {
        "contents": "write",
        "pull_requests": "write",
        "issues": "write",
        "checks": "write",
        "metadata": "read",
        "members": "read",
    }
    assert manifest["hook_attributes"]["url"].endswith("/webhook")


def test_procfile_has_one_line_per_process() -> None:
    lines = [
        line
        for line in (REPO_ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    names = [line.split(":", 1)[0] for line in lines]
    assert names == [
        "sts_web",
        "sts_worker",
        "sts_beat",
        "dss_web",
        "dss_worker",
        "tms_stub",
        "sandbox_github",
    ]
    assert "'sts_bot:create_app()'" in lines[0]
    assert "sts_bot.worker beat" in lines[2]
    assert "'dss_service:create_app()'" in lines[3]
