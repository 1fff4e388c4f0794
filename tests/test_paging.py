"""Named queries page by keyset: every page joined gives the whole answer, each row once,
``Link: rel="next"`` leads on, and a cursor from elsewhere is refused."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient
from rdflib import Literal, URIRef

from samverkan.cli import main
from samverkan.config import Settings
from samverkan.errors import QueryParameterError
from samverkan.paging import decode_cursor, encode_cursor, page_query, row_key
from samverkan.queries import load_queries

QUERIES = Path(__file__).resolve().parents[1] / "queries"
SPARQL_JSON = {"Accept": "application/sparql-results+json"}


def cells(row: dict[str, dict[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset((name, cell["value"]) for name, cell in row.items())


def walk(client: FlaskClient, address: str) -> tuple[list[frozenset[tuple[str, str]]], int]:
    """Follow the ``next`` links from ``address``; return every row and the pages seen."""
    rows: list[frozenset[tuple[str, str]]] = []
    pages = 0
    while address:
        response = client.get(address, headers=SPARQL_JSON)
        assert response.status_code == 200, response.get_data(as_text=True)
        pages += 1
        rows += [cells(row) for row in response.get_json()["results"]["bindings"]]
        link = response.headers.get("Link", "")
        address = link[1 : link.index(">")] if 'rel="next"' in link else ""
        assert pages < 500
    return rows, pages


#: Pages each answer is cut into: a page boundary falls between rows (and between ties of
#: the sort key) wherever the answer is cut, so a few cuts of every answer test what many
#: one-row pages would, at a request per page (one-row pages: the test after this one).
CUTS = [3, 7]


@pytest.mark.parametrize("name", sorted(load_queries(QUERIES)))
@pytest.mark.parametrize("cuts", CUTS)
def test_pages_joined_give_the_whole_answer_each_row_once(
    client: FlaskClient, name: str, cuts: int
) -> None:
    query = load_queries(QUERIES)[name]
    values = {p.name: p.example for p in query.parameters}
    whole = client.get(f"/queries/{name}?{urlencode(values)}", headers=SPARQL_JSON)
    assert whole.status_code == 200
    expected = [cells(row) for row in whole.get_json()["results"]["bindings"]]
    projected = set(whole.get_json()["head"]["vars"])
    size = max(1, -(-len(expected) // cuts))
    paged, pages = walk(client, f"/queries/{name}?{urlencode({**values, 'page-size': size})}")
    # Paged rows carry the sort columns a query does not project (such as ?order): drop them.
    trimmed = [frozenset(c for c in row if c[0] in projected) for row in paged]
    assert len(trimmed) == len(set(trimmed)), "a row came twice"
    assert sorted(map(sorted, trimmed)) == sorted(map(sorted, expected))
    assert pages == max(1, -(-len(expected) // size))


def test_one_row_a_page_gives_the_whole_answer(client: FlaskClient) -> None:
    actor = "https://samverkan.example.org/id/kivra"
    address = f"/queries/actor-inventory?{urlencode({'actor': actor})}"
    whole = client.get(address, headers=SPARQL_JSON).get_json()["results"]["bindings"]
    paged, pages = walk(client, f"{address}&page-size=1")
    assert len(whole) > 1
    assert pages == len(whole) and sorted(map(sorted, paged)) == sorted(
        map(sorted, (cells(row) for row in whole))
    )


def test_the_first_page_links_to_the_next_in_the_same_format(client: FlaskClient) -> None:
    actor = "https://samverkan.example.org/id/kivra"
    response = client.get(f"/queries/actor-inventory?actor={actor}&page-size=2&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert len(response.get_data(as_text=True).strip().splitlines()) == 3  # header and 2 rows
    target = response.headers["Link"]
    assert target.endswith('>; rel="next"')
    query = parse_qs(urlsplit(target[1 : target.index(">")]).query)
    assert query["page-size"] == ["2"] and query["actor"] == [actor] and query["cursor"]


@pytest.mark.parametrize(
    "arguments",
    ["page-size=0", "page-size=x", "page-size=2&cursor=bm90IGEgY3Vyc29y", "cursor=abc"],
)
def test_bad_page_sizes_and_cursors_are_refused(client: FlaskClient, arguments: str) -> None:
    actor = "https://samverkan.example.org/id/kivra"
    response = client.get(f"/queries/actor-inventory?actor={actor}&{arguments}")
    assert response.status_code == 400


def test_a_cursor_reaches_the_query_as_a_value_never_as_text() -> None:
    text = (QUERIES / "actor-inventory.rq").read_text(encoding="utf-8")
    key = row_key(text, fixed={"actor"})
    hostile = Literal('x" ) } DROP ALL ; SELECT * { ?s ?p ?o } #')
    values = [hostile] + [URIRef("https://samverkan.example.org/id/a")] * (len(key) - 1)
    cursor = encode_cursor(values)
    assert decode_cursor(cursor, len(key)) == values
    paged = page_query(text, 3, cursor, fixed={"actor"})
    assert "DROP ALL" in paged.text and '\\"' in paged.text
    assert paged.text.rstrip().endswith("LIMIT 4")


def test_a_query_without_a_plain_order_cannot_be_paged() -> None:
    with pytest.raises(QueryParameterError):
        row_key("SELECT ?a WHERE { ?a ?b ?c }")


def test_the_command_line_pages_and_prints_the_next_cursor(
    state_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    actor = "https://samverkan.example.org/id/skatteverket"
    command = ["query", "--store", str(state_copy.store_path), "actor-inventory"]
    command += ["--param", f"actor={actor}", "--format", "json", "--page-size", "3"]
    seen: list[str] = []
    cursor: list[str] = []
    for _ in range(200):
        assert main([*command, *cursor]) == 0
        out, err = capsys.readouterr()
        seen += [json.dumps(row, sort_keys=True) for row in json.loads(out)["results"]["bindings"]]
        if "--cursor" not in err:
            break
        cursor = ["--cursor", err.split("--cursor ")[1].strip()]
    assert (
        main(
            [
                "query",
                "--store",
                str(state_copy.store_path),
                "actor-inventory",
                "--param",
                f"actor={actor}",
                "--format",
                "json",
            ]
        )
        == 0
    )
    answer = json.loads(capsys.readouterr().out)["results"]["bindings"]
    whole = [json.dumps(row, sort_keys=True) for row in answer]
    assert len(seen) > 3 and sorted(seen) == sorted(whole)
