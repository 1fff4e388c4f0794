"""The HTML pages: home, catalog listings (paging and filters), actors, language, escaping.

Counts and listings are checked against the store, queried here independently of the
web layer's own queries.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from rdflib import URIRef

from samverkan.config import Settings
from samverkan.namespaces import ID, SAM
from samverkan.storage import OxigraphStore

HTML = {"Accept": "text/html"}
CATALOGS = {
    "process": SAM.ProcessCatalog,
    "information-exchange": SAM.InformationExchangeCatalog,
    "service": SAM.ServiceCatalog,
    "assignment": SAM.AssignmentCatalog,
}
PREFIXES = f"""
PREFIX sam: <{SAM}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


def get(client: FlaskClient, path: str, **headers: str) -> str:
    response = client.get(path, headers={**HTML, **headers})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def listed_items(html: str) -> list[str]:
    """Return the items of a catalog listing page, in order."""
    return re.findall(r'<tr data-item="([^"]+)">', html)


def total(html: str) -> int:
    found = re.search(r'data-total="(\d+)"', html)
    assert found
    return int(found.group(1))


def entries_of(store: OxigraphStore, catalog_class: URIRef) -> dict[str, dict[str, object]]:
    """Return each item listed in the catalog of a class, with its owner and labels."""
    rows = store.select(
        PREFIXES
        + """
        SELECT ?class ?item ?owner ?label WHERE {
          ?catalog a ?class . ?entry sam:listedIn ?catalog ; foaf:primaryTopic ?item .
          ?item sam:owner ?owner ; rdfs:label ?label .
        }""",
        {"class": catalog_class},
    ).rows
    items: dict[str, dict[str, object]] = {}
    for row in rows:
        found = items.setdefault(str(row["item"]), {"owner": str(row["owner"]), "labels": []})
        found["labels"].append(str(row["label"]))  # type: ignore[attr-defined]
    return items


# ---------------------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------------------


def test_home_shows_each_catalog_with_its_entry_count(
    client: FlaskClient, store: OxigraphStore
) -> None:
    page = get(client, "/")
    for slug, catalog_class in CATALOGS.items():
        expected = len(entries_of(store, catalog_class))
        assert f'<span class="count" data-catalog="{slug}">{expected}</span>' in page
        assert f'href="/catalogs/{slug}"' in page


def test_home_counts_the_items_of_each_class_as_the_store_does(
    client: FlaskClient, store: OxigraphStore
) -> None:
    page = get(client, "/")
    shown = {m[0]: int(m[1]) for m in re.findall(r'data-class="([^"]+)">(\d+)<', page)}
    assert len(shown) > 20
    for cls, count in shown.items():
        items = store.select(
            "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class",
            {"class": URIRef(cls)},
        ).column("n")
        assert int(str(items[0])) == count, cls
    assert shown[str(SAM.Activity)] == 40  # the example federation's README says so


def test_home_lists_the_actors_and_links_to_the_linked_data(
    client: FlaskClient, store: OxigraphStore
) -> None:
    page = get(client, "/")
    actors = store.select(PREFIXES + "SELECT ?x WHERE { ?x a sam:Actor }").column("x")
    for actor in actors:
        assert f'href="/{str(actor).removeprefix("https://samverkan.example.org/")}"' in page
    for target in ("/def/samverkan", "/def/shapes", "/.well-known/void", "/catalog", "/dumps/"):
        assert f'href="{target}"' in page
    # The quick query goes to the query page, which answers it as a table
    # (tests/test_web_query_answers.py).
    assert '<form method="get" action="/query"' in page
    assert 'name="query"' in page


def test_every_page_offers_both_languages_and_the_navigation(client: FlaskClient) -> None:
    page = get(client, "/catalogs/service?page=2")
    assert 'href="/catalogs/service?page=2&amp;lang=sv"' in page
    assert 'href="/catalogs/service?page=2&amp;lang=en"' in page
    catalogs = [f"/catalogs/{slug}" for slug in CATALOGS]
    for target in ["/", "/actors", "/sparql", "/def/samverkan", *catalogs]:
        assert f'href="{target}"' in page


@pytest.mark.parametrize(("lang", "word"), [("sv", "Tjänstekatalog"), ("en", "Service catalog")])
def test_the_interface_speaks_the_chosen_language(
    client: FlaskClient, lang: str, word: str
) -> None:
    assert word in get(client, f"/?lang={lang}")
    assert word in get(client, "/", **{"Accept-Language": lang})


def test_an_unknown_language_falls_back_without_error(client: FlaskClient) -> None:
    page = get(client, "/?lang=xx", **{"Accept-Language": "de"})
    assert '<html lang="en">' in page


