"""The org-wide report: time and GitHub REST calls for 20 repositories × 5,000 strings × 5 locales.

Starts the sandbox GitHub on a free loopback port, registers the bot's app, seeds 20
repositories (1,250 strings in each of Android, iOS, JSON and PO, with targets for five
locales holding half of the strings) and runs `flask --app sts_bot report --json` twice:
cold (every repository cloned into an empty git cache) and warm (fetches with nothing new).
The reference in the same run is the same command over one repository. REST calls are the
sandbox's count of the app's and installations' calls (git's smart HTTP apart).

    .venv/bin/python bench/report.py [--repos 20] [--strings 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devstack import Stack
from devstack.scenario import Scenario
from devstack.stack import BIN, REPO_ROOT, _ensure_user
from devstack.synthetic import CONFIG_FILES, android, config, ios, json_nested, pot, repository

LOCALES = ["fr", "de", "ja", "es", "it"]


def seed_files(per_format: int) -> dict[str, str]:
    """Sources, the config, and per locale a target holding the first half of the strings."""
    half = per_format // 2
    targets = {
        "app/src/main/res/values/strings.xml": android(half),
        "ios/App/en.lproj/Localizable.strings": ios(half),
        "web/locales/en.json": json_nested(half),
        "po/messages.pot": pot(half),
    }
    files = {**repository(per_format), ".github/translations.yml": config(LOCALES)}
    for source, template in CONFIG_FILES.items():
        for locale in LOCALES:
            path = template.format(locale=locale, android=locale, ios=locale, posix=locale)
            files[path] = targets[source]
    return files


def run_report(stack: Stack) -> tuple[float, int, dict[str, object]]:
    calls = stack.bot_rest_calls()
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "sts_bot", "report", "--json"],
        cwd=REPO_ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: report failed:\n{done.stderr}")
    return elapsed, stack.bot_rest_calls() - calls, json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repos", type=int, default=20)
    parser.add_argument("--strings", type=int, default=5000)
    args = parser.parse_args()
    per_format = args.strings // 4
    files = seed_files(per_format)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        stack = Stack.on_free_ports(Path(tmp), {"STS_GITHUB_THROTTLE_SECONDS": "0"})
        with stack:
            stack.migrate()
            stack.start("sandbox_github")
            stack.register_app("acme")
            _ensure_user(stack.sandbox, "reference", "Organization")
            reference = Scenario(stack, "reference")
            reference.create_repo("app", seed_dir=None, files=files)
            reference_installation = reference.install("all")
            ref_time, ref_calls, _ = run_report(stack)
            stack.sandbox.uninstall(reference_installation)
            shutil.rmtree(stack.var_dir / "git-cache")
            scenario = Scenario(stack, "acme")
            scenario.install("all")
            for index in range(args.repos):
                scenario.create_repo(f"app{index:02d}", seed_dir=None, files=files)
            cold, cold_calls, report = run_report(stack)
            warm, warm_calls, _ = run_report(stack)
    repos = report["repositories"]
    assert isinstance(repos, list)
    strings = sum(r["strings"] for r in repos)
    missing = sum(r["missing"] for r in repos)
    if len(repos) != args.repos or any(r["error"] for r in repos):
        raise SystemExit(f"bench: unexpected report: {json.dumps(repos)[:2000]}")
    print(
        f"{args.repos} repositories × {per_format * 4:,} strings × {len(LOCALES)} locales: "
        f"{strings:,} (string, locale) pairs counted, {missing:,} missing"
    )
    print(f"reference: 1 repository, cold cache: {ref_time:.2f} s, {ref_calls} REST calls")
    print(f"cold cache (every repository cloned): {cold:.2f} s, {cold_calls} REST calls")
    print(f"warm cache (fetch, nothing new):      {warm:.2f} s, {warm_calls} REST calls")
    print(f"ratio cold / reference: {cold / ref_time:.2f}x for {args.repos}x the repositories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
