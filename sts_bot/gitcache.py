"""The bot's only git gateway: a cached bare clone per repository, fetched over smart HTTP.

Every file the bot reads comes from here, so reading 4 files or 4,000 costs no REST call.
The installation token reaches git only as an ``http.extraHeader`` through ``GIT_CONFIG_*``
environment variables of the one ``git fetch`` that needs it: never in ``config``, never in
a URL on disk, never in an error message.
"""

from __future__ import annotations

import base64
import fcntl
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = ["CachedRepo", "CommitInfo", "GitCache", "GitError", "GrepHit", "Hunk"]

_SHA = re.compile(r"^[0-9a-f]{40}$")
_NAME_PART = re.compile(r"^(?!\.)[A-Za-z0-9._-]+$")
_WORD = "A-Za-z0-9_"
GREP_LINE_LIMIT = 200
# git grep matches each -e/-f pattern separately (1,000 fixed strings cost 1,000 scans), so the
# needles go as ERE alternations; past ~1,000 alternatives one regex gets slow and large.
GREP_ALTERNATIVES_PER_PATTERN = 1000
_WORD_RUN = re.compile(r"[A-Za-z0-9_]+")
_ERE_SPECIAL = re.compile(r"([.\[\]()*+?{}|^$\\])")
REDACTED = "***"


class GitError(Exception):
    """git failed; the message holds its stderr with any credential redacted."""


@dataclass(frozen=True)
class GrepHit:
    path: str
    line: int
    text: str


def is_sha(value: str) -> bool:
    """
    >>> is_sha("a" * 40), is_sha("main"), is_sha("A" * 40)
    (True, False, False)
    """
    return bool(_SHA.match(value))


def auth_header(token: str) -> str:
    """The ``Authorization`` header GitHub expects from an app over git's smart HTTP.

    >>> auth_header("ghs_x")
    'Authorization: Basic eC1hY2Nlc3MtdG9rZW46Z2hzX3g='
    """
    pair = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return f"Authorization: Basic {pair}"


