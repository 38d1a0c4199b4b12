"""What the bot writes on pull requests: status comments, replies and commit messages (pure).

Every text stays within GitHub's limit for a comment (65,536 characters): long lists are
cut with a line saying how many more there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "COMMENT_LIMIT",
    "KeptOutLine",
    "QuestionLine",
    "StatusView",
    "commit_message",
    "config_problems_comment",
    "help_comment",
    "job_trailer",
    "questions_comment",
    "refusal_comment",
    "simple_comment",
    "status_comment",
]

COMMENT_LIMIT = 65_536
_BUDGET = 60_000  # leaves room for the marker and the footer
TRAILER = "Translation-Job"

_STATE_WORDS = {
    "planned": "⏳ Planning",
    "submitted": "🌐 Waiting for the translators",
    "translated": "📝 Committing translations",
    "committed": "✅ Done",
    "failed": "❌ Failed",
    "cancelled": "🚫 Cancelled",
}


@dataclass(frozen=True)
class KeptOutLine:
    file: str
    key: str
    locale: str
    reason: str


@dataclass(frozen=True)
class StatusView:
    """Everything the status comment shows about one job."""

    job_id: int
    command: str
    state: str
    requested_by: str
    planned: Mapping[str, int] = field(default_factory=dict)  # locale -> strings sent
    applied: Mapping[str, int] = field(default_factory=dict)  # locale -> strings committed
    progress: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # locale -> done, total
    kept_out: Sequence[KeptOutLine] = ()
    notes: Sequence[str] = ()
    vendor_job_id: str | None = None
    commit_sha: str | None = None
    commit_url: str | None = None
    error: str | None = None
    new_locales: Sequence[str] = ()


@dataclass(frozen=True)
class QuestionLine:
    question_id: str
    text: str
    key: str | None
    locale: str | None
    where: str | None  # "path:line" of the string in the source file


def status_comment(view: StatusView, marker: str) -> str:
    """The one status comment of a job, edited in place as the job moves."""
    lines = [
        f"### {_STATE_WORDS.get(view.state, view.state)}: `{view.command}`",
        "",
        f"Requested by @{view.requested_by} · job {view.job_id}"
        + (f" · vendor job `{view.vendor_job_id}`" if view.vendor_job_id else ""),
        "",
    ]
    if view.error:
        lines += ["**What went wrong**", "", _quote(view.error), ""]
    locales = sorted(set(view.planned) | set(view.applied))
    if locales:
        lines += ["| locale | sent | translated | committed |", "|---|---:|---:|---:|"]
        for locale in locales:
            done, total = view.progress.get(locale, (0, view.planned.get(locale, 0)))
            lines.append(
                f"| `{locale}` | {view.planned.get(locale, 0)} | {done}/{total} "
                f"| {view.applied.get(locale, 0)} |"
            )
        lines.append("")
    elif view.state == "committed" and not view.error:
        lines += ["Nothing to translate: every string in this pull request is translated.", ""]
    if view.new_locales:
        added = ", ".join(f"`{loc}`" for loc in view.new_locales)
        lines += [f"New target locales added to the configuration: {added}.", ""]
    if view.commit_sha:
        link = (
            f"[`{view.commit_sha[:10]}`]({view.commit_url})"
            if view.commit_url
            else (f"`{view.commit_sha[:10]}`")
        )
        lines += [f"Committed as {link}.", ""]
    if view.kept_out:
        lines += [
            f"**Kept out of the commit ({len(view.kept_out)})**: these translations were not "
            "committed, for the reason on each line; the target keeps what it had.",
            "",
        ]
        lines += _bounded(
            [f"- `{k.file}` · `{k.key}` · `{k.locale}`: {k.reason}" for k in view.kept_out],
            _BUDGET // 2,
        )
        lines.append("")
    if view.notes:
        lines += ["**Notes**", "", *_bounded([f"- {note}" for note in view.notes], 8_000), ""]
    body = "\n".join(lines)
    return _cap(body) + "\n" + marker


def questions_comment(questions: Sequence[QuestionLine], marker: str) -> str:
    """One comment per batch of translators' questions."""
    lines = ["### ❓ Questions from the translators", ""]
    for q in questions:
        where = " · ".join(
            part
            for part in (
                f"`{q.key}`" if q.key else None,
                f"`{q.where}`" if q.where else None,
                f"`{q.locale}`" if q.locale else None,
            )
            if part
        )
        lines.append(f"- **{q.question_id}** {where}: {_inline(q.text)}")
    lines += [
        "",
        "Answer here with `translate answer <question-id> <your answer>` (or in the vendor's "
        "tool); the translators get it with the string's context.",
    ]
    return _cap("\n".join(lines)) + "\n" + marker


def refusal_comment(login: str, permission: str, marker: str) -> str:
    return (
        f"Sorry @{login}, only people with write, maintain or admin permission on this "
        f"repository can run translation commands (yours: `{permission}`). Nothing was "
        "started; a maintainer can run the command for you.\n" + marker
    )


def help_comment(help_text: str, problem: str | None, proposal: str | None, marker: str) -> str:
    parts = []
    if problem:
        parts.append(f"**{_inline(problem)}**\n")
    parts.append(help_text)
    if proposal:
        parts += [
            "",
            "This repository has no `.github/translations.yml` yet. This is the configuration "
            "the bot would use (`translate init` commits it to this pull request):",
            "",
            "```yaml",
            proposal.rstrip("\n"),
            "```",
        ]
    return _cap("\n".join(parts)) + "\n" + marker


def config_problems_comment(path: str, problems: Sequence[str], marker: str) -> str:
    lines = [f"### ❌ `{path}` needs a fix before translations can run", ""]
    lines += _bounded([f"- {_inline(p)}" for p in problems], _BUDGET)
    return _cap("\n".join(lines)) + "\n" + marker


def simple_comment(text: str, marker: str) -> str:
    return _cap(text) + "\n" + marker


def commit_message(
    job_id: int, vendor_job_id: str | None, applied: Mapping[str, int], repo: str, pr: int
) -> str:
    """One commit per job: what it holds in the subject, the bot's job in a trailer."""
    total = sum(applied.values())
    locales = ", ".join(sorted(applied)) or "no locale"
    subject = f"Translate {total} string{'s' if total != 1 else ''} into {locales}"
    if len(subject) > 72:
        subject = f"Translate {total} strings into {len(applied)} locales"
    body = "\n".join(f"- {locale}: {count}" for locale, count in sorted(applied.items()))
    if vendor_job_id:
        body += f"\n\nVendor job: {vendor_job_id}"
    return f"{subject}\n\n{body}\n\n{job_trailer(repo, pr, job_id)}\n"


def job_trailer(repo: str, pr: int, job_id: int) -> str:
    """The trailer text that marks a commit as this job's (searched before committing)."""
    return f"{TRAILER}: {repo}#{pr}/{job_id}"


def _bounded(lines: list[str], budget: int) -> list[str]:
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 > budget:
            kept.append(f"- … and {len(lines) - index} more")
            break
        kept.append(line)
        used += len(line) + 1
    return kept


def _cap(text: str) -> str:
    if len(text) <= _BUDGET:
        return text
    return text[:_BUDGET] + "\n\n… (cut to fit GitHub's comment limit)"


def _inline(text: str) -> str:
    return " ".join(text.split())[:2000]


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in text[:8000].splitlines() or [""])
