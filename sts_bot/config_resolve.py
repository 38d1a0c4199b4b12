"""Matching a config's source rules against a repository's file list."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

import catalog
from catalog import FormatError
from sts_bot.config_model import (
    MAX_SOURCE_FILES,
    MAX_TARGET_FILES,
    ConfigError,
    FileRule,
    Problems,
    RepoConfig,
    SourceFile,
    SourceMatcher,
    path_problem,
)

__all__ = ["resolve_files"]


def resolve_files(config: RepoConfig, paths: Iterable[str]) -> list[SourceFile]:
    """The repository's source files per rule, in rule order; ConfigError for any problem."""
    all_paths = sorted(set(paths))
    problems = Problems()
    claimed: dict[str, int] = {}
    files: list[SourceFile] = []
    for index, rule in enumerate(config.files):
        matcher = SourceMatcher(rule.source)
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
    position = bisect_left(sorted_paths, path)
    return position < len(sorted_paths) and sorted_paths[position] == path


def _file_format(path: str, rule: FileRule, index: int, problems: Problems) -> str | None:
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
    config: RepoConfig, files: Sequence[SourceFile], claimed: dict[str, int], problems: Problems
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
