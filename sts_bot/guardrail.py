"""The `Translations` check run (pure): a pull request's state -> conclusion, texts, annotations.

Failure when strings the pull request adds or changes lack translations, or when a
target-locale file was edited by someone other than the bot (unless the allow-manual label
is on the pull request); neutral when it touches no string files, or when every missing
translation is pending in the open separate translations pull request; success otherwise. Every
text stays within GitHub's 65,535 characters and the annotations are capped, so the output
fits however large the pull request; the gateway sends them 50 per request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sts_bot.events import Event, clone_url_for
from sts_bot.gitcache import Hunk
from sts_bot.github import CheckRunOutput

__all__ = [
    "APPLY_ACTION",
    "CHECK_NAME",
    "MAX_ANNOTATIONS",
    "ActionTrigger",
    "CheckTrigger",
    "HandEdit",
    "PrState",
    "Untranslated",
    "evaluate",
    "lines_at_head",
    "trigger_for",
]

CHECK_NAME = "Translations"
APPLY_ACTION = "apply"
#: Annotations per evaluation: 10 requests of 50; the summary counts the rest.
MAX_ANNOTATIONS = 500
TEXT_LIMIT = 65_535
_BUDGET = 60_000
_PR_ACTIONS = ("opened", "synchronize", "reopened")
_LABEL_ACTIONS = ("labeled", "unlabeled")


@dataclass(frozen=True)
class Untranslated:
    """A source string the pull request adds or changes that some target locales lack."""

    file: str
    key: str
    line: int | None
    locales: tuple[str, ...]


@dataclass(frozen=True)
class HandEdit:
    """Lines of a target-locale file (as at the head) changed by a commit not the bot's."""

    path: str
    locale: str
    sha: str
    author: str
    lines: tuple[tuple[int, int], ...]  # (start, end), 1-based, at the head


@dataclass(frozen=True)
class PrState:
    """What the check looks at, read from git by the orchestrator."""

    locales: tuple[str, ...] = ()
    touches_strings: bool = False
    untranslated: tuple[Untranslated, ...] = ()
    hand_edits: tuple[HandEdit, ...] = ()
    allow_manual_label: str = "translations: allow-manual"
    allow_manual: bool = False
    problem: str | None = None  # the configuration or a string file cannot be used
    problems: tuple[str, ...] = ()
    pending_pr: int | None = None  # the open separate translations pull request
    pending: int = 0  # translations it carries that this pull request's strings need
    separate_pr: bool = False  # `delivery: separate-pr`: translations follow the merge


# -- the check's output --------------------------------------------------------------------------
def evaluate(state: PrState) -> CheckRunOutput:
    """The check run for a pull request in ``state``."""
    if state.problem is not None:
        summary = _cap(
            "The bot cannot read this pull request's strings, so it cannot tell whether they "
            f"are translated:\n\n> {_inline(state.problem)}\n"
            + "".join(f"\n- {_inline(p)}" for p in state.problems[:200])
        )
        return CheckRunOutput("failure", "The translation setup needs a fix", summary)
    if not state.touches_strings:
        return CheckRunOutput(
            "neutral",
            "No string files changed",
            "This pull request changes no source string file and no translation, so there "
            "is nothing to check.",
        )
    blocking_edits = bool(state.hand_edits) and not state.allow_manual
    missing = sum(len(u.locales) for u in state.untranslated)
    if state.pending and not state.untranslated and not blocking_edits:
        return CheckRunOutput(
            "neutral",
            f"Translations pending in #{state.pending_pr}",
            f"The {state.pending} translations this pull request's strings need are in "
            f"#{state.pending_pr}, the separate translations pull request "
            "(`delivery: separate-pr`); they reach the default branch when it is merged.",
        )
    if state.separate_pr and state.untranslated and not blocking_edits:
        # Merge without waiting: the bot requests these when the pull request is merged.
        pending_note = (
            f" {state.pending} more are already pending in #{state.pending_pr}."
            if state.pending
            else ""
        )
        return CheckRunOutput(
            "neutral",
            _title(f"{len(state.untranslated)} strings will be translated after the merge"),
            f"This repository delivers translations in a separate pull request "
            f"(`delivery: separate-pr`): when this pull request is merged, the bot sends its "
            f"{missing} missing translations to the translators and commits them to the "
            f"translations pull request.{pending_note}",
            _details(state),
            tuple(_annotations(state)),
        )
    if state.untranslated or blocking_edits:
        conclusion = "failure"
        parts = []
        if state.untranslated:
            parts.append(f"{len(state.untranslated)} strings lack translations")
        if blocking_edits:
            parts.append(f"{len(state.hand_edits)} hand edits of translations")
        title = _title(", ".join(parts))
    else:
        conclusion = "success"
        title = (
            f"Translated; hand edits accepted by the `{state.allow_manual_label}` label"
            if state.hand_edits
            else "Every string is translated"
        )
    summary = _summary(state, missing, blocking_edits)
    annotations = _annotations(state)
    actions: tuple[Mapping[str, str], ...] = ()
    if state.untranslated:
        actions = (
            {
                "label": "Apply translations",
                "description": "Send the missing strings to the vendor",
                "identifier": APPLY_ACTION,
            },
        )
    return CheckRunOutput(
        conclusion, _title(title), summary, _details(state), tuple(annotations), actions
    )


