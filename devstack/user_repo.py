"""`make demo REPO=…`: a copy of the user's own repository as a pull request in the sandbox."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from devstack.scenario import Person, Scenario
from sts_bot.repo_config import CONFIG_PATH, add_locales, detect_config, render_config

NEW_LOCALE = "fr-FR"


def user_repo_pull_request(
    scenario: Scenario, developer: Person, checkout: Path
) -> tuple[str, int, str]:
    """Seed the sandbox with the checkout's tracked files; open a PR adding the config."""
    files = _tracked_files(checkout)
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        for path in files:
            target = seed / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(checkout / path, target)
        repo = scenario.create_repo(
            checkout.resolve().name or "project",
            seed_dir=seed,
            collaborators={developer.login: "write"},
        )
    existing = checkout / CONFIG_PATH
    if existing.is_file():
        config_text = add_locales(existing.read_text(encoding="utf-8"), [NEW_LOCALE])
    else:
        proposal = detect_config(files)
        if proposal is None:
            raise SystemExit(
                f"demo: no string files the bot recognises in {checkout}; add {CONFIG_PATH}"
            )
        config_text = render_config(proposal)
    number = scenario.open_pull_request(
        repo,
        developer,
        "translations/fr-FR",
        {CONFIG_PATH: config_text},
        f"Translate into {NEW_LOCALE}",
    )
    return repo, number, f"translate apply {NEW_LOCALE}"


def _tracked_files(checkout: Path) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(checkout), "ls-files", "-z"], check=True, capture_output=True, timeout=60
    ).stdout.decode(errors="surrogateescape")
    return [p for p in out.split("\0") if p and (checkout / p).is_file()]
