"""The repository's string files at a revision, read from the git clone cache and parsed.

The one place where bytes from git become catalogs: size caps are checked before any
file is read, and every parse error becomes a :class:`SnapshotError` naming file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import catalog
from catalog import Document, FormatError
from sts_bot.gitcache import CachedRepo
from sts_bot.plan import FileRevisions
from sts_bot.repo_config import (
    CONFIG_PATH,
    ConfigError,
    RepoConfig,
    SourceFile,
    detect_config,
    parse_config,
    resolve_files,
)

__all__ = ["Caps", "RepoConfigAt", "SnapshotError", "read_config", "read_revisions"]


class SnapshotError(Exception):
    """The repository's files cannot be used as they are; the message is for the PR."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Caps:
    max_file_bytes: int
    max_files: int


@dataclass(frozen=True)
class RepoConfigAt:
    """The configuration at a revision: from the file, or detected when there is none."""

    config: RepoConfig
    text: str | None  # the file's text; None when detected
    paths: tuple[str, ...]  # every file of the revision

    @property
    def detected(self) -> bool:
        return self.text is None


def read_config(repo: CachedRepo, rev: str) -> RepoConfigAt:
    """Parse ``.github/translations.yml`` at ``rev``, or propose one from the files there."""
    paths = tuple(repo.list_files(rev))
    raw = repo.read(rev, CONFIG_PATH)
    if raw is None:
        proposal = detect_config(paths)
        if proposal is None:
            raise SnapshotError(
                f"no `{CONFIG_PATH}` and no string files the bot recognises "
                "(Android values/strings.xml, iOS *.lproj, locales/en*.json, *.pot, ARB, "
                f"XLIFF): add `{CONFIG_PATH}` naming the source files"
            )
        return RepoConfigAt(proposal, None, paths)
    try:
        return RepoConfigAt(parse_config(raw), raw.decode("utf-8", "replace"), paths)
    except ConfigError as error:
        raise SnapshotError(f"`{CONFIG_PATH}` is not valid", error.problems) from None


def source_files(config: RepoConfigAt) -> list[SourceFile]:
    try:
        return resolve_files(config.config, config.paths)
    except ConfigError as error:
        raise SnapshotError(
            f"`{CONFIG_PATH}` does not match the repository", error.problems
        ) from None


def read_revisions(
    repo: CachedRepo,
    files: Sequence[SourceFile],
    locales: Sequence[str],
    head: str,
    base: str | None,
    caps: Caps,
    check_deadline: Callable[[], None] = lambda: None,
) -> list[FileRevisions]:
    """Every source file with its targets for ``locales``, at ``head`` (and at ``base``)."""
    if len(files) > caps.max_files:
        raise SnapshotError(
            f"the configuration matches {len(files)} source files; the limit is {caps.max_files}"
        )
    targets = {f.source_path: {loc: f.target_path(loc) for loc in locales} for f in files}
    formats = {f.source_path: f.format for f in files}
    for f in files:
        formats.update(dict.fromkeys(targets[f.source_path].values(), f.format))
    head_docs = _read_docs(repo, head, formats, caps, strict=True, check_deadline=check_deadline)
    base_docs = (
        _read_docs(repo, base, formats, caps, strict=False, check_deadline=check_deadline)
        if base is not None
        else {}
    )
    revisions = []
    for source in files:
        head_doc = head_docs.get(source.source_path)
        if head_doc is None:
            continue  # deleted in this pull request
        paths = targets[source.source_path]
        revisions.append(
            FileRevisions(
                source_path=source.source_path,
                head=head_doc,
                base=base_docs.get(source.source_path),
                target_paths=paths,
                targets_head={loc: head_docs.get(path) for loc, path in paths.items()},
                targets_base={loc: base_docs.get(path) for loc, path in paths.items()},
            )
        )
    return revisions


def _read_docs(
    repo: CachedRepo,
    rev: str,
    formats: dict[str, str],
    caps: Caps,
    *,
    strict: bool,
    check_deadline: Callable[[], None],
) -> dict[str, Document]:
    unique = list(formats)
    sizes = repo.blob_sizes(rev, unique)
    for path, size in sizes.items():
        if size is not None and size > caps.max_file_bytes:
            if strict:
                raise SnapshotError(
                    f"`{path}` is {size:,} bytes, over the {caps.max_file_bytes:,}-byte limit "
                    "for one string file (STS_MAX_FILE_BYTES)"
                )
            unique.remove(path)
    contents = repo.read_many(rev, [p for p in unique if sizes.get(p) is not None])
    documents: dict[str, Document] = {}
    for path, data in contents.items():
        check_deadline()
        if data is None:
            continue
        try:
            documents[path] = catalog.load_as(formats[path], path, data)
        except FormatError as error:
            if strict:
                raise SnapshotError(f"`{path}` cannot be read: {error}") from None
        except ValueError as error:  # unknown format
            if strict:
                raise SnapshotError(f"`{path}`: {error}") from None
    return documents
