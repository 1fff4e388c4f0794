"""The report page for people: a summary by rule and severity, then the results filtered
and a page at a time, with CSV, Turtle and JSON downloads; on a report of 1 500 results."""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.namespace import RDF, SH

from bench.htmlpages import MAX_BYTES, MAX_ROWS, table_rows
from federations import serving
from samverkan.config import Settings
from samverkan.namespaces import CANONICAL_BASE
from samverkan.storage import GraphLayout
from samverkan.validation import render
from samverkan.web.common.services import of_app
from samverkan.web.submissions.report_page import rule_titles, safe_cell

ITEMS = 375
#: Each generated process lacks what rules ask of it: 3 violations and 1 info each (the
#: report may hold a few more, about what the change does to other items).
AT_LEAST = 4 * ITEMS
HTML = {"Accept": "text/html"}


def unnamed_processes(count: int) -> str:
    """Return Turtle of ``count`` of Kivra's processes with nothing but a type and owner."""
    lines = ["@prefix sam: <https://samverkan.example.org/def/samverkan#> ."]
    for n in range(count):
        lines.append(
            f"<{CANONICAL_BASE}id/kivra/process/generated-{n:04d}> a sam:Process ; "
            f"sam:owner <{CANONICAL_BASE}id/kivra> ."
        )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def reported(
    built_state: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FlaskClient, str]]:
    """A finished validation job whose report has :data:`AT_LEAST` results or more."""
    folder = tmp_path_factory.mktemp("report") / "state"
    shutil.copytree(built_state, folder)
    with serving(replace(settings, store_path=folder / "store")) as federation:
        client = federation.client()
        started = client.post(
            "/validate?actor=kivra",
            data=unnamed_processes(ITEMS),
            content_type="text/turtle",
            headers={"Prefer": "respond-async", "Accept": "application/json"},
        )
        assert started.status_code == 202
        deadline = time.monotonic() + 300
        while (job := client.get(started.headers["Location"]).get_json())["result"] is None:
            assert time.monotonic() < deadline, job
            time.sleep(0.1)
        yield client, job["result"]


def page(reported: tuple[FlaskClient, str], query: str = "") -> str:
    client, result = reported
    answer = client.get(f"{result}?lang=en{query}", headers=HTML)
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert len(answer.data) <= MAX_BYTES
    assert all(rows <= MAX_ROWS for rows in table_rows(body))
    return body


def every_result(reported: tuple[FlaskClient, str]) -> int:
    """Return how many results the report has, by its JSON form."""
    client, result = reported
    total = len(client.get(f"{result}?format=json").get_json()["results"])
    assert total >= AT_LEAST
    return total


def shown_results(body: str) -> int:
    return body.count('<span class="severity ')


def test_the_summary_comes_first_and_counts_every_result(reported: tuple[FlaskClient, str]) -> None:
    body = page(reported)
    assert body.index("Summary by rule") < body.index('<table class="results">')
    counts = [int(n) for n in _summary_counts(body)]
    assert sum(counts) == every_result(reported)
    assert f'data-total="{every_result(reported)}"' in body


def test_the_first_page_shows_200_results_and_a_pager(reported: tuple[FlaskClient, str]) -> None:
    body = page(reported)
    assert shown_results(body) == MAX_ROWS
    assert "Page 1 of 8" in body
    last = page(reported, "&page=8")
    assert shown_results(last) == every_result(reported) - 7 * MAX_ROWS


def test_a_severity_filter_keeps_only_that_severity(reported: tuple[FlaskClient, str]) -> None:
    body = page(reported, "&severity=Info")
    assert f'data-total="{ITEMS}"' in body
    assert shown_results(body) == MAX_ROWS
    assert body.count('class="severity info"') == MAX_ROWS


def test_an_item_filter_keeps_that_items_results(reported: tuple[FlaskClient, str]) -> None:
    body = page(reported, "&item=generated-0042")
    assert shown_results(body) == 4
    assert 'data-total="4"' in body


def test_a_rule_filter_keeps_that_rules_results(reported: tuple[FlaskClient, str]) -> None:
    first = page(reported)
    rule = first.split('<tr data-rule="', 1)[1].split('"', 1)[0]
    body = page(reported, f"&rule={rule}")
    total = int(body.split('class="results-shown" data-total="', 1)[1].split('"', 1)[0])
    assert 0 < total < every_result(reported)
    assert body.count('<section class="rule">') == 1


def test_an_unknown_severity_is_refused(reported: tuple[FlaskClient, str]) -> None:
    client, result = reported
    assert client.get(f"{result}?severity=Fatal", headers=HTML).status_code == 400


def test_the_downloads_hold_every_result(reported: tuple[FlaskClient, str]) -> None:
    client, result = reported
    body = page(reported)
    for form in ("csv", "ttl", "json"):
        assert f'href="{result}?format={form}' in body
    table = list(csv.reader(io.StringIO(client.get(f"{result}?format=csv").get_data(as_text=True))))
    assert table[0][:3] == ["rule", "severity", "focusNode"]
    assert len(table) == 1 + every_result(reported)
    turtle = Graph().parse(data=client.get(f"{result}?format=ttl").get_data(as_text=True))
    assert len(set(turtle.subjects(RDF.type, SH.ValidationResult))) == every_result(reported)


def _summary_counts(body: str) -> list[str]:
    section = body.split('<table class="summary">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-severity="\w+">(?:<a [^>]*>)?(\d+)', section)


def test_a_csv_cell_never_starts_a_formula() -> None:
    assert [safe_cell(text) for text in ("=1+1", "+x", "-2", "@a", "plain")] == [
        "'=1+1",
        "'+x",
        "'-2",
        "'@a",
        "plain",
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_pages_rule_titles_are_the_reports(app: Flask, settings: Settings, lang: str) -> None:
    """The cached titles the page uses equal those read from the ontology graph."""
    store = of_app(app).store
    with app.test_request_context("/"):
        cached = rule_titles(lang)
        read = render.rule_titles(store.graph(GraphLayout(settings.base_iri).ontology), lang)
    assert cached == read
    assert len(cached) >= 9
