"""Every ``url`` field, built from the request's scheme, host, port and script prefix."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import request

from sandbox.settings import API_PREFIX


@dataclass(frozen=True)
class Urls:
    """The API root (``…/api/v3``) and the web root the request came in on."""

    web: str
    api: str

    @classmethod
    def from_request(cls) -> Urls:
        web = f"{request.scheme}://{request.host}{request.script_root}"
        return cls(web=web, api=web + API_PREFIX)

    def user(self, login: str) -> str:
        return f"{self.api}/users/{login}"

    def user_html(self, login: str) -> str:
        return f"{self.web}/{login}"

    def repo(self, full_name: str) -> str:
        return f"{self.api}/repos/{full_name}"

    def repo_html(self, full_name: str) -> str:
        return f"{self.web}/{full_name}"

    def repo_id(self, repo_id: int) -> str:
        return f"{self.api}/repositories/{repo_id}"


def quote_path(path: str) -> str:
    return quote(path, safe="/")
