"""The usual-layout path of the Android reader reads what the general path reads from the
same content laid out otherwise (hypothesis; .stringsdict has one path, its property is in
test_ios_stringsdict.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import catalog
from catalog.formats._android_text import unescape

#: XML text without markup: what a ``<string>`` holding text only may contain
text_content = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="<&\x00\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=40,
) | st.sampled_from(["a  b", " a", "a ", "\\'x\\'", '"q"', "a\\nb", "\\u0041", "@x"])


def _android(content: str, usual: bool) -> bytes:
    tag = '<string name="k">' if usual else '<string name="k" >'  # the general path's
    return f"<resources>\n    {tag}{content}</string>\n</resources>\n".encode()


@settings(max_examples=300, deadline=None)
@given(text_content)
def test_android_usual_strings_read_as_the_general_path(content: str) -> None:
    raw = content.replace("\r", "&#13;")  # a CR in text would be read as a line break
    fast = catalog.load("res/values/strings.xml", _android(raw, usual=True))
    general = catalog.load("res/values/strings.xml", _android(raw, usual=False))
    assert fast.entries() == general.entries()
    assert fast.get("k").value == unescape(raw)  # type: ignore[union-attr]
