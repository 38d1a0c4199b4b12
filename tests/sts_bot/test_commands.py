"""parse_command: which PR comments are bot commands, and what they ask for."""

from __future__ import annotations

import time

import pytest

from sts_bot.commands import (
    HELP_TEXT,
    MAX_ANSWER_CHARS,
    MAX_COMMAND_LINE_CHARS,
    MAX_COMMAND_LOCALES,
    MAX_SCANNED_CHARS,
    Command,
    parse_command,
)

LOCALE_HINT = "use BCP 47 codes such as `fr`, `fr-CA`, `pt-BR`, `zh-Hans`."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("translate apply", Command("apply")),
        ("translate apply ja-JP", Command("apply", ("ja-JP",))),
        ("translate apply fr_fr JA-jp", Command("apply", ("fr-FR", "ja-JP"))),
        ("translate apply fr-FR, ja-JP,de", Command("apply", ("fr-FR", "ja-JP", "de"))),
        ("translate apply fr fr-FR fr fr_FR", Command("apply", ("fr", "fr-FR"))),
        ("translate apply sr-latn-rs zh-hans", Command("apply", ("sr-Latn-RS", "zh-Hans"))),
        ("translate apply iw", Command("apply", ("iw",))),  # legacy code Android still uses
        ("translate status", Command("status")),
        ("translate cancel", Command("cancel")),
        ("translate init", Command("init")),
        ("translate help", Command("help")),
        ("translate", Command("help")),
        ("translate help me please", Command("help")),
        ("TRANSLATE APPLY FR", Command("apply", ("fr",))),
        ("Translate Status", Command("status")),
        ("   translate status   ", Command("status")),
        ("\n\n  \t\n translate init\nthis adds the config", Command("init")),
        ("translate status\r\nthanks!", Command("status")),
        ("translate\tapply\u00a0fr", Command("apply", ("fr",))),
        ("translate apply fr\n\nja-JP on a later line is prose", Command("apply", ("fr",))),
        ("translate pseudo", Command("pseudo")),
        ("translate PSEUDO en_xa, ar-XB", Command("pseudo", ("en-XA", "ar-XB"))),
        (
            "translate answer q_1f2e It is a verb.",
            Command("answer", question_id="q_1f2e", answer="It is a verb."),
        ),
        (
            "\n translate Answer q_1f2e  It is a verb,\r\nas in `to order`.\n\n",
            Command("answer", question_id="q_1f2e", answer="It is a verb,\nas in `to order`."),
        ),
        (
            "translate answer q_9\nOn the next line only.",
            Command("answer", question_id="q_9", answer="On the next line only."),
        ),
    ],
)
def test_commands(body: str, expected: Command) -> None:
    assert parse_command(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   \n\t\n",
        "translated it, thanks",
        "translates fine",
        "translate: apply",
        "> translate apply",
        "```\ntranslate apply\n```",
        "```translate apply```",
        "`translate apply`",
        "/translate apply",
        "@bot translate apply",
        "please translate apply",
        "LGTM\ntranslate apply",
        "- translate apply",
        "# translate apply",
    ],
)
def test_not_commands(body: str) -> None:
    assert parse_command(body) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "translate foo",
            "`foo` is not a command; use apply, status, cancel, init, answer, pseudo or help.",
        ),
        (
            "translate applied fr",
            "`applied` is not a command; use apply, status, cancel, init, answer, pseudo or help.",
        ),
        ("translate apply xx_!!", f"`xx_!!` is not a locale code; {LOCALE_HINT}"),
        ("translate apply fr ../etc", f"`../etc` is not a locale code; {LOCALE_HINT}"),
        (
            "translate apply please",
            f"`please` is not a locale code: CLDR knows no language `please`; {LOCALE_HINT}",
        ),
        (
            "translate apply jp-JP",
            f"`jp-JP` is not a locale code: CLDR knows no language `jp`; {LOCALE_HINT}",
        ),
        (
            "translate apply und",
            f"`und` is not a locale code: CLDR knows no language `und`; {LOCALE_HINT}",
        ),
        ("translate status now", "`translate status` takes no arguments, but was given `now`."),
        ("translate cancel all", "`translate cancel` takes no arguments, but was given `all`."),
        ("translate init a b", "`translate init` takes no arguments, but was given `a b`."),
        ("translate pseudo xx_!!", f"`xx_!!` is not a locale code; {LOCALE_HINT}"),
        (
            "translate answer",
            "`translate answer` needs a question id and the answer, "
            "e.g. `translate answer q_12ab It is a verb.`",
        ),
        (
            "translate answer q_12",
            "`translate answer q_12` needs the answer after the question id.",
        ),
        ("translate answer <q> yes", "`<q>` is not a question id such as `q_12ab`."),
        ("translate answer -q yes", "`-q` is not a question id such as `q_12ab`."),
        # what the problem quotes cannot break out of its code span or mention anyone
        (
            "translate x`@team`y",
            "`x'@team'y` is not a command; "
            "use apply, status, cancel, init, answer, pseudo or help.",
        ),
        (
            "translate apply " + "a" * 60,
            "`" + "a" * 39 + f"…` is not a locale code; {LOCALE_HINT}",
        ),
    ],
)
def test_help_with_a_problem(body: str, problem: str) -> None:
    assert parse_command(body) == Command("help", problem=problem)


