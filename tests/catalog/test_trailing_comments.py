"""A comment written after an entry on its line stays with that entry through edits."""

from __future__ import annotations

import pytest

import catalog
from catalog._splice import whole_lines

STRINGS = "fr.lproj/Localizable.strings"
ANDROID = "res/values-fr/strings.xml"


@pytest.mark.parametrize(
    "comment", ["// by hand", "/* by hand */", "/* a */ // b"], ids=["line", "block", "both"]
)
def test_strings_insert_after_an_entry_goes_below_its_trailing_comment(comment: str) -> None:
    data = f'"hello"="Bonjour";  {comment}\n"cart" = "Panier";\n'.encode()
    document = catalog.load(STRINGS, data)
    assert document.get("cart").comment is None  # type: ignore[union-attr]
    document.set("bye", "Au revoir", after="hello")
    assert document.dump() == (
        f'"hello"="Bonjour";  {comment}\n"bye" = "Au revoir";\n"cart" = "Panier";\n'.encode()
    )


def test_strings_trailing_comment_survives_an_update_and_goes_with_a_removal() -> None:
    data = b'"a" = "A"; // keep\n"b" = "B";\n'
    document = catalog.load(STRINGS, data)
    document.set("a", "AA")
    assert document.dump() == b'"a" = "AA"; // keep\n"b" = "B";\n'
    document.remove("a")
    assert document.dump() == b'"b" = "B";\n'


def test_strings_comment_spanning_lines_after_an_entry_stays_the_next_ones() -> None:
    data = b'"a" = "A"; /* about\nb */\n"b" = "B";\n"c" = "C";\n'
    document = catalog.load(STRINGS, data)
    assert document.get("b").comment == "about\nb"  # type: ignore[union-attr]
    document.set("n", "N", after="a")
    assert document.dump() == b'"a" = "A";\n"n" = "N"; /* about\nb */\n"b" = "B";\n"c" = "C";\n'


def test_android_insert_after_an_entry_goes_below_its_trailing_comment() -> None:
    data = (
        b"<resources>\n"
        b'    <string name="hello">Bonjour</string> <!-- by hand -->\n'
        b'    <string name="cart">Panier</string>\n'
        b"</resources>\n"
    )
    document = catalog.load(ANDROID, data)
    document.set("bye", "Au revoir", after="hello")
    document.set("hello", "Salut")
    assert document.dump() == (
        b"<resources>\n"
        b'    <string name="hello">Salut</string> <!-- by hand -->\n'
        b'    <string name="bye">Au revoir</string>\n'
        b'    <string name="cart">Panier</string>\n'
        b"</resources>\n"
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("<a/> <!-- c -->\n<b/>", (0, 16)),  # taken in with its newline
        ("<a/> <!-- c --> <b/>\n", (0, 4)),  # another element follows on the line
        ('"a"="b"; /* x\n */\n', (0, 8)),  # the comment does not close on the line
        ('"a"="b"; /* x */\r\n', (0, 18)),
        ("<a/>// x <b/>\n", (0, 4)),  # `//` text in XML stops at the next tag
        ("  <a/> <!-- c -->", (0, 17)),  # the last line, no newline
    ],
)
def test_whole_lines_takes_in_a_comment_closed_on_the_line(
    text: str, span: tuple[int, int]
) -> None:
    assert whole_lines(text, text.index("<a/>") if "<a/>" in text else 0, _end(text)) == span


def _end(text: str) -> int:
    return text.index("<a/>") + 4 if "<a/>" in text else text.index(";") + 1
