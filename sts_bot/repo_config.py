""".github/translations.yml -> RepoConfig, every problem in words; matching, rendering, editing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import yaml

import catalog
from catalog import FormatError
from sts_bot.languages import is_known_language

__all__ = [
    "CONFIG_PATH",
    "MAX_CONFIG_BYTES",
    "MAX_FILE_RULES",
    "MAX_SOURCE_FILES",
    "MAX_TARGET_FILES",
    "MAX_TARGET_LOCALES",
    "PLACEHOLDERS",
    "ConfigError",
    "FileRule",
    "RepoConfig",
    "SourceFile",
    "add_locales",
    "detect_config",
    "expand_target",
    "glob_regex",
    "is_vendored",
    "parse_config",
    "path_problem",
    "render_config",
    "resolve_files",
]

CONFIG_PATH = ".github/translations.yml"
MAX_CONFIG_BYTES = 64 * 1024
MAX_FILE_RULES = 200
MAX_TARGET_LOCALES = 200
#: Rules times locales: the target files one config may ask for.
MAX_TARGET_FILES = 20_000
#: Files the sources of one config may match in a repository.
MAX_SOURCE_FILES = 2_000
_MAX_YAML_DEPTH = 8
_MAX_PATH_CHARS = 1024
_MAX_PROBLEMS = 100

_TOP_KEYS = ("source_locale", "target_locales", "vendor_project", "files")
_RULE_KEYS = ("source", "target", "format")
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_EXPLICIT_TAGS = frozenset({_STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
# libyaml's safe loader when PyYAML was built with it (the wheels are): same nodes, 10x faster.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()  # tells which plain scalars YAML reads as strings
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./+@-]*")

#: Placeholders a target template may use, each with what it becomes for ``fr-FR``.
PLACEHOLDERS: dict[str, Callable[[str], str]] = {
    "locale": lambda locale: locale,
    "android": lambda locale: catalog.android_values_dir(locale).removeprefix("values-"),
    "ios": lambda locale: catalog.ios_lproj(locale).removesuffix(".lproj"),
    "posix": catalog.posix_locale,
    "lang": lambda locale: locale.split("-")[0],
}
_KNOWN_PLACEHOLDERS = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
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

    return _PLACEHOLDER.sub(fill, template)


# --- globs -------------------------------------------------------------------------------


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


def _is_glob(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


def _literal_prefix(pattern: str) -> str:
    """The part of a glob before its first wildcard: a cheap filter before the regex."""
    cut = min((i for i in (pattern.find("*"), pattern.find("?")) if i >= 0), default=-1)
    return pattern if cut < 0 else pattern[:cut]


def is_vendored(path: str, pattern: str = "") -> bool:
    """True when ``path`` lies in a vendored tree that ``pattern`` does not name literally."""
    named = set(pattern.split("/"))
    return any(part in _VENDORED_DIRS and part not in named for part in path.split("/")[:-1])


class _SourceMatcher:
    """Matches repository paths against one rule's source (a literal path or a glob)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.is_glob = _is_glob(pattern)
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


# --- problems and positions ----------------------------------------------------------------


