"""diff(): added, changed and removed keys between two revisions."""

from __future__ import annotations

import catalog

OLD = b'/* c */\n"a" = "A";\n"b" = "B";\n"c" = "C";\n'
NEW = b'/* other comment */\n"a" = "A";\n"b" = "B2";\n"d" = "D";\n'


def test_diff_reports_added_changed_removed_in_file_order() -> None:
    old = catalog.load("en.lproj/x.strings", OLD)
    new = catalog.load("en.lproj/x.strings", NEW)
    result = catalog.diff(old, new)
    assert (result.added, result.changed, result.removed) == (["d"], ["b"], ["c"])
    assert result


def test_comment_only_changes_are_not_changes() -> None:
    old = catalog.load("en.lproj/x.strings", b'/* one */\n"a" = "A";\n')
    new = catalog.load("en.lproj/x.strings", b'/* two */\n"a" = "A";\n')
    assert not catalog.diff(old, new)


def test_plural_form_changes_and_new_files() -> None:
    path = "res/values/strings.xml"
    old = catalog.load(
        path, b'<resources><plurals name="p"><item quantity="one">1</item></plurals></resources>'
    )
    new = catalog.load(
        path, b'<resources><plurals name="p"><item quantity="one">One</item></plurals></resources>'
    )
    assert catalog.diff(old, new).changed == ["p"]
    assert catalog.diff(None, new).added == ["p"]