def _summary(state: PrState, missing: int, blocking_edits: bool) -> str:
    lines = []
    if state.untranslated:
        lines += [
            f"**{len(state.untranslated)} strings** this pull request adds or changes lack "
            f"**{missing} translations**. Comment `translate apply`, or press **Apply "
            "translations** above: the bot sends them to the translators and commits their "
            "work to this branch, and this check turns green.",
            "",
        ]
    if state.pending:
        lines += [
            f"{state.pending} more translations are pending in #{state.pending_pr}, the "
            "separate translations pull request.",
            "",
        ]
    if state.hand_edits and blocking_edits:
        lines += [
            f"**Translations edited by hand**: translations come from the vendor, not from "
            f"hand edits or pasted machine translation. Revert the edits, or add the label "
            f"`{state.allow_manual_label}` to accept them on purpose.",
            "",
        ]
    elif state.hand_edits:
        lines += [
            f"Hand edits of translations are accepted: the pull request has the label "
            f"`{state.allow_manual_label}`.",
            "",
        ]
    if not state.untranslated and not state.hand_edits:
        lines += ["Every string this pull request adds or changes is translated.", ""]
    untranslated: dict[str, int] = {}
    for string in state.untranslated:
        for locale in string.locales:
            untranslated[locale] = untranslated.get(locale, 0) + 1
    edited: dict[str, set[str]] = {}
    for edit in state.hand_edits:
        edited.setdefault(edit.locale, set()).add(edit.path)
    locales = list(dict.fromkeys([*state.locales, *untranslated, *edited]))
    lines += ["| locale | untranslated strings | hand-edited files |", "|---|---:|---:|"]
    for locale in locales[:300]:
        lines.append(
            f"| `{locale}` | {untranslated.get(locale, 0)} | {len(edited.get(locale, ()))} |"
        )
    if len(locales) > 300:
        lines.append(f"| … {len(locales) - 300} more locales | | |")
    total = len(state.untranslated) + sum(len(e.lines) or 1 for e in state.hand_edits)
    if total > MAX_ANNOTATIONS:
        lines += ["", f"The first {MAX_ANNOTATIONS} of {total} places are annotated."]
    return _cap("\n".join(lines))


def _details(state: PrState) -> str:
    lines: list[str] = []
    if state.untranslated:
        lines += ["### Untranslated strings", ""]
        lines += [
            f"- `{u.file}`{f':{u.line}' if u.line else ''} · `{_code(u.key)}` · "
            + ", ".join(u.locales)
            for u in state.untranslated
        ]
        lines.append("")
    if state.hand_edits:
        lines += ["### Translations edited by hand", ""]
        lines += [
            f"- `{e.path}` ({e.locale}) · {e.sha[:10]} by {_code(e.author)} · lines "
            + ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in e.lines[:20])
            for e in state.hand_edits
        ]
    return _bounded(lines, _BUDGET)


