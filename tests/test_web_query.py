"""The query page and its named-query examples (the browser side is in ``tests/browser/``).

The page offers every named query of ``queries/`` with its parameters; the text it puts in
the editor carries the values in a VALUES block written by Oxigraph. That text, run as it
is, must answer exactly what the named query answers with the values bound.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Literal, URIRef

from samverkan.config import Settings
from samverkan.namespaces import ID
from samverkan.queries import NamedQuery, load_queries
from samverkan.storage import OxigraphStore
from samverkan.storage.values import inject_values
from samverkan.web import create_app

QUERIES = Path(__file__).resolve().parents[1] / "queries"
HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def named(settings: Settings) -> dict[str, NamedQuery]:
    return load_queries(settings.queries_dir)


def example(client: FlaskClient, name: str, **values: str) -> dict[str, object]:
    response = client.get(f"/query/examples/{name}?{urlencode(values)}", headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, object] = response.get_json()
    return answer


def textarea(page: str) -> str:
    found = re.search(r'<textarea id="query" name="query"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found, "the plain form is on the page"
    return html.unescape(found.group(1))


# --- the page ------------------------------------------------------------------------------


def test_the_page_offers_every_named_query_with_its_parameters(
    client: FlaskClient, named: dict[str, NamedQuery]
) -> None:
    page = client.get("/query?lang=en", headers=HTML).get_data(as_text=True)
    for query in named.values():
        assert f'id="example-{query.name}"' in page
        for parameter in query.parameters:
            assert f'name="{parameter.name}" value="{parameter.example}"' in page


def test_the_page_loads_its_own_script_and_styles_only(client: FlaskClient) -> None:
    page = client.get("/query", headers=HTML).get_data(as_text=True)
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    paths = {script.partition("?")[0] for script in scripts}  # ?v=<hash>: web/assets.py
    assert "/static/query-page.js" in paths
    assert "/static/query.css" in paths
    assert not any("yasgui" in path for path in paths)
    assert all(s.startswith("/") and not s.startswith("//") for s in scripts), scripts
    for path in scripts:
        with client.get(path) as response:
            assert response.status_code == 200, path


def test_without_script_the_form_posts_to_the_page_which_shows_the_answer(
    client: FlaskClient,
) -> None:
    page = client.get("/query", headers=HTML).get_data(as_text=True)
    assert '<form id="query-form" class="query" method="post" action="/query"' in page
    assert '<label for="query">' in page
    answer = client.post("/query", data={"query": textarea(page)}, headers=HTML)
    assert answer.status_code == 200
    shown = answer.get_data(as_text=True)
    assert '<table class="answer-table">' in shown
    assert textarea(shown) == textarea(page), "the query stays in the form"


def test_a_chosen_query_comes_with_the_values_asked_for(client: FlaskClient) -> None:
    page = client.get(
        "/query", query_string={"name": "actor-inventory", "actor": str(ID.kivra)}, headers=HTML
    ).get_data(as_text=True)
    assert f"VALUES (?actor) {{ (<{ID.kivra}>) }}" in textarea(page)
    assert '<details class="example" id="example-actor-inventory" open>' in page
    assert "answer-table" not in page, "without run=1 the query is only put in the form"


def test_a_chosen_query_with_run_is_answered_on_the_page(client: FlaskClient) -> None:
    asked = {"name": "actor-inventory", "actor": str(ID.kivra), "run": "1"}
    page = client.get("/query", query_string=asked, headers=HTML).get_data(as_text=True)
    assert f'href="/id/kivra" title="{ID.kivra}"' in page


def test_the_page_speaks_swedish_and_english(client: FlaskClient) -> None:
    swedish = client.get("/query?lang=sv", headers=HTML).get_data(as_text=True)
    assert "Fråga federationen" in swedish
    assert "<summary>Allt en aktör äger</summary>" in swedish, "the query's sv: title"
    english = client.get("/query?lang=en", headers=HTML).get_data(as_text=True)
    assert "Query the federation" in english
    assert 'href="/query?lang=en"' in english, "the site's navigation links to it"
    assert "<summary>Everything an actor owns</summary>" in english


def test_every_named_query_has_a_swedish_title_and_description(
    named: dict[str, NamedQuery],
) -> None:
    for query in named.values():
        assert query.title_in("sv") != query.title, query.name
        assert query.description_in("sv") and query.description_in("sv") != query.description
        assert "sv:" not in query.description, "the Swedish lines are not in the English text"
        assert query.title_in("en") == query.title


# --- the named queries with their values written in ----------------------------------------


def test_an_example_gives_its_parameters_and_text(client: FlaskClient) -> None:
    answer = example(client, "exchanges-between-actors")
    parameters = answer["parameters"]
    assert isinstance(parameters, list)
    assert [p["name"] for p in parameters] == ["actorA", "actorB"]
    assert [p["value"] for p in parameters] == [str(ID.skatteverket), str(ID.forsakringskassan)]
    assert f"(<{ID.skatteverket}> <{ID.forsakringskassan}>)" in str(answer["query"])


@pytest.mark.parametrize("name", sorted(load_queries(QUERIES)))
def test_the_text_with_values_answers_as_the_query_with_bindings(
    client: FlaskClient, store: OxigraphStore, named: dict[str, NamedQuery], name: str
) -> None:
    query = named[name]
    values = {p.name: p.example for p in query.parameters}
    text = str(example(client, name, **values)["query"])
    with_bindings = store.select(query.text(), query.bindings(values))
    assert store.select(text).rows == with_bindings.rows
    # The gap queries find no gap in the example federation (actor-gaps has a parameter).
    if query.parameters and name != "actor-gaps":
        assert with_bindings.rows, "the example values find something"


def test_a_value_of_the_wrong_type_is_refused_in_words(client: FlaskClient) -> None:
    response = client.get(
        "/query/examples/actor-inventory",
        query_string={"actor": "> } ; DROP ALL #"},
        headers=JSON,
    )
    assert response.status_code == 400
    assert "parameter 'actor'" in response.get_json()["message"]
    assert "is not an absolute IRI" in response.get_json()["message"]


def test_an_unknown_query_is_refused_with_the_known_names(client: FlaskClient) -> None:
    response = client.get("/query/examples/no-such-query", headers=JSON)
    assert response.status_code == 400
    assert "actor-inventory" in response.get_json()["message"]


def test_a_parameter_without_value_or_example_is_asked_for(
    settings: Settings, store: OxigraphStore, tmp_path: Path
) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "labels.rq").write_text(
        "# Labels of one item\n# Parameters:\n#   ?item (iri) the item\n\n"
        "SELECT ?item ?label WHERE { ?item <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n"
    )
    local = replace(settings, project_dir=tmp_path)
    client = create_app({"TESTING": True}, settings=local, store=store).test_client()
    response = client.get("/query/examples/labels", headers=JSON)
    assert response.status_code == 400
    assert response.get_json()["message"] == "query 'labels' needs a value for ?item"


# --- writing values into a query ----------------------------------------------------------


def test_a_string_value_is_escaped_not_pasted() -> None:
    hostile = 'x" ) } ; DROP ALL ; SELECT * { ("'
    text = inject_values("SELECT ?text WHERE { }", {"text": Literal(hostile)})
    rows = list(ox.Store().query(text))
    assert [row["text"].value for row in rows] == [hostile]


def test_the_values_go_into_the_outermost_where_not_a_comment() -> None:
    query = "# WHERE { in a comment\nSELECT ?a WHERE {\n  ?a ?b ?c\n}"
    text = inject_values(query, {"a": URIRef("http://example.org/a")})
    assert text.splitlines()[:3] == [
        "# WHERE { in a comment",
        "SELECT ?a WHERE {",
        "  VALUES (?a) { (<http://example.org/a>) }",
    ]


def test_a_variable_name_must_be_a_name() -> None:
    with pytest.raises(ValueError, match="is not a SPARQL variable name"):
        inject_values("SELECT * WHERE { }", {"a) {} #": Literal("x")})