# ---------------------------------------------------------------------------------------
# Catalog listings
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", list(CATALOGS))
def test_a_listing_pages_through_every_entry_of_the_catalog(
    client: FlaskClient, store: OxigraphStore, settings: Settings, slug: str
) -> None:
    expected = entries_of(store, CATALOGS[slug])
    first = get(client, f"/catalogs/{slug}")
    assert total(first) == len(expected)
    pages = -(-len(expected) // settings.page_size)
    seen: list[str] = []
    for page in range(1, pages + 1):
        items = listed_items(get(client, f"/catalogs/{slug}?page={page}"))
        assert len(items) == min(settings.page_size, len(expected) - len(seen))
        seen += items
    assert sorted(seen) == sorted(expected)


def test_a_listing_links_each_item_its_kind_and_owner(client: FlaskClient) -> None:
    page = get(client, "/catalogs/service?q=navet&lang=en")
    row = page[page.index(f'<tr data-item="{ID["skatteverket/service/navet"]}">') :]
    row = row[: row.index("</tr>")]
    assert 'href="/id/skatteverket/service/navet?lang=en"' in row
    assert 'href="/def/samverkan?lang=en#RealisedService"' in row
    assert 'href="/id/skatteverket?lang=en"' in row


def test_the_actor_filter_keeps_the_actors_entries_only(
    client: FlaskClient, store: OxigraphStore
) -> None:
    expected = {
        item
        for item, found in entries_of(store, SAM.ServiceCatalog).items()
        if found["owner"] == str(ID.skatteverket)
    }
    page = get(client, f"/catalogs/service?actor={quote(str(ID.skatteverket))}")
    assert set(listed_items(page)) == expected
    assert total(page) == len(expected) < len(entries_of(store, SAM.ServiceCatalog))
    assert f'<option value="{ID.skatteverket}" selected>' in page


@pytest.mark.parametrize("text", ["navet", "NAVET", "tjänst", "Service"])
def test_the_text_filter_matches_names_in_either_language_ignoring_case(
    client: FlaskClient, store: OxigraphStore, text: str
) -> None:
    expected = {
        item
        for item, found in entries_of(store, SAM.ServiceCatalog).items()
        if any(text.lower() in label.lower() for label in found["labels"])  # type: ignore[attr-defined]
    }
    page = get(client, f"/catalogs/service?q={quote(text)}")
    assert expected
    assert set(listed_items(page)) == expected


def test_both_filters_together_narrow_further(client: FlaskClient) -> None:
    page = get(client, f"/catalogs/service?q=navet&actor={quote(str(ID['uppsala-kommun']))}")
    assert listed_items(page) == [str(ID["uppsala-kommun/service/resident-import-from-navet"])]


def test_a_filter_matching_nothing_says_so(client: FlaskClient) -> None:
    page = get(client, "/catalogs/process?q=zzzz-nothing&lang=en")
    assert total(page) == 0
    assert "No entries match." in page


def test_paging_links_keep_the_filters(client: FlaskClient) -> None:
    page = get(client, "/catalogs/service?q=e&lang=sv")
    assert total(page) > 25
    assert 'rel="next" href="/catalogs/service?q=e&amp;lang=sv&amp;page=2&amp;after=' in page


@pytest.mark.parametrize("slug", list(CATALOGS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_following_the_next_links_gives_the_pages_by_number(
    client: FlaskClient, slug: str, lang: str
) -> None:
    """The keyset pages (``after``, from the next links and the Link header) are the pages
    that the page numbers give, in the same order."""
    address: str | None = f"/catalogs/{slug}?lang={lang}"
    number = 0
    while address:
        number += 1
        response = client.get(address)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        by_number = get(client, f"/catalogs/{slug}?lang={lang}&page={number}")
        assert listed_items(page) == listed_items(by_number)
        link = response.headers.get("Link")
        address = link[1 : link.index(">")] if link else None
        assert number < 100
    assert number == -(-total(page) // 25) or total(page) == 0


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "%20"])
def test_a_malformed_page_number_is_a_400(client: FlaskClient, page: str) -> None:
    response = client.get(f"/catalogs/service?page={page}", headers={"Accept": "text/plain"})
    assert response.status_code == 400
    assert "page must be a whole number" in response.get_data(as_text=True)


def test_a_page_past_the_end_is_a_404(client: FlaskClient) -> None:
    response = client.get("/catalogs/assignment?page=99", headers={"Accept": "text/plain"})
    assert response.status_code == 404
    assert "last page" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "actor", ["not an iri", str(ID.nobody), str(ID["digg/service/mina-ombud"])]
)
def test_an_unknown_actor_is_a_400(client: FlaskClient, actor: str) -> None:
    response = client.get(
        f"/catalogs/service?actor={quote(actor)}", headers={"Accept": "text/plain"}
    )
    assert response.status_code == 400
    assert "actor must be the IRI of one of the federation's actors" in response.get_data(
        as_text=True
    )


def test_an_unknown_catalog_is_a_404(client: FlaskClient) -> None:
    response = client.get("/catalogs/recipes", headers=HTML)
    assert response.status_code == 404
    assert "process, information-exchange, service, assignment" in response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------
# Escaping, actors, the catalogs index
# ---------------------------------------------------------------------------------------


def test_request_input_comes_back_escaped(client: FlaskClient) -> None:
    attack = '<script>alert("x")</script>'
    page = get(client, f"/catalogs/service?q={quote(attack)}")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_an_unknown_iri_is_escaped_on_the_404_page(client: FlaskClient) -> None:
    response = client.get("/id/%3Cscript%3Ealert(1)%3C/script%3E", headers=HTML)
    assert response.status_code == 404
    assert "<script>" not in response.get_data(as_text=True)


def test_the_actors_page_lists_every_actor(client: FlaskClient, store: OxigraphStore) -> None:
    page = get(client, "/actors?lang=sv")
    actors = store.select(PREFIXES + "SELECT ?x WHERE { ?x a sam:Actor }").column("x")
    for actor in actors:
        path = "/" + str(actor).removeprefix("https://samverkan.example.org/")
        assert f'href="{path}?lang=sv"' in page


def test_the_catalogs_page_lists_the_four_catalogs(client: FlaskClient) -> None:
    page = get(client, "/catalogs")
    assert re.findall(r'data-catalog="([^"]+)"', page) == list(CATALOGS)
