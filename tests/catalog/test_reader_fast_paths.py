"""The usual-layout paths of the Android and .stringsdict readers read what the general
path reads from the same content laid out otherwise (hypothesis)."""

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


RULE = """<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
\t<key>k</key>
\t<dict>
\t\t<key>NSStringLocalizedFormatKey</key>
\t\t<string>{format}</string>
\t\t<key>n</key>
\t\t<dict>{extra}
\t\t\t<key>NSStringFormatSpecTypeKey</key>
\t\t\t<string>NSStringPluralRuleType</string>
{forms}\t\t</dict>
\t</dict>
</dict>
</plist>
"""
categories = st.lists(
    st.sampled_from(["zero", "one", "two", "few", "many", "other", "&#111;ne", "x"]),
    max_size=7,
)
plain = st.text(st.characters(whitelist_categories=("L", "N", "Zs")), max_size=8)


@settings(max_examples=300, deadline=None)
@given(categories, st.lists(plain, min_size=7, max_size=7), plain, plain)
def test_stringsdict_usual_rules_read_as_the_general_path(
    keys: list[str], texts: list[str], before: str, after: str
) -> None:
    forms = "".join(
        f"\t\t\t<key>{key}</key>\n\t\t\t<string>{text}</string>\n"
        for key, text in zip(keys, texts, strict=False)
    )
    values = {"format": f"{before}%#@n@{after}", "forms": forms}
    fast = RULE.format(extra="", **values).encode()
    general = RULE.format(extra="<!-- read element by element -->", **values).encode()
    path = "en.lproj/Localizable.stringsdict"
    fast_document, general_document = catalog.load(path, fast), catalog.load(path, general)
    assert fast_document.entries() == general_document.entries()
    if keys:
        fast_document.set("k", {"one": "1", "other": "2"})
        general_document.set("k", {"one": "1", "other": "2"})
        assert fast_document.dump() == general_document.dump().replace(
            b"<!-- read element by element -->", b""
        )
