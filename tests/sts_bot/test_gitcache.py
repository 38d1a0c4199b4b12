"""The bot's git clone cache against the real sandbox GitHub's smart-HTTP endpoint."""

from __future__ import annotations

import base64
import fcntl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jwt
import pytest
import requests

from sandbox.testing import ServedSandbox, serve_sandbox
from sts_bot.gitcache import GitCache, GitError, GrepHit


@dataclass
class Repo:
    """A sandbox repository with an app installed on it, and a fresh installation token."""

    full_name: str
    clone_url: str
    token: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSandbox]:
    with serve_sandbox(tmp_path_factory.mktemp("sandbox")) as sandbox:
        yield sandbox


_counter = iter(range(1, 1_000_000))


def _new_repo(served: ServedSandbox, files: dict[str, str]) -> Repo:
    client = served.client
    n = next(_counter)
    owner = client.create_user(f"acme{n}")["login"]
    client.create_repo(owner, "shop", files=files)
    app = client.create_app(f"Translator {n}", owner)
    installation = client.install(app.id, owner, ["shop"])
    now = int(time.time())
    app_jwt = jwt.encode(
        {"iat": now - 60, "exp": now + 500, "iss": str(app.id)}, app.private_key, "RS256"
    )
    response = requests.post(
        f"{served.api_url}/app/installations/{installation}/access_tokens",
        headers={"Authorization": f"Bearer {app_jwt}"},
        timeout=10,
    )
    response.raise_for_status()
    return Repo(f"{owner}/shop", f"{served.url}/{owner}/shop.git", response.json()["token"])


def test_fetch_a_branch_and_a_sha_then_read(served: ServedSandbox, tmp_path: Path) -> None:
    repo = _new_repo(served, {"res/values/strings.xml": "<resources/>\n", "README.md": "hi\n"})
    feature_1 = served.client.push(repo.full_name, "feature", {"a.txt": "one\n"})
    served.client.push(repo.full_name, "feature", {"a.txt": "two\n"})
    cached = GitCache(tmp_path / "cache").repository(repo.full_name)
    assert cached.path == tmp_path / "cache" / repo.full_name.split("/")[0] / "shop.git"

    cached.fetch(repo.clone_url, repo.token, ["main", feature_1])

    assert cached.has_commit(feature_1)
    assert cached.read(feature_1, "a.txt") == b"one\n"
    assert cached.read("main", "README.md") == b"hi\n"
    assert cached.read("main", "a.txt") is None
    assert cached.read("main", "res") is None  # a directory is not a file
    assert cached.list_files("main") == ["README.md", "res/values/strings.xml"]
    main = cached.resolve("main")
    assert len(main) == 40 and cached.resolve(main) == main
    assert cached.merge_base("main", feature_1) == main
    assert cached.blob_sizes(feature_1, ["a.txt", "nope.txt"]) == {"a.txt": 4, "nope.txt": None}
    with pytest.raises(GitError, match="unknown revision 'feature'"):
        cached.resolve("feature")  # never fetched as a branch


def test_a_present_sha_skips_the_network(served: ServedSandbox, tmp_path: Path) -> None:
    repo = _new_repo(served, {"a.txt": "a\n"})
    cached = GitCache(tmp_path).repository(repo.full_name)
    cached.fetch(repo.clone_url, repo.token, ["main"])
    sha = cached.resolve("main")
    before = served.client.counters()["git_total"]
    cached.fetch(repo.clone_url, "ghs_expired_token_would_fail", [sha])
    assert served.client.counters()["git_total"] == before
    cached.fetch(repo.clone_url, repo.token, ["main"])  # a branch may have moved: always asked
    assert served.client.counters()["git_total"] > before