def _annotations(state: PrState) -> list[dict[str, Any]]:
    level = "notice" if state.separate_pr else "failure"
    found: list[dict[str, Any]] = []
    for string in state.untranslated:
        line = string.line or 1
        found.append(
            {
                "path": string.file,
                "start_line": line,
                "end_line": line,
                "annotation_level": level,
                "title": _title(f"Untranslated: {string.key}"),
                "message": _message(
                    f"`{string.key}` has no translation for {', '.join(string.locales)}. "
                    "Comment `translate apply` or press Apply translations."
                ),
            }
        )
    for edit in state.hand_edits:
        message = _message(
            f"Changed by {edit.author} in {edit.sha[:10]}, not by the translation bot. "
            + (
                f"Accepted: the pull request has the label `{state.allow_manual_label}`."
                if state.allow_manual
                else "Translations come from the vendor: revert this, or add the label "
                f"`{state.allow_manual_label}` to accept hand edits on purpose."
            )
        )
        for start, end in edit.lines or ((1, 1),):
            found.append(
                {
                    "path": edit.path,
                    "start_line": start,
                    "end_line": end,
                    "annotation_level": "notice" if state.allow_manual else level,
                    "title": f"Hand-edited translation ({edit.locale})",
                    "message": message,
                }
            )
    return found[:MAX_ANNOTATIONS]


# -- where hand edits are at the head ------------------------------------------------------------
def lines_at_head(changed: Sequence[Hunk], later: Sequence[Hunk]) -> tuple[tuple[int, int], ...]:
    """The new-side lines of ``changed`` (one commit's hunks), moved by ``later`` hunks.

    ``later`` is the diff from that commit to the head: a line moves by the lines inserted
    or removed above it, and a line rewritten later lands at its rewrite. A deletion is
    shown at the line after it.

    >>> lines_at_head([Hunk(5, 1, 5, 2)], [Hunk(1, 0, 2, 3)])
    ((8, 9),)
    """
    ranges: list[tuple[int, int]] = []
    for hunk in changed:
        start = max(hunk.new_start, 1)
        end = start + max(hunk.new_count, 1) - 1
        moved = (_move(start, later), _move(end, later))
        if ranges and moved[0] <= ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], moved[1]))
        else:
            ranges.append(moved)
    return tuple(ranges)


def _move(line: int, later: Sequence[Hunk]) -> int:
    offset = 0
    for hunk in later:
        if hunk.old_count == 0:  # an insertion after old_start
            if line > hunk.old_start:
                offset += hunk.new_count
                continue
            break
        if line < hunk.old_start:
            break
        if line < hunk.old_start + hunk.old_count:
            return max(hunk.new_start, 1)
        offset += hunk.new_count - hunk.old_count
    return max(line + offset, 1)


# -- webhook events -> the check's triggers -----------------------------------------------------
@dataclass(frozen=True)
class CheckTrigger:
    """Evaluate the check on a commit; PR details are None when the event did not carry them."""

    repo: str
    installation_id: int
    clone_url: str
    head_sha: str
    delivery_id: str
    pr_numbers: tuple[int, ...] = ()
    base_ref: str | None = None
    labels: tuple[str, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "pr_numbers": list(self.pr_numbers), "labels": self.labels}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CheckTrigger:
        labels = data.get("labels")
        return cls(
            **{
                **data,
                "pr_numbers": tuple(data.get("pr_numbers") or ()),
                "labels": None if labels is None else tuple(labels),
            }
        )


@dataclass(frozen=True)
class ActionTrigger:
    """Someone pressed a requested action of the check run."""

    repo: str
    installation_id: int
    clone_url: str
    head_sha: str
    delivery_id: str
    identifier: str
    sender: str
    pr_numbers: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "pr_numbers": list(self.pr_numbers)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ActionTrigger:
        return cls(**{**data, "pr_numbers": tuple(data.get("pr_numbers") or ())})


