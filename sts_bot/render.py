"""Translations into target files: QA each one, then set it in source order (pure).

``render`` takes the plan, the vendor's translations and the files as they are now at the
branch head, and returns the bytes of every file that changes plus what was kept out and
why. Existing target files change only at the entries set; missing ones are created in
the source's style. Translations already in a target file that the plan does not name are
never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from catalog import Document, Entry, FormatError, new_target
from catalog.qa import Problem, check_translation
from sts_bot.plan import FileRevisions, Plan, PlannedString, array_item_key

__all__ = ["KeptOut", "Rendered", "render"]

Value = str | dict[str, str]


@dataclass(frozen=True)
class KeptOut:
    """A translation not committed, and why (a QA problem, or the source moved on)."""

    file: str
    key: str
    locale: str
    reason: str


@dataclass
class Rendered:
    files: dict[str, bytes] = field(default_factory=dict)
    applied: dict[str, int] = field(default_factory=dict)  # locale -> strings set
    kept_out: list[KeptOut] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)  # locale -> never translated

    @property
    def total(self) -> int:
        return sum(self.applied.values())


def render(
    plan: Plan,
    translations: Mapping[tuple[str, str], Value],
    files: Sequence[FileRevisions],
    *,
    check_deadline: Callable[[], None] = lambda: None,
) -> Rendered:
    """Set every planned translation that passes QA into its target file.

    ``translations`` maps (vendor key, locale) to the text or plural forms. A string whose
    source text changed since the plan was made is kept out (it is re-planned next time).
    """
    result = Rendered()
    by_file: dict[str, list[tuple[str, PlannedString]]] = {}
    for vendor_key, string in plan.vendor_keys().items():
        by_file.setdefault(string.file, []).append((vendor_key, string))
    for revision in files:
        planned = by_file.get(revision.source_path)
        if not planned:
            continue
        sources = {entry.key: entry for entry in revision.head.entries()}
        for locale in revision.target_paths:
            check_deadline()
            wanted: dict[str, Value] = {}
            for vendor_key, string in planned:
                if locale not in string.locales:
                    continue
                value = _translation(translations, vendor_key, string, locale)
                if value is None:
                    result.missing[locale] = result.missing.get(locale, 0) + 1
                    continue
                source = sources.get(string.key)
                if source is None or _value(source.value) != string.value:
                    result.kept_out.append(
                        KeptOut(string.file, string.key, locale, "the source text changed")
                    )
                    continue
                problems = _problems(source, value, locale)
                if problems:
                    reason = "; ".join(p.message for p in problems)
                    result.kept_out.append(KeptOut(string.file, string.key, locale, reason))
                    continue
                wanted[string.key] = value
            if not wanted:
                continue
            path = revision.target_paths[locale]
            target = revision.targets_head.get(locale)
            document = target if target is not None else new_target(revision.head, locale, path)
            try:
                applied = _fill(document, revision.head, wanted)
            except (FormatError, ValueError) as error:
                for key in wanted:
                    result.kept_out.append(KeptOut(revision.source_path, key, locale, str(error)))
                continue
            result.files[path] = document.dump()
            result.applied[locale] = result.applied.get(locale, 0) + applied
    return result


def _translation(
    translations: Mapping[tuple[str, str], Value],
    vendor_key: str,
    string: PlannedString,
    locale: str,
) -> Value | None:
    """The translation of a string, an array reassembled from its items (None if incomplete)."""
    if string.kind != "array" or not isinstance(string.value, dict):
        return translations.get((vendor_key, locale))
    items: dict[str, str] = {}
    for index in string.value:
        item = translations.get((array_item_key(vendor_key, index), locale))
        if not isinstance(item, str):
            return None
        items[index] = item
    return items


def _problems(source: Entry, value: Value, locale: str) -> list[Problem]:
    """QA problems; each item of an array is checked as a string of its own."""
    if source.kind != "array" or not isinstance(value, dict):
        return check_translation(source, value, locale)
    found: list[Problem] = []
    for index, text in value.items():
        item = source.value.get(index, "") if isinstance(source.value, dict) else ""
        found += check_translation(source._replace(value=item, kind="string"), text, locale)
    return found


def _fill(target: Document, source: Document, wanted: Mapping[str, Value]) -> int:
    """Set ``wanted`` into ``target``, each new key after the nearest earlier source key."""
    present = set(target.keys())
    previous: str | None = None
    applied = 0
    for entry in source.entries():
        key = entry.key
        if key in wanted:
            if key in present:
                target.set(key, wanted[key])
            else:
                target.set(key, wanted[key], after=previous)
                present.add(key)
            applied += 1
        if key in present:
            previous = key
    return applied


def _value(value: object) -> object:
    return value if isinstance(value, str) else dict(value)  # type: ignore[call-overload]
