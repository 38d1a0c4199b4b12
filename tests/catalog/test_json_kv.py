"""Key/value JSON: nesting, plurals, style keeping, edits and bad input."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import catalog
from catalog import FormatError
from catalog.formats import json_kv
from catalog.formats._json_reader import KEY, MAX_DEPTH, VALUE, VEND, VSTART, Container, read_tree
from tests.catalog.test_hostile_time import _cpu

NESTED = b"""{
    "app": {
        "title": "Caf\\u00e9",
        "files": {
            "one": "%(count)s file",
            "other": "%(count)s files"
        }
    },
    "url": "http:\\/\\/example.com"
}
"""

I18NEXT = b'{\n\t"item_one": "{{count}} item",\n\t"item_other": "{{count}} items",\n\t"hi": "Hi"\n}'


def test_nested_keys_join_with_dots_and_plural_objects_are_one_entry() -> None:
    doc = json_kv.parse("en.json", NESTED)
    assert [(e.key, e.kind, e.line) for e in doc.entries()] == [
        ("app.title", "string", 3),
        ("app.files", "plural", 4),
        ("url", "string", 9),
    ]
    assert doc.get("app.title").value == "Café"  # type: ignore[union-attr]
    assert doc.get("url").value == "http://example.com"  # type: ignore[union-attr]


def test_i18next_suffixes_are_one_plural_entry() -> None:
    doc = json_kv.parse("en.json", I18NEXT)
    assert doc.get("item").value == {"one": "{{count}} item", "other": "{{count}} items"}  # type: ignore[union-attr]
    assert doc.keys() == ["item", "hi"]


def test_setting_a_value_keeps_escape_style_and_other_lines() -> None:
    doc = json_kv.parse("en.json", NESTED)
    doc.set("app.title", "Crème/brûlée")
    out = doc.dump().decode()
    assert '"title": "Cr\\u00e8me\\/br\\u00fbl\\u00e9e",' in out
    assert out.replace('"Cr\\u00e8me\\/br\\u00fbl\\u00e9e"', '"Caf\\u00e9"') == NESTED.decode()


def test_adding_a_nested_key_creates_objects_in_the_file_indentation() -> None:
    doc = json_kv.parse("en.json", NESTED)
    doc.set("menu.open", "Open")
    out = doc.dump().decode()
    assert out.endswith(
        '    "url": "http:\\/\\/example.com",\n    "menu": {\n        "open": "Open"\n    }\n}\n'
    )
    assert json_kv.parse("en.json", out.encode()).get("menu.open").value == "Open"  # type: ignore[union-attr]


def test_adding_into_an_existing_object_and_after_an_anchor() -> None:
    doc = json_kv.parse("en.json", NESTED)
    doc.set("app.subtitle", "Sub", after="app.title")
    assert json_kv.parse("x.json", doc.dump()).keys() == [
        "app.title",
        "app.subtitle",
        "app.files",
        "url",
    ]


def test_plural_in_i18next_file_is_written_as_suffixes_with_tabs() -> None:
    doc = json_kv.parse("en.json", I18NEXT)
    doc.set("apple", {"other": "{{count}} apples", "one": "one apple"})
    doc.set("item", {"one": "1 item", "other": "{{count}} items", "zero": "no items"})
    out = doc.dump().decode()
    assert '\t"item_zero": "no items",\n\t"item_one": "1 item",' in out
    assert out.endswith(
        '"hi": "Hi",\n\t"apple_one": "one apple",\n\t"apple_other": "{{count}} apples"\n}'
    )


def test_remove_takes_the_member_and_its_separator() -> None:
    doc = json_kv.parse("en.json", I18NEXT)
    doc.remove("hi")
    assert json.loads(doc.dump()) == {"item_one": "{{count}} item", "item_other": "{{count}} items"}
    doc.remove("item")
    assert doc.dump() == b"{}"
    with pytest.raises(KeyError):
        doc.remove("item")


def test_noop_and_same_value_keep_bytes() -> None:
    doc = json_kv.parse("en.json", NESTED)
    doc.set("app.title", "Café")
    assert doc.dump() == NESTED


def test_skeleton_is_an_empty_object_with_the_file_ending() -> None:
    assert json_kv.parse("en.json", NESTED).skeleton("fr") == b"{}\n"
    assert json_kv.parse("en.json", I18NEXT).skeleton("fr") == b"{}"


def test_skeleton_document_takes_new_entries() -> None:
    # an empty object carries no indentation: new members get two spaces
    doc = json_kv.parse("fr.json", json_kv.parse("en.json", NESTED).skeleton("fr"))
    doc.set("hi", "Salut")
    assert doc.dump() == b'{\n  "hi": "Salut"\n}\n'


def test_identical_duplicate_keys_are_kept_in_sync() -> None:
    data = b'{"a": "x", "b": "y", "a": "x"}'
    doc = json_kv.parse("en.json", data)
    assert doc.keys() == ["a", "b"]
    doc.set("a", "z")
    assert doc.dump() == b'{"a": "z", "b": "y", "a": "z"}'


@pytest.mark.parametrize(
    ("data", "message", "line", "column"),
    [
        (b'{\n  "a": "x",\n  "a": "y"\n}', "duplicate key 'a'", 3, 3),
        (b'{\n  "a": "x"\n  "b": "y"\n}', "expected ',' or '}'", 3, 3),
        (b'{"a": "x\\q"}', "invalid string", 1, 9),
        (b"[1, 2]", "top level", 1, 1),
        (b"", "file is empty", 1, 1),
        (b'{"a": 1} x', "after the top-level object", 1, 10),
        (b'{"a": tru}', "expected a value", 1, 7),
    ],
)
def test_bad_json_raises_format_error_with_position(
    data: bytes, message: str, line: int, column: int
) -> None:
    with pytest.raises(FormatError) as caught:
        json_kv.parse("en.json", data)
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


def test_excessive_nesting_is_refused() -> None:
    depth = MAX_DEPTH + 1
    data = ('{"a": ' * depth + '"x"' + "}" * depth).encode()
    with pytest.raises(FormatError, match="nesting deeper"):
        json_kv.parse("en.json", data)


def test_invalid_utf8_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="invalid utf-8"):
        json_kv.parse("en.json", b'{"a": "\xff"}')


@settings(max_examples=150, deadline=None)
@given(st.text(), st.booleans(), st.booleans())
def test_any_string_round_trips_through_set(value: str, ascii_style: bool, slash: bool) -> None:
    existing = '"\\u00e9\\/"' if ascii_style and slash else '"\\u00e9"' if ascii_style else '"x"'
    doc = json_kv.parse("en.json", ('{"k": "v", "s": ' + existing + "}").encode())
    doc.set("k", value)
    out = doc.dump()
    assert json.loads(out)["k"] == value
    assert json_kv.parse("en.json", out).get("k").value == value  # type: ignore[union-attr]
    if ascii_style:
        assert out.isascii()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_but_format_error(data: bytes) -> None:
    try:
        doc = json_kv.parse("en.json", data)
    except FormatError:
        return
    assert doc.dump() == data


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.text(max_size=5), lambda inner: st.dictionaries(st.text(max_size=5), inner, max_size=4)
    )
)
def test_documents_json_dumps_writes_round_trip(tree: object) -> None:
    data = json.dumps({"root": tree}, indent=2, ensure_ascii=False).encode()
    joined = _dotted_leaf_keys({"root": tree})
    if len(joined) != len(set(joined)):  # e.g. {"a.b": ..} beside {"a": {"b": ..}}: refused
        with pytest.raises(FormatError, match="defined twice"):
            json_kv.parse("en.json", data)
        return
    doc = json_kv.parse("en.json", data)
    assert doc.dump() == data


_JSON_TEXT = st.text(st.sampled_from('ab"\\/é\u2028\U0001f600\t\n\x00\x1f '), max_size=4)
_JSON_TREES = st.recursive(
    _JSON_TEXT
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.none(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_JSON_TEXT, inner, max_size=3),
    max_leaves=10,
)
_JSON_DOCUMENTS = st.builds(
    json.dumps,
    st.dictionaries(_JSON_TEXT, _JSON_TREES, max_size=4),
    indent=st.sampled_from([None, 0, 1, "\t"]),
    ensure_ascii=st.booleans(),
    separators=st.sampled_from([None, (",", ":"), (" , ", " : "), (",\r\n", ":\n")]),
)


def _tree_value(text: str, value: object, start: int, end: int) -> object:
    """What the reader read for one value, as ``json.loads`` gives it."""
    if isinstance(value, Container):
        pairs = [(m[KEY], _tree_value(text, m[VALUE], m[VSTART], m[VEND])) for m in value.live()]
        return dict(pairs) if value.is_object else [item for _, item in pairs]
    return value if isinstance(value, str) else json.loads(text[start:end])


@settings(max_examples=300, deadline=None)
@given(_JSON_DOCUMENTS)
def test_the_reader_reads_what_json_loads_reads(text: str) -> None:
    root = read_tree("t.json", text)[0]
    assert _tree_value(text, root, root.start, root.end) == json.loads(text)


def _json_loads_refuses(text: str) -> bool:
    """Whether ``json.loads`` refuses ``text`` as a JSON object (a key repeated with a
    different value, NaN and Infinity refused too, as the reader does)."""

    def pairs(members: list[tuple[str, object]]) -> dict[str, object]:
        values: dict[str, str] = {}
        for key, value in members:
            if values.setdefault(key, json.dumps(value)) != json.dumps(value):
                raise ValueError("repeated key")
        return dict(members)

    def constant(name: str) -> None:
        raise ValueError(name)

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except ValueError:
        return True
    return not isinstance(value, dict)


@settings(max_examples=300, deadline=None)
@given(_JSON_DOCUMENTS, st.data())
def test_the_reader_refuses_what_json_loads_refuses(text: str, data: st.DataObject) -> None:
    marks = [index for index, char in enumerate(text) if char in '{}[],:"']  # at the syntax
    place = data.draw(st.sampled_from([*marks, len(text)]) | st.integers(0, len(text)))
    piece = data.draw(st.sampled_from([*'{}[]",:\\ \n\t\x01-.0e+tfnx', "", '"a":', ",}"]))
    cut = data.draw(st.integers(0, 2))
    mutated = text[:place] + piece + text[place + cut :]
    if _json_loads_refuses(mutated):
        with pytest.raises(FormatError) as caught:
            read_tree("t.json", mutated)
        assert caught.value.line is not None
        assert caught.value.column is not None
    else:
        root = read_tree("t.json", mutated)[0]
        assert _tree_value(mutated, root, root.start, root.end) == json.loads(mutated)


def _dotted_leaf_keys(tree: object, prefix: str = "") -> list[str]:
    """Every leaf's key path joined with dots (what the JSON format's keys are).

    An empty object holds no entry, so it adds no key.
    """
    if not isinstance(tree, dict):
        return [prefix]
    keys: list[str] = []
    for name, value in tree.items():
        keys += _dotted_leaf_keys(value, f"{prefix}.{name}" if prefix else name)
    return keys


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["set", "add", "add_after", "remove", "plural"]),
        st.integers(min_value=0, max_value=50),
        st.text(max_size=6),
    ),
    max_size=8,
)


@pytest.mark.parametrize("data", [NESTED, I18NEXT, b'{"a": "x", "b": {"c": "y"}}'])
@settings(max_examples=60, deadline=None)
@given(operations=OPERATIONS)
def test_edit_sequences_agree_with_reparsing_the_output(
    data: bytes, operations: list[tuple[str, int, str]]
) -> None:
    doc = json_kv.parse("en.json", data)
    for number, (operation, pick, text) in enumerate(operations):
        keys = doc.keys()
        key = keys[pick % len(keys)] if keys else None
        if operation == "set" and key is not None:
            entry = doc.get(key)
            assert entry is not None
            doc.set(key, text if isinstance(entry.value, str) else {"one": text, "other": "o"})
        elif operation == "add":
            doc.set(f"new{number}", text)
        elif operation == "add_after" and key is not None:
            doc.set(f"after{number}", text, after=key)
        elif operation == "remove" and key is not None:
            doc.remove(key)
        elif operation == "plural":
            doc.set(f"count{number}", {"one": text, "other": text + "s"})
    reread = json_kv.parse("en.json", doc.dump())
    assert [(e.key, e.value, e.kind) for e in doc.entries()] == [
        (e.key, e.value, e.kind) for e in reread.entries()
    ]


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        (b'{"a": "x", "b": "y", "a": "x"}', ["a", "b"]),
        (b'{"a": "\\u00e9", "a": "\xc3\xa9"}', ["a"]),
        (
            b'{"p": {"one": "1", "other": "n", "one": "1"}, "q_one": "a", "q_other": "b", '
            b'"q_one": "a"}',
            ["p", "q"],
        ),
        # more members than plural categories, yet a plural object: its keys repeat
        (
            b'{"p": {"zero": "0", "one": "1", "two": "2", "few": "f", "many": "m", '
            b'"other": "n", "one": "1"}}',
            ["p"],
        ),
    ],
)
def test_equal_repeats_are_one_entry_kept_in_sync_on_edits(data: bytes, keys: list[str]) -> None:
    doc = json_kv.parse("en.json", data)
    assert doc.keys() == keys
    for entry in doc.entries():
        value = (
            entry.value + "!"
            if isinstance(entry.value, str)
            else {k: v + "!" for k, v in entry.value.items()}
        )
        doc.set(entry.key, value)
    out = doc.dump()
    reread = json_kv.parse("en.json", out)
    assert [(e.key, e.value) for e in reread.entries()] == [(e.key, e.value) for e in doc.entries()]
    assert out.count(b"!") == len(re.findall(rb':\s*"', data))  # every copy was edited too


def test_editing_inside_a_repeated_object_is_refused() -> None:
    doc = json_kv.parse("en.json", b'{"n": {"a": "x"},\n"n": {"a": "x"}}')
    assert doc.get("n.a").value == "x"  # type: ignore[union-attr]
    with pytest.raises(FormatError, match="repeats an object") as caught:
        doc.set("n.a", "y")
    assert caught.value.line == 1


def test_repeats_of_unequal_spelling_of_one_and_true_conflict() -> None:
    with pytest.raises(FormatError, match="duplicate key 'a' with a different value"):
        json_kv.parse("en.json", b'{"a": 1, "a": true}')


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (
            b'{\n  "a": "x",\n  "b": {\n    "c": "y"\n  },\n'
            b'  "d": ["z", {\n    "e": "w"}],\n  "f": "v"\n}\n',
            [2, 4, 8],
        ),
        # keys sharing lines, a key after a value on the same line, strings with colons
        (b'{"a": "x", "b": {"c": "y"},\n "d": ["z", {"e": "w"}], "f": "v"}', [1, 1, 2]),
        (
            b'{\n  "a": "x\\": \\"",\n  "b": {"c": "y"}, "d": [\n"z", {\n"e": "w"}],\n"f": "v"\n}',
            [2, 3, 6],
        ),
        # CRLF newlines, a key on the line after its object's brace
        (b'{"a": "x",\r\n"b": {\r\n\r\n"c": "y"},\r\n"f":\r\n"v"}', [1, 4, 5]),
    ],
)
def test_entry_lines_are_the_lines_of_their_keys_before_and_after_edits(
    data: bytes, lines: list[int]
) -> None:
    expected = list(zip(["a", "b.c", "f"], lines, strict=True))
    document = json_kv.parse("en.json", data)
    assert [(e.key, e.line) for e in document.entries()] == expected
    document.set("zz", "new", after="a")  # the order is re-read; lines stay those of the file
    document.remove("zz")
    assert [(e.key, e.line) for e in document.entries()] == expected


def test_entries_after_get_reuse_the_built_entry_and_read_the_same() -> None:
    data = b'{\n  "a": "x",\n  "b": {\n    "c": "y"\n  },\n  "n_one": "1",\n  "n_other": "2"\n}\n'
    document = json_kv.parse("en.json", data)
    built = document.get("b.c")
    entries = document.entries()
    assert entries == json_kv.parse("en.json", data).entries()
    assert entries[1] is built
    assert [entry.line for entry in entries] == [2, 4, 6]


def test_a_new_target_of_a_nested_source_nests_its_keys_too() -> None:
    source = catalog.load(
        "web/locales/en.json",
        b'{\n  "nav": {\n    "home": "Home"\n  },\n  "checkout": "Check out"\n}\n',
    )
    target = catalog.new_target(source, "fr")
    target.set("checkout", "Payer")
    target.set("nav.home", "Accueil")
    assert json.loads(target.dump()) == {"checkout": "Payer", "nav": {"home": "Accueil"}}


def test_a_new_target_of_a_flat_source_keeps_dotted_keys_flat() -> None:
    source = catalog.load("web/locales/en.json", b'{\n  "nav.home": "Home"\n}\n')
    target = catalog.new_target(source, "fr")
    target.set("nav.home", "Accueil")
    assert json.loads(target.dump()) == {"nav.home": "Accueil"}


def test_dotted_names_that_collide_with_nested_objects_are_written_flat() -> None:
    """matrix-react-sdk writes ``"m.call"`` and ``"m.call.member"`` side by side: a new
    target of it must not nest them into two members named ``call`` (JSON keeps one)."""
    source = catalog.load(
        "i18n/strings/en.json",
        b'{\n  "perm": {\n    "m.call": "Start calls",\n    "m.call.member": "Join calls",\n'
        b'    "x": "X"\n  },\n  "n": {"o": "O"}\n}\n',
    )
    for order in (source.entries(), source.entries()[::-1]):
        target = catalog.new_target(source, "fr")
        for entry in order:
            target.set(entry.key, entry.value + " (fr)")
        reread = catalog.load(target.path, target.dump())
        assert sorted((e.key, e.value) for e in reread.entries()) == [
            ("n.o", "O (fr)"),
            ("perm.m.call", "Start calls (fr)"),
            ("perm.m.call.member", "Join calls (fr)"),
            ("perm.x", "X (fr)"),
        ]
        assert sorted(e.key for e in target.entries()) == sorted(e.key for e in reread.entries())
    document = catalog.load("en.json", b'{"a": {"b": "x"}}')
    document.set("a.b.c", "y", after="a.b")  # "b" is a string: "b.c" goes beside it
    assert document.dump() == b'{"a": {"b": "x","b.c": "y"}}'  # the sibling's lead: none


def _remove_every_entry(path: str, data: bytes) -> bytes:
    document = catalog.load(path, data)
    for entry in document.entries():
        document.remove(entry.key)
    return document.dump()


def _flat_file(n: int, arb: bool) -> bytes:
    meta = ', "@k%d": {"description": "d%d"}' if arb else ""
    members = ",\n".join(
        ('  "k%d": "v%d"' + meta) % ((i, i, i, i) if arb else (i, i)) for i in range(n)
    )
    return ("{\n" + members + "\n}\n").encode()


@pytest.mark.slow
@pytest.mark.parametrize("path", ["en.json", "app_en.arb"])
def test_removing_every_entry_one_by_one_is_linear(path: str) -> None:
    arb = path.endswith(".arb")
    assert _remove_every_entry(path, _flat_file(3, arb)) == b"{}\n"
    small = _cpu(lambda: _remove_every_entry(path, _flat_file(5_000, arb)))
    large = _cpu(lambda: _remove_every_entry(path, _flat_file(20_000, arb)))
    # linear: ~4x; a walk of the file per removal: ~16x. The slack absorbs a shared machine.
    assert large < 9 * small + 0.05, (small, large)


def test_new_keys_follow_their_path_after_an_object_turns_into_a_plural_or_loses_members() -> None:
    doc = catalog.load(
        "en.json", b'{\n  "a": {\n    "one": "1"\n  },\n  "c": {\n    "d": "x"\n  }\n}\n'
    )
    doc.set("a.other", "n")  # "a" now reads as a plural: "a.few" cannot go inside it
    doc.set("a.few", "f")
    doc.set("c.e", "y")
    doc.remove("c.d")
    doc.set("c.f", "z")
    assert doc.dump() == (
        b'{\n  "a": {\n    "one": "1",\n    "other": "n"\n  },\n'
        b'  "c": {\n    "e": "y",\n    "f": "z"\n  },\n  "a.few": "f"\n}\n'
    )
    assert [(e.key, e.value) for e in catalog.load("en.json", doc.dump()).entries()] == [
        ("a", {"one": "1", "other": "n"}),
        ("c.e", "y"),
        ("c.f", "z"),
        ("a.few", "f"),
    ]


def _nested_groups(depth: int, size: int) -> bytes:
    """``size`` entries inside ``depth`` objects, each with an i18next group of its own."""
    inner = ",".join(f'"k{index}": "v"' for index in range(size))
    opening = '{"a_one": "x", "a_other": "y", "n": ' * depth
    return (opening + "{" + inner + "}" + "}" * depth).encode()


@pytest.mark.slow
def test_i18next_groups_at_every_level_cost_each_object_its_own_members_only() -> None:
    deep = json_kv.parse("en.json", _nested_groups(60, 3))
    assert [e.key for e in deep.entries()][:2] == ["a", "n.a"]
    assert len(deep.entries()) == 60 + 3
    shallow_cpu = _cpu(lambda: json_kv.parse("en.json", _nested_groups(1, 20_000)))
    deep_cpu = _cpu(lambda: json_kv.parse("en.json", _nested_groups(60, 20_000)))
    # own members only: about equal; every object's rows below it too: ~5x here
    assert deep_cpu < 2.5 * shallow_cpu + 0.05, (shallow_cpu, deep_cpu)