def test_too_many_locales() -> None:
    body = "translate apply " + " ".join(["fr"] * (MAX_COMMAND_LOCALES + 1))
    assert parse_command(body) == Command(
        "help",
        problem=f"`translate apply` was given {MAX_COMMAND_LOCALES + 1} locales; "
        f"the limit is {MAX_COMMAND_LOCALES} per command.",
    )
    at_limit = "translate apply " + " ".join(["fr"] * MAX_COMMAND_LOCALES)
    assert parse_command(at_limit) == Command("apply", ("fr",))


def test_overlong_command_line() -> None:
    body = "translate apply fr" + " " * MAX_COMMAND_LINE_CHARS
    assert parse_command(body) == Command(
        "help",
        problem=f"the command line is {len(body):,} characters long; "
        f"the limit is {MAX_COMMAND_LINE_CHARS:,}.",
    )


def test_only_the_start_of_a_long_body_is_read() -> None:
    blank_prefix = "\n" * MAX_SCANNED_CHARS
    assert parse_command(blank_prefix + "translate apply") is None
    # the first line cut by the scan limit is not acted on, even when it looks like a command
    cut = "\n" * (MAX_SCANNED_CHARS - 10) + "translate status"
    assert parse_command(cut) is None
    assert parse_command("\n" * (MAX_SCANNED_CHARS - 17) + "translate status") == Command("status")


def test_a_maximal_comment_is_parsed_quickly() -> None:
    bodies = [
        "translate apply " + "fr " * 21_000,  # 65,536-character comment
        " " * 65_536,
        "\n" * 65_536,
        "translate " + "x" * 65_526,
    ]
    started = time.process_time()
    for body in bodies:
        parse_command(body)
    assert time.process_time() - started < 0.05


def test_help_text_lists_every_command() -> None:
    for command in (
        "`translate apply`",
        "`translate apply <locale> [<locale>…]`",
        "`translate status`",
        "`translate cancel`",
        "`translate init`",
        "`translate answer <question-id> <text>`",
        "`translate pseudo [<locale>…]`",
        "`translate help`",
    ):
        assert f"- {command}: " in HELP_TEXT
    assert HELP_TEXT.endswith("\n") and len(HELP_TEXT) < 2000


def test_an_overlong_answer_gets_the_help() -> None:
    text = "x" * (MAX_ANSWER_CHARS - 5)
    assert parse_command("translate answer q_1\n" + text) == Command(
        "answer", question_id="q_1", answer=text
    )
    longer = "translate answer q_1\n" + "y" * (MAX_ANSWER_CHARS + 1)
    assert parse_command(longer) == Command(
        "help",
        problem=f"the answer is {MAX_ANSWER_CHARS + 1:,} characters long; "
        f"the limit is {MAX_ANSWER_CHARS:,}.",
    )


def test_too_many_pseudo_locales() -> None:
    body = "translate pseudo " + " ".join(["fr"] * (MAX_COMMAND_LOCALES + 1))
    assert parse_command(body) == Command(
        "help",
        problem=f"`translate pseudo` was given {MAX_COMMAND_LOCALES + 1} locales; "
        f"the limit is {MAX_COMMAND_LOCALES} per command.",
    )