class _Problems:
    """Problems found so far, each prefixed with its YAML line where known."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, line: int | None, text: str) -> None:
        self.items.append(text if line is None else f"line {line}: {text}")

    def __bool__(self) -> bool:
        return bool(self.items)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Spot(NamedTuple):
    """Where one rule was written: the lines of its source and target (None when unknown)."""

    source_line: int | None = None
    target_line: int | None = None


# --- reading the YAML ---------------------------------------------------------------------


def parse_config(text: str | bytes) -> RepoConfig:
    """The repository config in ``text``; ConfigError listing every problem found.

    >>> parse_config("source_locale: en\\ntarget_locales: [fr]\\nfiles: [{source: en.json}]")
    RepoConfig(source_locale='en', target_locales=('fr',), files=(FileRule(source='en.json', \
target=None, format=None),), vendor_project=None)
    """
    problems = _Problems()
    decoded = _decode(text, problems)
    root = _compose(decoded, problems) if decoded is not None else None
    if problems:
        raise ConfigError(problems.items)
    if root is None:
        raise ConfigError(["the config is empty: it needs 'source_locale' and 'files'."])
    config = _read_root(root, problems)
    if problems or config is None:
        raise ConfigError(problems.items)
    return config


def _decode(text: str | bytes, problems: _Problems) -> str | None:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if len(data) > MAX_CONFIG_BYTES:
        problems.add(
            None,
            f"the config is {len(data):,} bytes; the limit is {MAX_CONFIG_BYTES:,} bytes (64 KiB).",
        )
        return None
    if isinstance(text, str):
        return text.removeprefix("\ufeff")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(
            line,
            f"the config is not UTF-8 (byte 0x{data[error.start]:02x} at column {column}); "
            "save it as UTF-8.",
        )
        return None


def _compose(text: str, problems: _Problems) -> yaml.Node | None:
    """The YAML node tree, after refusing aliases, tags and deep nesting in one event pass."""
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            line = None if event.start_mark is None else int(event.start_mark.line) + 1
            if isinstance(event, yaml.AliasEvent):
                problems.add(
                    line,
                    f"YAML aliases (*{event.anchor}) are not allowed in the config; "
                    "write the value out.",
                )
                return None
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _EXPLICIT_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                problems.add(line, f"the YAML tag {shown!r} is not allowed in the config.")
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _MAX_YAML_DEPTH:
                    problems.add(line, f"the config nests deeper than {_MAX_YAML_DEPTH} levels.")
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node: yaml.Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else int(mark.line) + 1
        column = "" if mark is None else f" (column {int(mark.column) + 1})"
        problem = error.problem or ""
        if error.context and (not problem or problem.startswith("but ")):
            problem = f"{error.context} {problem}".strip()
        problems.add(line, f"YAML syntax error: {problem}{column}.")
        return None
    except yaml.reader.ReaderError as error:
        # libyaml counts the position in UTF-8 bytes, PyYAML in characters
        if _Loader is yaml.SafeLoader:
            newlines = text[: error.position].count("\n")
        else:
            newlines = text.encode("utf-8", "surrogatepass")[: error.position].count(b"\n")
        problems.add(
            newlines + 1,
            f"the config holds the character U+{error.character:04X}, "
            "which YAML does not allow; remove it.",
        )
        return None
    return node


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.value!r}"


def _scalar(node: yaml.Node) -> str | None:
    """A scalar's text as written (so ``no`` stays the locale ``no``); None for collections."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == _NULL_TAG:
        return ""
    return str(node.value)


def _mapping(
    node: yaml.MappingNode, known: Sequence[str], where: str, problems: _Problems
) -> dict[str, yaml.Node]:
    """The mapping's values by key; unknown and repeated keys reported."""
    found: dict[str, yaml.Node] = {}
    first_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node)
        if key is None:
            problems.add(_line(key_node), f"{where}a key must be a name, not {_kind(key_node)}.")
            continue
        if key not in known:
            problems.add(_line(key_node), f"{where}unknown key {key!r}{_suggestion(key, known)}")
            continue
        if key in found:
            problems.add(
                _line(key_node),
                f"{where}{key!r} is given twice (first on line {first_lines[key]}).",
            )
            continue
        found[key] = value_node
        first_lines[key] = _line(key_node)
    return found


