"""The answer to the query form as a table: plain values, IRIs as safe links, a chart.

The table is a second way of showing what ``/sparql`` answers, so its rows are checked
against the endpoint's SPARQL JSON for the same query (every named query with its example
values, hostile values among generated ones). Without JavaScript the form works over real
HTTP: ``/query`` answers with the page and the table, or with a file in another format.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Literal

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.namespaces import ID, SAM
from samverkan.queries import load_queries
from samverkan.storage.values import inject_values

QUERIES = Path(__file__).resolve().parents[1] / "queries"
HTML = {"Accept": "text/html"}
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
COUNTS = f"""PREFIX sam: <{SAM}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(DISTINCT ?item) AS ?items)
WHERE {{
  ?item sam:owner ?actor .
  ?actor rdfs:label ?name FILTER (lang(?name) = "sv")
}}
GROUP BY ?name
ORDER BY DESC(?items) ?name
"""


@dataclass
class Cell:
    """A table cell as a reader sees it: its text, its links, its badges."""

    text: str = ""
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


class AnswerTable(HTMLParser):
    """Read the header and the cells of the answer's table, and the chart's bars."""

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[str] = []
        self.rows: list[list[Cell]] = []
        self.bars: list[tuple[str, str]] = []
        self._in_table = self._in_head = self._in_tag = False
        self._cell: Cell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("class") == "answer-table":
            self._in_table = True
        elif self._in_table and tag == "thead":
            self._in_head = True
        elif self._in_table and tag == "tr" and not self._in_head:
            self.rows.append([])
        elif self._in_table and tag in {"td", "th"}:
            self._cell = Cell()
        elif self._cell is not None and tag == "a":
            self._cell.links.append(str(found.get("href")))
        elif self._cell is not None and tag == "span" and found.get("class") == "tag":
            self._in_tag = True
        elif tag == "rect" and found.get("class") == "bar":
            self.bars.append((str(found["data-label"]), str(found["data-value"])))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag == "thead":
            self._in_head = False
        elif tag in {"td", "th"} and self._cell is not None:
            self._cell.text = " ".join(self._cell.text.split())
            if self._in_head:
                self.columns.append(self._cell.text)
            else:
                self.rows[-1].append(self._cell)
            self._cell = None
        elif tag == "span":
            self._in_tag = False

    def handle_data(self, data: str) -> None:
        if self._cell is None:
            return
        if self._in_tag:
            self._cell.tags.append(data.strip())
        elif not self._cell.links or not data.strip() or self._cell.text == "":
            self._cell.text += data


def table(page: str) -> AnswerTable:
    parsed = AnswerTable()
    parsed.feed(page)
    return parsed


def answered(client: FlaskClient, query: str) -> AnswerTable:
    response = client.post("/query/results", data={"query": query}, headers=HTML)
    assert response.status_code == 200, response.get_data(as_text=True)
    return table(response.get_data(as_text=True))


def endpoint_rows(client: FlaskClient, query: str) -> tuple[list[str], list[dict[str, dict]]]:
    response = client.post("/sparql", data={"query": query, "format": "json"})
    assert response.status_code == 200
    answer = response.get_json()
    return answer["head"]["vars"], answer["results"]["bindings"]


# --- the table says what the endpoint says ------------------------------------------------


def named_examples() -> list[tuple[str, str]]:
    """Every named query with its example values written in."""
    found = []
    for name, query in sorted(load_queries(QUERIES).items()):
        values = {p.name: p.example for p in query.parameters}
        found.append((name, inject_values(query.text(), query.bindings(values))))
    return found


@pytest.mark.parametrize(("name", "text"), named_examples(), ids=[n for n, _ in named_examples()])
def test_the_table_has_the_rows_and_literals_of_the_endpoint(
    client: FlaskClient, name: str, text: str
) -> None:
    columns, bindings = endpoint_rows(client, text)
    shown = answered(client, text)
    assert shown.columns == columns
    assert len(shown.rows) == min(len(bindings), 200)
    for row, binding in zip(shown.rows, bindings, strict=False):
        for cell, column in zip(row, columns, strict=True):
            term = binding.get(column)
            if term is None:
                assert cell.text == "" and not cell.links
            elif term["type"] == "literal":
                assert cell.text == " ".join(term["value"].split()), (name, column)
                assert cell.links == []
            elif term["type"] == "uri":
                assert len(cell.links) == 1, (name, column, term)


HOSTILE_LITERALS = [
    '<script>alert("x")</script>',
    "a & b < c > d",
    '" onmouseover="alert(1)',
    "{{ 7*7 }} {% raw %}",
    "Å ä ö — 日本語",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("value", HOSTILE_LITERALS)
def test_a_literal_is_shown_as_its_text_escaped(client: FlaskClient, value: str) -> None:
    query = inject_values("SELECT ?value WHERE { }", {"value": Literal(value)})
    response = client.post("/query/results", data={"query": query}, headers=HTML)
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page
    [[cell]] = table(page).rows
    assert cell.text == " ".join(value.split())
    assert cell.links == []


@pytest.mark.parametrize(
    "iri",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,%3Cb%3Ex", "urn:isbn:123",
     "vbscript:msgbox(1)", "file:///etc/passwd"],
)  # fmt: skip
def test_an_iri_that_may_not_be_a_link_is_shown_as_text(client: FlaskClient, iri: str) -> None:
    query = f"SELECT ?iri WHERE {{ BIND (IRI({_string(iri)}) AS ?iri) }}"
    [[cell]] = answered(client, query).rows
    assert cell.links == []
    assert cell.text == iri


def _string(text: str) -> str:
    return str(ox.Literal(text))


def test_our_items_link_to_their_pages_named_by_their_labels(client: FlaskClient) -> None:
    actors = f"<{ID.skatteverket}> <http://example.org/x>"
    query = f"SELECT ?actor WHERE {{ VALUES ?actor {{ {actors} }} }}"
    ours, theirs = (row[0] for row in answered(client, query).rows)
    assert (ours.links, ours.text) == (["/id/skatteverket"], "Swedish Tax Agency")
    assert (theirs.links, theirs.text) == (["http://example.org/x"], "http://example.org/x")
    sv = client.post("/query/results?lang=sv", data={"query": query}, headers=HTML)
    swedish = table(sv.get_data(as_text=True)).rows[0][0]
    assert (swedish.links, swedish.text) == (["/id/skatteverket?lang=sv"], "Skatteverket")


def test_a_literal_shows_its_language_and_datatype_as_badges(client: FlaskClient) -> None:
    query = (
        'SELECT ?a ?b ?c ?d WHERE { BIND ("hej"@sv AS ?a) BIND ("2020-01-02"^^'
        '<http://www.w3.org/2001/XMLSchema#date> AS ?b) BIND (42 AS ?c) BIND ("plain" AS ?d) }'
    )
    [[a, b, c, d]] = answered(client, query).rows
    assert (a.text, a.tags) == ("hej", ["sv"])
    assert (b.text, b.tags) == ("2020-01-02", ["xsd:date"])
    assert (c.text, c.tags) == ("42", [])
    assert (d.text, d.tags) == ("plain", [])


def test_an_ask_query_is_answered_yes_or_no_in_words(client: FlaskClient) -> None:
    yes = client.post("/query/results", data={"query": "ASK { ?s ?p ?o }"}, headers=HTML)
    no = client.post("/query/results", data={"query": "ASK { <urn:x> <urn:y> <urn:z> }"})
    assert "Yes: the query has at least one solution." in yes.get_data(as_text=True)
    assert "No: the query has no solution." in no.get_data(as_text=True)


def test_a_construct_answer_is_a_table_of_triples(client: FlaskClient) -> None:
    query = f"CONSTRUCT {{ <{ID.skatteverket}> ?p ?o }} WHERE {{ <{ID.skatteverket}> ?p ?o }}"
    shown = answered(client, query)
    assert shown.columns == ["subject", "predicate", "object"]
    response = client.post("/sparql", data={"query": query, "format": "nt"})
    assert len(shown.rows) == len(response.get_data(as_text=True).strip().splitlines())


def test_only_the_first_rows_are_shown_and_the_count_is_said(client: FlaskClient) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 250"
    response = client.post("/query/results", data={"query": query}, headers=HTML)
    page = response.get_data(as_text=True)
    assert len(table(page).rows) == 200
    assert "250 rows. The first 200 are shown" in page


# --- the chart ---------------------------------------------------------------------------


def test_a_column_of_names_and_one_of_numbers_is_drawn_as_bars(client: FlaskClient) -> None:
    shown = answered(client, COUNTS)
    assert shown.bars == [(row[0].text, row[1].text) for row in shown.rows]
    assert len(shown.bars) >= 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) { (\"x\" 1 2) (\"y\" 3 4) } }",
        "SELECT ?a ?b WHERE { VALUES (?a ?b) { (\"x\" 1) (\"y\" -3) } }",
        "SELECT ?a ?b WHERE { VALUES (?a ?b) { (\"x\" 1) (\"y\" \"two\") } }",
        "SELECT ?a ?b WHERE { VALUES (?a ?b) { (\"x\" 1) } }",
        "SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 1) (2 3) } }",
        "SELECT ?a ?b WHERE { VALUES (?a ?b) { (\"x\" 0) (\"y\" 0) } }",
    ],
)  # fmt: skip
def test_no_chart_where_it_would_not_help(client: FlaskClient, query: str) -> None:
    assert answered(client, query).bars == []


# --- refusals on the page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("SELECT * WHERE { ?s ?p }", 400, "does not parse"),
        ("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", 400, "SERVICE"),
        ("DROP ALL", 403, "read-only"),
    ],
)
def test_a_refused_query_is_explained_on_the_page(
    client: FlaskClient, query: str, status: int, words: str
) -> None:
    response = client.post("/query", data={"query": query}, headers=HTML)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and words in page
    assert "Query the federation" in page, "the page with its form, not a bare error"


def test_a_refusal_is_in_the_pages_language(client: FlaskClient) -> None:
    response = client.post("/query?lang=sv", data={"query": "SELECT * WHERE { ?s ?p }"})
    assert "frågan går inte att tolka" in response.get_data(as_text=True)


# --- without JavaScript, over real HTTP ---------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    store = tmp_path_factory.mktemp("answers") / "store"
    build_store(store, base_iri_for(port))
    with running_server(store, port) as server:
        yield server


@pytest.mark.slow
def test_the_form_posted_without_script_answers_with_the_page_and_table(live: LiveServer) -> None:
    body = urlencode({"query": COUNTS, "format": "table"}).encode()
    status, headers, page = live.request("POST", "/query?lang=en", body, FORM)
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    shown = table(page.decode())
    _, bindings = _endpoint(live, COUNTS)
    assert [row[1].text for row in shown.rows] == [b["items"]["value"] for b in bindings]
    assert len(shown.bars) == len(bindings)


@pytest.mark.slow
def test_the_form_with_a_file_format_answers_a_download(live: LiveServer) -> None:
    body = urlencode({"query": COUNTS, "format": "csv"}).encode()
    status, headers, answer = live.request("POST", "/query", body, FORM)
    assert status == 200
    assert headers["Content-Type"].startswith("text/csv")
    assert headers["Content-Disposition"] == 'attachment; filename="answer.csv"'
    rows = list(csv.reader(io.StringIO(answer.decode())))
    _, bindings = _endpoint(live, COUNTS)
    assert rows[0] == ["name", "items"] and len(rows) == len(bindings) + 1


@pytest.mark.slow
def test_the_home_pages_form_gives_the_same_table(live: LiveServer) -> None:
    status, _, home = live.request("GET", "/?lang=en")
    assert status == 200
    text = home.decode()
    assert 'action="/query?lang=en"' in text and 'data-results="home-results"' in text
    query = _home_query(text)
    status, _, page = live.request("GET", "/query?" + urlencode({"query": query, "lang": "en"}))
    assert status == 200
    shown = table(page.decode())
    _, bindings = _endpoint(live, query)
    assert len(shown.rows) == len(bindings) > 0
    assert all(row[0].links and row[0].links[0].startswith("/id/") for row in shown.rows)


def _home_query(page: str) -> str:
    found = re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', page, re.S)
    assert found
    return html.unescape(found.group(1))


def _endpoint(live: LiveServer, query: str) -> tuple[list[str], list[dict[str, dict]]]:
    path = "/sparql?" + urlencode({"query": query})
    status, _, body = live.request(
        "GET", path, headers={"Accept": "application/sparql-results+json"}
    )
    assert status == 200
    answer = json.loads(body)
    return answer["head"]["vars"], answer["results"]["bindings"]
