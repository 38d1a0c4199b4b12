"""A pull-request comment's text -> the bot command it asks for (``translate …``), or None."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import catalog
from sts_bot.languages import is_known_language

__all__ = [
    "HELP_TEXT",
    "MAX_ANSWER_CHARS",
    "MAX_COMMAND_LINE_CHARS",
    "MAX_COMMAND_LOCALES",
    "MAX_SCANNED_CHARS",
    "Command",
    "Verb",
    "parse_command",
]

Verb = Literal["apply", "status", "cancel", "init", "help", "answer", "pseudo"]

#: Only this much of a comment is looked at for its first non-blank line (bodies reach 65,536).
MAX_SCANNED_CHARS = 4096
#: A command line longer than this gets the help instead of being read.
MAX_COMMAND_LINE_CHARS = 1000
#: At most this many locales in one ``translate apply``.
MAX_COMMAND_LOCALES = 50
#: The longest answer to a translator's question (the rest of the comment after the id).
MAX_ANSWER_CHARS = 4000

HELP_TEXT = """\
**Translation bot commands**: comment on the pull request with a first line starting with
`translate`.

- `translate apply`: translate the strings this pull request adds or changes, for every
  target locale, and commit them to this branch.
- `translate apply <locale> [<locale>…]`: fill in everything those locales still lack
  (e.g. `translate apply ja-JP` onboards Japanese); a locale not yet in
  `.github/translations.yml` is added to it in the same commit.
- `translate status`: show the state of this pull request's translation job.
- `translate cancel`: cancel this pull request's running translation job.
- `translate init`: commit the proposed `.github/translations.yml` to this branch.
- `translate answer <question-id> <text>`: send your answer to a translator's question
  (the rest of the comment is the answer).
- `translate pseudo [<locale>…]`: commit pseudo-localized files, `en-XA` (accented, longer,
  bracketed) and `ar-XB` (right-to-left) by default, to find truncation and layout bugs.
- `translate help`: show this help.

Locales are BCP 47 codes such as `fr`, `fr-CA`, `pt-BR`, `zh-Hans`.
"""

_SIMPLE_VERBS: dict[str, Verb] = {"status": "status", "cancel": "cancel", "init": "init"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LOCALE_SEPARATORS = re.compile(r"[\s,]+")
_MAX_QUOTED_CHARS = 40
_QUESTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_VERBS = "use apply, status, cancel, init, answer, pseudo or help."


@dataclass(frozen=True)
class Command:
    """A bot command: its verb, the locales of ``apply``, and why help is shown instead."""

    verb: Verb
    locales: tuple[str, ...] = ()
    problem: str | None = None
    question_id: str | None = None  # of ``answer``
    answer: str | None = None  # of ``answer``


def parse_command(body: str) -> Command | None:
    r"""The command in a comment, or None when its first non-blank line is not ``translate …``.

    >>> parse_command("translate apply fr_fr ja-JP")
    Command(verb='apply', locales=('fr-FR', 'ja-JP'), problem=None, question_id=None, answer=None)
    >>> parse_command("Translate STATUS").verb
    'status'
    >>> parse_command("translate answer q_1f It is a verb.\nAs in 'to order'.").answer
    "It is a verb.\nAs in 'to order'."
    >>> parse_command("translated it, thanks") is None
    True
    """
    line = _first_non_blank_line(body[:MAX_SCANNED_CHARS], len(body) > MAX_SCANNED_CHARS)
    if line is None:
        return None
    words = line.split(maxsplit=2)
    if not words or words[0].lower() != "translate":
        return None
    if len(line) > MAX_COMMAND_LINE_CHARS:
        return _help(
            f"the command line is {len(line):,} characters long; "
            f"the limit is {MAX_COMMAND_LINE_CHARS:,}."
        )
    if len(words) == 1:
        return Command("help")
    verb = words[1].lower()
    rest = words[2] if len(words) == 3 else ""
    if verb == "help":
        return Command("help")
    if verb == "apply":
        return _apply(rest)
    if verb == "pseudo":
        parsed = _apply(rest, "pseudo")
        return parsed if parsed.verb == "help" else Command("pseudo", parsed.locales)
    if verb == "answer":
        return _answer(rest, body)
    if verb in _SIMPLE_VERBS:
        if rest:
            return _help(
                f"`translate {verb}` takes no arguments, but was given {_quote(rest.strip())}."
            )
        return Command(_SIMPLE_VERBS[verb])
    return _help(f"{_quote(words[1])} is not a command; {_VERBS}")


def _first_non_blank_line(text: str, truncated: bool) -> str | None:
    """The first line with something other than whitespace, or None (also when cut short)."""
    lines = _LINE_BREAK.split(text)
    for index, line in enumerate(lines):
        if line.strip():
            # A line cut by the scan limit is only known in part: never act on it.
            return None if truncated and index == len(lines) - 1 else line
    return None


def _apply(arguments: str, verb: str = "apply") -> Command:
    tokens = [token for token in _LOCALE_SEPARATORS.split(arguments) if token]
    if len(tokens) > MAX_COMMAND_LOCALES:
        return _help(
            f"`translate {verb}` was given {len(tokens)} locales; "
            f"the limit is {MAX_COMMAND_LOCALES} per command."
        )
    locales: list[str] = []
    for token in tokens:
        try:
            locale = catalog.validate_locale(token)
        except ValueError:
            return _help(
                f"{_quote(token)} is not a locale code; "
                "use BCP 47 codes such as `fr`, `fr-CA`, `pt-BR`, `zh-Hans`."
            )
        language = locale.split("-")[0].lower()
        if not is_known_language(language):
            return _help(
                f"{_quote(token)} is not a locale code: CLDR knows no language "
                f"{_quote(language)}; use BCP 47 codes such as `fr`, `fr-CA`, `pt-BR`, `zh-Hans`."
            )
        if locale not in locales:
            locales.append(locale)
    return Command("apply", tuple(locales))


def _answer(rest: str, body: str) -> Command:
    """``answer <question-id> <text>``: the text runs on to the end of the comment."""
    parts = rest.split(maxsplit=1)
    if not parts:
        return _help(
            "`translate answer` needs a question id and the answer, "
            "e.g. `translate answer q_12ab It is a verb.`"
        )
    question_id = parts[0]
    if not _QUESTION_ID.fullmatch(question_id):
        return _help(f"{_quote(question_id)} is not a question id such as `q_12ab`.")
    after = _LINE_BREAK.split(body.lstrip(), maxsplit=1)
    following = after[1] if len(after) == 2 else ""
    text = "\n".join([parts[1] if len(parts) == 2 else "", following]).strip()
    if not text:
        return _help(f"`translate answer {question_id}` needs the answer after the question id.")
    if len(text) > MAX_ANSWER_CHARS:
        return _help(
            f"the answer is {len(text):,} characters long; the limit is {MAX_ANSWER_CHARS:,}."
        )
    return Command("answer", question_id=question_id, answer=text)


def _help(problem: str) -> Command:
    return Command("help", problem=problem)


def _quote(text: str) -> str:
    """``text`` as a Markdown code span that cannot break out of itself or mention anyone."""
    shown = text if len(text) <= _MAX_QUOTED_CHARS else text[: _MAX_QUOTED_CHARS - 1] + "…"
    return "`" + shown.replace("`", "'") + "`"