def _suggestion(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return " (known keys: " + ", ".join(sorted(known)) + ")."


class _Rule(NamedTuple):
    """A valid ``files`` entry, its index in the list and where it was written."""

    number: int  # its index in ``files``
    rule: FileRule
    spot: _Spot = _Spot()


def _read_root(root: yaml.Node, problems: _Problems) -> RepoConfig | None:
    """The config, or None with the problems added; targets are checked on the valid parts."""
    if not isinstance(root, yaml.MappingNode):
        problems.add(
            _line(root),
            "the config must be a mapping with keys such as 'source_locale' and 'files', "
            f"not {_kind(root)}.",
        )
        return None
    values = _mapping(root, _TOP_KEYS, "", problems)
    source_locale = _read_source_locale(values.get("source_locale"), problems)
    target_locales = _read_target_locales(values.get("target_locales"), source_locale, problems)
    vendor_project = _read_vendor_project(values.get("vendor_project"), problems)
    rules = _read_files(values.get("files"), problems)
    _check_targets(rules, target_locales, problems)
    if problems or source_locale is None:
        return None
    files = tuple(rule.rule for rule in rules)
    return RepoConfig(source_locale, target_locales, files, vendor_project)


def _read_source_locale(node: yaml.Node | None, problems: _Problems) -> str | None:
    if node is None:
        problems.add(
            None,
            "'source_locale' is missing: name the locale the source strings are written in, "
            "e.g. 'source_locale: en-US'.",
        )
        return None
    text = _scalar(node)
    if text is None:
        problems.add(
            _line(node), f"'source_locale' must be a locale code such as en-US, not {_kind(node)}."
        )
        return None
    if not text:
        problems.add(_line(node), "'source_locale' is empty; write a locale code such as en-US.")
        return None
    return _locale(text, "'source_locale'", _line(node), problems)


def _locale(text: str, what: str, line: int, problems: _Problems) -> str | None:
    try:
        locale = catalog.validate_locale(text)
    except ValueError:
        problems.add(
            line,
            f"{what} {text!r} is not a well-formed BCP 47 locale code (e.g. fr, fr-CA, pt-BR).",
        )
        return None
    language = locale.split("-")[0]
    if not is_known_language(language):
        problems.add(
            line,
            f"{what} {text!r} names no language CLDR knows ({language!r}); "
            "check the code (e.g. ja for Japanese, not jp).",
        )
        return None
    return locale


def _read_target_locales(
    node: yaml.Node | None, source_locale: str | None, problems: _Problems
) -> tuple[str, ...]:
    """The valid target locales (problems added for the others)."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        problems.add(
            _line(node),
            f"'target_locales' must be a list of locale codes such as [fr-FR, ja-JP], "
            f"not {_kind(node)}.",
        )
        return ()
    if len(node.value) > MAX_TARGET_LOCALES:
        problems.add(
            _line(node),
            f"'target_locales' lists {len(node.value):,} locales; "
            f"the limit is {MAX_TARGET_LOCALES}.",
        )
        return ()
    locales: list[str] = []
    first_index: dict[str, int] = {}
    for index, item in enumerate(node.value):
        what = f"target_locales[{index}]"
        text = _scalar(item)
        if not text:
            problems.add(
                _line(item),
                f"{what} must be a locale code such as fr-FR, not "
                f"{'an empty value' if text == '' else _kind(item)}.",
            )
            continue
        locale = _locale(text, what, _line(item), problems)
        if locale is None:
            continue
        if locale == source_locale:
            problems.add(
                _line(item),
                f"{what} {text!r} is the source locale; list only the locales to translate into.",
            )
        elif locale in first_index:
            problems.add(
                _line(item),
                f"{what} {text!r} repeats {locale} (target_locales[{first_index[locale]}]).",
            )
        else:
            first_index[locale] = index
            locales.append(locale)
    return tuple(locales)


def _read_vendor_project(node: yaml.Node | None, problems: _Problems) -> str | None:
    if node is None:
        return None
    text = _scalar(node)
    if not text or len(text) > 200 or not text.isprintable():
        problems.add(
            _line(node),
            "'vendor_project' must be the vendor's project name (printable, at most 200 "
            f"characters), not {'an empty value' if text == '' else _kind(node)}.",
        )
        return None
    return text


def _read_files(node: yaml.Node | None, problems: _Problems) -> list[_Rule]:
    """The valid entries of ``files`` (problems added for the others)."""
    if node is None:
        problems.add(
            None,
            "'files' is missing: list the string files, e.g. "
            "'files: [{source: web/locales/en.json, target: \"web/locales/{locale}.json\"}]'.",
        )
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.add(
            _line(node),
            "'files' must be a list of entries with 'source' (and optionally 'target', "
            f"'format'), not {_kind(node)}.",
        )
        return []
    if not node.value:
        problems.add(_line(node), "'files' is empty: list at least one string file.")
        return []
    if len(node.value) > MAX_FILE_RULES:
        problems.add(
            _line(node),
            f"'files' has {len(node.value):,} entries; the limit is {MAX_FILE_RULES}.",
        )
        return []
    rules: list[_Rule] = []
    for index, item in enumerate(node.value):
        rule, spot = _read_rule(item, f"files[{index}]", problems)
        if rule is not None:
            rules.append(_Rule(index, rule, spot))
    return rules


def _read_rule(node: yaml.Node, what: str, problems: _Problems) -> tuple[FileRule | None, _Spot]:
    if not isinstance(node, yaml.MappingNode):
        problems.add(
            _line(node),
            f"{what} must be a mapping with 'source' (and optionally 'target', 'format'), "
            f"not {_kind(node)}.",
        )
        return None, _Spot()
    before = len(problems.items)
    values = _mapping(node, _RULE_KEYS, f"{what}: ", problems)
    source_node, target_node = values.get("source"), values.get("target")
    spot = _Spot(
        None if source_node is None else _line(source_node),
        None if target_node is None else _line(target_node),
    )
    if source_node is None:
        problems.add(_line(node), f"{what} has no 'source': give the source file's path or glob.")
        source = None
    else:
        source = _read_path(source_node, f"{what}.source", problems)
        if source is not None:
            _check_source(source, f"{what}.source", _line(source_node), problems)
    target = None
    if target_node is not None and not _is_null(target_node):
        target = _read_path(target_node, f"{what}.target", problems)
        if target is not None:
            _check_template(target, f"{what}.target", _line(target_node), problems)
    format_name = None
    format_node = values.get("format")
    if format_node is not None and not _is_null(format_node):
        format_name = _read_format(format_node, f"{what}.format", problems)
    if source is None or len(problems.items) > before:
        return None, spot
    return FileRule(source, target, format_name), spot


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _read_path(node: yaml.Node, what: str, problems: _Problems) -> str | None:
    text = _scalar(node)
    if text is None:
        problems.add(_line(node), f"{what} must be a path, not {_kind(node)}.")
        return None
    return text


def _read_format(node: yaml.Node, what: str, problems: _Problems) -> str | None:
    text = _scalar(node)
    if text in catalog.FORMATS:
        return text
    known = sorted(catalog.FORMATS)
    close = difflib.get_close_matches(text or "", known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(known) + "."
    shown = _kind(node) if text is None else repr(text)
    problems.add(_line(node), f"{what} {shown} is not a catalog format; {hint}")
    return None


# --- paths and templates ------------------------------------------------------------------


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


def _check_source(source: str, what: str, line: int, problems: _Problems) -> None:
    reason = path_problem(source)
    if reason is not None:
        problems.add(line, f"{what} {source!r} {reason}.")
    elif "{" in source or "}" in source:
        problems.add(
            line,
            f"{what} {source!r} contains a brace; a source is a path or glob of the "
            "source-locale file and takes no placeholders (they belong in 'target').",
        )


def _check_template(template: str, what: str, line: int, problems: _Problems) -> None:
    reason = path_problem(template)
    if reason is not None:
        problems.add(line, f"{what} {template!r} {reason}.")
        return
    if _is_glob(template):
        problems.add(
            line,
            f"{what} {template!r} contains a glob character; a target is a path with "
            f"placeholders ({_KNOWN_PLACEHOLDERS}).",
        )
        return
    names = _PLACEHOLDER.findall(template)
    unknown = [name for name in names if name not in PLACEHOLDERS]
    for name in unknown:
        close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1)
        hint = f"did you mean {{{close[0]}}}?" if close else f"known: {_KNOWN_PLACEHOLDERS}."
        problems.add(line, f"{what} {template!r} has an unknown placeholder {{{name}}}; {hint}")
    leftover = _PLACEHOLDER.sub("", template)
    if "{" in leftover or "}" in leftover:
        brace = "{" if "{" in leftover else "}"
        problems.add(line, f"{what} {template!r} has an unmatched {brace!r}.")
    elif not names:
        problems.add(
            line,
            f"{what} {template!r} has no placeholder, so every locale would write the same "
            f"file; use one of {_KNOWN_PLACEHOLDERS}.",
        )


# --- overlaps between targets and sources --------------------------------------------------


class _Target(NamedTuple):
    rule: int
    locale: str
    source: str


def _rule_label(index: int, rule: FileRule) -> str:
    if rule.target is not None:
        return f"files[{index}].target {rule.target!r}"
    return f"files[{index}] (no 'target': the default layout)"


def _at(line: int | None) -> str:
    return "" if line is None else f" (line {line})"


def _default_format(rule: FileRule) -> str | None:
    if rule.format is not None:
        return rule.format
    try:
        return catalog.detect_format(rule.source)
    except FormatError:
        return None


def _rule_targets(
    rule: FileRule, locales: Sequence[str], fills: dict[str, dict[str, str]]
) -> Iterable[tuple[str, str]]:
    """(locale, target path) of a rule, where they are known without the repository.

    ``fills`` holds each locale's placeholder values, computed once for all rules.
    """
    if rule.target is not None:
        for locale in locales:  # the template was checked: only known {name} placeholders
            yield locale, rule.target.format_map(fills[locale])
    elif not _is_glob(rule.source):
        format_name = _default_format(rule)
        if format_name is not None:
            for locale in locales:
                yield locale, catalog.target_path(rule.source, format_name, locale)


def _check_targets(rules: Sequence[_Rule], locales: Sequence[str], problems: _Problems) -> None:
    """Targets must stay in the repository, be distinct, and never be (or match) a source."""
    if len(rules) * len(locales) > MAX_TARGET_FILES:
        problems.add(
            None,
            f"{len(rules)} files times {len(locales)} target locales make "
            f"{len(rules) * len(locales):,} target files; the limit is {MAX_TARGET_FILES:,}.",
        )
        return
    by_index = {rule.number: rule for rule in rules}
    fills = {loc: {name: fill(loc) for name, fill in PLACEHOLDERS.items()} for loc in locales}
    literal_sources = {rule.rule.source: rule.number for rule in rules}
    matchers = [
        (rule.number, _SourceMatcher(rule.rule.source))
        for rule in rules
        if _is_glob(rule.rule.source)
    ]
    # one regex pass tells the (rare) target paths that any source glob might match
    any_glob = re.compile("|".join(f"(?:{m.regex.pattern})" for _, m in matchers if m.regex))
    seen: dict[str, _Target] = {}
    reported: set[tuple[str, int, int]] = set()
    for index, rule, spot in rules:
        line = spot.target_line or spot.source_line
        label = _rule_label(index, rule)
        same_path: dict[str, list[str]] = {}
        for locale, path in _rule_targets(rule, locales, fills):
            reason = path_problem(path)
            if reason is not None:
                if ("path", index, 0) not in reported:
                    reported.add(("path", index, 0))
                    problems.add(line, f"{label} gives {path!r} for {locale}, which {reason}.")
                continue
            prior = seen.get(path)
            if prior is None:
                seen[path] = _Target(index, locale, rule.source)
            elif prior.rule == index:
                same_path.setdefault(path, [prior.locale]).append(locale)
            elif ("same", index, prior.rule) not in reported:
                reported.add(("same", index, prior.rule))
                other = by_index[prior.rule]
                problems.add(
                    line,
                    f"{label} gives {path!r} for {locale}, the same file as "
                    f"{_rule_label(other.number, other.rule)} gives for {prior.locale}"
                    f"{_at(other.spot.target_line or other.spot.source_line)}; "
                    "each target file must belong to one source.",
                )
            source_index = literal_sources.get(path)
            if source_index is not None and ("source", index, source_index) not in reported:
                reported.add(("source", index, source_index))
                problems.add(
                    line,
                    f"{label} gives {path!r} for {locale}, which is the source of "
                    f"files[{source_index}]{_at(by_index[source_index].spot.source_line)}.",
                )
            if not matchers or any_glob.fullmatch(path) is None:
                continue
            for glob_index, matcher in matchers:
                if ("glob", glob_index, 0) in reported or not matcher.matches(path):
                    continue
                reported.add(("glob", glob_index, 0))
                problems.add(
                    by_index[glob_index].spot.source_line,
                    f"files[{glob_index}].source {matcher.pattern!r} also matches {path!r}, the "
                    f"{locale} target of files[{index}]: the bot would read its own output "
                    "as a source; narrow the glob.",
                )
        for path, same in same_path.items():
            problems.add(
                line,
                f"{label} gives {path!r} for each of {', '.join(same)}; "
                "use a placeholder that tells them apart, such as {locale}.",
            )


# --- the repository's files ----------------------------------------------------------------


def resolve_files(config: RepoConfig, paths: Iterable[str]) -> list[SourceFile]:
    """The repository's source files per rule, in rule order; ConfigError for any problem."""
    all_paths = sorted(set(paths))
    problems = _Problems()
    claimed: dict[str, int] = {}
    files: list[SourceFile] = []
    for index, rule in enumerate(config.files):
        matcher = _SourceMatcher(rule.source)
        if matcher.is_glob:
            matched = [path for path in all_paths if matcher.matches(path)]
        else:
            matched = [rule.source] if _contains(all_paths, rule.source) else []
        if not matched:
            problems.add(
                None, f"files[{index}].source {rule.source!r} matches no file in the repository."
            )
        for path in matched:
            if path in claimed:
                problems.add(
                    None,
                    f"{path!r} is matched by both files[{claimed[path]}].source and "
                    f"files[{index}].source; make the sources exclusive.",
                )
                continue
            claimed[path] = index
            format_name = _file_format(path, rule, index, problems)
            if format_name is not None:
                files.append(SourceFile(path, format_name, rule))
    if len(claimed) > MAX_SOURCE_FILES:
        problems.add(
            None,
            f"the sources match {len(claimed):,} files; the limit is {MAX_SOURCE_FILES:,}.",
        )
    elif len(claimed) * len(config.target_locales) > MAX_TARGET_FILES:
        problems.add(
            None,
            f"{len(claimed):,} source files times {len(config.target_locales)} target locales "
            f"make {len(claimed) * len(config.target_locales):,} target files; "
            f"the limit is {MAX_TARGET_FILES:,}.",
        )
    else:
        _check_resolved_targets(config, files, claimed, problems)
    if problems:
        raise ConfigError(problems.items)
    return files


def _contains(sorted_paths: list[str], path: str) -> bool:
    from bisect import bisect_left

    position = bisect_left(sorted_paths, path)
    return position < len(sorted_paths) and sorted_paths[position] == path


def _file_format(path: str, rule: FileRule, index: int, problems: _Problems) -> str | None:
    if rule.format is not None:
        return rule.format
    try:
        return catalog.detect_format(path)
    except FormatError:
        problems.add(
            None,
            f"files[{index}].source {rule.source!r} matches {path!r}, whose catalog format "
            "cannot be told from its name; add 'format:' to the rule (one of "
            + ", ".join(sorted(catalog.FORMATS))
            + ").",
        )
        return None


def _check_resolved_targets(
    config: RepoConfig, files: Sequence[SourceFile], claimed: dict[str, int], problems: _Problems
) -> None:
    rule_index = {id(rule): index for index, rule in enumerate(config.files)}
    seen: dict[str, tuple[SourceFile, str]] = {}
    reported: set[tuple[str, str]] = set()
    for source in files:
        index = rule_index[id(source.rule)]
        for locale in config.target_locales:
            path = source.target_path(locale)
            reason = path_problem(path)
            if reason is not None:
                problems.add(
                    None,
                    f"files[{index}] gives {path!r} for {locale} from "
                    f"{source.source_path!r}, which {reason}.",
                )
                break
            if path in claimed and (source.source_path, path) not in reported:
                reported.add((source.source_path, path))
                problems.add(
                    None,
                    f"files[{index}] gives {path!r} as the {locale} target of "
                    f"{source.source_path!r}, but {path!r} is itself a source "
                    f"(files[{claimed[path]}]); narrow the source glob.",
                )
            prior = seen.get(path)
            if prior is None:
                seen[path] = (source, locale)
            elif (prior[0].source_path, source.source_path) not in reported:
                reported.add((prior[0].source_path, source.source_path))
                problems.add(
                    None,
                    f"{path!r} would be the {prior[1]} target of {prior[0].source_path!r} and "
                    f"the {locale} target of {source.source_path!r} (files[{index}]); "
                    "give each source its own target, e.g. by leaving 'target' out.",
                )


# --- a proposal for a repository without a config -----------------------------------------


def detect_config(paths: Iterable[str], source_locale: str = "en-US") -> RepoConfig | None:
    """A proposed config for a repository without one, from its file list; None if no strings.

    Target locales are those already present beside the sources (``values-fr/``,
    ``de.lproj/``, ``locales/ja.json``) whose files sit exactly where the proposed templates
    put them; the proposal passes ``parse_config`` and ``resolve_files`` on the same list.
    """
    from sts_bot.config_detect import propose_config  # it builds on this module

    return propose_config(paths, source_locale)


# --- rendering and editing -----------------------------------------------------------------

_HEADER = """\
# Translations of this repository, read by the translation bot (comment `translate help` on a
# pull request). source_locale: the language the strings are written in; target_locales:
# the languages to translate into; files: each source file (globs * ** ? allowed) and where
# its translation goes, with {locale} (fr-FR), {android} (fr-rFR), {ios} (fr-FR),
# {posix} (fr_FR) or {lang} (fr). Leave 'target' out to use the platform's usual layout.
"""


def _resolved_tag(plain: str) -> str:
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, plain, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _yaml_scalar(value: str) -> str:
    """``value`` as one YAML scalar, quoted only where YAML would misread it."""
    plain = _PLAIN_SAFE.fullmatch(value) is not None
    if plain and _resolved_tag(value) == _STR_TAG:
        return value
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return dumped.removesuffix("\n").removesuffix("\n...")


def render_config(config: RepoConfig) -> str:
    """The config as YAML with a short comment header; ``parse_config`` reads it back equal."""
    lines = [
        _HEADER.rstrip("\n"),
        f"source_locale: {_yaml_scalar(config.source_locale)}",
        "target_locales: [" + ", ".join(map(_yaml_scalar, config.target_locales)) + "]",
    ]
    if config.vendor_project is not None:
        lines.append(f"vendor_project: {_yaml_scalar(config.vendor_project)}")
    lines.append("files:")
    for rule in config.files:
        lines.append(f"  - source: {_yaml_scalar(rule.source)}")
        if rule.target is not None:
            lines.append(f"    target: {_yaml_scalar(rule.target)}")
        if rule.format is not None:
            lines.append(f"    format: {_yaml_scalar(rule.format)}")
    return "\n".join(lines) + "\n"


def add_locales(text: str, locales: Sequence[str]) -> str:
    """``text`` with ``locales`` appended to its target_locales, every other byte kept.

    Locales already listed are skipped. The list is edited in place (flow or block style);
    only when that edit cannot be made is the whole config rendered anew. ConfigError when
    the config, or the config with these locales, is invalid.
    """
    config = parse_config(text)
    wanted: list[str] = []
    for locale in locales:
        canonical = catalog.validate_locale(locale)
        if canonical not in config.target_locales and canonical not in wanted:
            wanted.append(canonical)
    if not wanted:
        return text
    expected = replace(config, target_locales=config.target_locales + tuple(wanted))
    edit_error: ConfigError | None = None
    edited = _edit_target_locales(text, wanted)
    if edited is not None:
        try:
            if parse_config(edited) == expected:
                return edited
        except ConfigError as error:
            edit_error = error
    rendered = render_config(expected)
    try:
        parse_config(rendered)
    except ConfigError as error:  # the locales break the config: say so on the user's lines
        raise (edit_error or error) from None
    return rendered


def _edit_target_locales(text: str, locales: Sequence[str]) -> str | None:
    root = yaml.compose(text, Loader=_Loader)
    if not isinstance(root, yaml.MappingNode):
        return None
    items = [_yaml_scalar(locale) for locale in locales]
    for key_node, value_node in root.value:
        if _scalar(key_node) != "target_locales":
            continue
        if isinstance(value_node, yaml.SequenceNode) and value_node.flow_style:
            return _append_to_flow(text, value_node, items)
        if isinstance(value_node, yaml.SequenceNode) and value_node.value:
            return _append_to_block(text, value_node, items)
        if _is_null(value_node):
            colon = text.find(":", int(key_node.end_mark.index))
            return _insert_after(text, colon + 1, " [" + ", ".join(items) + "]")
        return None
    return _add_key(text, root, items)


def _append_to_flow(text: str, node: yaml.SequenceNode, items: Sequence[str]) -> str | None:
    close = int(node.end_mark.index) - 1
    if text[close] != "]":
        return None
    before = text[int(node.start_mark.index) + 1 : close].rstrip()
    separator = "" if not node.value else (" " if before.endswith(",") else ", ")
    return text[:close].rstrip() + separator + ", ".join(items) + text[close:]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _append_to_block(text: str, node: yaml.SequenceNode, items: Sequence[str]) -> str:
    newline = _newline(text)
    indent = " " * int(node.start_mark.column)
    added = "".join(f"{indent}- {item}{newline}" for item in items)
    line_end = text.find("\n", int(node.value[-1].end_mark.index))
    if line_end < 0:
        return text + newline + added.removesuffix(newline)
    return text[: line_end + 1] + added + text[line_end + 1 :]


def _insert_after(text: str, index: int, addition: str) -> str:
    return text[:index] + addition + text[index:]


def _add_key(text: str, root: yaml.MappingNode, items: Sequence[str]) -> str:
    """A ``target_locales`` line after the source_locale line (or at the end)."""
    newline = _newline(text)
    line = "target_locales: [" + ", ".join(items) + "]" + newline
    for key_node, value_node in root.value:
        if _scalar(key_node) == "source_locale" and int(key_node.start_mark.column) == 0:
            line_end = text.find("\n", int(value_node.end_mark.index))
            if line_end >= 0:
                return text[: line_end + 1] + line + text[line_end + 1 :]
    return text + ("" if text.endswith("\n") else newline) + line
