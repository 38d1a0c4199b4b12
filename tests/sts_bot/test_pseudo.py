"""Pseudo-localization: accented, longer, bracketed or right-to-left; placeholders kept."""

from __future__ import annotations

import pytest

import catalog
from catalog.qa import check_translation, extract_placeholders
from sts_bot.plan import FileRevisions
from sts_bot.pseudo import (
    PDF,
    RLM,
    RLO,
    pseudo_style,
    pseudo_text,
    pseudo_value,
)
from sts_bot.pseudo_flow import pseudo_plan
from sts_bot.render import render

SOURCES = [
    "Hello %s",
    "Welcome back, %1$s!",
    "You have {count} new <b>messages</b>",
    'Tap <a href="https://x">here</a> &amp; {{name}} %@ %(count)d ${price}',
    "Price: {amount, number, currency}",
    "%d item in your cart",
]


@pytest.mark.parametrize("text", SOURCES)
@pytest.mark.parametrize("locale", ["en-XA", "ar-XB"])
def test_every_placeholder_and_tag_is_kept_in_order(text: str, locale: str) -> None:
    result = pseudo_text(text, pseudo_style(locale))
    assert [p.text for p in extract_placeholders(result)] == [
        p.text for p in extract_placeholders(text)
    ]
    assert check_translation(catalog.Entry("k", text), result, locale) == []


def test_accented_is_bracketed_accented_and_about_40_percent_longer() -> None:
    result = pseudo_text("Check out your cart now", "accented")
    assert result == "[Çĥéçķ öûţ ýöûŕ çàŕţ ñöŵ one two]"
    assert result.startswith("[") and result.endswith("]")
    assert len(result) >= 1.4 * len("Check out your cart now")
    assert not any(c.isascii() and c.isalpha() for c in result.replace("one two", ""))


def test_accented_keeps_entities_and_respects_max_length() -> None:
    assert pseudo_text("Tom &amp; Jerry", "accented") == "[Ţöɱ &amp; Ĵéŕŕý one]"
    assert pseudo_text("Save", "accented", max_length=6) == "[Šàṽé]"
    assert pseudo_text("Save", "accented", max_length=4) == "Šàṽé"


def test_bidi_wraps_every_word_in_a_right_to_left_override() -> None:
    assert pseudo_text("Hi %s there", "bidi") == (
        f"{RLM}{RLO}Hi{PDF}{RLM} %s {RLM}{RLO}there{PDF}{RLM}"
    )


def test_blank_text_and_unknown_style() -> None:
    assert pseudo_text("  ", "accented") == "  "
    with pytest.raises(ValueError, match="unknown pseudo-localization style 'wavy'"):
        pseudo_text("x", "wavy")


def test_plural_forms_get_the_languages_categories() -> None:
    source = {"one": "%d item", "other": "%d items"}
    arabic = pseudo_value(source, "ar-XB", kind="plural")
    assert isinstance(arabic, dict)
    assert sorted(arabic) == ["few", "many", "one", "other", "two", "zero"]
    assert arabic["few"] == arabic["other"]
    english = pseudo_value(source, "en-XA", kind="plural")
    assert english == {"one": "[%d îţéɱ one]", "other": "[%d îţéɱš one]"}


ANDROID = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="title">Shop</string>
    <string name="greet">Hello <b>%1$s</b></string>
    <string name="id" translatable="false">ABC</string>
    <string-array name="sorts">
        <item>Newest</item>
        <item>Oldest</item>
    </string-array>
</resources>
"""


def revisions(target: bytes | None = None) -> list[FileRevisions]:
    source = catalog.load("res/values/strings.xml", ANDROID)
    path = "res/values-en-rXA/strings.xml"
    existing = catalog.load(path, target) if target is not None else None
    return [
        FileRevisions("res/values/strings.xml", source, None, {"en-XA": path}, {"en-XA": existing})
    ]


def test_pseudo_plan_renders_every_translatable_string_through_the_qa_gate() -> None:
    plan, translations = pseudo_plan(revisions(), ["en-XA"])
    assert [s.key for s in plan.strings] == ["title", "greet", "sorts"]
    assert translations[("sorts[0]", "en-XA")] == "[Ñéŵéšţ one]"
    rendered = render(plan, translations, revisions())
    assert rendered.kept_out == [] and rendered.applied == {"en-XA": 3}
    text = rendered.files["res/values-en-rXA/strings.xml"].decode()
    assert '<string name="greet">[Ĥéļļö <b>%1$s</b> one two]</string>' in text
    assert "ABC" not in text
    # Run again on its own output: nothing left to do.
    again, _ = pseudo_plan(revisions(rendered.files["res/values-en-rXA/strings.xml"]), ["en-XA"])
    assert again.strings == ()
