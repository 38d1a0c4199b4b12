"""``python -m tms.stub``: serve the stub, and the operator's commands (a translator's hands).

Operator commands work on the stub's database under ``--data`` directly, whether the server
runs or not; callbacks they cause are queued in the outbox and sent by the running server.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from tms.stub import jobs as job_service
from tms.stub.errors import ApiError
from tms.stub.memory import import_memory, read_memory_file
from tms.stub.projects import create_project, get_project
from tms.stub.questions import QUESTION_RULES, raise_question
from tms.stub.runtime import StubRuntime
from tms.stub.serialize import job_json, project_json, question_json
from tms.stub.settings import TURNAROUNDS, Settings

_FAULT_OPTIONS = {
    "error_rate": ("--error-rate", float, "share of vendor requests answered 503"),
    "rate_limit_rate": ("--rate-limit-rate", float, "share answered 429 with Retry-After"),
    "retry_after_seconds": ("--retry-after", int, "Retry-After seconds on injected 429s"),
    "slow_rate": ("--slow-rate", float, "share of requests delayed by --slow-seconds"),
    "slow_seconds": ("--slow-seconds", float, "delay of slow requests"),
    "drop_callback_rate": ("--drop-callback-rate", float, "share of callbacks never sent"),
    "careless_rate": ("--careless-rate", float, "share of translations with a broken placeholder"),
    "seed": ("--fault-seed", int, "seed of the fault dice"),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.for_data_dir(args.data) if args.data else Settings.from_env()
    command: Callable[[argparse.Namespace, Settings], int] = args.run
    try:
        return command(args, settings)
    except ApiError as exc:
        print(f"error: {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    finally:
        for runtime in _opened:
            runtime.close()
        _opened.clear()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tms.stub", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(
        name: str, run: Callable[[argparse.Namespace, Settings], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--data", type=Path, help="data directory (default $TMS_STUB_DATA)")
        sub.set_defaults(run=run)
        return sub

    serve = command("serve", _serve, "run the stub's HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8003)
    serve.add_argument("--threads", type=int, default=8)
    for name, (flag, kind, help_text) in _FAULT_OPTIONS.items():
        serve.add_argument(flag, dest=f"fault_{name}", type=kind, help=help_text)

    project = command("create-project", _create_project, "create a project")
    project.add_argument("--id", dest="project_id")
    project.add_argument("--name", required=True)
    project.add_argument("--source", default="en")
    project.add_argument("--target", action="append", required=True, help="repeatable")
    project.add_argument("--turnaround", choices=TURNAROUNDS, default="instant")
    project.add_argument("--seconds-per-string", type=float, default=1.0)
    project.add_argument("--question-rule", action="append", choices=QUESTION_RULES, default=[])

    for name, run, help_text in (
        ("complete-job", _complete_job, "translate what is left of a job and complete it"),
        ("fail-job", _fail_job, "fail a job"),
        ("ask", _ask, "raise a translator's question on a job"),
        ("show-job", _show_job, "print a job as the API shows it"),
    ):
        sub = command(name, run, help_text)
        sub.add_argument("project_id")
        sub.add_argument("job_id")
        if name == "fail-job":
            sub.add_argument("--reason", default="failed by the operator")
        if name == "ask":
            sub.add_argument("--text", required=True)
            sub.add_argument("--key")
            sub.add_argument("--locale")

    memory = command("load-memory", _load_memory, "load translation memory from PO/JSON files")
    memory.add_argument("project_id")
    memory.add_argument("files", nargs="+", type=Path)
    memory.add_argument("--locale", help="locale of files that do not say")
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from tms.stub.server import serve  # gunicorn only when serving

    overrides = {
        name: getattr(args, f"fault_{name}")
        for name in _FAULT_OPTIONS
        if getattr(args, f"fault_{name}") is not None
    }
    settings = settings.with_faults(replace(settings.faults, **overrides))
    serve(settings, args.host, args.port, args.threads)
    return 0


_opened: list[StubRuntime] = []


def _open(settings: Settings) -> StubRuntime:
    """The stub's database for one command; ``main`` closes it when the command ends."""
    if not _opened:
        _opened.append(StubRuntime.open(settings))
    return _opened[0]


def _print(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _create_project(args: argparse.Namespace, settings: Settings) -> int:
    runtime = _open(settings)
    body = {
        "projectId": args.project_id,
        "name": args.name,
        "sourceLocale": args.source,
        "targetLocales": args.target,
        "questionRules": args.question_rule,
        "turnaround": {"mode": args.turnaround, "secondsPerString": args.seconds_per_string},
    }
    with runtime.sessions.begin() as session:
        _print(project_json(create_project(session, body, settings)))
    return 0


def _complete_job(args: argparse.Namespace, settings: Settings) -> int:
    runtime = _open(settings)
    try:
        runtime.advance(args.project_id, args.job_id, force_complete=True)
    except IntegrityError:  # the server translated the same unit meanwhile: try once more
        runtime.advance(args.project_id, args.job_id, force_complete=True)
    return _show_job(args, settings)


def _fail_job(args: argparse.Namespace, settings: Settings) -> int:
    runtime = _open(settings)
    with runtime.sessions.begin() as session:
        job = job_service.get_job(session, get_project(session, args.project_id), args.job_id)
        job_service.fail_job(session, job, runtime.faults, args.reason)
    return _show_job(args, settings)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    runtime = _open(settings)
    with runtime.sessions.begin() as session:
        job = job_service.get_job(session, get_project(session, args.project_id), args.job_id)
        question = raise_question(
            session, job, runtime.faults, args.text, key=args.key, locale=args.locale
        )
        session.flush()
        _print(question_json(question))
    return 0


def _show_job(args: argparse.Namespace, settings: Settings) -> int:
    runtime = _open(settings)
    with runtime.sessions() as session:
        job = job_service.get_job(session, get_project(session, args.project_id), args.job_id)
        _print(job_json(session, job))
    return 0


def _load_memory(args: argparse.Namespace, settings: Settings) -> int:
    runtime = _open(settings)
    with runtime.sessions.begin() as session:
        project = get_project(session, args.project_id)
        count = sum(
            import_memory(session, project.id, read_memory_file(path, args.locale))
            for path in args.files
        )
    print(f"imported {count} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
