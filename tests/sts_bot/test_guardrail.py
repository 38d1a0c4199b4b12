"""The `Translations` check (pure): conclusions, texts within limits, annotations, triggers."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping

import pytest

from sts_bot.answers import mark_answered
from sts_bot.events import Event, parse_event
from sts_bot.gitcache import Hunk
from sts_bot.guardrail import (
    APPLY_ACTION,
    MAX_ANNOTATIONS,
    TEXT_LIMIT,
    ActionTrigger,
    CheckTrigger,
    HandEdit,
    PrState,
    Untranslated,
    evaluate,
    lines_at_head,
    trigger_for,
)

LABEL = "translations: allow-manual"
API = "http://127.0.0.1:8004/api/v3"
UNTRANSLATED = (
    Untranslated("res/values/strings.xml", "order_shipped", 7, ("fr", "ja")),
    Untranslated("po/messages.pot", "Track your package", 31, ("fr",)),
)
EDIT = HandEdit("res/values-fr/strings.xml", "fr", "a" * 40, "alice", ((4, 4), (9, 11)))


def test_no_string_files_is_neutral() -> None:
    output = evaluate(PrState(("fr",), touches_strings=False))
    assert (output.conclusion, output.title) == ("neutral", "No string files changed")
    assert output.annotations == () and output.actions == ()


def test_untranslated_strings_fail_with_annotations_and_the_apply_action() -> None:
    output = evaluate(PrState(("fr", "ja"), True, UNTRANSLATED))
    assert output.conclusion == "failure"
    assert output.title == "2 strings lack translations"
    assert "| `fr` | 2 | 0 |" in output.summary and "| `ja` | 1 | 0 |" in output.summary
    assert "**3 translations**" in output.summary
    assert output.annotations[0] == {
        "path": "res/values/strings.xml",
        "start_line": 7,
        "end_line": 7,
        "annotation_level": "failure",
        "title": "Untranslated: order_shipped",
        "message": "`order_shipped` has no translation for fr, ja. "
        "Comment `translate apply` or press Apply translations.",
    }
    assert [a["identifier"] for a in output.actions] == [APPLY_ACTION]
    assert all(len(a["label"]) <= 20 and len(a["description"]) <= 40 for a in output.actions)


def test_hand_edits_fail_unless_the_label_accepts_them() -> None:
    output = evaluate(PrState(("fr",), True, (), (EDIT,)))
    assert output.conclusion == "failure"
    assert output.title == "1 hand edits of translations"
    assert f"add the label `{LABEL}`" in output.summary
    assert [(a["start_line"], a["end_line"]) for a in output.annotations] == [(4, 4), (9, 11)]
    assert output.annotations[0]["path"] == "res/values-fr/strings.xml"
    assert "Changed by alice in aaaaaaaaaa" in output.annotations[0]["message"]
    assert output.actions == ()
    accepted = evaluate(PrState(("fr",), True, (), (EDIT,), LABEL, allow_manual=True))
    assert accepted.conclusion == "success"
    assert accepted.title == f"Translated; hand edits accepted by the `{LABEL}` label"
    assert {a["annotation_level"] for a in accepted.annotations} == {"notice"}


def test_everything_translated_is_success() -> None:
    output = evaluate(PrState(("fr",), True))
    assert (output.conclusion, output.title) == ("success", "Every string is translated")
    assert "| `fr` | 0 | 0 |" in output.summary


def test_a_broken_config_fails_with_its_problems() -> None:
    output = evaluate(
        PrState(
            problem="`.github/translations.yml` is not valid", problems=("line 2: unknown key 'x'",)
        )
    )
    assert output.conclusion == "failure"
    assert output.title == "The translation setup needs a fix"
    assert "- line 2: unknown key 'x'" in output.summary


def test_a_huge_pull_request_stays_within_githubs_limits() -> None:
    many = tuple(
        Untranslated(
            f"res/values-{i % 7}/strings.xml", f"key_{i}_" + "x" * 200, i + 1, ("fr",) * 40
        )
        for i in range(20_000)
    )
    output = evaluate(PrState(tuple(f"l{i}" for i in range(400)), True, many, (EDIT,) * 300))
    assert len(output.summary) <= TEXT_LIMIT and len(output.text) <= TEXT_LIMIT
    assert len(output.title) <= 255
    assert len(output.annotations) == MAX_ANNOTATIONS
    assert f"The first {MAX_ANNOTATIONS} of 20600 places are annotated." in output.summary
    assert output.text.endswith("more")


@pytest.mark.parametrize(
    ("changed", "later", "expected"),
    [
        ([Hunk(3, 1, 3, 1)], [], ((3, 3),)),
        ([Hunk(3, 1, 3, 2)], [Hunk(1, 0, 2, 3)], ((6, 7),)),  # 3 lines inserted above
        ([Hunk(5, 0, 6, 2)], [Hunk(2, 2, 1, 0)], ((4, 5),)),  # 2 lines removed above
        ([Hunk(5, 1, 5, 1)], [Hunk(5, 1, 5, 1)], ((5, 5),)),  # rewritten later: at the rewrite
        ([Hunk(5, 1, 5, 1)], [Hunk(9, 0, 10, 4)], ((5, 5),)),  # inserted below: no move
        ([Hunk(4, 2, 3, 0)], [], ((3, 3),)),  # a deletion: shown at the line after it
        ([Hunk(1, 1, 1, 1), Hunk(2, 1, 2, 1)], [], ((1, 2),)),  # adjacent ranges merge
    ],
)
def test_lines_at_head(
    changed: list[Hunk], later: list[Hunk], expected: tuple[tuple[int, int], ...]
) -> None:
    assert lines_at_head(changed, later) == expected


def event(name: str, payload: Mapping[str, object]) -> Event:
    base = {
        "installation": {"id": 5},
        "repository": {
            "full_name": "acme/shop",
            "clone_url": "http://127.0.0.1:8004/acme/shop.git",
        },
        "sender": {"login": "alice", "type": "User"},
    }
    return parse_event(name, "d-1", json.dumps({**base, **payload}).encode())


PULL = {
    "number": 3,
    "state": "open",
    "head": {"sha": "b" * 40, "ref": "feature"},
    "base": {"ref": "main"},
    "labels": [{"name": LABEL}],
}


def test_pull_request_events_carry_what_the_check_needs() -> None:
    task = trigger_for(
        event("pull_request", {"action": "synchronize", "pull_request": PULL}), API, 1, LABEL
    )
    assert task is not None and task[0] == "sts.guardrail"
    trigger = CheckTrigger.from_json(task[1]["trigger"])
    assert trigger == CheckTrigger(
        "acme/shop",
        5,
        "http://127.0.0.1:8004/acme/shop.git",
        "b" * 40,
        "d-1",
        (3,),
        "main",
        (LABEL,),
    )


@pytest.mark.parametrize(
    ("name", "payload", "task"),
    [
        ("pull_request", {"action": "opened", "pull_request": PULL}, "sts.guardrail"),
        ("pull_request", {"action": "reopened", "pull_request": PULL}, "sts.guardrail"),
        ("pull_request", {"action": "edited", "pull_request": PULL}, None),
        ("pull_request", {"action": "closed", "pull_request": {**PULL, "state": "closed"}}, None),
        (
            "pull_request",
            {"action": "labeled", "label": {"name": LABEL}, "pull_request": PULL},
            "sts.guardrail",
        ),
        (
            "pull_request",
            {"action": "unlabeled", "label": {"name": LABEL}, "pull_request": PULL},
            "sts.guardrail",
        ),
        (
            "pull_request",
            {"action": "labeled", "label": {"name": "bug"}, "pull_request": PULL},
            None,
        ),
        ("pull_request", {"action": "synchronize", "pull_request": {"number": 3}}, None),
        (
            "check_suite",
            {"action": "requested", "check_suite": {"head_sha": "c" * 40, "pull_requests": []}},
            "sts.guardrail",
        ),
        (
            "check_suite",
            {"action": "rerequested", "check_suite": {"head_sha": "c" * 40}},
            "sts.guardrail",
        ),
        ("check_suite", {"action": "completed", "check_suite": {"head_sha": "c" * 40}}, None),
        (
            "check_run",
            {
                "action": "rerequested",
                "check_run": {"name": "Translations", "head_sha": "c" * 40, "app": {"id": 1}},
            },
            "sts.guardrail",
        ),
        (
            "check_run",
            {
                "action": "rerequested",
                "check_run": {"name": "Translations", "head_sha": "c" * 40, "app": {"id": 2}},
            },
            None,
        ),
        (
            "check_run",
            {
                "action": "rerequested",
                "check_run": {"name": "CI", "head_sha": "c" * 40, "app": {"id": 1}},
            },
            None,
        ),
        (
            "check_run",
            {
                "action": "created",
                "check_run": {"name": "Translations", "head_sha": "c" * 40, "app": {"id": 1}},
            },
            None,
        ),
        (
            "check_run",
            {
                "action": "completed",
                "check_run": {"name": "Translations", "head_sha": "c" * 40, "app": {"id": 1}},
            },
            None,
        ),
        (
            "check_run",
            {
                "action": "requested_action",
                "requested_action": {"identifier": "apply"},
                "check_run": {
                    "name": "Translations",
                    "head_sha": "c" * 40,
                    "app": {"id": 1},
                    "pull_requests": [{"number": 3}],
                },
            },
            "sts.guardrail_action",
        ),
        (
            "check_run",
            {
                "action": "requested_action",
                "requested_action": {"identifier": "other"},
                "check_run": {"name": "Translations", "head_sha": "c" * 40, "app": {"id": 1}},
            },
            None,
        ),
        ("push", {"ref": "refs/heads/main"}, None),
    ],
)
def test_which_events_evaluate_the_check(
    name: str, payload: dict[str, object], task: str | None
) -> None:
    found = trigger_for(event(name, payload), API, 1, LABEL)
    assert (found[0] if found else None) == task


def test_the_apply_action_names_who_pressed_it() -> None:
    payload = {
        "action": "requested_action",
        "requested_action": {"identifier": "apply"},
        "check_run": {
            "name": "Translations",
            "head_sha": "c" * 40,
            "app": {"id": 1},
            "pull_requests": [{"number": 3}],
        },
    }
    found = trigger_for(event("check_run", payload), API, 1, LABEL)
    assert found is not None
    action = ActionTrigger.from_json(found[1]["trigger"])
    assert (action.sender, action.pr_numbers, action.identifier) == ("alice", (3,), "apply")


def test_an_answer_marks_its_question_and_only_it() -> None:
    body = (
        "### ❓ Questions from the translators\n\n"
        "- **q_1** `title` · `res/values/strings.xml:3` · `fr`: Noun or verb?\n"
        "- **q_10** `cart` · `fr`: Formal?\n\nAnswer in the vendor's tool.\n<!-- m -->"
    )
    once = mark_answered(body, "q_1", "dev", "A   verb,\nas in 'to shop'.")
    assert (
        "- ✅ **q_1** `title` · `res/values/strings.xml:3` · `fr`: Noun or verb? "
        "— **answered** by @dev: A verb, as in 'to shop'." in once
    )
    assert "- **q_10** `cart` · `fr`: Formal?" in once
    twice = mark_answered(once, "q_1", "lead", "A noun.")
    assert twice.count("**answered**") == 1 and "by @lead: A noun." in twice
    assert mark_answered(body, "q_2", "dev", "x") == body


def test_separate_pr_delivery_lets_untranslated_strings_merge_as_neutral() -> None:
    from sts_bot.guardrail import PrState, Untranslated, evaluate

    state = PrState(
        locales=("fr",),
        touches_strings=True,
        untranslated=(Untranslated("res/values/strings.xml", "title", 3, ("fr",)),),
        separate_pr=True,
    )
    output = evaluate(state)
    assert output.conclusion == "neutral"
    assert output.title == "1 strings will be translated after the merge"
    assert [a["annotation_level"] for a in output.annotations] == ["notice"]
    assert evaluate(dataclasses.replace(state, separate_pr=False)).conclusion == "failure"