def without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` removed (git would write it into FETCH_HEAD).

    >>> without_credentials("https://x-access-token:ghs_x@github.com/o/r.git")
    'https://github.com/o/r.git'
    """
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host))


def config_env(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Git configuration passed through the environment (``GIT_CONFIG_COUNT``/``KEY``/``VALUE``)."""
    env = {"GIT_CONFIG_COUNT": str(len(pairs))}
    for index, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


def fetch_refspec(rev: str) -> str:
    """Where a fetched rev lands: ``refs/sts/heads/<branch>`` or ``refs/sts/commits/<sha>``.

    >>> fetch_refspec("main")
    '+refs/heads/main:refs/sts/heads/main'
    >>> fetch_refspec("0" * 40)
    '0000000000000000000000000000000000000000:refs/sts/commits/0000000000000000000000000000000000000000'
    """
    if is_sha(rev):
        return f"{rev}:refs/sts/commits/{rev}"
    _check_rev(rev)
    return f"+refs/heads/{rev}:refs/sts/heads/{rev}"


def treeish(rev: str) -> str:
    """What git is asked for: a sha as is, a full ref as is, a branch as its fetched ref.

    >>> treeish("feature/x"), treeish("refs/sts/heads/main")
    ('refs/sts/heads/feature/x', 'refs/sts/heads/main')
    """
    if is_sha(rev) or rev.startswith("refs/"):
        return rev
    _check_rev(rev)
    return f"refs/sts/heads/{rev}"


def _check_rev(rev: str) -> None:
    if not rev or rev.startswith("-") or any(c in rev for c in " \t\n\0:~^?*[\\") or ".." in rev:
        raise GitError(f"not a branch name or sha: {rev!r}")


def whole_word(needle: str, text: str) -> bool:
    """Whether ``needle`` occurs in ``text`` as ``git grep -w`` sees a word.

    >>> whole_word("title", "R.string.title)"), whole_word("title", "subtitle")
    (True, False)
    """
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not _is_word_char(before) and not _is_word_char(after):
            return True
        start = text.find(needle, start + 1)
    return False


def _is_word_char(char: str) -> bool:
    return bool(char) and char.isascii() and (char.isalnum() or char == "_")


def ere_escape(needle: str) -> str:
    r"""A fixed string as a POSIX extended regular expression.

    >>> ere_escape("a.b(c)|d")
    'a\\.b\\(c\\)\\|d'
    """
    return _ERE_SPECIAL.sub(r"\\\1", needle)


def grep_patterns(needles: Sequence[str]) -> str:
    r"""``git grep -E -f`` lines: the needles as alternations, a bounded number per line.

    >>> grep_patterns(["a.b", "c"])
    '(a\\.b|c)\n'
    """
    lines = []
    for start in range(0, len(needles), GREP_ALTERNATIVES_PER_PATTERN):
        chunk = needles[start : start + GREP_ALTERNATIVES_PER_PATTERN]
        lines.append("(" + "|".join(ere_escape(needle) for needle in chunk) + ")\n")
    return "".join(lines)


class NeedleIndex:
    """Which needles a line holds as whole words, found by the word each needle starts with.

    >>> NeedleIndex(["title", "app.title", "sub", "-x"]).found_in("app.title = subtitle -x")
    ['app.title', 'title', '-x']
    """

    def __init__(self, needles: Sequence[str]) -> None:
        self._by_lead: dict[str, list[str]] = {}
        self._others: list[str] = []
        for needle in needles:
            lead = _WORD_RUN.match(needle)
            if lead:
                self._by_lead.setdefault(lead.group(), []).append(needle)
            else:
                self._others.append(needle)

    def found_in(self, text: str) -> list[str]:
        found = []
        for word in _WORD_RUN.finditer(text):
            for needle in self._by_lead.get(word.group(), ()):
                end = word.start() + len(needle)
                if text.startswith(needle, word.start()) and not _is_word_char(text[end : end + 1]):
                    found.append(needle)
        found += [needle for needle in self._others if whole_word(needle, text)]
        return found


def parse_grep(output: bytes, prefix: bytes = b"") -> Iterator[tuple[str, int, str]]:
    """``git grep -n --null`` output as (path, line number, text), the ``<rev>:`` cut off."""
    for record in output.split(b"\n"):
        if not record:
            continue
        path, line, text = record.removeprefix(prefix).split(b"\0", 2)
        yield (
            path.decode(errors="surrogateescape"),
            int(line),
            text.decode(errors="replace"),
        )


@dataclass(frozen=True)
class BatchAnswer:
    """One object as ``git cat-file`` describes it (no ``content`` from ``--batch-check``)."""

    kind: str
    size: int
    content: bytes | None


def parse_batch(output: bytes, count: int, *, contents: bool) -> list[BatchAnswer | None]:
    r"""Answers of ``git cat-file --batch`` (or ``--batch-check``), ``None`` for missing names.

    >>> parse_batch(b"ab blob 2\nhi\nx:y missing\n", 2, contents=True)
    [BatchAnswer(kind='blob', size=2, content=b'hi'), None]
    """
    answers: list[BatchAnswer | None] = []
    offset = 0
    for _ in range(count):
        newline = output.index(b"\n", offset)
        header = output[offset:newline].rsplit(b" ", 2)
        offset = newline + 1
        if len(header) != 3 or not header[2].isdigit():
            answers.append(None)  # "<name> missing" or "<name> ambiguous"
            continue
        size = int(header[2])
        content = None
        if contents:
            content = output[offset : offset + size]
            offset += size + 1
        answers.append(BatchAnswer(header[1].decode(), size, content))
    return answers


class GitCache:
    """Bare clones under ``root`` (``STS_GIT_CACHE_DIR``), one per repository."""

    def __init__(self, root: Path, *, timeout: float = 120.0) -> None:
        self.root = root
        self.timeout = timeout

    def repository(self, full_name: str) -> CachedRepo:
        """The cached bare repository of ``owner/repo``, created empty when missing."""
        owner, separator, name = full_name.partition("/")
        if not separator or not _NAME_PART.match(owner) or not _NAME_PART.match(name):
            raise GitError(f"not a repository full name: {full_name!r}")
        repo = CachedRepo(self.root / owner / f"{name}.git", self.root, self.timeout)
        if not (repo.path / "HEAD").exists():
            with repo.locked():
                if not (repo.path / "HEAD").exists():
                    repo.path.parent.mkdir(parents=True, exist_ok=True)
                    repo._git(["init", "--quiet", "--bare", str(repo.path)], bare=False)
        return repo


class CachedRepo:
    """One bare clone: fetch revs into ``refs/sts/*`` and read commits, trees and blobs."""

    def __init__(self, path: Path, home: Path, timeout: float) -> None:
        self.path = path
        self._home = home
        self._timeout = timeout

    # -- the choke point ------------------------------------------------------------------------
    def _git(
        self,
        args: Sequence[str],
        input: bytes | None = None,
        *,
        ok: tuple[int, ...] = (0,),
        config: Sequence[tuple[str, str]] = (),
        secrets: Sequence[str] = (),
        bare: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run one git command; a failure raises :class:`GitError` with ``secrets`` redacted."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self._home),
            "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            **config_env(config),
        }
        if bare:
            env["GIT_DIR"] = str(self.path)
        command = ["git", *args]
        try:
            result = subprocess.run(
                command, input=input, capture_output=True, env=env, timeout=self._timeout
            )
        except subprocess.TimeoutExpired:
            raise GitError(
                _redact(f"git {args[0]} timed out after {self._timeout:g} s", secrets)
            ) from None
        if result.returncode not in ok:
            stderr = result.stderr.decode(errors="replace").strip()
            raise GitError(
                _redact(f"git {args[0]} failed ({result.returncode}): {stderr}", secrets)
            )
        return result

    @contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive lock on this repository across threads and processes (``fcntl``)."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # -- network --------------------------------------------------------------------------------
    def fetch(self, clone_url: str, token: str, revs: Sequence[str]) -> None:
        """Fetch branches and/or shas (full history); no network when every sha is here."""
        refspecs = [fetch_refspec(rev) for rev in revs]
        if not refspecs:
            return
        secrets = [token, auth_header(token).split(" ", 2)[2]]
        with self.locked():
            if all(is_sha(rev) and self.has_commit(rev) for rev in revs):
                return
            self._git(
                [
                    "fetch",
                    "--quiet",
                    "--no-tags",
                    "--no-write-fetch-head",
                    "--no-auto-gc",
                    "--",
                    without_credentials(clone_url),
                    *refspecs,
                ],
                config=[("http.extraHeader", auth_header(token)), ("credential.helper", "")],
                secrets=secrets,
            )

    # -- reading --------------------------------------------------------------------------------
    def has_commit(self, sha: str) -> bool:
        if not is_sha(sha):
            return False
        result = self._git(["cat-file", "-e", f"{sha}^{{commit}}"], ok=(0, 1, 128))
        return result.returncode == 0

    def resolve(self, rev: str) -> str:
        """The commit sha of a branch (as last fetched) or a sha."""
        result = self._git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{treeish(rev)}^{{commit}}"],
            ok=(0, 1),
        )
        if result.returncode != 0:
            raise GitError(f"unknown revision {rev!r} in {self.path.name}")
        return result.stdout.decode().strip()

    def merge_base(self, a: str, b: str) -> str | None:
        result = self._git(["merge-base", "--end-of-options", treeish(a), treeish(b)], ok=(0, 1))
        return result.stdout.decode().strip() or None

    def tree_of(self, rev: str) -> str:
        """The sha of the tree of a commit (what a new commit's ``base_tree`` is)."""
        result = self._git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{treeish(rev)}^{{tree}}"],
            ok=(0, 1),
        )
        if result.returncode != 0:
            raise GitError(f"unknown revision {rev!r} in {self.path.name}")
        return result.stdout.decode().strip()

    def find_commit(self, since: str, head: str, trailer: str) -> str | None:
        """The newest commit in ``since..head`` whose message has the line ``trailer``."""
        out = self._git(
            [
                "log",
                "--format=%H%x00%B%x01",
                "--end-of-options",
                f"{treeish(since)}..{treeish(head)}",
            ]
        ).stdout.decode(errors="replace")
        for record in out.split("\x01"):
            sha, _, message = record.strip().partition("\x00")
            if sha and trailer in message.splitlines():
                return sha
        return None

    def list_files(self, rev: str) -> list[str]:
        out = self._git(["ls-tree", "-r", "--name-only", "-z", "--end-of-options", treeish(rev)])
        return [name for name in out.stdout.decode(errors="surrogateescape").split("\0") if name]

    def changed_files(self, base: str, head: str) -> list[str]:
        """Paths a PR changes, as GitHub's three-dot diff: merge-base(base, head)..head."""
        out = self._git(
            [
                "diff",
                "--name-only",
                "-z",
                "-M",
                "--no-ext-diff",
                "--no-textconv",
                f"{treeish(base)}...{treeish(head)}",
                "--",
            ]
        )
        return [name for name in out.stdout.decode(errors="surrogateescape").split("\0") if name]

    def read(self, rev: str, path: str) -> bytes | None:
        return self.read_many(rev, [path])[path]

    def read_many(self, rev: str, paths: Sequence[str]) -> dict[str, bytes | None]:
        """Blobs at ``rev`` from one ``git cat-file --batch`` (``None``: missing or not a file)."""
        answers = self._batch(rev, paths, contents=True)
        return {
            path: answer.content if answer and answer.kind == "blob" else None
            for path, answer in zip(paths, answers, strict=True)
        }

    def blob_sizes(self, rev: str, paths: Sequence[str]) -> dict[str, int | None]:
        """Sizes in bytes from one ``git cat-file --batch-check``, to cap before reading."""
        answers = self._batch(rev, paths, contents=False)
        return {
            path: answer.size if answer and answer.kind == "blob" else None
            for path, answer in zip(paths, answers, strict=True)
        }

    def _batch(self, rev: str, paths: Sequence[str], *, contents: bool) -> list[BatchAnswer | None]:
        if not paths:
            return []
        base = treeish(rev)
        if any("\n" in path for path in paths):
            raise GitError("a path with a newline cannot be read")
        names = "".join(f"{base}:{path}\n" for path in paths).encode(errors="surrogateescape")
        option = "--batch" if contents else "--batch-check"
        out = self._git(["cat-file", option], input=names)
        return parse_batch(out.stdout, len(paths), contents=contents)

    def grep(
        self,
        rev: str,
        needles: Sequence[str],
        *,
        exclude: Sequence[str] = (),
        max_per_needle: int = 3,
    ) -> dict[str, list[GrepHit]]:
        """Whole-word, fixed-string hits of each needle in the text files at ``rev``.

        One ``git grep -n -w -I`` over the tree for all needles; paths in ``exclude`` (the
        string files themselves) and binary files are skipped; at most ``max_per_needle``
        hits per needle, in path and line order, each line trimmed to 200 characters.
        """
        hits: dict[str, list[GrepHit]] = {needle: [] for needle in needles}
        wanted = sorted({needle for needle in needles if needle and "\n" not in needle})
        if not wanted:
            return hits
        index = NeedleIndex(wanted)
        base = treeish(rev)
        pathspecs = [f":(exclude,literal){path}" for path in exclude]
        with tempfile.NamedTemporaryFile("wb", suffix=".patterns") as patterns:
            patterns.write(grep_patterns(wanted).encode(errors="surrogateescape"))
            patterns.flush()
            args = ["grep", "-n", "-w", "-E", "-I", "--null", "--no-color"]
            out = self._git([*args, "-f", patterns.name, base, "--", *pathspecs], ok=(0, 1))
        prefix = f"{base}:".encode()
        for path, line, text in parse_grep(out.stdout, prefix):
            for needle in index.found_in(text):
                if len(hits[needle]) < max_per_needle:
                    hits[needle].append(GrepHit(path, line, text.strip()[:GREP_LINE_LIMIT]))
        return hits

    def pr_commits(self, base: str, head: str, paths: Sequence[str]) -> list[CommitInfo]:
        """Commits of ``base..head`` (merges left out) touching ``paths``, oldest first."""
        if not paths:
            return []
        out = self._git(
            [
                "log",
                "--no-merges",
                "--reverse",
                "--format=%H%x00%P%x00%an%x00%B%x01",
                "--end-of-options",
                f"{treeish(base)}..{treeish(head)}",
                "--",
                *[f":(literal){path}" for path in paths],
            ]
        ).stdout.decode(errors="replace")
        commits = []
        for record in out.split("\x01"):
            fields = record.strip("\n").split("\x00", 3)
            if len(fields) == 4 and is_sha(fields[0]):
                parents = fields[1].split()
                commits.append(
                    CommitInfo(
                        fields[0], parents[0] if parents else EMPTY_TREE, fields[2], fields[3]
                    )
                )
        return commits

    def diff_hunks(self, old: str, new: str, paths: Sequence[str]) -> dict[str, list[Hunk]]:
        """The ``git diff -U0 old new`` hunks of ``paths``, by path (paths unchanged: absent)."""
        if not paths:
            return {}
        out = self._git(
            [
                "-c",
                "core.quotePath=false",
                "diff",
                "-U0",
                "--no-renames",
                "--no-ext-diff",
                "--no-textconv",
                "--no-color",
                treeish(old),
                treeish(new),
                "--",
                *[f":(literal){path}" for path in paths],
            ]
        )
        return parse_hunks(out.stdout.decode(errors="surrogateescape"))


def _redact(message: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret:
            message = message.replace(secret, REDACTED)
    return message


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree: a root's "parent"
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    parent: str  # the first parent, or the empty tree for a root commit
    author: str
    message: str


@dataclass(frozen=True)
class Hunk:
    """One ``-U0`` hunk: ``count`` lines from ``start`` replaced (0: an insertion after it)."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int


def parse_hunks(diff: str) -> dict[str, list[Hunk]]:
    r"""Hunks per path (the ``+++ b/`` side) of a unified diff.

    >>> found = parse_hunks("+++ b/a.xml\n@@ -3 +3,2 @@\n-x\n+y\n+z\n@@ -9,2 +10,0 @@\n")
    >>> [(h.old_start, h.old_count, h.new_start, h.new_count) for h in found["a.xml"]]
    [(3, 1, 3, 2), (9, 2, 10, 0)]
    """
    hunks: dict[str, list[Hunk]] = {}
    path: str | None = None
    for line in diff.split("\n"):
        if line.startswith("+++ "):
            name = line[4:]
            path = name[2:] if name.startswith("b/") else None
            if path is not None:
                hunks.setdefault(path, [])
        elif line.startswith("@@ ") and path is not None:
            match = _HUNK.match(line)
            if match:
                a, b, c, d = match.groups()
                hunks[path].append(
                    Hunk(int(a), 1 if b is None else int(b), int(c), 1 if d is None else int(d))
                )
    return hunks
