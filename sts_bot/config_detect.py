"""A proposed translations config from a repository's file list: its string files, by layout."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import catalog
from sts_bot.config_model import (
    MAX_FILE_RULES,
    MAX_TARGET_LOCALES,
    ConfigError,
    FileRule,
    RepoConfig,
    expand_target,
    is_vendored,
    path_problem,
)
from sts_bot.config_parse import parse_config
from sts_bot.config_render import render_config
from sts_bot.languages import is_known_language

__all__ = ["detect_config"]


@dataclass
class _Group:
    """Files of one layout that differ only in their locale part (token -> path)."""

    template: str
    placeholder: str
    tokens: dict[str, str] = field(default_factory=dict)
    first: tuple[str, ...] = ()  # tokens that are the source whenever present
    last: tuple[str, ...] = ()  # tokens that are the source when no locale token is
    needs_siblings: bool = False  # a lone file of this layout is not a string file

    def final_template(self) -> str:
        """``{locale}`` becomes ``{posix}`` where the existing names use underscores."""
        if self.placeholder == "locale" and any("_" in token for token in self.tokens):
            return self.template.replace("{locale}", "{posix}")
        return self.template


_TOKEN = r"[a-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?"
_POSIX_TOKEN = r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?"
_ANDROID = re.compile(r"(?P<pre>(?:.*/)?values)(?P<tok>-[^/]+)?/(?P<name>strings[^/]*\.xml)")
_IOS = re.compile(
    r"(?P<pre>(?:.*/)?)(?P<tok>[^/]+)\.lproj/(?P<name>[^/]+\.(?:strings|stringsdict))"
)
_JSON_FILE = re.compile(rf"(?P<pre>(?:.*/)?)(?P<tok>{_TOKEN})\.json")
_JSON_DIR = re.compile(rf"(?P<pre>(?:.*/)?)(?P<tok>{_TOKEN})/(?P<name>[^/]+\.json)")
_ARB = re.compile(rf"(?P<pre>(?:.*/)?[^/]*?_)(?P<tok>{_POSIX_TOKEN})\.arb")
_POT = re.compile(r"(?P<pre>(?:.*/)?)(?P<stem>[^/]+)\.pot")
_PO_LC = re.compile(rf"(?P<pre>(?:.*/)?)(?P<tok>{_TOKEN})/LC_MESSAGES/(?P<stem>[^/]+)\.po")
_XLIFF_FILE = re.compile(rf"(?P<pre>(?:.*/)?)(?P<tok>{_TOKEN})\.(?P<ext>xliff|xlf)")
_XLIFF_DIR = re.compile(rf"(?P<pre>(?:.*/)?)(?P<tok>{_TOKEN})/(?P<name>[^/]+\.(?:xliff|xlf))")
_XLIFF_INFIX = re.compile(
    rf"(?P<pre>(?:.*/)?)(?P<stem>[^/.]+)(?:\.(?P<tok>{_TOKEN}))?\.(?P<ext>xliff|xlf)"
)
_LOCALE_DIR_NAMES = frozenset(
    {"locales", "locale", "i18n", "l10n", "lang", "langs", "translations", "strings", "messages"}
)
_STRING_FILE_SUFFIXES = (
    ".xml",
    ".strings",
    ".stringsdict",
    ".json",
    ".arb",
    ".po",
    ".pot",
    ".xliff",
    ".xlf",
)
_ANDROID_QUALIFIER = re.compile(r"([a-z]{2,3})(?:-r([A-Z]{2}))?")

_Groups = dict[tuple[str, ...], _Group]


@lru_cache(maxsize=4096)
def _token_locale(token: str) -> str | None:
    """The canonical locale a file or directory name stands for, or None."""
    if not re.fullmatch(_TOKEN, token):
        return None
    try:
        locale = catalog.validate_locale(token)
    except ValueError:
        return None
    return locale if is_known_language(locale.split("-")[0]) else None


def _android_locale(token: str) -> str | None:
    qualifier = token.removeprefix("-")
    if qualifier.startswith("b+"):
        return _token_locale(qualifier[2:].replace("+", "-"))
    match = _ANDROID_QUALIFIER.fullmatch(qualifier)
    if match is None:
        return None
    return _token_locale(match[1] + (f"-{match[2]}" if match[2] else ""))


def _is_candidate(path: str) -> bool:
    """A path that may be a string file, outside vendored trees, and that a config can name
    literally (no glob characters or braces, e.g. cookiecutter's ``{{name}}/`` folders)."""
    return (
        path.endswith(_STRING_FILE_SUFFIXES)
        and not is_vendored(path)
        and not any(char in path for char in "{}*?")
        and path_problem(path) is None
    )


def _group_locale(group: _Group, token: str) -> str | None:
    if group.placeholder == "android":
        return _android_locale(token)
    return _token_locale(token)


def detect_config(paths: Iterable[str], source_locale: str = "en-US") -> RepoConfig | None:
    """A proposed config for a repository without one, from its file list; None if no strings.

    Target locales are those already present beside the sources (``values-fr/``,
    ``de.lproj/``, ``locales/ja.json``) whose files sit exactly where the proposed templates
    put them; the proposal passes ``parse_config`` and ``resolve_files`` on the same list.
    """
    source_locale = catalog.validate_locale(source_locale)
    language = source_locale.split("-")[0]
    all_paths = sorted({path for path in paths if _is_candidate(path)})
    groups: _Groups = {}
    for path in all_paths:
        _classify(path, groups)
    _classify_po(all_paths, groups)
    rules: list[FileRule] = []
    excluded = {source_locale, language}
    found: set[str] = set()
    misplaced: set[str] = set()
    for group in groups.values():
        if group.needs_siblings and len(group.tokens) < 2:
            continue
        token = _pick_source(group, source_locale)
        if token is None:
            continue
        template = group.final_template()
        rules.append(FileRule(group.tokens[token], template))
        for other, path in group.tokens.items():
            locale = _group_locale(group, other)
            if locale is None:
                continue
            if other == token:
                excluded.add(locale)
            elif expand_target(template, locale) == path:
                found.add(locale)
            else:  # e.g. values-fil/ where {android} gives values-b+fil/: would fork the file
                misplaced.add(locale)
    if not rules:
        return None
    targets = tuple(sorted(found - misplaced - excluded))[:MAX_TARGET_LOCALES]
    rules.sort(key=lambda rule: rule.source)
    return _valid_proposal(source_locale, targets, rules[:MAX_FILE_RULES])


def _add(groups: _Groups, key: tuple[str, ...], group: _Group, token: str, path: str) -> None:
    groups.setdefault(key, group).tokens.setdefault(token, path)


def _classify(path: str, groups: _Groups) -> None:
    """Put ``path`` into the group of the layout it fits, if any."""
    if match := _ANDROID.fullmatch(path):
        pre, name = match["pre"], match["name"]
        group = _Group(f"{pre}-{{android}}/{name}", "android", first=("",))
        _add(groups, ("android", pre, name), group, match["tok"] or "", path)
    elif match := _IOS.fullmatch(path):
        pre, name = match["pre"], match["name"]
        group = _Group(f"{pre}{{ios}}.lproj/{name}", "ios", last=("Base",))
        _add(groups, ("ios", pre, name), group, match["tok"], path)
    elif match := _ARB.fullmatch(path):
        group = _Group(f"{match['pre']}{{posix}}.arb", "posix")
        _add(groups, ("arb", match["pre"]), group, match["tok"], path)
    elif path.endswith(".json"):
        _classify_json(path, groups)
    elif path.endswith((".xliff", ".xlf")):
        _classify_xliff(path, groups)


def _directory_name(prefix: str) -> str:
    return prefix.rstrip("/").rsplit("/", 1)[-1]


def _classify_json(path: str, groups: _Groups) -> None:
    if match := _JSON_FILE.fullmatch(path):
        pre, token = match["pre"], match["tok"]
        lone_ok = _directory_name(pre) in _LOCALE_DIR_NAMES or len(token) > 3
        group = _Group(f"{pre}{{locale}}.json", "locale", needs_siblings=not lone_ok)
        _add(groups, ("json", pre), group, token, path)
    elif (match := _JSON_DIR.fullmatch(path)) and _directory_name(
        match["pre"]
    ) in _LOCALE_DIR_NAMES:
        pre, name = match["pre"], match["name"]
        group = _Group(f"{pre}{{locale}}/{name}", "locale")
        _add(groups, ("json-dir", pre, name), group, match["tok"], path)


def _classify_xliff(path: str, groups: _Groups) -> None:
    if match := _XLIFF_FILE.fullmatch(path):
        group = _Group(f"{match['pre']}{{locale}}.{match['ext']}", "locale")
        _add(groups, ("xliff", match["pre"], match["ext"]), group, match["tok"], path)
    elif match := _XLIFF_DIR.fullmatch(path):
        group = _Group(f"{match['pre']}{{locale}}/{match['name']}", "locale")
        _add(groups, ("xliff-dir", match["pre"], match["name"]), group, match["tok"], path)
    elif match := _XLIFF_INFIX.fullmatch(path):
        pre, stem, ext = match["pre"], match["stem"], match["ext"]
        lone_ok = _directory_name(pre) in _LOCALE_DIR_NAMES  # Angular's src/locale/messages.xlf
        group = _Group(
            f"{pre}{stem}.{{locale}}.{ext}", "locale", first=("",), needs_siblings=not lone_ok
        )
        _add(groups, ("xliff-infix", pre, stem, ext), group, match["tok"] or "", path)


def _classify_po(all_paths: Sequence[str], groups: _Groups) -> None:
    """A ``.pot`` with its translations beside it or under ``<posix>/LC_MESSAGES/``; without
    a template, ``…/<source>/LC_MESSAGES/*.po``."""
    lc_groups: dict[tuple[str, str], dict[str, str]] = {}
    po_beside: dict[str, dict[str, str]] = {}
    pots: list[re.Match[str]] = []
    for path in all_paths:
        if match := _PO_LC.fullmatch(path):
            lc_groups.setdefault((match["pre"], match["stem"]), {})[match["tok"]] = path
        elif path.endswith(".po"):
            directory, _, name = path.rpartition("/")
            po_beside.setdefault(directory, {})[name.removesuffix(".po")] = path
        elif match := _POT.fullmatch(path):
            pots.append(match)
    for match in pots:
        pre, stem = match["pre"], match["stem"]
        in_lc = lc_groups.pop((pre, stem), {})
        beside = po_beside.get(pre.rstrip("/"), {})
        if in_lc or (not beside and _directory_name(pre) in ("locale", "locales")):
            group = _Group(f"{pre}{{posix}}/LC_MESSAGES/{stem}.po", "posix", first=("",))
            group.tokens.update(in_lc)
        else:
            group = _Group(f"{pre}{{posix}}.po", "posix", first=("",))
            group.tokens.update(beside)
        group.tokens[""] = match.string
        groups[("pot", pre, stem)] = group
    for (pre, stem), tokens in lc_groups.items():
        group = _Group(f"{pre}{{posix}}/LC_MESSAGES/{stem}.po", "posix")
        group.tokens.update(tokens)
        groups[("po-lc", pre, stem)] = group


def _pick_source(group: _Group, source_locale: str) -> str | None:
    """The token of the group's source file: by layout, then by locale, then a fallback."""
    for token in group.first:
        if token in group.tokens:
            return token
    language = source_locale.split("-")[0]
    locales = {token: _group_locale(group, token) for token in group.tokens}
    for wanted in (source_locale, language):
        exact = sorted(token for token, locale in locales.items() if locale == wanted)
        if exact:
            return exact[0]
    same_language = [
        token
        for token, locale in locales.items()
        if locale is not None and locale.split("-")[0] == language
    ]
    if len(same_language) == 1:
        return same_language[0]
    for token in group.last:
        if token in group.tokens:
            return token
    return None


def _valid_proposal(
    source_locale: str, targets: tuple[str, ...], rules: Sequence[FileRule]
) -> RepoConfig | None:
    """The proposal, keeping only rules that validate together (a safety net: detection's
    layouts never collide, but a strange tree must not produce a config the bot rejects)."""
    config = RepoConfig(source_locale, targets, tuple(rules))
    if not _problems_of(config):
        return config
    kept: list[FileRule] = []
    for rule in rules:
        candidate = RepoConfig(source_locale, targets, (*kept, rule))
        if not _problems_of(candidate):
            kept.append(rule)
    return RepoConfig(source_locale, targets, tuple(kept)) if kept else None


def _problems_of(config: RepoConfig) -> list[str]:
    try:
        parse_config(render_config(config))
    except ConfigError as error:
        return list(error.problems)
    return []
