"""The query page in Chromium: YASGUI from this server only, named queries, table and chart.

Expected answers are worked out from the actor files as rdflib parses them, as
``tests/test_queries.py`` does, and moved to the live server's base IRI.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from browsing import Visit
from samverkan.namespaces import ID, SAM

pytestmark = pytest.mark.browser

EDITOR = ".yasgui .CodeMirror"
#: The editor's whole text, as a script expression (CodeMirror draws only the lines in view).
EDITOR_TEXT = "document.querySelector('.yasgui .CodeMirror').CodeMirror.getValue()"
RUN = ".yasqe_queryButton"
TABLE_ROWS = ".yasr_results table.dataTable tbody tr"


def owned_by(federation: Graph, actor: URIRef) -> set[URIRef]:
    """What the actor files say the actor owns, stated from either side."""
    owned = set(federation.objects(actor, SAM.owns)) | set(federation.subjects(SAM.owner, actor))
    return {URIRef(str(item)) for item in owned}


def run_query(page: Page) -> None:
    page.click(RUN)
    page.wait_for_selector(".yasr_response_chip:not(.empty)")


def set_query(page: Page, text: str) -> None:
    """Put the text in the editor as a whole (typing it would trigger the autocompleters)."""
    page.eval_on_selector(EDITOR, "(editor, text) => editor.CodeMirror.setValue(text)", text)


def wait_for_editor_text(page: Page, text: str) -> None:
    """Wait until the editor's text (all of it, not just the lines on screen) holds ``text``."""
    page.wait_for_function(f"text => {EDITOR_TEXT}.includes(text)", arg=text)


def column(page: Page, variable: str) -> list[str]:
    """Return the links in one column of the YASR table, by the variable's name."""
    headers = page.locator(".yasr_results table.dataTable thead th").all_inner_texts()
    index = [header.strip() for header in headers].index(variable) + 1
    cells = page.locator(f"{TABLE_ROWS} td:nth-child({index}) a")
    return [str(cell.get_attribute("href")) for cell in cells.all()]


def test_the_editor_loads_and_answers_without_leaving_this_server(visit: Visit) -> None:
    visit.open("/query?lang=en")
    expect(visit.page.locator(EDITOR)).to_be_visible()
    expect(visit.page.locator("#plain-query")).to_be_hidden()
    run_query(visit.page)
    expect(visit.page.locator(TABLE_ROWS).first).to_be_visible()
    assert visit.server.endpoint in visit.requests, "the query went to this server's /sparql"
    assert visit.elsewhere() == []
    assert visit.errors == []


def test_a_named_query_with_a_parameter_shows_its_rows(visit: Visit, federation: Graph) -> None:
    kivra = visit.item(str(ID.kivra))
    visit.open("/query?lang=en")
    visit.page.click("#example-actor-inventory summary")
    visit.page.fill("#actor-inventory-actor", kivra)
    visit.page.click("#example-actor-inventory button")
    wait_for_editor_text(visit.page, f"VALUES (?actor) {{ (<{kivra}>) }}")
    run_query(visit.page)
    expected = {visit.item(item) for item in owned_by(federation, ID.kivra)}
    expect(visit.page.locator(TABLE_ROWS)).to_have_count(len(expected))
    assert sorted(column(visit.page, "item")) == sorted(expected)
    assert visit.elsewhere() == []
    assert visit.errors == []


def test_a_wrong_value_is_explained_beside_the_form(visit: Visit) -> None:
    visit.open("/query?lang=en")
    visit.page.click("#example-actor-inventory summary")
    visit.page.fill("#actor-inventory-actor", "urn:not a valid iri")
    visit.page.click("#example-actor-inventory button")
    expect(visit.page.locator("#example-actor-inventory .problem")).to_contain_text(
        "is not an absolute IRI"
    )


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


def test_the_chart_draws_a_bar_for_each_count(visit: Visit, federation: Graph) -> None:
    visit.open("/query?lang=en")
    set_query(visit.page, COUNTS)
    run_query(visit.page)
    visit.page.click(".yasr .select_chart")
    bars = visit.page.locator("svg.bar-chart rect.bar")
    actors = set(federation.objects(None, SAM.owner))
    expect(bars).to_have_count(len(actors))
    drawn = {
        str(bar.get_attribute("data-label")): int(str(bar.get_attribute("data-value")))
        for bar in bars.all()
    }
    names = {actor: swedish_name(federation, actor) for actor in actors}
    assert drawn == {names[a]: len(owned_by(federation, a)) for a in actors}
    widths = [float(str(bar.get_attribute("width"))) for bar in bars.all()]
    assert widths == sorted(widths, reverse=True), "longest bar for the largest count"
    assert visit.errors == []


def swedish_name(federation: Graph, item: URIRef) -> str:
    return next(str(name) for name in federation.objects(item, RDFS.label) if name.language == "sv")
