"""Page slicing and Link headers formatted exactly as GitHub formats them, and a JSON
response carrying one page with its Link header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from flask import Response, jsonify, request

from sandbox.errors import ApiError

T = TypeVar("T")

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page


def parse_page(args: dict[str, str]) -> Page:
    try:
        number = int(args.get("page", "1") or 1)
        per_page = int(args.get("per_page", str(DEFAULT_PER_PAGE)) or DEFAULT_PER_PAGE)
    except ValueError:
        raise ApiError(422, "Invalid pagination parameters") from None
    return Page(max(number, 1), min(max(per_page, 1), MAX_PER_PAGE))


def page_slice(items: Sequence[T], page: Page) -> list[T]:
    return list(items[page.offset : page.offset + page.per_page])


def json_page(body: object, base_url: str, page: Page, total: int) -> Response:
    """``body`` (one page of ``total`` items) as JSON, with the Link header for this
    request's query."""
    response = jsonify(body)
    link = link_header(base_url, list(request.args.items(multi=True)), page, total)
    if link:
        response.headers["Link"] = link
    return response


def link_header(base_url: str, query: list[tuple[str, str]], page: Page, total: int) -> str | None:
    """GitHub's ``Link`` header: ``prev``, ``next``, ``last``, ``first`` in that order.

    >>> link_header("http://h/api/v3/x", [("per_page", "2")], Page(2, 2), 7)
    '<http://h/api/v3/x?per_page=2&page=1>; rel="prev", <http://h/api/v3/x?per_page=2&page=3>; \
rel="next", <http://h/api/v3/x?per_page=2&page=4>; rel="last", \
<http://h/api/v3/x?per_page=2&page=1>; rel="first"'
    >>> link_header("http://h/x", [], Page(1, 30), 30) is None
    True
    """
    last = max((total + page.per_page - 1) // page.per_page, 1)
    kept = [(key, value) for key, value in query if key != "page"]

    def url(number: int) -> str:
        return f"{base_url}?{urlencode([*kept, ('page', str(number))])}"

    links = []
    if page.number > 1:
        links.append(f'<{url(min(page.number - 1, last))}>; rel="prev"')
    if page.number < last:
        links.append(f'<{url(page.number + 1)}>; rel="next"')
        links.append(f'<{url(last)}>; rel="last"')
    if page.number > 1:
        links.append(f'<{url(1)}>; rel="first"')
    return ", ".join(links) or None
