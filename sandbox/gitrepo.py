"""The one choke point that runs real ``git`` against the sandbox's bare repositories."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ZERO_SHA = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_SHA = re.compile(r"^[0-9a-f]{40}$")
_SAFE_REF = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/@+-]+$")


class GitError(RuntimeError):
    """git exited with an error."""


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    timestamp: int
    offset: str = "+0000"


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    tree: str
    parents: tuple[str, ...]
    author: Person
    committer: Person
    message: str


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    type: str
    sha: str
    size: int | None
    path: str


@dataclass(frozen=True)
class TreeChange:
    """One entry of a tree to write: a blob or tree ``sha`` at ``path``, or ``None`` to delete."""

    path: str
    mode: str
    sha: str | None
    type: str = "blob"


@dataclass(frozen=True)
class FileChange:
    filename: str
    status: str
    sha: str
    additions: int
    deletions: int
    previous_filename: str | None
    patch: str | None


_STATUS = {
    "A": "added",
    "D": "removed",
    "M": "modified",
    "R": "renamed",
    "C": "copied",
    "T": "changed",
}


def is_sha(value: str) -> bool:
    return bool(_SHA.match(value))


def safe_ref_name(name: str) -> bool:
    return bool(_SAFE_REF.match(name)) and not name.endswith((".lock", "/", "."))


class GitRepo:
    """A bare repository on disk; every method is one or a few ``git`` invocations."""

    def __init__(self, path: Path) -> None:
        self.path = path

    # -- plumbing -----------------------------------------------------------------------------
    def run(
        self,
        *args: str,
        stdin: bytes | None = None,
        env: dict[str, str] | None = None,
        check: bool = True,
    ) -> bytes:
        full_env = {
            **os.environ,
            "GIT_DIR": str(self.path),
            "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            **(env or {}),
        }
        result = subprocess.run(
            ["git", *args], input=stdin, capture_output=True, env=full_env, check=False
        )
        if check and result.returncode != 0:
            raise GitError(f"git {args[0]}: {result.stderr.decode(errors='replace').strip()}")
        return result.stdout

    def init(self, default_branch: str) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["git", "init", "--quiet", "--bare", "-b", default_branch, str(self.path)],
            check=True,
            capture_output=True,
        )

    # -- objects --------------------------------------------------------------------------------
    def hash_blobs(self, contents: list[bytes]) -> list[str]:
        """Write many blobs with one ``git hash-object`` call."""
        if not contents:
            return []
        with tempfile.TemporaryDirectory() as scratch:
            paths = []
            for index, content in enumerate(contents):
                path = Path(scratch) / str(index)
                path.write_bytes(content)
                paths.append(str(path))
            out = self.run(
                "hash-object",
                "-w",
                "--no-filters",
                "--stdin-paths",
                stdin=("\n".join(paths) + "\n").encode(),
            )
        return out.decode().split()

    def object_type(self, sha: str) -> str | None:
        if not is_sha(sha):
            return None
        out = self.run("cat-file", "-t", sha, check=False).decode().strip()
        return out or None

    def read_blob(self, sha: str) -> bytes:
        return self.run("cat-file", "blob", sha)

    def blob_size(self, sha: str) -> int:
        return int(self.run("cat-file", "-s", sha).decode().strip())

    def ls_tree(
        self, treeish: str, *, recursive: bool = False, path: str | None = None
    ) -> list[TreeEntry]:
        args = ["ls-tree", "-z", "-l"]
        if recursive:
            args += ["-r", "-t"]
        args.append(treeish)
        if path is not None:
            args += ["--", path]
        out = self.run(*args).decode(errors="surrogateescape")
        entries = []
        for record in out.split("\0"):
            if not record:
                continue
            meta, name = record.split("\t", 1)
            mode, kind, sha, size = meta.split()
            entries.append(TreeEntry(mode, kind, sha, None if size == "-" else int(size), name))
        return entries

    def write_tree(self, base_tree: str | None, changes: list[TreeChange]) -> str:
        """Apply ``changes`` to ``base_tree`` (or to an empty tree) in a scratch index."""
        with tempfile.TemporaryDirectory() as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            if base_tree:
                self.run("read-tree", base_tree, env=env)
            else:
                self.run("read-tree", "--empty", env=env)
            records = []
            for change in changes:
                records += self._index_removals(change.path, env)
                if change.sha is None:
                    records.append(f"0 {ZERO_SHA}\t{change.path}")
                elif change.type == "blob":
                    records.append(f"{change.mode} {change.sha}\t{change.path}")
            if records:
                self.run(
                    "update-index",
                    "-z",
                    "--index-info",
                    stdin=("\0".join(records) + "\0").encode(),
                    env=env,
                )
            for change in changes:
                if change.sha is not None and change.type == "tree":
                    self.run("read-tree", f"--prefix={change.path}/", change.sha, env=env)
            return self.run("write-tree", env=env).decode().strip()

    def _index_removals(self, path: str, env: dict[str, str]) -> list[str]:
        """Index records dropping whatever sits under ``path`` when it is a directory."""
        out = self.run("ls-files", "-z", "--", f"{path}/", env=env).decode()
        return [f"0 {ZERO_SHA}\t{name}" for name in out.split("\0") if name]

    def commit_tree(
        self, tree: str, parents: list[str], message: str, author: Person, committer: Person
    ) -> str:
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_AUTHOR_DATE": f"@{author.timestamp} {author.offset}",
            "GIT_COMMITTER_NAME": committer.name,
            "GIT_COMMITTER_EMAIL": committer.email,
            "GIT_COMMITTER_DATE": f"@{committer.timestamp} {committer.offset}",
        }
        return self.run(*args, stdin=message.encode(), env=env).decode().strip()

    def read_commit(self, sha: str) -> CommitInfo:
        return _read_commit(self, sha)

    # -- refs -----------------------------------------------------------------------------------
    def resolve_ref(self, ref: str) -> str | None:
        """The sha a full ref (``refs/heads/main``) points at, read without spawning git."""
        if not safe_ref_name(ref):
            return None
        loose = self.path / ref
        try:
            return loose.read_text().strip() or None
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        packed = self.path / "packed-refs"
        if packed.exists():
            for line in packed.read_text().splitlines():
                parts = line.split(" ", 1)
                if len(parts) == 2 and parts[1] == ref:
                    return parts[0]
        return None

    def resolve_commitish(self, name: str) -> str | None:
        """A commit sha for a branch, tag, full ref or sha (``None`` when it names nothing)."""
        if is_sha(name):
            return name if self.object_type(name) == "commit" else None
        candidates = (
            [name] if name.startswith("refs/") else [f"refs/heads/{name}", f"refs/tags/{name}"]
        )
        for ref in candidates:
            sha = self.resolve_ref(ref)
            if sha:
                return sha
        return None

    def list_refs(self, prefix: str = "refs/") -> list[tuple[str, str]]:
        out = self.run("for-each-ref", "--format=%(refname) %(objectname)", prefix).decode()
        return [tuple(line.split(" ", 1)) for line in out.splitlines()]  # type: ignore[misc]

    def is_empty(self) -> bool:
        return not self.list_refs()

    def update_ref(self, ref: str, new: str, old: str | None) -> bool:
        """Atomic compare-and-swap: move ``ref`` to ``new`` only if it still points at ``old``."""
        expected = old or ZERO_SHA
        return self._succeeds("update-ref", ref, new, expected)

    def _succeeds(self, *args: str) -> bool:
        env = {**os.environ, "GIT_DIR": str(self.path), "LC_ALL": "C"}
        result = subprocess.run(["git", *args], capture_output=True, env=env, check=False)
        return result.returncode == 0

    def delete_ref(self, ref: str, old: str) -> bool:
        return self._succeeds("update-ref", "-d", ref, old)

    # -- history --------------------------------------------------------------------------------
    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        return _is_ancestor(self, ancestor, descendant)

    def merge_base(self, a: str, b: str) -> str | None:
        return _merge_base(self, a, b)

    def rev_list(self, base: str | None, head: str, limit: int = 250) -> list[str]:
        """Commits reachable from ``head`` and not from ``base``, oldest first."""
        return list(_rev_list(self, base, head, limit))

    def ahead_behind(self, base: str, head: str) -> tuple[int, int]:
        out = self.run("rev-list", "--left-right", "--count", f"{base}...{head}").decode()
        behind, ahead = out.split()
        return int(ahead), int(behind)

    def diff(self, base: str, head: str) -> list[FileChange]:
        return list(_diff(self, base, head))


# Git objects are immutable, so results keyed by repository path and shas can be cached.
def _key(repo: GitRepo) -> str:
    return str(repo.path)


@lru_cache(maxsize=2048)
def _read_commit_cached(path: str, sha: str) -> CommitInfo:
    raw = GitRepo(Path(path)).run("cat-file", "commit", sha).decode(errors="replace")
    header, _, message = raw.partition("\n\n")
    tree, parents, people = "", [], {}
    for line in header.splitlines():
        key, _, value = line.partition(" ")
        if key == "tree":
            tree = value
        elif key == "parent":
            parents.append(value)
        elif key in ("author", "committer"):
            people[key] = _parse_person(value)
    return CommitInfo(sha, tree, tuple(parents), people["author"], people["committer"], message)


def _read_commit(repo: GitRepo, sha: str) -> CommitInfo:
    return _read_commit_cached(_key(repo), sha)


def _parse_person(value: str) -> Person:
    match = re.match(r"^(.*) <(.*)> (\d+) ([+-]\d{4})$", value)
    if not match:
        return Person("unknown", "unknown@example.com", 0)
    return Person(match[1], match[2], int(match[3]), match[4])


@lru_cache(maxsize=1024)
def _merge_base_cached(path: str, a: str, b: str) -> str | None:
    out = GitRepo(Path(path)).run("merge-base", a, b, check=False).decode().strip()
    return out or None


def _merge_base(repo: GitRepo, a: str, b: str) -> str | None:
    return _merge_base_cached(_key(repo), a, b)


@lru_cache(maxsize=1024)
def _is_ancestor_cached(path: str, a: str, b: str) -> bool:
    return GitRepo(Path(path))._succeeds("merge-base", "--is-ancestor", a, b)


def _is_ancestor(repo: GitRepo, a: str, b: str) -> bool:
    return _is_ancestor_cached(_key(repo), a, b)


@lru_cache(maxsize=1024)
def _rev_list_cached(path: str, base: str | None, head: str, limit: int) -> tuple[str, ...]:
    args = ["rev-list", "--reverse", f"--max-count={limit}", head]
    if base:
        args += ["--not", base]
    out = GitRepo(Path(path)).run(*args).decode()
    return tuple(out.split())


def _rev_list(repo: GitRepo, base: str | None, head: str, limit: int) -> tuple[str, ...]:
    return _rev_list_cached(_key(repo), base, head, limit)


@lru_cache(maxsize=256)
def _diff_cached(path: str, base: str, head: str) -> tuple[FileChange, ...]:
    repo = GitRepo(Path(path))
    common = ["-M", "--no-color", "--no-ext-diff", base, head]
    raw = repo.run("diff", "--raw", "-z", "--no-abbrev", *common).decode(errors="replace")
    numstat = repo.run("diff", "--numstat", "-z", *common).decode(errors="replace")
    patch = repo.run("diff", "--patch", *common).decode(errors="replace")
    counts = _parse_numstat(numstat)
    patches = _split_patches(patch)
    changes = []
    for index, (status, old_sha, new_sha, old_path, new_path) in enumerate(_parse_raw(raw)):
        additions, deletions = counts[index] if index < len(counts) else (0, 0)
        changes.append(
            FileChange(
                filename=new_path,
                status=_STATUS.get(status[0], "modified"),
                sha=old_sha if status[0] == "D" else new_sha,
                additions=additions,
                deletions=deletions,
                previous_filename=old_path if status[0] in "RC" else None,
                patch=patches[index] if index < len(patches) else None,
            )
        )
    return tuple(changes)


def _diff(repo: GitRepo, base: str, head: str) -> tuple[FileChange, ...]:
    return _diff_cached(_key(repo), base, head)


def _parse_raw(raw: str) -> list[tuple[str, str, str, str, str]]:
    fields = raw.split("\0")
    records, index = [], 0
    while index < len(fields) and fields[index]:
        meta = fields[index].lstrip(":").split()
        status = meta[4]
        if status[0] in "RC":
            old_path, new_path = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old_path = new_path = fields[index + 1]
            index += 2
        records.append((status, meta[2], meta[3], old_path, new_path))
    return records


def _parse_numstat(numstat: str) -> list[tuple[int, int]]:
    fields = numstat.split("\0")
    counts, index = [], 0
    while index < len(fields) and fields[index]:
        added, deleted, path = fields[index].split("\t", 2)
        index += 1 if path else 3
        counts.append((0 if added == "-" else int(added), 0 if deleted == "-" else int(deleted)))
    return counts


def _split_patches(patch: str) -> list[str | None]:
    """GitHub's ``patch`` per file: the hunks without the ``diff --git`` headers."""
    chunks = re.split(r"^diff --git .*\n", patch, flags=re.MULTILINE)[1:]
    result: list[str | None] = []
    for chunk in chunks:
        hunks = re.search(r"^@@", chunk, flags=re.MULTILINE)
        result.append(chunk[hunks.start() :].rstrip("\n") if hunks else None)
    return result
