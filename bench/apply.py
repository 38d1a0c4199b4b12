"""`translate apply` end to end: time from comment to commit, and the GitHub REST calls made.

Starts the platform as `make demo` does (sandbox GitHub, vendor stub with instant turnaround,
the bot's gunicorn and Celery worker) on free loopback ports, then times a pull request that
adds 1,000 strings across the four formats (250 each) with 10 target locales, beside a
reference pull request of 4 strings and 1 locale measured in the same run. The bot runs with
`STS_GITHUB_THROTTLE_SECONDS=0` (GitHub.com's politeness pauses would add 0.25 s per call).

    .venv/bin/python bench/apply.py [--strings 1000] [--locales 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devstack.scenario import Person, Scenario, bot_for_bench
from devstack.synthetic import config, repository

LOCALES = ["fr", "de", "ja", "es-MX", "pt-BR", "zh-Hans", "ar", "ru", "ko", "it", "nl", "pl"]


def one_apply(
    scenario: Scenario, developer: Person, name: str, strings: int, locales: list[str]
) -> tuple[float, int]:
    per_format = strings // 4
    base = {**repository(20), ".github/translations.yml": config(locales)}
    repo = scenario.create_repo(
        name, seed_dir=None, files=base, collaborators={developer.login: "write"}
    )
    number = scenario.open_pull_request(
        repo, developer, "feature", repository(20 + per_format, 0), f"{strings} strings"
    )
    scenario.wait_for_check(repo, scenario.git(repo, "rev-parse", "feature").strip(), developer)
    calls = scenario.stack.bot_rest_calls(checks=False)
    started = time.perf_counter()
    scenario.comment(repo, number, developer, "translate apply")
    comments = scenario.wait_for_status(repo, number, developer, timeout=300)
    elapsed = time.perf_counter() - started
    body = comments[-1]["body"]
    if "✅ Done" not in body:
        raise SystemExit(f"bench: the job failed:\n{body}")
    made = scenario.stack.bot_rest_calls(checks=False) - calls
    commits = scenario.git(repo, "rev-list", "--count", "main..feature").strip()
    assert commits == "2", f"expected the PR commit and the bot's one commit, got {commits}"
    check_calls = scenario.stack.bot_rest_calls(checks=True)
    scenario.wait_for_check(repo, scenario.git(repo, "rev-parse", "feature").strip(), developer)
    CHECK_CALLS.append(scenario.stack.bot_rest_calls(checks=True) - check_calls)
    return elapsed, made


#: REST calls of the `Translations` check run on the bot's own commit, per apply
CHECK_CALLS: list[int] = []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--strings", type=int, default=1000)
    parser.add_argument("--locales", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    locales = LOCALES[: args.locales]
    with (
        tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp,
        bot_for_bench(Path(tmp)) as (scenario, developer),
    ):
        cold, cold_calls = one_apply(scenario, developer, "warmup", 4, locales[:1])
        refs, bigs, calls = [], [], []
        for run in range(args.runs):
            ref, _ = one_apply(scenario, developer, f"ref{run}", 4, locales[:1])
            big, made = one_apply(scenario, developer, f"big{run}", args.strings, locales)
            refs.append(ref)
            bigs.append(big)
            calls.append(made)
    ref, big = statistics.median(refs), statistics.median(bigs)
    print(f"first apply on a cold bot (4 strings, 1 locale): {cold:.2f} s, {cold_calls} REST calls")
    print(f"reference (4 strings, 1 locale), median of {args.runs}: {ref:.2f} s")
    print(
        f"apply ({args.strings} strings x {len(locales)} locales = "
        f"{args.strings * len(locales):,} translations), median of {args.runs}: {big:.2f} s "
        f"[runs: {', '.join(f'{b:.2f}' for b in bigs)}]"
    )
    print(f"ratio apply/reference: {big / ref:.2f}x")
    print(f"GitHub REST calls per apply (warm bot): {sorted(set(calls))}; goal <= 10")
    print(
        "  plus the `Translations` check run on the bot's commit (a separate feature, not the "
        f"apply flow): {sorted(set(CHECK_CALLS[1:]))} calls"
    )
    print(f"goal <= 5 s: {'met' if big <= 5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
