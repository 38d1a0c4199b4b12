""".github/translations.yml: read, validate, match, render and edit it, or propose one.

The one module the bot imports for its repository configuration; the work is done in
``config_model`` (values, templates, globs, safe paths), ``config_parse`` (YAML -> RepoConfig
with every problem in words), ``config_resolve`` (rules -> the repository's files),
``config_render`` (RepoConfig -> YAML; adding locales in place) and ``config_detect``
(a proposal from the file list).
"""

from __future__ import annotations

from sts_bot.config_detect import detect_config
from sts_bot.config_model import (
    CONFIG_PATH,
    MAX_CONFIG_BYTES,
    MAX_FILE_RULES,
    MAX_SOURCE_FILES,
    MAX_TARGET_FILES,
    MAX_TARGET_LOCALES,
    PLACEHOLDERS,
    ConfigError,
    FileRule,
    RepoConfig,
    SourceFile,
    expand_target,
    glob_regex,
    is_vendored,
    path_problem,
)
from sts_bot.config_parse import parse_config
from sts_bot.config_render import add_locales, render_config
from sts_bot.config_resolve import resolve_files

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
