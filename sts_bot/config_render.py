"""Writing a translations config: rendering it whole, or adding locales to the user's text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import yaml

import catalog
from sts_bot.config_model import ConfigError, RepoConfig
from sts_bot.config_parse import YAML_LOADER, is_null, parse_config, scalar_text

__all__ = ["add_locales", "render_config"]

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()  # tells which plain scalars YAML reads as strings
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./+@-]*")

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
    if config.delivery != "in-pr":
        lines.append(f"delivery: {_yaml_scalar(config.delivery)}")
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
    root = yaml.compose(text, Loader=YAML_LOADER)
    if not isinstance(root, yaml.MappingNode):
        return None
    items = [_yaml_scalar(locale) for locale in locales]
    for key_node, value_node in root.value:
        if scalar_text(key_node) != "target_locales":
            continue
        if isinstance(value_node, yaml.SequenceNode) and value_node.flow_style:
            return _append_to_flow(text, value_node, items)
        if isinstance(value_node, yaml.SequenceNode) and value_node.value:
            return _append_to_block(text, value_node, items)
        if is_null(value_node):
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
        if scalar_text(key_node) == "source_locale" and int(key_node.start_mark.column) == 0:
            line_end = text.find("\n", int(value_node.end_mark.index))
            if line_end >= 0:
                return text[: line_end + 1] + line + text[line_end + 1 :]
    return text + ("" if text.endswith("\n") else newline) + line
