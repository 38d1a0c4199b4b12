"""`translate answer <question-id> <text>`: send the answer to the vendor, mark it on the PR.

The question is found in the bot's own questions comment on the pull request (its hidden
marker names the job, so the vendor job needs no lookup table), the answer goes to the
vendor through ``tms.client``, and that comment is edited to show the question answered.
"""

from __future__ import annotations

import re

from sts_bot import vendor
from sts_bot.apply import Request
from sts_bot.github import InstallationClient
from sts_bot.runtime import Runtime
from tms.client import TMSError

__all__ = ["QUESTIONS_MARKER", "answer_question", "mark_answered"]

QUESTIONS_MARKER = "<!-- sts:questions:job-"
_JOB = re.compile(r"<!-- sts:questions:job-(\d+):")
_ANSWERED = " — **answered** by "
SHOWN_ANSWER_CHARS = 300


def answer_question(
    rt: Runtime, gh: InstallationClient, request: Request, question_id: str, text: str
) -> str:
    """Answer a translator's question asked on this pull request; the reply text."""
    found = _question_comment(gh, request, question_id)
    if found is None:
        return (
            f"No translator's question `{question_id}` was posted on this pull request; "
            "nothing was sent. The ids are in bold in the bot's questions comments."
        )
    comment_id, body = found
    match = _JOB.search(body)
    job = rt.store.job(int(match.group(1))) if match else None
    if job is None or job.vendor_project is None or job.vendor_job_id is None:
        return f"The job that asked question `{question_id}` is gone; nothing was sent."
    try:
        with vendor.make_client(rt.settings) as client:
            client.answer_question(job.vendor_project, job.vendor_job_id, question_id, text)
    except TMSError as error:
        return f"The answer to `{question_id}` could not be sent to the translators: {error}"
    gh.edit_comment(
        request.repo, comment_id, mark_answered(body, question_id, request.requested_by, text)
    )
    return f"Sent your answer to question **{question_id}** to the translators."


def _question_comment(
    gh: InstallationClient, request: Request, question_id: str
) -> tuple[int, str] | None:
    needle = f"**{question_id}**"
    for comment_id, body in gh.bot_comments(request.repo, request.pr_number, QUESTIONS_MARKER):
        if any(_is_question_line(line, needle) for line in body.splitlines()):
            return comment_id, body
    return None


def _is_question_line(line: str, needle: str) -> bool:
    return line.startswith((f"- {needle} ", f"- ✅ {needle} "))


def mark_answered(body: str, question_id: str, login: str, answer: str) -> str:
    """The questions comment with ``question_id``'s line marked answered (pure).

    >>> body = "### ❓ Questions\\n\\n- **q_1** `title` · `fr`: Noun or verb?\\n- **q_2** x: y"
    >>> print(mark_answered(body, "q_1", "dev", "A verb."))
    ### ❓ Questions
    <BLANKLINE>
    - ✅ **q_1** `title` · `fr`: Noun or verb? — **answered** by @dev: A verb.
    - **q_2** x: y
    """
    needle = f"**{question_id}**"
    shown = " ".join(answer.split())
    if len(shown) > SHOWN_ANSWER_CHARS:
        shown = shown[: SHOWN_ANSWER_CHARS - 1] + "…"
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if _is_question_line(line, needle):
            question = line.removeprefix("- ✅ ").removeprefix("- ").split(_ANSWERED, 1)[0]
            lines[index] = f"- ✅ {question}{_ANSWERED}@{login}: {shown}"
    return "\n".join(lines)
