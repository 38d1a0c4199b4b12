"""What the bot writes on pull requests: status per state, GitHub's size limit, commit messages."""

from __future__ import annotations

from typing import Any

import pytest

from sts_bot.messages import (
    COMMENT_LIMIT,
    KeptOutLine,
    QuestionLine,
    StatusView,
    commit_message,
    config_problems_comment,
    help_comment,
    job_trailer,
    questions_comment,
    refusal_comment,
    simple_comment,
    status_comment,
)

MARKER = "<!-- sts:job:3 -->"
TABLE = (
    "| locale | sent | translated | committed |\n"
    "|---|---:|---:|---:|\n"
    "| `fr` | 2 | {fr} | {fr_done} |\n"
    "| `ja` | 1 | {ja} | {ja_done} |\n"
)


def view(state: str, **fields: Any) -> StatusView:
    return StatusView(3, "translate apply", state, "ada", **fields)


@pytest.mark.parametrize(
    ("state", "heading"),
    [
        ("planned", "### ⏳ Planning: `translate apply`"),
        ("submitted", "### 🌐 Waiting for the translators: `translate apply`"),
        ("translated", "### 📝 Committing translations: `translate apply`"),
        ("committed", "### ✅ Done: `translate apply`"),
        ("failed", "### ❌ Failed: `translate apply`"),
        ("cancelled", "### 🚫 Cancelled: `translate apply`"),
        ("mystery", "### mystery: `translate apply`"),
    ],
)
def test_each_state_has_its_heading_and_the_marker_last(state: str, heading: str) -> None:
    body = status_comment(view(state), MARKER)
    assert body.splitlines()[0] == heading
    assert body.splitlines()[2] == "Requested by @ada · job 3"
    assert body.endswith("\n" + MARKER)
    assert body.count(MARKER) == 1


def test_waiting_shows_progress_per_locale() -> None:
    body = status_comment(
        view("submitted", planned={"ja": 1, "fr": 2}, progress={"fr": (1, 2)}, vendor_job_id="v-9"),
        MARKER,
    )
    assert body == (
        "### 🌐 Waiting for the translators: `translate apply`\n\n"
        "Requested by @ada · job 3 · vendor job `v-9`\n\n"
        + TABLE.format(fr="1/2", fr_done=0, ja="0/1", ja_done=0)
        + "\n"
        + MARKER
    )


def test_done_shows_counts_commit_link_new_locales_and_notes() -> None:
    body = status_comment(
        view(
            "committed",
            planned={"fr": 2, "ja": 1},
            applied={"fr": 2, "ja": 1},
            progress={"fr": (2, 2), "ja": (1, 1)},
            commit_sha="0123456789abcdef",
            commit_url="http://gh/acme/shop/commit/0123456789abcdef",
            new_locales=["ja"],
            notes=["`po/x.pot` skipped"],
        ),
        MARKER,
    )
    assert TABLE.format(fr="2/2", fr_done=2, ja="1/1", ja_done=1) in body
    assert "New target locales added to the configuration: `ja`.\n" in body
    assert "Committed as [`0123456789`](http://gh/acme/shop/commit/0123456789abcdef).\n" in body
    assert "**Notes**\n\n- `po/x.pot` skipped\n" in body


def test_done_with_nothing_to_translate_says_so() -> None:
    body = status_comment(view("committed"), MARKER)
    assert "Nothing to translate: every string in this pull request is translated.\n" in body


def test_failed_quotes_the_error() -> None:
    body = status_comment(view("failed", error="`a.xml` cannot be read:\nline 3"), MARKER)
    assert "**What went wrong**\n\n> `a.xml` cannot be read:\n> line 3\n" in body
    assert "Nothing to translate" not in body


def test_five_thousand_kept_out_lines_stay_under_githubs_limit_and_say_how_many_more() -> None:
    kept = [
        KeptOutLine(
            "app/src/main/res/values/strings.xml",
            f"key_{i}",
            "fr",
            "missing placeholders: %1$s",
        )
        for i in range(5000)
    ]
    body = status_comment(view("committed", kept_out=kept, applied={"fr": 1}), MARKER)
    assert len(body) < COMMENT_LIMIT
    assert "**Kept out of the commit (5000)**" in body
    shown = body.count("· `fr`: missing placeholders: %1$s")
    assert 0 < shown < 5000
    assert f"- … and {5000 - shown} more\n" in body
    assert body.count(MARKER) == 1 and body.endswith(MARKER)


def test_a_huge_error_and_notes_are_cut_under_the_limit() -> None:
    body = status_comment(view("failed", error="x" * 100_000, notes=["n" * 50] * 10_000), MARKER)
    assert len(body) < COMMENT_LIMIT
    assert body.endswith(MARKER)


@pytest.mark.parametrize(
    ("applied", "subject"),
    [
        ({"fr": 1}, "Translate 1 string into fr"),
        ({"fr": 2, "es-MX": 1}, "Translate 3 strings into es-MX, fr"),
        ({}, "Translate 0 strings into no locale"),
        (
            {f"x{i}-Latn-AA": 1 for i in range(10)},
            "Translate 10 strings into 10 locales",
        ),
    ],
)
def test_commit_subject_is_short_and_the_trailer_exact(
    applied: dict[str, int], subject: str
) -> None:
    message = commit_message(3, "v-9", applied, "acme/shop", 12)
    lines = message.splitlines()
    assert lines[0] == subject
    assert len(lines[0]) <= 72
    assert lines[1] == ""
    assert lines[-1] == "Translation-Job: acme/shop#12/3"
    assert lines[-1] == job_trailer("acme/shop", 12, 3)
    assert "\nVendor job: v-9\n" in message
    assert message.endswith("\n")


def test_commit_body_lists_each_locale() -> None:
    assert commit_message(3, None, {"ja": 1, "fr": 2}, "acme/shop", 12) == (
        "Translate 3 strings into fr, ja\n\n- fr: 2\n- ja: 1\n\nTranslation-Job: acme/shop#12/3\n"
    )


def test_replies_end_with_their_marker_once() -> None:
    replies = [
        refusal_comment("eve", "read", MARKER),
        help_comment("help text", "unknown  locale\n`xx-!!`", "files: []\n", MARKER),
        config_problems_comment(".github/translations.yml", ["bad"] * 5000, MARKER),
        simple_comment("y" * 100_000, MARKER),
        questions_comment(
            [QuestionLine("q1", "What is\n a cart?", "cart", "fr", "a.xml:3")], MARKER
        ),
    ]
    for body in replies:
        assert body.endswith("\n" + MARKER)
        assert body.count(MARKER) == 1
        assert len(body) < COMMENT_LIMIT
    assert replies[0].startswith("Sorry @eve, only people with write, maintain or admin")
    assert "(yours: `read`)" in replies[0]
    assert replies[1].startswith("**unknown locale `xx-!!`**\n\nhelp text\n")
    assert "```yaml\nfiles: []\n```" in replies[1]
    assert "- **q1** `cart` · `a.xml:3` · `fr`: What is a cart?\n" in replies[4]
