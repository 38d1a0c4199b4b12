from __future__ import annotations

from .helpers import make_world


def test_pull_through_pygithub(sandbox) -> None:
    world = make_world(sandbox.client, {"a.txt": "one\n", "b.txt": "two\n"})
    sandbox.client.push(world.repo, "feature", {"a.txt": "uno\n", "c.txt": "three\n"})
    gh = world.as_user()
    repo = gh.get_repo(world.repo)
    pull = repo.create_pull(title="T", body="B", head="feature", base="main")
    app_gh = world.as_app()
    prepo = app_gh.get_repo(world.repo)
    p = prepo.get_pull(pull.number)
    files = list(p.get_files())
    assert sorted(f.filename for f in files) == ["a.txt", "c.txt"]
