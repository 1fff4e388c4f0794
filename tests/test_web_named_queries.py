"""Every named query has an address: ``/queries/<name>?param=value`` answers it as ``/sparql``
would, with the values bound, time-limited; ``/queries`` lists them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient

from samverkan.config import Settings
from samverkan.queries import NamedQuery, load_queries
from samverkan.storage import OxigraphStore

QUERIES = Path(__file__).resolve().parents[1] / "queries"
SPARQL_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def named(settings: Settings) -> dict[str, NamedQuery]:
    return load_queries(settings.queries_dir)


def as_text(rows: list[dict[str, object]]) -> list[frozenset[tuple[str, str]]]:
    """Rows as sets of (variable, value as text), in order, for comparing answers."""
    return [frozenset((name, str(value)) for name, value in row.items()) for row in rows]


@pytest.mark.parametrize("name", sorted(load_queries(QUERIES)))
def test_each_named_query_answers_at_its_address_as_with_bindings(
    client: FlaskClient, store: OxigraphStore, named: dict[str, NamedQuery], name: str
) -> None:
    query = named[name]
    values = {p.name: p.example for p in query.parameters}
    response = client.get(f"/queries/{name}?{urlencode(values)}", headers=SPARQL_JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/sparql-results+json"
    answered = [
        {variable: cell["value"] for variable, cell in row.items()}
        for row in response.get_json()["results"]["bindings"]
    ]
    expected = store.select(query.text(), query.bindings(values)).rows
    assert as_text(answered) == as_text(expected)  # type: ignore[arg-type]


def test_the_answer_format_is_negotiated_as_at_the_endpoint(client: FlaskClient) -> None:
    actor = "https://samverkan.example.org/id/kivra"
    csv = client.get(f"/queries/actor-inventory?actor={actor}&format=csv")
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).splitlines()[0].startswith("actor,type,item")


def test_a_missing_or_mistyped_value_is_refused_in_words(client: FlaskClient) -> None:
    missing = client.get("/queries/actor-inventory", headers=SPARQL_JSON)
    assert missing.status_code == 400
    assert "needs a value for ?actor" in missing.get_data(as_text=True)
    hostile = client.get("/queries/actor-inventory?actor=x> } DROP ALL {", headers=SPARQL_JSON)
    assert hostile.status_code == 400


def test_an_unknown_query_is_not_found_and_the_known_ones_are_named(client: FlaskClient) -> None:
    response = client.get("/queries/no-such-query")
    assert response.status_code == 404
    assert "actor-inventory" in response.get_data(as_text=True)


def test_the_listing_gives_every_query_its_address_and_parameters(
    client: FlaskClient, named: dict[str, NamedQuery]
) -> None:
    listed = {q["name"]: q for q in client.get("/queries").get_json()["queries"]}
    assert set(listed) == set(named)
    inventory = listed["actor-inventory"]
    assert inventory["address"].endswith("/queries/actor-inventory")
    assert [p["name"] for p in inventory["parameters"]] == ["actor"]
