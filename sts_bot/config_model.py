"""The translations config's values and its path rules: templates, globs, safe paths."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import catalog

__all__ = [
    "CONFIG_PATH",
    "DELIVERY_MODES",
    "MAX_CONFIG_BYTES",
    "MAX_FILE_RULES",
    "MAX_SOURCE_FILES",
    "MAX_TARGET_FILES",
    "MAX_TARGET_LOCALES",
    "PLACEHOLDERS",
    "PLACEHOLDER_PATTERN",
    "ConfigError",
    "FileRule",
    "Problems",
    "RepoConfig",
    "SourceFile",
    "SourceMatcher",
    "expand_target",
    "glob_regex",
    "is_glob",
    "is_vendored",
    "path_problem",
]

CONFIG_PATH = ".github/translations.yml"
#: How translations reach the default branch: a commit on the pull request itself, or a
#: separate translations pull request opened after the pull request is merged.
DELIVERY_MODES = ("in-pr", "separate-pr")
MAX_CONFIG_BYTES = 64 * 1024
MAX_FILE_RULES = 200
MAX_TARGET_LOCALES = 200
#: Rules times locales: the target files one config may ask for.
MAX_TARGET_FILES = 20_000
#: Files the sources of one config may match in a repository.
MAX_SOURCE_FILES = 2_000
_MAX_PATH_CHARS = 1024
_MAX_PROBLEMS = 100

#: Placeholders a target template may use, each with what it becomes for ``fr-FR``.
PLACEHOLDERS: dict[str, Callable[[str], str]] = {
    "locale": lambda locale: locale,
    "android": lambda locale: catalog.android_values_dir(locale).removeprefix("values-"),
    "ios": lambda locale: catalog.ios_lproj(locale).removesuffix(".lproj"),
    "posix": catalog.posix_locale,
    "lang": lambda locale: locale.split("-")[0],
}
PLACEHOLDER_PATTERN = re.compile(r"\{([^{}]*)\}")
_VENDORED_DIRS = frozenset(
    {"node_modules", "Pods", "build", "vendor", "third_party", ".git", "Carthage"}
)


@dataclass(frozen=True)
class FileRule:
    """One ``files:`` entry: a source path or glob, its target template, an explicit format."""

    source: str
    target: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class RepoConfig:
    """A repository's translation settings, validated; locales in canonical BCP 47 form."""

    source_locale: str
    target_locales: tuple[str, ...]
    files: tuple[FileRule, ...]
    vendor_project: str | None = None
    delivery: str = "in-pr"  # one of DELIVERY_MODES


@dataclass(frozen=True)
class SourceFile:
    """A source string file of the repository, the format it is read as, and its rule."""

    source_path: str
    format: str
    rule: FileRule

    def target_path(self, locale: str) -> str:
        """Where this file's ``locale`` translation lives (the rule's template, else the norm)."""
        if self.rule.target is not None:
            return expand_target(self.rule.target, locale)
        return catalog.target_path(self.source_path, self.format, locale)


class ConfigError(ValueError):
    """The config is unusable; ``problems`` says every reason, one actionable sentence each."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:_MAX_PROBLEMS])
        if len(problems) > _MAX_PROBLEMS:
            shown.append(f"… and {len(problems) - _MAX_PROBLEMS:,} more problems.")
        self.problems: tuple[str, ...] = tuple(shown)
        super().__init__("\n".join(self.problems))

    def __reduce__(self) -> tuple[type[ConfigError], tuple[tuple[str, ...]]]:
        """Pickled (as Celery may) with its problems, not with its joined message."""
        return type(self), (self.problems,)


def expand_target(template: str, locale: str) -> str:
    """A target template with its placeholders filled in for ``locale``.

    >>> expand_target("res/values-{android}/strings.xml", "sr-Latn")
    'res/values-b+sr+Latn/strings.xml'
    >>> expand_target("po/{posix}.po", "pt-br")
    'po/pt_BR.po'
    """
    canonical = catalog.validate_locale(locale)

    def fill(match: re.Match[str]) -> str:
        try:
            return PLACEHOLDERS[match[1]](canonical)
        except KeyError:
            raise ValueError(f"unknown placeholder {match[0]} in {template!r}") from None

    return PLACEHOLDER_PATTERN.sub(fill, template)


class Problems:
    """Problems found so far, each prefixed with its YAML line where known."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, line: int | None, text: str) -> None:
        self.items.append(text if line is None else f"line {line}: {text}")

    def __bool__(self) -> bool:
        return bool(self.items)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a path glob: ``*`` and ``?`` stay within a directory, ``**`` spans any.

    >>> bool(glob_regex("res/*/strings.xml").fullmatch("res/values/strings.xml"))
    True
    >>> bool(glob_regex("*.pot").fullmatch("po/messages.pot"))
    False
    >>> bool(glob_regex("**/*.pot").fullmatch("messages.pot"))
    True
    """
    parts: list[str] = []
    segments = pattern.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append(".*" if last else "(?:[^/]*/)*")
            continue
        for char in re.split(r"(\*+|\?)", segment):
            if char.startswith("*"):
                parts.append("[^/]*")
            elif char == "?":
                parts.append("[^/]")
            else:
                parts.append(re.escape(char))
        if not last:
            parts.append("/")
    return re.compile("".join(parts))


def is_glob(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


def _literal_prefix(pattern: str) -> str:
    """The part of a glob before its first wildcard: a cheap filter before the regex."""
    cut = min((i for i in (pattern.find("*"), pattern.find("?")) if i >= 0), default=-1)
    return pattern if cut < 0 else pattern[:cut]


def is_vendored(path: str, pattern: str = "") -> bool:
    """True when ``path`` lies in a vendored tree that ``pattern`` does not name literally."""
    named = set(pattern.split("/"))
    return any(part in _VENDORED_DIRS and part not in named for part in path.split("/")[:-1])


class SourceMatcher:
    """Matches repository paths against one rule's source (a literal path or a glob)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.is_glob = is_glob(pattern)
        self.prefix = _literal_prefix(pattern)
        self.regex = glob_regex(pattern) if self.is_glob else None

    def matches(self, path: str) -> bool:
        if self.regex is None:
            return path == self.pattern
        return (
            path.startswith(self.prefix)
            and self.regex.fullmatch(path) is not None
            and not is_vendored(path, self.pattern)
        )


def path_problem(path: str) -> str | None:
    """Why ``path`` cannot name a file inside the repository, or None."""
    if not path:
        return "is empty"
    if len(path) > _MAX_PATH_CHARS:
        return f"is longer than {_MAX_PATH_CHARS:,} characters"
    if "\x00" in path:
        return "contains a NUL character"
    if not path.isprintable():
        return "contains a control character"
    if "\\" in path:
        return "contains a backslash; separate directories with '/'"
    if path.startswith("/") or re.match(r"[A-Za-z]:", path):
        return "is absolute; write it relative to the repository root"
    segments = path.split("/")
    if ".." in segments:
        return "leaves the repository through '..'"
    if "" in segments:
        return "has an empty directory name ('//' or a trailing '/')"
    if "." in segments:
        return "has a '.' directory; write it from the repository root without './'"
    if ".git" in segments:
        return "points inside .git"
    return None
