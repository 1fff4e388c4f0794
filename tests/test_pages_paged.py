"""Every kind of HTML page, crawled from the home page of the example federation: no table
above 200 rows, no page above 500 KB."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from bench.htmlpages import MAX_BYTES, MAX_ROWS, links, page_kind, table_rows
from federations import KIVRA, TURTLE, Federation, described_anew, serving, turtle
from samverkan.config import Settings
from samverkan.namespaces import ID, SAM

#: Pages of one kind visited at most, and pages in all.
PER_KIND = 3
MOST = 400
#: Kinds of pages the crawl must reach (so that a broken link cannot make it pass quietly).
KINDS = {
    "/",
    "/catalogs",
    "/catalogs/*",
    "/actors",
    "/id/*",
    "/id/*/process/*",
    "/id/*/versions",
    "/id/*/version/*",
    "/def/samverkan",
    "/def/shapes",
    "/search",
    "/submit",
}
#: Pages that are not of this app's HTML (SPARQL answers, data downloads).
SKIPPED = ("/sparql", "/dumps", "/catalog/", "/.well-known", "/exports", "/static", "/queries")
#: Where the crawl starts: the home page, and a search (a form, so no link leads there).
STARTS = (
    "/?lang=en",
    "/catalogs?lang=en",
    "/search?q=digital&lang=en",
    "/search?q=tj%C3%A4nst&lang=sv",
)


def crawl(client: FlaskClient, starts: tuple[str, ...]) -> dict[str, tuple[int, list[int]]]:
    """Visit local HTML pages breadth first; return each page's size and table rows."""
    seen: dict[str, tuple[int, list[int]]] = {}
    kinds: Counter[str] = Counter()
    queue = deque(starts)
    while queue and len(seen) < MOST:
        address = queue.popleft()
        path = urlsplit(address).path
        if address in seen or kinds[page_kind(path)] >= PER_KIND:
            continue
        answer = client.get(address, headers={"Accept": "text/html"})
        if answer.status_code != 200 or answer.mimetype != "text/html":
            continue
        kinds[page_kind(path)] += 1
        html = answer.get_data(as_text=True)
        seen[address] = (len(answer.data), table_rows(html))
        for target in links(html):
            parts = urlsplit(target)
            if _followed(parts.netloc, parts.path, parts.query):
                queue.append(target.split("#", 1)[0])
    return seen


def test_every_kind_of_page_is_paged(client: FlaskClient) -> None:
    seen = crawl(client, STARTS)
    reached = {page_kind(urlsplit(address).path) for address in seen}
    assert reached >= KINDS, KINDS - reached
    too_big = {a: size for a, (size, _) in seen.items() if size > MAX_BYTES}
    too_long = {a: rows for a, (_, rows) in seen.items() if rows and max(rows) > MAX_ROWS}
    assert (too_big, too_long) == ({}, {})
    assert len(seen) > len(KINDS)


def _followed(netloc: str, path: str, query: str) -> bool:
    """Say whether the crawl follows a link: local HTML pages only."""
    local = not netloc and path.startswith("/") and path != "/catalog"
    return local and not path.startswith(SKIPPED) and "format=" not in query


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(state_copy) as served:
        yield served


def test_the_history_pages_are_paged(federation: Federation) -> None:
    for text in ("Kivra, second take.", "Kivra, third take."):
        answer = federation.client().post(
            f"/submissions/{KIVRA}",
            data=turtle(described_anew(federation.part(KIVRA), text)),
            content_type=TURTLE,
            headers=federation.auth(KIVRA, Accept="application/json"),
        )
        assert answer.status_code == 201
    seen = crawl(federation.client(), (f"/id/{KIVRA}/versions?lang=en",))
    reached = {page_kind(urlsplit(address).path) for address in seen}
    # /id/*/versions/* is the comparison of two versions.
    history = {"/id/*/versions/*", "/id/*/version/*/report", "/id/*/version/*/restore"}
    assert history <= reached, history - reached
    assert all(size <= MAX_BYTES and max(rows or [0]) <= MAX_ROWS for size, rows in seen.values())


def test_an_actor_page_lists_at_most_200_items_of_a_kind(federation: Federation) -> None:
    """An actor owning 250 processes: its page names 200 of them and says how many more."""
    many = Graph()
    for n in range(250):
        item = URIRef(f"{ID[KIVRA]}/process/many-{n:03d}")
        many.add((item, RDF.type, SAM.Process))
        many.add((item, RDFS.label, Literal(f"Process {n:03d}", lang="en")))
        many.add((ID[KIVRA], SAM.owns, item))
    federation.store.apply(replace={}, remove={}, add={federation.layout.inferred: many})
    page = (
        federation.client()
        .get(f"/id/{KIVRA}?lang=en", headers={"Accept": "text/html"})
        .get_data(as_text=True)
    )
    shown = len(re.findall(r'href="/id/kivra/process/many-\d+\?lang=en"', page))
    assert shown == 200
    assert "+50 more" in page
