"""String files read from a real git clone: size and count caps, parse errors as SnapshotError."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sts_bot.gitcache import CachedRepo, GitCache
from sts_bot.snapshot import Caps, SnapshotError, read_config, read_revisions, source_files

CONFIG = """source_locale: en-US
target_locales: [fr-FR]
files:
  - source: res/values/strings.xml
    target: res/values-{android}/strings.xml
  - source: web/locales/en.json
    target: web/locales/{locale}.json
"""
SOURCE_XML = """<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="hello">Hello</string>
</resources>
"""
CAPS = Caps(max_file_bytes=10_000, max_files=10)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(cwd),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada",
            "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Ada",
            "GIT_COMMITTER_EMAIL": "ada@example.com",
        },
    )
    return done.stdout.strip()


def commit(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[CachedRepo, str]:
    """A real repository with ``files`` on ``main``, fetched into the bot's git cache."""
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "--quiet", "--initial-branch=main")
    for path, content in files.items():
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        target.write_bytes(data)
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "strings")
    repo = GitCache(tmp_path / "cache").repository("acme/shop")
    repo.fetch(str(work), "unused-token", ["main"])
    head = repo.resolve("main")
    assert head == git(work, "rev-parse", "HEAD")
    return repo, head


def revisions_at(repo: CachedRepo, head: str, caps: Caps = CAPS) -> list[str]:
    config = read_config(repo, head)
    revisions = read_revisions(repo, source_files(config), ["fr-FR"], head, None, caps)
    return [r.source_path for r in revisions]


def test_a_good_repository_reads(tmp_path: Path) -> None:
    repo, head = commit(
        tmp_path,
        {
            ".github/translations.yml": CONFIG,
            "res/values/strings.xml": SOURCE_XML,
            "res/values-fr/strings.xml": SOURCE_XML.replace("Hello", "Bonjour"),
            "web/locales/en.json": '{"hi": "Hi"}\n',
        },
    )
    config = read_config(repo, head)
    assert not config.detected
    revisions = read_revisions(repo, source_files(config), ["fr-FR"], head, None, CAPS)
    by_path = {r.source_path: r for r in revisions}
    assert sorted(by_path) == ["res/values/strings.xml", "web/locales/en.json"]
    android = by_path["res/values/strings.xml"]
    assert android.target_paths == {"fr-FR": "res/values-fr-rFR/strings.xml"}
    assert android.targets_head == {"fr-FR": None}  # the template names fr-rFR; none there
    assert by_path["web/locales/en.json"].head.get("hi") is not None


def test_a_file_over_the_size_cap_is_named_with_its_size(tmp_path: Path) -> None:
    big = '{"hi": "' + "x" * 20_000 + '"}\n'
    repo, head = commit(
        tmp_path,
        {
            ".github/translations.yml": CONFIG,
            "res/values/strings.xml": SOURCE_XML,
            "web/locales/en.json": big,
        },
    )
    with pytest.raises(
        SnapshotError,
        match=r"^`web/locales/en\.json` is 20,011 bytes, over the 10,000-byte limit for one "
        r"string file \(STS_MAX_FILE_BYTES\)$",
    ):
        revisions_at(repo, head)
    assert revisions_at(repo, head, Caps(max_file_bytes=20_011, max_files=10)) == [
        "res/values/strings.xml",
        "web/locales/en.json",
    ]


def test_a_malformed_target_file_names_path_and_line(tmp_path: Path) -> None:
    broken = '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n    <string name="hello">Bon\n'
    repo, head = commit(
        tmp_path,
        {
            ".github/translations.yml": CONFIG,
            "res/values/strings.xml": SOURCE_XML,
            "res/values-fr-rFR/strings.xml": broken,
            "web/locales/en.json": '{"hi": "Hi"}\n',
        },
    )
    with pytest.raises(
        SnapshotError,
        match=r"^`res/values-fr-rFR/strings\.xml` cannot be read: "
        r"res/values-fr-rFR/strings\.xml:4:1: malformed XML: Premature end of data in tag string",
    ):
        revisions_at(repo, head)


def test_a_malformed_json_source_names_its_line(tmp_path: Path) -> None:
    repo, head = commit(
        tmp_path,
        {
            ".github/translations.yml": CONFIG,
            "res/values/strings.xml": SOURCE_XML,
            "web/locales/en.json": '{\n  "hi": "Hi",\n  "bye" "Bye"\n}\n',
        },
    )
    with pytest.raises(
        SnapshotError,
        match=r"^`web/locales/en\.json` cannot be read: "
        r"web/locales/en\.json:3:9: expected ':' after key 'bye'$",
    ):
        revisions_at(repo, head)


def test_too_many_source_files(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "res/values/strings.xml\n    target: res/values-{android}/strings.xml",
        "'**/values/strings.xml'",
    )
    files: dict[str, str | bytes] = {".github/translations.yml": config}
    for index in range(3):
        files[f"m{index}/values/strings.xml"] = SOURCE_XML
    files["web/locales/en.json"] = '{"hi": "Hi"}\n'
    repo, head = commit(tmp_path, files)
    with pytest.raises(
        SnapshotError,
        match=r"^the configuration matches 4 source files; the limit is 3$",
    ):
        revisions_at(repo, head, Caps(max_file_bytes=10_000, max_files=3))


def test_an_invalid_config_lists_its_problems(tmp_path: Path) -> None:
    repo, head = commit(
        tmp_path,
        {".github/translations.yml": "source_locale: en-US\nbogus: 1\n", "a.txt": "x\n"},
    )
    with pytest.raises(SnapshotError, match=r"^`\.github/translations\.yml` is not valid$") as e:
        read_config(repo, head)
    assert e.value.problems[0] == (
        "line 2: unknown key 'bogus' (known keys: delivery, files, source_locale, "
        "target_locales, vendor_project)."
    )


def test_no_config_and_no_string_files(tmp_path: Path) -> None:
    repo, head = commit(tmp_path, {"README.md": "hello\n"})
    with pytest.raises(SnapshotError, match=r"^no `\.github/translations\.yml` and no string"):
        read_config(repo, head)


def test_a_broken_or_oversized_file_at_the_merge_base_does_not_fail_the_job(
    tmp_path: Path,
) -> None:
    broken_base = {
        ".github/translations.yml": CONFIG,
        "res/values/strings.xml": "<resources><string name=",
        "web/locales/en.json": '{"hi": "' + "x" * 20_000 + '"}\n',
    }
    repo, base = commit(tmp_path, broken_base)
    work = tmp_path / "work"
    (work / "res/values/strings.xml").write_text(SOURCE_XML)
    (work / "web/locales/en.json").write_text('{"hi": "Hi"}\n')
    git(work, "commit", "--quiet", "--all", "-m", "fixed")
    repo.fetch(str(work), "unused-token", ["main"])
    head = repo.resolve("main")
    config = read_config(repo, head)
    revisions = read_revisions(repo, source_files(config), ["fr-FR"], head, base, CAPS)
    assert [(r.source_path, r.base) for r in revisions] == [
        ("res/values/strings.xml", None),
        ("web/locales/en.json", None),
    ]
