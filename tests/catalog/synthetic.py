"""Synthetic source files of N entries per format (plurals where the format has them).

Shared by the scale tests (``test_scale.py``) and ``bench/new_target.py``.

>>> path, data = source_file("ios-strings", 2)
>>> print(path, data.decode(), sep="\\n")
App/en.lproj/Localizable.strings
/* Shown in row 0 */
"key_0" = "Text 0: it's \\"quoted\\" & <odd>";
<BLANKLINE>
"key_1" = "Text 1";
<BLANKLINE>
>>> translated({"one": "1 file", "other": "%d files"})
{'one': '[de] 1 file', 'other': '[de] %d files'}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from xml.sax.saxutils import escape, quoteattr

__all__ = ["FORMATS", "source_file", "translated"]


def _comment(index: int) -> str | None:
    return f"Shown in row {index}" if index % 5 == 0 else None


def _plural(index: int) -> bool:
    return index % 10 == 3


def _text(index: int) -> str:
    # every 7th text carries characters each format must escape
    return f"Text {index}" if index % 7 else f'Text {index}: it\'s "quoted" & <odd>'


def _android(size: int) -> tuple[str, str]:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<resources>"]
    for index in range(size):
        comment = _comment(index)
        if comment:
            lines.append(f"    <!-- {comment} -->")
        name = quoteattr(f"key_{index}")
        text = escape(_text(index)).replace("'", "\\'").replace('"', '\\"')
        if _plural(index):
            lines += [
                f"    <plurals name={name}>",
                f'        <item quantity="one">{index} file</item>',
                f'        <item quantity="other">{index} files: %d</item>',
                "    </plurals>",
            ]
        else:
            lines.append(f"    <string name={name}>{text}</string>")
    lines.append("</resources>")
    return "app/src/main/res/values/strings.xml", "\n".join(lines) + "\n"


def _ios_strings(size: int) -> tuple[str, str]:
    blocks = []
    for index in range(size):
        comment = _comment(index)
        text = _text(index).replace('"', '\\"')
        line = f'"key_{index}" = "{text}";'
        blocks.append(f"/* {comment} */\n{line}" if comment else line)
    return "App/en.lproj/Localizable.strings", "\n\n".join(blocks) + "\n"


def _ios_stringsdict(size: int) -> tuple[str, str]:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"'
        ' "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
        '<plist version="1.0">',
        "<dict>",
    ]
    for index in range(size):
        lines.append(f"\t<key>key_{index}</key>")
        if not _plural(index):  # plain strings, and a plural rule every tenth key
            lines.append(f"\t<string>{escape(_text(index))}</string>")
            continue
        lines += [
            "\t<dict>",
            "\t\t<key>NSStringLocalizedFormatKey</key>",
            f"\t\t<string>Row {index} has %#@count@</string>",
            "\t\t<key>count</key>",
            "\t\t<dict>",
            "\t\t\t<key>NSStringFormatSpecTypeKey</key>",
            "\t\t\t<string>NSStringPluralRuleType</string>",
            "\t\t\t<key>NSStringFormatValueTypeKey</key>",
            "\t\t\t<string>d</string>",
            "\t\t\t<key>one</key>",
            "\t\t\t<string>%d file</string>",
            "\t\t\t<key>other</key>",
            "\t\t\t<string>%d files</string>",
            "\t\t</dict>",
            "\t</dict>",
        ]
    lines += ["</dict>", "</plist>"]
    return "App/en.lproj/Localizable.stringsdict", "\n".join(lines) + "\n"


def _json_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _json(size: int) -> tuple[str, str]:
    members = []
    for index in range(size):
        if _plural(index):  # i18next v4 suffix plurals
            members.append(f'  "key_{index}_one": "{index} file"')
            members.append(f'  "key_{index}_other": "{index} files: {{{{count}}}}"')
        else:
            members.append(f'  "key_{index}": {_json_string(_text(index))}')
    return "web/locales/en.json", "{\n" + ",\n".join(members) + "\n}\n"


def _arb(size: int) -> tuple[str, str]:
    members = ['  "@@locale": "en"']
    for index in range(size):
        text = _text(index)
        if _plural(index):
            text = f"{{count, plural, one{{{index} file}} other{{{index} files}}}}"
        members.append(f'  "key_{index}": {_json_string(text)}')
        comment = _comment(index)
        if comment:
            members.append(f'  "@key_{index}": {{\n    "description": "{comment}"\n  }}')
    return "lib/l10n/app_en.arb", "{\n" + ",\n".join(members) + "\n}\n"


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _po(size: int) -> tuple[str, str]:
    blocks = [
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: synthetic 1.0\\n"\n'
        '"POT-Creation-Date: 2026-11-01 00:00+0000\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
    ]
    for index in range(size):
        comment = _comment(index)
        lines = [f"#. {comment}"] if comment else []
        lines.append(f"#: app/views.py:{index + 1}")
        if _plural(index):
            lines += [
                f'msgid "{index} file"',
                f'msgid_plural "{index} files: %(count)d"',
                'msgstr[0] ""',
                'msgstr[1] ""',
            ]
        else:
            lines += [f"msgid {_po_string(_text(index))}", 'msgstr ""']
        blocks.append("\n".join(lines) + "\n")
    return "po/messages.pot", "\n".join(blocks)


def _xliff(size: int) -> tuple[str, str]:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">',
        '  <file original="app.strings" source-language="en" datatype="plaintext">',
        "    <body>",
    ]
    for index in range(size):
        lines.append(f'      <trans-unit id="key_{index}">')
        lines.append(f"        <source>{escape(_text(index))}</source>")
        comment = _comment(index)
        if comment:
            lines.append(f"        <note>{comment}</note>")
        lines.append("      </trans-unit>")
    lines += ["    </body>", "  </file>", "</xliff>"]
    return "App/en.xliff", "\n".join(lines) + "\n"


_BUILDERS: dict[str, Callable[[int], tuple[str, str]]] = {
    "android": _android,
    "ios-strings": _ios_strings,
    "ios-stringsdict": _ios_stringsdict,
    "json": _json,
    "arb": _arb,
    "po": _po,
    "xliff": _xliff,
}
FORMATS = tuple(_BUILDERS)


def source_file(format_name: str, size: int) -> tuple[str, bytes]:
    """(path, bytes) of a source file of ``format_name`` with ``size`` entries."""
    path, text = _BUILDERS[format_name](size)
    return path, text.encode("utf-8")


def translated(value: str | Mapping[str, str]) -> str | dict[str, str]:
    """A stand-in translation of a value, of the same shape."""
    if isinstance(value, str):
        return f"[de] {value}"
    return {form: f"[de] {text}" for form, text in value.items()}
