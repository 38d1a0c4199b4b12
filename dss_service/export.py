"""A resolved bundle as a platform string file, written through ``catalog`` (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel.messages.plurals import get_plural

import catalog
from dss_service.bundles import Value

FORMATS = ("json", "android", "ios-strings", "po", "arb")


@dataclass(frozen=True)
class Export:
    data: bytes
    content_type: str
    filename: str
    skipped: tuple[str, ...] = ()  # keys the format cannot hold (plurals in .strings)


def export_bundle(
    export_format: str, namespace: str, locale: str, strings: Mapping[str, Value]
) -> Export:
    """Every key of the bundle in ``export_format``, parseable back with ``catalog.load``."""
    path, skeleton, content_type = _skeleton(export_format, namespace, locale)
    document = catalog.load(path, skeleton)
    skipped: list[str] = []
    for key in sorted(strings):
        value = strings[key]
        if export_format == "ios-strings" and not isinstance(value, str):
            skipped.append(key)
            continue
        document.set(key, value if isinstance(value, str) else dict(value))
    return Export(document.dump(), content_type, path.rsplit("/", 1)[-1], tuple(skipped))


def _skeleton(export_format: str, namespace: str, locale: str) -> tuple[str, bytes, str]:
    posix = catalog.posix_locale(locale)
    if export_format == "json":
        return f"{namespace}.{locale}.json", b"{}\n", "application/json"
    if export_format == "arb":
        skeleton = f'{{\n  "@@locale": "{posix}"\n}}\n'.encode()
        return f"{namespace}_{posix}.arb", skeleton, "application/json"
    if export_format == "android":
        values = catalog.android_values_dir(locale)
        skeleton = b'<?xml version="1.0" encoding="utf-8"?>\n<resources>\n</resources>\n'
        return f"res/{values}/strings.xml", skeleton, "application/xml"
    if export_format == "ios-strings":
        lproj = catalog.ios_lproj(locale)
        return f"{lproj}/{namespace}.strings", b"", "text/plain; charset=utf-8"
    if export_format == "po":
        plural = get_plural(posix)
        header = (
            'msgid ""\nmsgstr ""\n'
            f'"Project-Id-Version: {namespace}\\n"\n'
            '"MIME-Version: 1.0\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Transfer-Encoding: 8bit\\n"\n'
            f'"Language: {posix}\\n"\n'
            f'"Plural-Forms: nplurals={plural.num_plurals}; plural={plural.plural_expr};\\n"\n'
        )
        return f"{posix}/LC_MESSAGES/{namespace}.po", header.encode(), "text/x-gettext-translation"
    raise ValueError(f"unknown export format {export_format!r}; known: {', '.join(FORMATS)}")
