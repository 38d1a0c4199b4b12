"""`make demo`: the platform's main job on its embedded defaults, end to end.

Starts the Procfile's processes (each under honcho), registers the bot as an app in the
sandbox GitHub, seeds a sample app repository (Android, iOS, JSON and PO strings, three
target locales), opens a pull request that adds and changes strings, comments
`translate apply` as a developer, waits for the bot, prints its status comment and
`git show --stat` of its commit, and stops everything. Exits non-zero if any step fails.

`make demo REPO=/path/to/checkout` does the same on a copy of your own repository: the pull
request adds the detected `.github/translations.yml` (or `fr-FR` to an existing one) and
the comment is `translate apply fr-FR`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from devstack import Stack, dss_demo  # noqa: E402
from devstack.scenario import SAMPLE_CHANGES, Scenario  # noqa: E402
from devstack.user_repo import user_repo_pull_request  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", help="a git checkout to try the bot on (a copy is used)")
    parser.add_argument("--var-dir", default=None, help="where the demo keeps its state")
    args = parser.parse_args()
    var_dir = Path(args.var_dir or REPO_ROOT / "var" / "demo" / time.strftime("%Y%m%d-%H%M%S"))
    print(f"demo: state under {var_dir}")
    stack = Stack.on_default_ports(var_dir, {"TMS_STUB_DEFAULT_TURNAROUND": "instant"})
    started = time.monotonic()
    try:
        stack.migrate()
        stack.start("sandbox_github", "tms_stub")
        app = stack.register_app("acme")
        stack.start("sts_web", "sts_worker", "dss_web", "dss_worker")
        print(f"demo: every process healthy in {time.monotonic() - started:.1f}s; app {app.slug!r}")
        scenario = Scenario(stack, "acme")
        scenario.install()
        developer = scenario.person("alice")
        if args.repo:
            repo, number, command = user_repo_pull_request(scenario, developer, Path(args.repo))
        else:
            repo = scenario.create_repo("shop", collaborators={"alice": "write"})
            number = scenario.open_pull_request(
                repo, developer, "feature/orders", SAMPLE_CHANGES, "Order notifications"
            )
            command = "translate apply"
        print(f"demo: {repo}#{number} opened; @alice comments `{command}`")
        scenario.comment(repo, number, developer, command)
        asked = time.monotonic()
        comments = scenario.wait_for_status(repo, number, developer, timeout=120)
        status = comments[-1]["body"]
        print(f"demo: the bot answered in {time.monotonic() - asked:.1f}s:\n")
        print(status.rsplit("<!--", 1)[0].strip())
        pull = scenario.api(developer, "GET", f"/repos/{repo}/pulls/{number}")
        head = pull["head"]["sha"]
        print(f"\ndemo: git show --stat {head[:10]} (the bot's commit)\n")
        print(scenario.git(repo, "show", "--stat", "--format=fuller", head))
        git_dir = scenario.git_dir(repo)
        print(f"demo: the sandbox's bare repository is {git_dir}")
        print(f"demo: inspect it with: git --git-dir {git_dir} log -p {pull['head']['ref']}")
        if "✅ Done" not in status:
            print("demo: the job did not succeed", file=sys.stderr)
            return 1
        print("\ndemo: the dynamic strings service")
        dss_demo.run(stack)
        return 0
    except BaseException:
        for name in list(stack.processes):
            tail = stack.log_tail(name, 2000)
            if tail:
                print(f"--- {name} log ---\n{tail}", file=sys.stderr)
        raise
    finally:
        stack.stop()
        print("demo: every process stopped")


if __name__ == "__main__":
    sys.exit(main())