def test_the_token_is_nowhere_on_disk(served: ServedSandbox, tmp_path: Path) -> None:
    repo = _new_repo(served, {"a.txt": "a\n"})
    root = tmp_path / "cache"
    cached = GitCache(root).repository(repo.full_name)
    with_credentials = repo.clone_url.replace("http://", f"http://x-access-token:{repo.token}@")
    cached.fetch(with_credentials, repo.token, ["main"])
    assert cached.read("main", "a.txt") == b"a\n"
    header = base64.b64encode(f"x-access-token:{repo.token}".encode()).decode()
    found = subprocess.run(
        [
            "grep",
            "-r",
            "-l",
            "-F",
            "-e",
            repo.token,
            "-e",
            "x-access-token",
            "-e",
            header,
            str(root),
        ],
        capture_output=True,
        text=True,
    )
    assert (found.returncode, found.stdout) == (1, "")
    assert "extraheader" not in (cached.path / "config").read_text().lower()


def test_two_threads_fetch_one_repository(served: ServedSandbox, tmp_path: Path) -> None:
    files = {f"src/file{i}.txt": f"content {i}\n" * 50 for i in range(200)}
    repo = _new_repo(served, files)
    head = served.client.push(repo.full_name, "feature", {"src/file1.txt": "changed\n"})
    cache = GitCache(tmp_path)
    errors: list[BaseException] = []

    def fetch(revs: list[str]) -> None:
        try:
            cache.repository(repo.full_name).fetch(repo.clone_url, repo.token, revs)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [
        threading.Thread(target=fetch, args=(["main", "feature"],)),
        threading.Thread(target=fetch, args=(["feature", head],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    cached = cache.repository(repo.full_name)
    fsck = subprocess.run(
        ["git", "--git-dir", str(cached.path), "fsck", "--strict"], capture_output=True
    )
    assert fsck.returncode == 0, fsck.stderr
    assert cached.resolve("feature") == head
    assert cached.read("feature", "src/file1.txt") == b"changed\n"


def test_a_fetch_waits_for_the_repository_lock(served: ServedSandbox, tmp_path: Path) -> None:
    repo = _new_repo(served, {"a.txt": "a\n"})
    cached = GitCache(tmp_path).repository(repo.full_name)
    done = threading.Event()

    def fetch() -> None:
        cached.fetch(repo.clone_url, repo.token, ["main"])
        done.set()

    with open(cached.path.with_name("shop.git.lock"), "a+b") as other_worker:
        fcntl.flock(other_worker.fileno(), fcntl.LOCK_EX)  # as another process would
        thread = threading.Thread(target=fetch)
        thread.start()
        assert not done.wait(timeout=0.5)  # blocked while the other holder keeps the lock
        fcntl.flock(other_worker.fileno(), fcntl.LOCK_UN)
    thread.join(timeout=30)
    assert done.is_set()
    assert len(cached.resolve("main")) == 40


def test_read_many_reads_500_files_in_one_git_process(
    served: ServedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"locales/{i:03}.json": f'{{"key{i}": "Text {i}"}}\n' for i in range(500)}
    repo = _new_repo(served, files)
    cached = GitCache(tmp_path).repository(repo.full_name)
    cached.fetch(repo.clone_url, repo.token, ["main"])
    calls: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(command: list[str], **kwargs: object) -> object:
        calls.append(command)
        return real_run(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", recording_run)
    paths = [*files, "locales/missing.json"]
    contents = cached.read_many("main", paths)
    assert calls == [["git", "cat-file", "--batch"]]
    assert {path: contents[path] for path in files} == {
        path: text.encode() for path, text in files.items()
    }
    assert contents["locales/missing.json"] is None


def test_grep_finds_whole_words_outside_excluded_and_binary_files(
    served: ServedSandbox, tmp_path: Path
) -> None:
    files = {
        "res/values/strings.xml": '<string name="title">Title</string>\n',
        "src/Main.kt": "val a = R.string.title\nval b = R.string.subtitle\n"
        "val c = R.string.title // again\nval d = getString(R.string.title)\n",
        "src/Other.kt": "setTitle(R.string.title)\nprint(greeting_name)\n"
        "a = priceXtotal\nb = t(price.total)\n",
        "src/long.js": "x = " + "y" * 300 + " greeting_name;\n",
    }
    repo = _new_repo(served, files)
    served.client.push(repo.full_name, "main", {"assets/blob.bin": "title\0binary\n"})
    cached = GitCache(tmp_path).repository(repo.full_name)
    cached.fetch(repo.clone_url, repo.token, ["main"])

    hits = cached.grep(
        "main",
        ["title", "greeting_name", "absent_key", "price.total"],
        exclude=["res/values/strings.xml"],
        max_per_needle=3,
    )

    assert hits["title"] == [
        GrepHit("src/Main.kt", 1, "val a = R.string.title"),
        GrepHit("src/Main.kt", 3, "val c = R.string.title // again"),
        GrepHit("src/Main.kt", 4, "val d = getString(R.string.title)"),
    ]
    assert hits["greeting_name"] == [
        GrepHit("src/Other.kt", 2, "print(greeting_name)"),
        GrepHit("src/long.js", 1, ("x = " + "y" * 300)[:200]),
    ]
    assert hits["absent_key"] == []
    assert hits["price.total"] == [GrepHit("src/Other.kt", 4, "b = t(price.total)")]


def test_grep_of_thousands_of_needles_is_one_git_process(
    served: ServedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [f"key_{i}" for i in range(2500)]
    files = {
        f"src/file{f}.kt": "".join(f"x = R.string.{key}\n" for key in keys[f::50])
        for f in range(50)
    }
    repo = _new_repo(served, files)
    cached = GitCache(tmp_path).repository(repo.full_name)
    cached.fetch(repo.clone_url, repo.token, ["main"])
    calls: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(command: list[str], **kwargs: object) -> object:
        calls.append(command)
        return real_run(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", recording_run)
    hits = cached.grep("main", [*keys, "key_1x"], max_per_needle=1)
    assert [command[:3] for command in calls] == [["git", "grep", "-n"]]
    assert hits["key_1x"] == []
    assert {key: hits[key] for key in keys} == {
        key: [GrepHit(f"src/file{i % 50}.kt", i // 50 + 1, f"x = R.string.{key}")]
        for i, key in enumerate(keys)
    }


def test_changed_files_is_the_three_dot_diff(served: ServedSandbox, tmp_path: Path) -> None:
    repo = _new_repo(served, {"a.txt": "a\n", "old/name.txt": "same content here\n" * 20})
    served.client.push(
        repo.full_name,
        "feature",
        {"b.txt": "b\n", "old/name.txt": None, "new/name.txt": "same content here\n" * 20},
    )
    served.client.push(repo.full_name, "main", {"main-only.txt": "m\n"})  # base moved on
    cached = GitCache(tmp_path).repository(repo.full_name)
    cached.fetch(repo.clone_url, repo.token, ["main", "feature"])
    assert cached.changed_files("main", "feature") == ["b.txt", "new/name.txt"]


def test_git_failures_raise_without_the_token(served: ServedSandbox, tmp_path: Path) -> None:
    repo = _new_repo(served, {"a.txt": "a\n"})
    cached = GitCache(tmp_path).repository(repo.full_name)
    wrong_token = repo.token + "x"
    with pytest.raises(GitError, match=r"git fetch failed \(128\): .*") as raised:
        cached.fetch(repo.clone_url, wrong_token, ["main"])
    assert wrong_token not in str(raised.value)
    assert "could not read Username" in str(raised.value)
    unknown = repo.clone_url.replace("/shop.git", "/nothing.git")
    with pytest.raises(GitError, match=r"remote: Repository not found\.") as raised:
        cached.fetch(unknown, repo.token, ["main"])
    assert repo.token not in str(raised.value)
    with pytest.raises(GitError, match="not a branch name or sha: '--upload-pack=x'"):
        cached.fetch(repo.clone_url, repo.token, ["--upload-pack=x"])
