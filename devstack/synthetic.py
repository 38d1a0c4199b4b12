"""Synthetic string files of any size in the four formats the demo uses (for benchmarks)."""

from __future__ import annotations

CONFIG_FILES = {
    "app/src/main/res/values/strings.xml": "app/src/main/res/values-{android}/strings.xml",
    "ios/App/en.lproj/Localizable.strings": "ios/App/{ios}.lproj/Localizable.strings",
    "web/locales/en.json": "web/locales/{locale}.json",
    "po/messages.pot": "po/{posix}.po",
}


def _text(prefix: str, index: int) -> str:
    return f"{prefix} message number {index} for %s"


def android(count: int, start: int = 0) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<resources>"]
    for i in range(start, start + count):
        lines.append(f'    <string name="android_{i}">{_text("Android", i)}</string>')
    lines.append("</resources>")
    return "\n".join(lines) + "\n"


def ios(count: int, start: int = 0) -> str:
    return "".join(
        f'/* Label {i} */\n"ios.{i}" = "{_text("iOS", i).replace("%s", "%@")}";\n\n'
        for i in range(start, start + count)
    )


def json_nested(count: int, start: int = 0) -> str:
    groups: dict[int, list[str]] = {}
    for i in range(start, start + count):
        groups.setdefault(i // 100, []).append(
            f'    "key{i}": "{_text("Web", i).replace("%s", "{{name}}")}"'
        )
    body = ",\n".join(
        f'  "group{g}": {{\n' + ",\n".join(items) + "\n  }" for g, items in sorted(groups.items())
    )
    return "{\n" + body + "\n}\n"


def pot(count: int, start: int = 0) -> str:
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: bench 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )
    return header + "".join(
        f'#: app/views.py:{i}\nmsgid "{_text("Server", i)}"\nmsgstr ""\n\n'
        for i in range(start, start + count)
    )


def repository(per_format: int, start: int = 0) -> dict[str, str]:
    """The four source files with ``per_format`` strings each (keys from ``start``)."""
    return {
        "app/src/main/res/values/strings.xml": android(per_format, start),
        "ios/App/en.lproj/Localizable.strings": ios(per_format, start),
        "web/locales/en.json": json_nested(per_format, start),
        "po/messages.pot": pot(per_format, start),
    }


def config(locales: list[str]) -> str:
    rules = "".join(f"  - source: {src}\n    target: {dst}\n" for src, dst in CONFIG_FILES.items())
    return f"source_locale: en-US\ntarget_locales: [{', '.join(locales)}]\nfiles:\n{rules}"
