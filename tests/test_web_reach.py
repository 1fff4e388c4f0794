"""An item's place in the chains: every service a life event reaches is one click away.

The expected services come from a plain SPARQL query over the asserted links (property
paths, no use of the reasoner's closure), so the page's query is checked against another
way of reading the same chains.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from samverkan.namespaces import CANONICAL_BASE, ID
from samverkan.storage import OxigraphStore
from samverkan.web.catalog import reach

#: Down the process column from a life event, by the asserted links either way.
DOWN = (
    "(^sam:realisesEvent|sam:realisedByProcess|^sam:partOfProcess|sam:hasActivity"
    "|^sam:actionInEvent|sam:hasCustomerAction)*"
)
EXPECTED = f"""
PREFIX sam: <https://samverkan.example.org/def/samverkan#>
SELECT DISTINCT ?service WHERE {{
  ?event a sam:LifeEvent .
  ?event {DOWN} ?step .
  {{ ?service sam:supports ?step }} UNION {{ ?step sam:supportedBy ?service }}
}}
"""
UP = "(sam:realisesService|^sam:realisedByService)+"
ALONG = f"""
PREFIX sam: <https://samverkan.example.org/def/samverkan#>
SELECT DISTINCT ?other WHERE {{
  {{ ?service {UP} ?other }} UNION {{ ?other {UP} ?service }}
}}
"""
LIFE_EVENTS = ["digg/life-event/having-a-baby", "digg/life-event/moving-house"]


def _services(store: OxigraphStore, event: str) -> set[str]:
    """Return the services supporting the event's chain, and their services up and down."""
    direct = {str(row["service"]) for row in store.select(EXPECTED, {"event": ID[event]}).rows}
    found = set(direct)
    for service in direct:
        rows = store.select(ALONG, {"service": ID[service.removeprefix(str(ID))]}).rows
        found |= {str(row["other"]) for row in rows}
    return found


def _local(iri: str) -> str:
    return "/" + iri.removeprefix(CANONICAL_BASE)


def _chain_links(html: str) -> set[str]:
    section = html[html.index('class="chains"') : html.index('class="traceability"')]
    return set(re.findall(r'href="(/id/[^"?#]+)', section))


@pytest.mark.parametrize("event", LIFE_EVENTS)
def test_every_service_of_a_life_event_is_a_link_on_its_page(
    client: FlaskClient, store: OxigraphStore, event: str
) -> None:
    expected = _services(store, event)
    assert len(expected) >= 3, "the example federation gives the life event services"
    page = client.get(f"/id/{event}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    links = _chain_links(page.get_data(as_text=True))
    missing = {
        s for s in expected if "/" + s.removeprefix("https://samverkan.example.org/") not in links
    }
    assert not missing, f"services the page does not link: {sorted(missing)}"


def test_a_service_page_shows_the_process_and_information_chains(
    client: FlaskClient, store: OxigraphStore
) -> None:
    rows = store.select(
        "PREFIX sam: <https://samverkan.example.org/def/samverkan#>\n"
        "SELECT ?step ?info WHERE { ?service sam:supports ?step . "
        "OPTIONAL { ?service sam:carriesInformation ?info } }",
        {"service": ID["skatteverket/service/navet"]},
    ).rows
    assert rows
    page = client.get("/id/skatteverket/service/navet", headers={"Accept": "text/html"})
    links = _chain_links(page.get_data(as_text=True))
    for row in rows:
        for key in ("step", "info"):
            if key in row:
                assert _local(str(row[key])) in links


def test_a_long_level_shows_its_first_items_and_says_how_many_there_are(
    client: FlaskClient, store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reach, "SHOWN", 2)
    page = client.get(f"/id/{LIFE_EVENTS[0]}?lang=en", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    section = html[html.index('class="chains"') : html.index('class="traceability"')]
    expected = _services(store, LIFE_EVENTS[0])
    assert len(re.findall(r"<li[ >]", section)) <= 2 * 15
    assert re.search(r"Showing 2 of (\d+)", section)
    assert len(_chain_links(html)) < len(expected)
