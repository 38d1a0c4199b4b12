"""Reading .github/translations.yml: YAML -> RepoConfig, with every problem in words."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import yaml

import catalog
from catalog import FormatError
from sts_bot.config_model import (
    DELIVERY_MODES,
    MAX_CONFIG_BYTES,
    MAX_FILE_RULES,
    MAX_TARGET_FILES,
    MAX_TARGET_LOCALES,
    PLACEHOLDER_PATTERN,
    PLACEHOLDERS,
    ConfigError,
    FileRule,
    Problems,
    RepoConfig,
    SourceMatcher,
    is_glob,
    path_problem,
)
from sts_bot.languages import is_known_language

__all__ = ["YAML_LOADER", "is_null", "parse_config", "scalar_text"]

_MAX_YAML_DEPTH = 8
_TOP_KEYS = ("source_locale", "target_locales", "vendor_project", "delivery", "files")
_RULE_KEYS = ("source", "target", "format")
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_EXPLICIT_TAGS = frozenset({_STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
# libyaml's safe loader when PyYAML was built with it (the wheels are): same nodes, 10x faster.
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KNOWN_PLACEHOLDERS = ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Spot(NamedTuple):
    """Where one rule was written: the lines of its source and target (None when unknown)."""

    source_line: int | None = None
    target_line: int | None = None


def parse_config(text: str | bytes) -> RepoConfig:
    """The repository config in ``text``; ConfigError listing every problem found.

    >>> parse_config("source_locale: en\\ntarget_locales: [fr]\\nfiles: [{source: en.json}]")
    RepoConfig(source_locale='en', target_locales=('fr',), files=(FileRule(source='en.json', \
target=None, format=None),), vendor_project=None, delivery='in-pr')
    """
    problems = Problems()
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


def _decode(text: str | bytes, problems: Problems) -> str | None:
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


def _compose(text: str, problems: Problems) -> yaml.Node | None:
    """The YAML node tree, after refusing aliases, tags and deep nesting in one event pass."""
    try:
        depth = 0
        for event in yaml.parse(text, Loader=YAML_LOADER):
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
        node: yaml.Node | None = yaml.compose(text, Loader=YAML_LOADER)
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
        if YAML_LOADER is yaml.SafeLoader:
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


def scalar_text(node: yaml.Node) -> str | None:
    """A scalar's text as written (so ``no`` stays the locale ``no``); None for collections."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == _NULL_TAG:
        return ""
    return str(node.value)


def _mapping(
    node: yaml.MappingNode, known: Sequence[str], where: str, problems: Problems
) -> dict[str, yaml.Node]:
    """The mapping's values by key; unknown and repeated keys reported."""
    found: dict[str, yaml.Node] = {}
    first_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = scalar_text(key_node)
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


def _read_root(root: yaml.Node, problems: Problems) -> RepoConfig | None:
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
    delivery = _read_delivery(values.get("delivery"), problems)
    rules = _read_files(values.get("files"), problems)
    _check_targets(rules, target_locales, problems)
    if problems or source_locale is None:
        return None
    files = tuple(rule.rule for rule in rules)
    return RepoConfig(source_locale, target_locales, files, vendor_project, delivery)


def _read_source_locale(node: yaml.Node | None, problems: Problems) -> str | None:
    if node is None:
        problems.add(
            None,
            "'source_locale' is missing: name the locale the source strings are written in, "
            "e.g. 'source_locale: en-US'.",
        )
        return None
    text = scalar_text(node)
    if text is None:
        problems.add(
            _line(node),
            f"'source_locale' must be a locale code such as en-US, not {_kind(node)}.",
        )
        return None
    if not text:
        problems.add(_line(node), "'source_locale' is empty; write a locale code such as en-US.")
        return None
    return _locale(text, "'source_locale'", _line(node), problems)


def _locale(text: str, what: str, line: int, problems: Problems) -> str | None:
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
    node: yaml.Node | None, source_locale: str | None, problems: Problems
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
        text = scalar_text(item)
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


