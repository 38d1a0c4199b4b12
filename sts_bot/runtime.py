"""What a worker or web process builds once from its settings: store, GitHub app, git cache."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from appkit.database import make_engine, make_session_factory
from sts_bot.gitcache import GitCache
from sts_bot.github import GitHubApp
from sts_bot.settings import Settings
from sts_bot.store import Store

__all__ = ["Runtime", "runtime"]


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    store: Store
    github: GitHubApp
    git: GitCache

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        key_path = settings.github_private_key_path
        private_key = Path(key_path).read_text(encoding="ascii") if key_path else ""
        return cls(
            settings=settings,
            store=Store(make_session_factory(make_engine(settings.database_url))),
            github=GitHubApp(
                settings.github_api_url,
                settings.github_app_id,
                private_key,
                throttle_seconds=settings.github_throttle_seconds,
            ),
            git=GitCache(settings.git_cache_dir),
        )


@functools.cache
def runtime() -> Runtime:
    """The process's runtime, built on first use from the environment (never at import)."""
    return Runtime.build(Settings.from_env())
