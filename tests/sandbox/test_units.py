"""Pure parts: git diff parsing, rate-limit windows, fault matching, route templates."""

from __future__ import annotations

from pathlib import Path

from sandbox.faults import FaultBook
from sandbox.gitrepo import GitRepo, Person, TreeChange, _parse_numstat, _parse_raw
from sandbox.pipeline import route_template
from sandbox.ratelimit import RateLimiter


def test_raw_and_numstat_parsing_handles_renames_and_binaries() -> None:
    raw = (
        ":100644 100644 aaa bbb M\0a.txt\0:100644 100644 ccc ccc R100\0old.txt\0new.txt\0"
        ":000000 100644 000 ddd A\0b.bin\0"
    )
    assert _parse_raw(raw) == [
        ("M", "aaa", "bbb", "a.txt", "a.txt"),
        ("R100", "ccc", "ccc", "old.txt", "new.txt"),
        ("A", "000", "ddd", "b.bin", "b.bin"),
    ]
    numstat = "\t".join(
        ["1", "2", "a.txt\x000", "0", "\x00old.txt\x00new.txt\x00-", "-", "b.bin\x00"]
    )
    assert _parse_numstat(numstat) == [(1, 2), (0, 0), (0, 0)]


def test_git_repo_round_trip(tmp_path: Path) -> None:
    git = GitRepo(tmp_path / "r.git")
    git.init("main")
    assert git.is_empty()
    first, second = git.hash_blobs([b"one\n", b"two\n"])
    tree = git.write_tree(
        None, [TreeChange("a/one.txt", "100644", first), TreeChange("two.txt", "100644", second)]
    )
    person = Person("A", "a@example.com", 1_700_000_000)
    root = git.commit_tree(tree, [], "root", person, person)
    assert git.update_ref("refs/heads/main", root, None)
    assert not git.update_ref("refs/heads/main", root, None)  # exists: the swap fails
    pruned = git.write_tree(tree, [TreeChange("a", "040000", None, "tree")])
    assert [e.path for e in git.ls_tree(pruned, recursive=True)] == ["two.txt"]
    child = git.commit_tree(pruned, [root], "prune", person, person)
    assert git.is_ancestor(root, child) and not git.is_ancestor(child, root)
    assert [c.status for c in git.diff(root, child)] == ["removed"]
    assert git.read_commit(child).parents == (root,)
    assert git.resolve_commitish("main") == root and git.resolve_commitish("nope") is None


def test_rate_limiter_windows() -> None:
    limiter = RateLimiter(limit=2, window_seconds=10)
    states = [limiter.consume("k", now=100.0 + i) for i in range(3)]
    assert [s.exceeded for s in states] == [False, False, True]
    assert states[-1].remaining == 0 and states[-1].reset == 110
    assert not limiter.consume("k", now=110.0).exceeded
    assert not limiter.consume("other", now=101.0).exceeded


def test_faults_match_by_method_and_route_and_run_out() -> None:
    book = FaultBook()
    book.add({"kind": "error", "status": 500, "method": "post", "route": "/x", "times": 2})
    assert book.take("GET", "/x") is None
    assert [book.take("POST", "/x") is not None for _ in range(3)] == [True, True, False]
    forever = book.add({"kind": "secondary", "times": None, "retry_after": 3})
    assert book.take("GET", "/y") is forever and forever.headers() == {"Retry-After": "3"}
    assert book.take("GET", "/y") is forever


def test_route_templates_fold_repository_ids() -> None:
    assert route_template("/api/v3/repos/<owner>/<repo>/git/ref/<path:ref>") == (
        "/repos/{owner}/{repo}/git/ref/{ref}"
    )
    assert route_template(None) == "unmatched"
