"""`translate apply <new locale>` on a large repository: time from comment to commit.

Starts the platform on free loopback ports (as bench/apply.py does), seeds a repository of
50,000 source strings (12,500 in each of Android, iOS, JSON and PO) already translated into
one locale, and times `translate apply de-CH` (every string sent, four files created, the
config updated, one commit). The reference in the same run is the same command on a
repository of 500 strings. The bot runs with `STS_GITHUB_THROTTLE_SECONDS=0`.

    .venv/bin/python bench/new_locale.py [--strings 50000]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devstack.scenario import Person, Scenario, bot_for_bench
from devstack.synthetic import config, repository


def new_locale(scenario: Scenario, developer: Person, name: str, strings: int) -> tuple[float, int]:
    files = {**repository(strings // 4), ".github/translations.yml": config(["fr"])}
    repo = scenario.create_repo(
        name, seed_dir=None, files=files, collaborators={developer.login: "write"}
    )
    number = scenario.open_pull_request(repo, developer, "feature", {"NOTES.md": "de-CH\n"})
    scenario.stack.sandbox.wait_for_webhooks()
    calls = scenario.stack.bot_rest_calls()
    started = time.perf_counter()
    scenario.comment(repo, number, developer, "translate apply de-CH")
    body = scenario.wait_for_status(repo, number, developer, timeout=600)[-1]["body"]
    elapsed = time.perf_counter() - started
    if "✅ Done" not in body or f"| `de-CH` | {strings} |" not in body:
        raise SystemExit(f"bench: unexpected status:\n{body}")
    return elapsed, scenario.stack.bot_rest_calls() - calls


def step_times(log: str) -> list[str]:
    """The worker's `job N: <step> took X s` lines of the last job in its log."""
    lines = re.findall(r"job (\d+): (\S+) took ([\d.]+) s", log)
    last = lines[-1][0] if lines else None
    return [f"{step} {seconds} s" for job, step, seconds in lines if job == last]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--strings", type=int, default=50_000)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp,
        bot_for_bench(Path(tmp)) as (scenario, developer),
    ):
        ref, _ = new_locale(scenario, developer, "small", 500)
        big, calls = new_locale(scenario, developer, "large", args.strings)
        steps = step_times(scenario.stack.log_tail("sts_worker", 200_000))
    print(f"reference: translate apply de-CH on 500 strings: {ref:.2f} s")
    print(f"translate apply de-CH on {args.strings:,} strings: {big:.2f} s, {calls} REST calls")
    print(f"worker steps of the large job: {', '.join(steps)}")
    print(f"ratio: {big / ref:.2f}x for {args.strings / 500:.0f}x the strings")
    print(f"goal <= 15 s: {'met' if big <= 15 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