def _read_vendor_project(node: yaml.Node | None, problems: Problems) -> str | None:
    if node is None:
        return None
    text = scalar_text(node)
    if not text or len(text) > 200 or not text.isprintable():
        problems.add(
            _line(node),
            "'vendor_project' must be the vendor's project name (printable, at most 200 "
            f"characters), not {'an empty value' if text == '' else _kind(node)}.",
        )
        return None
    return text


def _read_delivery(node: yaml.Node | None, problems: Problems) -> str:
    """``in-pr`` (the default) or ``separate-pr``."""
    if node is None:
        return DELIVERY_MODES[0]
    text = scalar_text(node)
    if text not in DELIVERY_MODES:
        shown = f"{text!r}" if text else ("an empty value" if text == "" else _kind(node))
        problems.add(
            _line(node),
            f"'delivery' must be {' or '.join(DELIVERY_MODES)} (translations committed to the "
            f"pull request, or a separate translations pull request after merge), not {shown}.",
        )
        return DELIVERY_MODES[0]
    return text


def _read_files(node: yaml.Node | None, problems: Problems) -> list[_Rule]:
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


def _read_rule(node: yaml.Node, what: str, problems: Problems) -> tuple[FileRule | None, _Spot]:
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
    if target_node is not None and not is_null(target_node):
        target = _read_path(target_node, f"{what}.target", problems)
        if target is not None:
            _check_template(target, f"{what}.target", _line(target_node), problems)
    format_name = None
    format_node = values.get("format")
    if format_node is not None and not is_null(format_node):
        format_name = _read_format(format_node, f"{what}.format", problems)
    if source is None or len(problems.items) > before:
        return None, spot
    return FileRule(source, target, format_name), spot


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _read_path(node: yaml.Node, what: str, problems: Problems) -> str | None:
    text = scalar_text(node)
    if text is None:
        problems.add(_line(node), f"{what} must be a path, not {_kind(node)}.")
        return None
    return text


def _read_format(node: yaml.Node, what: str, problems: Problems) -> str | None:
    text = scalar_text(node)
    if text in catalog.FORMATS:
        return text
    known = sorted(catalog.FORMATS)
    close = difflib.get_close_matches(text or "", known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(known) + "."
    shown = _kind(node) if text is None else repr(text)
    problems.add(_line(node), f"{what} {shown} is not a catalog format; {hint}")
    return None


def _check_source(source: str, what: str, line: int, problems: Problems) -> None:
    reason = path_problem(source)
    if reason is not None:
        problems.add(line, f"{what} {source!r} {reason}.")
    elif "{" in source or "}" in source:
        problems.add(
            line,
            f"{what} {source!r} contains a brace; a source is a path or glob of the "
            "source-locale file and takes no placeholders (they belong in 'target').",
        )


def _check_template(template: str, what: str, line: int, problems: Problems) -> None:
    reason = path_problem(template)
    if reason is not None:
        problems.add(line, f"{what} {template!r} {reason}.")
        return
    if is_glob(template):
        problems.add(
            line,
            f"{what} {template!r} contains a glob character; a target is a path with "
            f"placeholders ({_KNOWN_PLACEHOLDERS}).",
        )
        return
    names = PLACEHOLDER_PATTERN.findall(template)
    unknown = [name for name in names if name not in PLACEHOLDERS]
    for name in unknown:
        close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1)
        hint = f"did you mean {{{close[0]}}}?" if close else f"known: {_KNOWN_PLACEHOLDERS}."
        problems.add(line, f"{what} {template!r} has an unknown placeholder {{{name}}}; {hint}")
    leftover = PLACEHOLDER_PATTERN.sub("", template)
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
    elif not is_glob(rule.source):
        format_name = _default_format(rule)
        if format_name is not None:
            for locale in locales:
                yield locale, catalog.target_path(rule.source, format_name, locale)


def _check_targets(rules: Sequence[_Rule], locales: Sequence[str], problems: Problems) -> None:
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
        (rule.number, SourceMatcher(rule.rule.source))
        for rule in rules
        if is_glob(rule.rule.source)
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