def trigger_for(
    event: Event, api_url: str, app_id: int, allow_manual_label: str
) -> tuple[str, dict[str, Any]] | None:
    """The guardrail task (name, kwargs) an event asks for, or None.

    ``pull_request`` opened/synchronize/reopened (the bot's own push included: that is how
    the check turns green) and labeled/unlabeled with the allow-manual label;
    ``check_suite`` requested/rerequested; ``check_run`` rerequested/requested_action of
    this app's `Translations` run.
    """
    if event.repo is None or event.installation_id is None:
        return None
    payload = event.payload
    repository = _mapping(payload.get("repository"))
    clone_url = repository.get("clone_url")
    if not (isinstance(clone_url, str) and clone_url.startswith(("https://", "http://"))):
        clone_url = clone_url_for(api_url, event.repo)
    common: dict[str, Any] = {
        "repo": event.repo,
        "installation_id": event.installation_id,
        "clone_url": clone_url,
        "delivery_id": event.delivery_id,
    }
    if event.name == "pull_request":
        return _pull_request_trigger(event, common, allow_manual_label)
    if event.name == "check_suite" and event.action in ("requested", "rerequested"):
        suite = _mapping(payload.get("check_suite"))
        head_sha = suite.get("head_sha")
        if not isinstance(head_sha, str):
            return None
        numbers = _numbers(suite.get("pull_requests"))
        trigger = CheckTrigger(**common, head_sha=head_sha, pr_numbers=numbers)
        return "sts.guardrail", {"trigger": trigger.to_json()}
    if event.name == "check_run" and event.action in ("rerequested", "requested_action"):
        run = _mapping(payload.get("check_run"))
        head_sha = run.get("head_sha")
        if (
            run.get("name") != CHECK_NAME
            or _mapping(run.get("app")).get("id") not in (app_id, None)
            or not isinstance(head_sha, str)
        ):
            return None
        numbers = _numbers(run.get("pull_requests"))
        if event.action == "rerequested":
            trigger = CheckTrigger(**common, head_sha=head_sha, pr_numbers=numbers)
            return "sts.guardrail", {"trigger": trigger.to_json()}
        identifier = _mapping(payload.get("requested_action")).get("identifier")
        if identifier != APPLY_ACTION or event.sender is None:
            return None
        action = ActionTrigger(
            **common,
            head_sha=head_sha,
            identifier=identifier,
            sender=event.sender,
            pr_numbers=numbers,
        )
        return "sts.guardrail_action", {"trigger": action.to_json()}
    return None


def _pull_request_trigger(
    event: Event, common: dict[str, Any], allow_manual_label: str
) -> tuple[str, dict[str, Any]] | None:
    payload = event.payload
    if event.action in _LABEL_ACTIONS:
        if _mapping(payload.get("label")).get("name") != allow_manual_label:
            return None
    elif event.action not in _PR_ACTIONS:
        return None
    pull = _mapping(payload.get("pull_request"))
    head, base = _mapping(pull.get("head")), _mapping(pull.get("base"))
    number, head_sha, base_ref = pull.get("number"), head.get("sha"), base.get("ref")
    if (
        not isinstance(number, int)
        or not isinstance(head_sha, str)
        or not isinstance(base_ref, str)
        or pull.get("state") not in ("open", None)
    ):
        return None
    labels = tuple(
        str(label["name"])
        for label in pull.get("labels") or []
        if isinstance(label, Mapping) and isinstance(label.get("name"), str)
    )
    trigger = CheckTrigger(
        **common, head_sha=head_sha, pr_numbers=(number,), base_ref=base_ref, labels=labels
    )
    return "sts.guardrail", {"trigger": trigger.to_json()}


def _numbers(pulls: object) -> tuple[int, ...]:
    if not isinstance(pulls, list):
        return ()
    return tuple(
        p["number"] for p in pulls if isinstance(p, Mapping) and isinstance(p.get("number"), int)
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _title(text: str) -> str:
    return text if len(text) <= 200 else text[:199] + "…"


def _message(text: str) -> str:
    return text[:4000]


def _code(text: str) -> str:
    return text.replace("`", "'")[:200]


def _inline(text: str) -> str:
    return " ".join(text.split())[:2000]


def _bounded(lines: list[str], budget: int) -> str:
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 > budget:
            kept.append(f"- … and {len(lines) - index} more")
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def _cap(text: str) -> str:
    return text if len(text) <= _BUDGET else text[:_BUDGET] + "\n\n… (cut to fit)"
