"""The admin UI's pure core: form fields to bodies, progress segments, audit changes."""

from __future__ import annotations

import pytest

from dss_service.admin_forms import (
    Change,
    Segment,
    changes,
    display,
    parse_version,
    progress_segments,
    string_body,
    string_form_values,
)
from dss_service.errors import InvalidInput
from dss_service.strings import StringInput, parse_string_body


@pytest.mark.parametrize(
    ("form", "body"),
    [
        (
            {"kind": "text", "text": "a\r\nb", "max_length": " 12 ", "tags": "x, y  z,,"},
            {"description": "", "text": "a\nb", "max_length": 12, "tags": ["x", "y", "z"]},
        ),
        (
            {
                "kind": "plural",
                "plural_one": "{n} item",
                "plural_other": "{n} items",
                "plural_few": "",
                "text": "ignored",
            },
            {
                "description": "",
                "plural": {"one": "{n} item", "other": "{n} items"},
                "max_length": None,
                "tags": [],
            },
        ),
        (
            {"kind": "plural"},
            {"description": "", "plural": {"other": ""}, "max_length": None, "tags": []},
        ),
        ({}, {"description": "", "text": "", "max_length": None, "tags": []}),
    ],
)
def test_string_body(form: dict[str, str], body: dict[str, object]) -> None:
    assert string_body(form) == body


def test_the_domain_validates_what_the_form_sent() -> None:
    with pytest.raises(InvalidInput, match=r"^string\.plural\.other must not be empty$"):
        parse_string_body(string_body({"kind": "plural"}))
    with pytest.raises(InvalidInput, match=r"^string\.text must not be empty$"):
        parse_string_body(string_body({"kind": "text", "text": ""}))
    parsed = parse_string_body(string_body({"text": "Hi", "tags": "b a"}))
    assert parsed == StringInput(text="Hi", tags=["a", "b"])


def test_a_max_length_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(
        InvalidInput, match=r"^max length must be a whole number or blank, got '-3'$"
    ):
        string_body({"text": "x", "max_length": "-3"})


def test_form_values_round_trip_through_string_body() -> None:
    values = string_form_values(None, {"one": "1 x", "other": "{n} x"}, "d", 9, ["a", "b"])
    assert values["kind"] == "plural" and values["plural_two"] == "" and values["tags"] == "a, b"
    assert string_body(values) == {
        "description": "d",
        "plural": {"one": "1 x", "other": "{n} x"},
        "max_length": 9,
        "tags": ["a", "b"],
    }


@pytest.mark.parametrize(("raw", "version"), [("1", 1), ("42", 42)])
def test_parse_version(raw: str, version: int) -> None:
    assert parse_version(raw) == version


@pytest.mark.parametrize("raw", [None, "", "x", "-1", "1.0"])
def test_parse_version_refuses_a_missing_or_odd_version(raw: str | None) -> None:
    with pytest.raises(InvalidInput, match="the form has no valid version; reload the page"):
        parse_version(raw)


def test_progress_segments_sum_to_the_whole_bar() -> None:
    counts = {
        "total": 8,
        "approved": 2,
        "translated": 1,
        "requested": 2,
        "in_translation": 1,
        "rejected": 1,
        "missing": 1,
    }
    assert progress_segments(counts) == [
        Segment("approved", 2, 25.0),
        Segment("translated", 1, 12.5),
        Segment("in_progress", 3, 37.5),
        Segment("rejected", 1, 12.5),
        Segment("missing", 1, 12.5),
    ]
    assert [s.percent for s in progress_segments({"total": 0})] == [0.0] * 5
    thirds = progress_segments({"total": 3, "approved": 1, "missing": 2})
    assert [s.percent for s in thirds] == [33.33, 0.0, 0.0, 0.0, 66.67]


def test_display() -> None:
    assert display(None) == "—"
    assert display(True) == "yes"
    assert display({"one": "1 x", "other": "n x"}) == "one: 1 x; other: n x"
    assert display([]) == "(none)"
    assert display(["a", "b"]) == "a, b"
    assert display(3) == "3"


def test_changes_show_only_what_differs() -> None:
    old = {"text": "Hi", "tags": ["a"], "version": 1, "max_length": None}
    new = {"text": "Hello", "tags": ["a"], "version": 2, "max_length": None}
    assert changes(old, new) == [Change("text", "Hi", "Hello"), Change("version", "1", "2")]
    assert changes(None, {"text": "Hi"}) == [Change("text", "", "Hi")]
    assert changes({"text": "Hi"}, None) == [Change("text", "Hi", "—")]
    assert changes({"state": "translated"}, {"state": "approved", "reason": "ok"}) == [
        Change("state", "translated", "approved"),
        Change("reason", "—", "ok"),
    ]
