"""Pages of long lists: no HTML page shows more than :data:`ROWS` rows of one table.

A list is cut on the server (the rest is never rendered); ``?<name>=N`` picks the page, and
the links to the other pages keep every other argument of the request (filters, language).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from flask import request

from samverkan.errors import InputError
from samverkan.messages import message

#: Rows one table of a page shows at most.
ROWS = 200

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, which page it is, and how many rows there are in all."""

    rows: Sequence[T]
    number: int
    pages: int
    total: int
    name: str = "page"

    @property
    def first(self) -> int:
        """Return the position (from 1) of the page's first row among all."""
        return (self.number - 1) * ROWS + 1 if self.total else 0

    def url(self, number: int) -> str:
        """Return this request's address showing page ``number``, other arguments kept."""
        args = [(k, v) for k, v in request.args.items(multi=True) if k != self.name and v]
        args.append((self.name, str(number)))
        return f"{request.path}?{urlencode(args)}"


def parse_page(raw: str | None) -> int:
    """Read ``?page=``: a whole number from 1 up."""
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or int(raw) < 1:
        raise InputError(message("page_not_a_number", raw=raw))
    return int(raw)


def count_pages(total: int) -> int:
    """Return how many pages ``total`` rows take (one, empty, for none)."""
    return max(1, -(-total // ROWS))


def asked(name: str = "page") -> int:
    """Return the page the request asks for with ``?<name>=`` (1 when it does not)."""
    return parse_page(request.args.get(name))


def page_of(rows: Sequence[T], name: str = "page") -> Page[T]:
    """Return the page of ``rows`` the request asks for (the last one when it asks beyond)."""
    pages = count_pages(len(rows))
    number = min(asked(name), pages)
    start = (number - 1) * ROWS
    return Page(rows[start : start + ROWS], number, pages, len(rows), name)
