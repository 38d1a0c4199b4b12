"""`translate pseudo`: pseudo-localized files committed to the pull request, without the vendor.

Every translatable source string goes through :func:`sts_bot.pseudo.pseudo_value`, then
through the same QA gate and renderer as the vendor's translations (``render.render``), and
the files are committed as one commit through the same writer (``commit_files``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sts_bot.apply import COMMIT_ATTEMPTS, Request
from sts_bot.github import InstallationClient, NotFastForward
from sts_bot.plan import FileRevisions, Plan, PlannedString, array_item_key
from sts_bot.pseudo import DEFAULT_PSEUDO_LOCALES, pseudo_value
from sts_bot.render import render
from sts_bot.repo_config import CONFIG_PATH
from sts_bot.runtime import Runtime
from sts_bot.snapshot import Caps, SnapshotError, read_config, read_revisions, source_files

__all__ = ["commit_pseudo", "pseudo_plan"]

Value = str | dict[str, str]


def commit_pseudo(
    rt: Runtime, gh: InstallationClient, request: Request, locales: Sequence[str]
) -> str:
    """Commit pseudo-localized files for ``locales`` (default en-XA, ar-XB); the reply text."""
    locales = list(locales) or list(DEFAULT_PSEUDO_LOCALES)
    pr = gh.pull_request(request.repo, request.pr_number)
    if pr.state != "open" or pr.head_repo != request.repo:
        why = "is closed" if pr.state != "open" else "comes from a fork the bot cannot push to"
        return f"Nothing committed: this pull request {why}."
    repo = rt.git.repository(request.repo)
    caps = Caps(rt.settings.max_file_bytes, rt.settings.max_files)
    try:
        for _attempt in range(COMMIT_ATTEMPTS):
            repo.fetch(request.clone_url, gh.token(), [pr.head_ref])
            head = repo.resolve(pr.head_ref)
            config = read_config(repo, head)
            real = [loc for loc in locales if loc in config.config.target_locales]
            if real:
                return (
                    f"Nothing committed: {', '.join(f'`{loc}`' for loc in real)} "
                    f"{'is a target locale' if len(real) == 1 else 'are target locales'} in "
                    f"`{CONFIG_PATH}`, and pseudo-localization would overwrite its "
                    "translations. Use pseudo-locales such as `en-XA` or `ar-XB`."
                )
            files = source_files(config)
            revisions = read_revisions(repo, files, locales, head, None, caps)
            taken = {f.source_path for f in files} | {
                f.target_path(loc) for f in files for loc in config.config.target_locales
            }
            clash = _clashes(revisions, taken)
            if clash:
                return f"Nothing committed: {clash}"
            plan, translations = pseudo_plan(revisions, locales)
            rendered = render(plan, translations, revisions)
            if not rendered.files:
                return (
                    f"The pseudo-localized files for {', '.join(locales)} are up to date; "
                    "nothing to commit."
                )
            message = (
                f"Pseudo-localize {sum(rendered.applied.values())} strings into "
                f"{', '.join(sorted(rendered.applied))}\n\n"
                f"Requested-by: @{request.requested_by} in #{request.pr_number}\n"
            )
            try:
                sha = gh.commit_files(
                    request.repo,
                    pr.head_ref,
                    head,
                    rendered.files,
                    message,
                    parent_tree_sha=repo.tree_of(head),
                )
            except NotFastForward:
                continue
            lines = [
                f"Committed pseudo-localized strings as `{sha[:10]}` (no vendor involved):",
                "",
                "| locale | strings |",
                "|---|---:|",
                *(f"| `{loc}` | {count} |" for loc, count in sorted(rendered.applied.items())),
                "",
                "They never count as translations: the `Translations` check ignores them.",
            ]
            if rendered.kept_out:
                lines += ["", f"Kept out ({len(rendered.kept_out)}):"]
                lines += [
                    f"- `{k.file}` · `{k.key}` · `{k.locale}`: {k.reason}"
                    for k in rendered.kept_out[:50]
                ]
            return "\n".join(lines)
    except SnapshotError as error:
        return f"Nothing committed: {error}" + "".join(f"\n- {p}" for p in error.problems)
    return (
        f"Nothing committed: the branch `{pr.head_ref}` kept moving "
        f"({COMMIT_ATTEMPTS} attempts); comment the command again once pushes settle."
    )


def pseudo_plan(
    revisions: Sequence[FileRevisions], locales: Sequence[str]
) -> tuple[Plan, dict[tuple[str, str], Value]]:
    """Every translatable string whose pseudo file lacks its current pseudo text, and those texts.

    The translations are keyed like the vendor's: (vendor key, locale), one key per item of
    a string array.
    """
    strings: list[PlannedString] = []
    for revision in revisions:
        for entry in revision.head.entries():
            if not entry.translatable or not any(text.strip() for text in entry.texts()):
                continue
            needed = []
            for locale in locales:
                target = revision.targets_head.get(locale)
                existing = target.get(entry.key) if target is not None else None
                wanted = pseudo_value(
                    entry.value, locale, kind=entry.kind, max_length=entry.max_length
                )
                if existing is None or _plain(existing.value) != wanted:
                    needed.append(locale)
            if needed:
                strings.append(
                    PlannedString(
                        revision.source_path,
                        entry.key,
                        _plain(entry.value),
                        entry.kind,
                        tuple(needed),
                        entry.comment,
                        entry.context,
                        entry.max_length,
                        entry.line,
                    )
                )
    plan = Plan(tuple(strings))
    translations: dict[tuple[str, str], Value] = {}
    for vendor_key, string in plan.vendor_keys().items():
        for locale in string.locales:
            value = pseudo_value(
                string.value, locale, kind=string.kind, max_length=string.max_length
            )
            if string.kind == "array" and isinstance(value, dict):
                for index, item in value.items():
                    translations[(array_item_key(vendor_key, index), locale)] = item
            else:
                translations[(vendor_key, locale)] = value
    return plan, translations


def _clashes(revisions: Sequence[FileRevisions], taken: set[str]) -> str | None:
    """Why a pseudo file's path is a source's or a real locale's (``{lang}`` templates), or None."""
    for revision in revisions:
        for locale, path in revision.target_paths.items():
            if path in taken:
                return (
                    f"the `{locale}` file of `{revision.source_path}` would be `{path}`, a "
                    "source file or a real locale's translations; give that rule a target "
                    "template that tells the locales apart (such as `{locale}`)"
                )
    return None


def _plain(value: object) -> Value:
    return value if isinstance(value, str) else dict(value)  # type: ignore[call-overload]
