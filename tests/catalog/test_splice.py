"""The splice engine: edits touch only their spans; everything else is kept verbatim."""

from __future__ import annotations

import pytest

from catalog._splice import (
    LineIndex,
    Splicer,
    blank_prefix,
    detect_indent,
    detect_newline,
    line_end,
    whole_lines,
)


def make(text: str, spans: list[tuple[str, int, int]]) -> Splicer:
    splicer = Splicer(text)
    for key, start, end in spans:
        splicer.add_span(key, start, end)
    return splicer


TEXT = "# head\na=1\nb=2\n# tail\n"
SPANS = [("a", 7, 11), ("b", 11, 15)]


def test_untouched_text_renders_identically() -> None:
    splicer = make(TEXT, SPANS)
    assert splicer.render() is TEXT
    assert not splicer.changed


def test_replace_remove_insert() -> None:
    splicer = make(TEXT, SPANS)
    splicer.replace("a", "a=9\n")
    splicer.insert("c", "c=3\n")
    splicer.remove("b")
    assert splicer.render() == "# head\na=9\nc=3\n# tail\n"
    assert splicer.order() == ["a", "c"]


def test_insert_after_anchor_goes_right_after_it() -> None:
    splicer = make(TEXT, SPANS)
    splicer.insert("x", "x=0\n", after="a")
    splicer.insert("y", "y=0\n", after="x")
    splicer.insert("z", "z=0\n")
    assert splicer.render() == "# head\na=1\nx=0\ny=0\nb=2\nz=0\n# tail\n"


def test_lead_lines_go_with_removal_but_stay_on_replace() -> None:
    text = "/* note */\nk=1\nj=2\n"
    splicer = Splicer(text)
    splicer.add_span("k", 11, 15, lead=0)
    splicer.add_span("j", 15, 19)
    splicer.replace("k", "k=2\n")
    assert splicer.render() == "/* note */\nk=2\nj=2\n"
    splicer.remove("k")
    assert splicer.render() == "j=2\n"


def test_insert_after_a_last_line_without_newline_keeps_the_file_ending() -> None:
    splicer = make("a=1", [("a", 0, 3)])
    splicer.insert("b", "b=2\n")
    assert splicer.render() == "a=1\nb=2"


def test_insert_into_empty_document_uses_the_end_anchor() -> None:
    text = "<r>\n</r>\n"
    splicer = Splicer(text, end_anchor=4)
    splicer.insert("a", "  <a/>\n")
    assert splicer.render() == "<r>\n  <a/>\n</r>\n"


def test_a_removed_key_can_be_added_again() -> None:
    splicer = make(TEXT, SPANS)
    splicer.remove("a")
    splicer.insert("a", "a=new\n")
    assert splicer.render() == "# head\nb=2\na=new\n# tail\n"


def test_overlapping_or_duplicate_spans_are_refused() -> None:
    splicer = make(TEXT, SPANS[:1])
    with pytest.raises(ValueError):
        splicer.add_span("x", 9, 12)
    with pytest.raises(KeyError):
        splicer.add_span("a", 20, 21)
    with pytest.raises(KeyError):
        splicer.insert("a", "a=2\n")
    with pytest.raises(KeyError):
        splicer.remove("missing")


def test_newline_indent_and_line_helpers() -> None:
    assert detect_newline("a\r\nb\r\nc\n") == "\r\n"
    assert detect_newline("a\rb\r") == "\r"
    assert detect_indent(["  a", "  b", "    c"]) == "  "
    assert line_end("ab\r\ncd", 0) == 4
    index = LineIndex("a\nb\r\nc\rd")
    assert [index.line(offset) for offset in (0, 2, 5, 7)] == [1, 2, 3, 4]


def test_insert_before_goes_ahead_of_the_entry_and_its_lead_lines() -> None:
    text = "a=1\n# about b\nb=2\n"
    splicer = Splicer(text)
    splicer.add_span("a", 0, 4)
    splicer.add_span("b", 14, 18, lead=4)
    splicer.insert("x", "x=0\n", before="b")
    splicer.insert("w", "w=0\n", before="a")
    assert splicer.render() == "w=0\na=1\nx=0\n# about b\nb=2\n"
    assert splicer.order() == ["w", "a", "x", "b"]
    splicer.remove("b")
    assert splicer.render() == "w=0\na=1\nx=0\n"


def test_indentation_longer_than_the_look_back_window_is_still_a_blank_prefix() -> None:
    text = "a\n" + " " * 100 + "<b/>\n" + "x" * 100 + " <c/>"
    assert blank_prefix(text, 102) == " " * 100
    assert whole_lines(text, 102, 106) == (2, 107)
    assert blank_prefix(text, len(text) - 4) is None
    assert whole_lines(text, len(text) - 4, len(text)) == (len(text) - 4, len(text))


def test_edits_beside_a_removed_entry_keep_their_places() -> None:
    splicer = make(TEXT, SPANS)
    splicer.remove("a")
    splicer.insert("x", "x=0\n", after="a")
    splicer.insert("w", "w=0\n", before="x")
    splicer.insert("y", "y=0\n", before="b")
    assert splicer.render() == "# head\nw=0\nx=0\ny=0\nb=2\n# tail\n"
    assert splicer.order() == ["w", "x", "y", "b"]
    assert splicer.last_live_key() == "b"
    splicer.remove("b")
    assert splicer.last_live_key() == "y"


def test_the_last_live_key_skips_removed_inserts_at_the_end() -> None:
    splicer = make(TEXT, SPANS)
    for key in ("p", "q", "r"):
        splicer.insert(key, f"{key}=0\n")
    assert splicer.last_live_key() == "r"
    splicer.remove("r")
    splicer.remove("q")
    assert splicer.last_live_key() == "p"
    splicer.remove("p")
    assert splicer.last_live_key() == "b"


def test_spans_recorded_at_once_are_checked_as_one_by_one() -> None:
    splicer = Splicer(TEXT)
    splicer.add_spans(["a"], [7], [11], [7])
    with pytest.raises(KeyError, match="duplicate key 'a'"):
        splicer.add_spans(["b", "a"], [11, 15], [15, 18], [11, 15])
    with pytest.raises(ValueError, match="span of 'c' overlaps the previous entry"):
        Splicer(TEXT).add_spans(["b", "c"], [7, 9], [11, 15], [7, 9])
    assert splicer.order() == ["a", "b"]  # what add_span recorded before the error
