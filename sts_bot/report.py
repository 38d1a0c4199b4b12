"""The org-wide report of missing and stale translations (pure: catalogs in, counts out).

Per repository × source file × locale: the translatable strings, those the target lacks
(``plan_missing``, the planning `translate apply <locale>` uses) and those whose source text
changed after the bot translated them (the bot's job records name the source text each
translation was made from). Rendered as a terminal table or as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sts_bot.plan import FileRevisions, plan_missing

__all__ = [
    "FileLocaleCount",
    "OrgReport",
    "RepoReport",
    "TranslatedFrom",
    "count_repo",
    "org_from_json",
    "render_table",
    "translated_from",
]

#: (source file, key, locale) -> every source text (as JSON) the bot translated it from.
TranslatedFrom = Mapping[tuple[str, str, str], frozenset[str]]


@dataclass(frozen=True)
class FileLocaleCount:
    """One source file's target for one locale."""

    file: str
    target: str
    locale: str
    strings: int
    missing: int
    stale: int

    @property
    def translated(self) -> int:
        return self.strings - self.missing

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "target": self.target,
            "locale": self.locale,
            "strings": self.strings,
            "missing": self.missing,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class RepoReport:
    """One repository's default branch; ``error`` when it could not be read."""

    repo: str
    branch: str = ""
    sha: str = ""
    locales: tuple[str, ...] = ()
    detected: bool = False  # no `.github/translations.yml`: the detected config was used
    counts: tuple[FileLocaleCount, ...] = ()
    error: str | None = None

    @property
    def strings(self) -> int:
        return sum(c.strings for c in self.counts)

    @property
    def missing(self) -> int:
        return sum(c.missing for c in self.counts)

    @property
    def stale(self) -> int:
        return sum(c.stale for c in self.counts)

    @property
    def done_ratio(self) -> float:
        """Share of (string, locale) pairs translated and current: 1.0 when nothing is due."""
        if not self.strings:
            return 1.0
        return (self.strings - self.missing - self.stale) / self.strings

    def to_json(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "branch": self.branch,
            "sha": self.sha,
            "locales": list(self.locales),
            "detected_config": self.detected,
            "error": self.error,
            "strings": self.strings,
            "missing": self.missing,
            "stale": self.stale,
            "files": [c.to_json() for c in self.counts],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RepoReport:
        return cls(
            repo=data["repo"],
            branch=data.get("branch", ""),
            sha=data.get("sha", ""),
            locales=tuple(data.get("locales", ())),
            detected=bool(data.get("detected_config", False)),
            counts=tuple(
                FileLocaleCount(
                    f["file"], f["target"], f["locale"], f["strings"], f["missing"], f["stale"]
                )
                for f in data.get("files", ())
            ),
            error=data.get("error"),
        )


@dataclass(frozen=True)
class OrgReport:
    """Every repository of every installation, as read at ``taken_at`` (ISO 8601)."""

    taken_at: str
    repos: tuple[RepoReport, ...] = field(default_factory=tuple)

    def per_locale(self) -> dict[str, tuple[int, int, int]]:
        """Locale -> (strings, missing, stale), summed over every repository."""
        totals: dict[str, list[int]] = {}
        for repo in self.repos:
            for count in repo.counts:
                row = totals.setdefault(count.locale, [0, 0, 0])
                row[0] += count.strings
                row[1] += count.missing
                row[2] += count.stale
        return {loc: (row[0], row[1], row[2]) for loc, row in sorted(totals.items())}

    def to_json(self) -> dict[str, Any]:
        return {
            "taken_at": self.taken_at,
            "locales": {
                loc: {"strings": s, "missing": m, "stale": st}
                for loc, (s, m, st) in self.per_locale().items()
            },
            "repositories": [r.to_json() for r in self.repos],
        }


def org_from_json(data: Mapping[str, Any]) -> OrgReport:
    """The inverse of :meth:`OrgReport.to_json`."""
    return OrgReport(
        data["taken_at"], tuple(RepoReport.from_json(r) for r in data.get("repositories", ()))
    )


def translated_from(
    records: Iterable[tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> dict[tuple[str, str, str], frozenset[str]]:
    """What the bot's committed jobs translated, from their (plan, result) JSON records.

    A string counts for each locale it was planned for, except those the job kept out.
    """
    found: dict[tuple[str, str, str], set[str]] = {}
    for plan, result in records:
        if not plan:
            continue
        kept_out = {(k["file"], k["key"], k["locale"]) for k in (result or {}).get("kept_out", ())}
        for string in plan.get("strings", ()):
            text = _text_key(string["value"])
            for locale in string["locales"]:
                where = (string["file"], string["key"], locale)
                if where not in kept_out:
                    found.setdefault(where, set()).add(text)
    return {where: frozenset(texts) for where, texts in found.items()}


def count_repo(
    repo: str,
    branch: str,
    sha: str,
    revisions: Sequence[FileRevisions],
    locales: Sequence[str],
    translations: TranslatedFrom,
    *,
    detected: bool = False,
) -> RepoReport:
    """Counts per source file and locale of the default branch's string files.

    A string is **stale** for a locale when its target holds it, the bot translated it, and
    none of the bot's translations was made from the current source text.
    """
    counts: list[FileLocaleCount] = []
    for revision in revisions:
        every = plan_missing([replace(revision, targets_head={})], ["*"]).strings
        missing = plan_missing([revision], locales).counts()
        for locale in locales:
            target = revision.targets_head.get(locale)
            present = set(target.keys()) if target is not None else set()
            stale = sum(
                1
                for string in every
                if string.key in present
                and (texts := translations.get((revision.source_path, string.key, locale)))
                and _text_key(string.value) not in texts
            )
            counts.append(
                FileLocaleCount(
                    revision.source_path,
                    revision.target_paths[locale],
                    locale,
                    len(every),
                    missing.get(locale, 0),
                    stale,
                )
            )
    return RepoReport(repo, branch, sha, tuple(locales), detected, tuple(counts))


def render_table(report: OrgReport) -> str:
    """A plain-text table: one line per repository × file × locale, then totals per locale;
    below it, the repositories without string files or that could not be read."""
    header = ("repository", "file", "locale", "strings", "missing", "stale", "done")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for repo in report.repos:
        if repo.error is not None:
            notes.append(f"{repo.repo}: error: {repo.error}")
        elif not repo.counts:
            notes.append(f"{repo.repo}: no string files")
        for c in repo.counts:
            rows.append(
                (
                    repo.repo,
                    c.file,
                    c.locale,
                    f"{c.strings:,}",
                    f"{c.missing:,}",
                    f"{c.stale:,}",
                    _percent(c.strings - c.missing - c.stale, c.strings),
                )
            )
    for locale, (strings, missing, stale) in report.per_locale().items():
        rows.append(
            (
                "(all)",
                "",
                locale,
                f"{strings:,}",
                f"{missing:,}",
                f"{stale:,}",
                _percent(strings - missing - stale, strings),
            )
        )
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    numeric = {3, 4, 5, 6}

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    table = [line(header), rule, *(line(row) for row in rows)]
    return "\n".join([*table, *(["", *notes] if notes else [])]) + "\n"


def _percent(done: int, total: int) -> str:
    return f"{(100 * done // total) if total else 100}%"


def _text_key(value: str | Mapping[str, str]) -> str:
    """A source text as a comparable string (plural forms as sorted JSON)."""
    return value if isinstance(value, str) else json.dumps(dict(value), sort_keys=True)
