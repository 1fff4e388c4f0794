"""Browse by type: the home page's counts lead to the lists they count, paged."""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Flask
from flask.testing import FlaskClient
from rdflib import URIRef

from samverkan.config import Settings
from samverkan.storage import OxigraphStore
from samverkan.web import create_app

COUNT = re.compile(
    r'<a href="(/types/\w+)">[^<]*</a> <span class="count" data-class="([^"]+)">(\d+)'
)


def _html(client: FlaskClient, path: str) -> str:
    answer = client.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == 200, path
    return answer.get_data(as_text=True)


def test_every_count_on_the_home_page_links_to_a_list_of_as_many_items(
    client: FlaskClient, store: OxigraphStore
) -> None:
    counts = COUNT.findall(_html(client, "/"))
    assert len(counts) >= 9, "the metamodel's nine classes at least"
    for path, cls, count in counts:
        listing = _html(client, path)
        assert f'data-total="{count}"' in listing, path
        asked = store.select(
            "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a ?c FILTER isIRI(?i) }",
            {"c": URIRef(cls)},
        ).rows
        assert int(str(asked[0]["n"])) == int(count)


def test_a_type_listing_is_paged_and_every_item_is_listed_once(
    settings: Settings, store: OxigraphStore
) -> None:
    app: Flask = create_app({"TESTING": True}, settings=replace(settings, page_size=7), store=store)
    client = app.test_client()
    first = _html(client, "/types/Service")
    total = int(re.search(r'data-total="(\d+)"', first).group(1))  # type: ignore[union-attr]
    pages = -(-total // 7)
    assert pages > 1
    seen: list[str] = []
    for page in range(1, pages + 1):
        html = _html(client, f"/types/Service?page={page}")
        rows = re.findall(r'<tr data-item="([^"]+)"', html)
        assert len(rows) <= 7
        seen += rows
    assert len(seen) == len(set(seen)) == total
    assert client.get(f"/types/Service?page={pages + 1}").status_code == 404


def test_an_unknown_type_is_404_saying_where_the_types_are(client: FlaskClient) -> None:
    answer = client.get("/types/NoSuchClass", headers={"Accept": "text/html"})
    assert answer.status_code == 404
    assert "/types" in answer.get_data(as_text=True)
