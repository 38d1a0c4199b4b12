"""`delivery: separate-pr`: the config key, the merged event, coverage, the neutral check, and
the gateway's branch and pull-request calls against a real sandbox GitHub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import catalog
from sts_bot.apply import read_into_branch
from sts_bot.delivery import (
    TRANSLATIONS_BRANCH,
    MergedPull,
    covered_by_branch,
    merged_task,
)
from sts_bot.events import parse_event
from sts_bot.gitcache import CachedRepo, GitCache
from sts_bot.guardrail import PrState, Untranslated, evaluate
from sts_bot.plan import FileRevisions, plan_changes, plan_missing
from sts_bot.repo_config import ConfigError, parse_config, render_config
from sts_bot.snapshot import SnapshotError, read_config, source_files

from .conftest import GitHubWorld
from .test_snapshot import CAPS, git

BASE_CONFIG = "source_locale: en\ntarget_locales: [fr, ja]\nfiles: [{source: en.json}]\n"
API = "http://127.0.0.1:9/api/v3"
PULLS = "/repos/{owner}/{repo}/pulls"
REFS = "/repos/{owner}/{repo}/git/refs"


# -- the config key ------------------------------------------------------------------------------
def test_delivery_defaults_to_in_pr_and_reads_separate_pr() -> None:
    assert parse_config(BASE_CONFIG).delivery == "in-pr"
    config = parse_config(BASE_CONFIG + "delivery: separate-pr\n")
    assert config.delivery == "separate-pr"
    assert "delivery: separate-pr\n" in render_config(config)
    assert parse_config(render_config(config)) == config
    assert "delivery" not in render_config(parse_config(BASE_CONFIG))


@pytest.mark.parametrize(
    ("value", "shown"),
    [("separate", "'separate'"), ("[separate-pr]", "a list"), ("''", "an empty value")],
)
def test_a_bad_delivery_is_reported_with_its_line(value: str, shown: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(BASE_CONFIG + f"delivery: {value}\n")
    assert error.value.problems == (
        "line 4: 'delivery' must be in-pr or separate-pr (translations committed to the pull "
        f"request, or a separate translations pull request after merge), not {shown}.",
    )


# -- pull_request.closed -> the task ---------------------------------------------------------------
def closed_event(merged: bool = True, **pull: Any) -> Any:
    payload = {
        "action": "closed",
        "installation": {"id": 7},
        "repository": {
            "full_name": "acme/shop",
            "default_branch": "main",
            "clone_url": "http://127.0.0.1:9/acme/shop.git",
        },
        "sender": {"login": "ana", "type": "User"},
        "pull_request": {
            "id": 9001,
            "number": 12,
            "merged": merged,
            "merged_by": {"login": "bo"},
            "head": {"ref": "feature/x", "sha": "a" * 40},
            "base": {"ref": "main", "sha": "b" * 40},
            **pull,
        },
    }
    return parse_event("pull_request", "d-1", json.dumps(payload).encode())


def test_a_merged_pull_request_becomes_a_deliver_task() -> None:
    name, kwargs = merged_task(closed_event(), API) or ("", {})
    assert name == "sts.deliver_merged"
    merged = MergedPull.from_json(kwargs["merged"])
    assert merged == MergedPull(
        "acme/shop",
        7,
        12,
        "feature/x",
        "main",
        "main",
        "bo",
        "http://127.0.0.1:9/acme/shop.git",
        "a" * 40,
        "b" * 40,
        9001,
    )
    assert merged.trigger == "merged:9001"


def test_a_pull_request_closed_without_merging_starts_nothing() -> None:
    assert merged_task(closed_event(merged=False), API) is None
    assert merged_task(closed_event(number="12"), API) is None  # a malformed payload


# -- what the translations branch covers ----------------------------------------------------------
def doc(path: str, text: str) -> catalog.Document:
    return catalog.load(path, text.encode())


def revision(targets: dict[str, str | None]) -> FileRevisions:
    return FileRevisions(
        source_path="en.json",
        head=doc("en.json", '{"hi": "Hi", "bye": "Bye"}\n'),
        base=None,
        target_paths={loc: f"{loc}.json" for loc in targets},
        targets_head={
            loc: (doc(f"{loc}.json", text) if text is not None else None)
            for loc, text in targets.items()
        },
    )


def test_strings_the_branch_translated_are_covered_the_rest_left() -> None:
    untranslated = (
        Untranslated("en.json", "hi", 1, ("fr", "ja")),
        Untranslated("en.json", "bye", 1, ("fr", "ja")),
    )
    at_head = revision({"fr": '{"bye": "Salut"}\n', "ja": None})
    on_branch = revision({"fr": '{"hi": "Bonjour", "bye": "Salut"}\n', "ja": '{"bye": "Sayo"}\n'})
    left, covered = covered_by_branch(untranslated, [at_head], [on_branch])
    # fr "hi" added on the branch, ja "bye" too; fr "bye" is the same as at the head.
    assert covered == 2
    assert left == (
        Untranslated("en.json", "hi", 1, ("ja",)),
        Untranslated("en.json", "bye", 1, ("fr",)),
    )


# -- the neutral check ---------------------------------------------------------------------------
def test_every_missing_translation_pending_makes_the_check_neutral() -> None:
    output = evaluate(PrState(("fr",), True, (), pending_pr=31, pending=4))
    assert output.conclusion == "neutral"
    assert output.title == "Translations pending in #31"
    assert output.summary == (
        "The 4 translations this pull request's strings need are in #31, the separate "
        "translations pull request (`delivery: separate-pr`); they reach the default branch "
        "when it is merged."
    )
    assert output.actions == ()


def test_strings_not_pending_still_fail_and_the_summary_names_the_pending_ones() -> None:
    untranslated = (Untranslated("en.json", "new", 3, ("fr",)),)
    output = evaluate(PrState(("fr",), True, untranslated, pending_pr=31, pending=4))
    assert output.conclusion == "failure"
    assert output.title == "1 strings lack translations"
    assert "4 more translations are pending in #31, the separate translations pull request." in (
        output.summary
    )


# -- the gateway: the bot branch and its pull request ---------------------------------------------
def test_create_branch_once_then_reports_it_exists(github_world: GitHubWorld) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    main = world.client.repo(world.repo)
    sha = world.as_owner("GET", f"/repos/{world.repo}/git/ref/heads/main")["object"]["sha"]
    client.token()
    world.client.clear_requests()
    assert client.create_branch(world.repo, TRANSLATIONS_BRANCH, sha) is True
    assert client.create_branch(world.repo, TRANSLATIONS_BRANCH, sha) is False
    ref = world.as_owner("GET", f"/repos/{world.repo}/git/ref/heads/{TRANSLATIONS_BRANCH}")
    assert ref["object"]["sha"] == sha and main["default_branch"] == "main"
    assert world.calls() == [f"POST {REFS}"] * 2


def test_open_pull_request_is_found_by_its_head_and_never_duplicated(
    github_world: GitHubWorld,
) -> None:
    world = github_world
    client = world.app.installation(world.installation_id)
    world.client.push(world.repo, TRANSLATIONS_BRANCH, {"fr.json": "{}\n"}, message="fr")
    assert client.open_pull_by_head(world.repo, TRANSLATIONS_BRANCH, "main") is None
    client.token()
    world.client.clear_requests()
    # GitHub fails after creating it: the retry finds the one it made instead of a second.
    world.client.add_fault("error", 502, method="POST", route=PULLS, after=True)
    opened = client.open_pull_request(world.repo, TRANSLATIONS_BRANCH, "main", "T", "one")
    assert world.calls() == [f"POST {PULLS}", f"GET {PULLS}"]
    again = client.open_pull_request(world.repo, TRANSLATIONS_BRANCH, "main", "T", "two")
    assert again.number == opened.number and again.body == "one"
    found = client.open_pull_by_head(world.repo, TRANSLATIONS_BRANCH, "main")
    assert found is not None and found.number == opened.number
    assert found.head_ref == TRANSLATIONS_BRANCH and found.base_ref == "main"
    client.edit_pull_request(world.repo, opened.number, title="T2", body="three")
    pulls = world.as_owner("GET", f"/repos/{world.repo}/pulls", params={"state": "all"})
    assert [(p["number"], p["title"], p["body"]) for p in pulls] == [(opened.number, "T2", "three")]


# -- apply's reading for a target branch: sources at one rev, targets on the bot branch ----------
JSON_CONFIG = """source_locale: en-US
target_locales: [fr-FR]
files:
  - source: web/en.json
    target: web/{locale}.json
"""


def branches(tmp_path: Path, branch_fr: str) -> tuple[CachedRepo, str, str, str]:
    """main (a string added after the fork) and a bot branch (its own fr file), fetched."""
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "--quiet", "--initial-branch=main")
    (work / ".github").mkdir()
    (work / ".github/translations.yml").write_text(JSON_CONFIG)
    (work / "web").mkdir()
    (work / "web/en.json").write_text('{"hi": "Hi", "bye": "Bye"}\n')
    (work / "web/fr-FR.json").write_text('{"hi": "Salut"}\n')
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "fork")
    fork = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "--quiet", "-b", "translations/pending")
    (work / "web/fr-FR.json").write_text(branch_fr)
    git(work, "commit", "--quiet", "-am", "bot")
    git(work, "checkout", "--quiet", "main")
    (work / "web/en.json").write_text('{"hi": "Hi", "bye": "Bye", "new": "New"}\n')
    git(work, "commit", "--quiet", "-am", "new string")
    repo = GitCache(tmp_path / "cache").repository("acme/shop")
    repo.fetch(str(work), "unused-token", ["main", "translations/pending"])
    return repo, fork, repo.resolve("main"), repo.resolve("translations/pending")


def test_sources_are_read_at_the_default_branch_and_targets_on_the_bot_branch(
    tmp_path: Path,
) -> None:
    repo, fork, main, branch = branches(tmp_path, '{"hi": "Salut", "bye": "Au revoir"}\n')
    files = source_files(read_config(repo, main))
    revisions = read_into_branch(repo, files, ["fr-FR"], main, branch, CAPS)
    (only,) = revisions
    assert only.head.keys() == ["hi", "bye", "new"]
    fr = only.targets_head["fr-FR"]
    assert fr is not None and fr.keys() == ["hi", "bye"]
    assert [s.key for s in plan_missing(revisions, ["fr-FR"]).strings] == ["new"]
    # Against the fork point: only what changed since, less what the branch carries.
    since_fork = read_into_branch(repo, files, ["fr-FR"], main, branch, CAPS, base=fork)
    assert [s.key for s in plan_changes(since_fork, ["fr-FR"]).strings] == ["new"]


def test_an_unreadable_target_on_the_bot_branch_stops_the_job_instead_of_being_replaced(
    tmp_path: Path,
) -> None:
    repo, _fork, main, branch = branches(tmp_path, '{"hi": "Salut",\n')
    files = source_files(read_config(repo, main))
    with pytest.raises(
        SnapshotError,
        match=r"^`web/fr-FR\.json` on the translations branch is over 10,000 bytes or cannot "
        r"be read; fix it there$",
    ):
        read_into_branch(repo, files, ["fr-FR"], main, branch, CAPS)
