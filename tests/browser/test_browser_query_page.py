"""The query page in Chromium: its form, the answer as a table and chart, the named queries,
the history kept in the browser, both languages, phones and axe-core.

Expected answers are worked out from the actor files as rdflib parses them, as
``tests/test_queries.py`` does, and moved to the live server's base IRI.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

import axe
from browsing import Visit
from live_server import LiveServer
from samverkan.namespaces import ID, SAM
from test_browser_phones_and_axe import overflow, violations

pytestmark = pytest.mark.browser

ROWS = "#query-results table.answer-table tbody tr"
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
#: A wide answer: long IRIs, long literals, a javascript: IRI among them.
WIDE = """SELECT ?item ?label ?comment ?odd WHERE {
  ?item <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  BIND (CONCAT(STR(?item), "/", STR(?item), "/", ?label, ?label, ?label) AS ?comment)
  BIND (IRI("javascript:alert(document.domain)") AS ?odd)
} LIMIT 40"""


def owned_by(federation: Graph, actor: URIRef) -> set[URIRef]:
    """What the actor files say the actor owns, stated from either side."""
    owned = set(federation.objects(actor, SAM.owns)) | set(federation.subjects(SAM.owner, actor))
    return {URIRef(str(item)) for item in owned}


def swedish_name(federation: Graph, item: URIRef) -> str:
    return next(str(name) for name in federation.objects(item, RDFS.label) if name.language == "sv")


def run(page: Page, text: str) -> None:
    """Put the text in the form and run it; wait for the answer's section."""
    page.fill("#query", text)
    with page.expect_response(lambda r: "/query/results" in r.url):
        page.click("#query-form button[type=submit]")
    expect(page.locator("#query-results section.answer")).to_be_visible()


def column_links(page: Page, variable: str) -> list[str]:
    headers = page.locator("#query-results table.answer-table thead th").all_inner_texts()
    index = [header.strip() for header in headers].index(variable) + 1
    cells = page.locator(f"{ROWS} td:nth-child({index}) a")
    return [str(cell.get_attribute("href")) for cell in cells.all()]


def test_the_page_answers_without_leaving_this_server(visit: Visit) -> None:
    visit.open("/query?lang=en")
    expect(visit.page.get_by_label("SPARQL query")).to_be_visible()
    run(visit.page, COUNTS)
    expect(visit.page.locator(ROWS).first).to_be_visible()
    assert visit.elsewhere() == []
    assert visit.errors == []


def test_a_named_query_with_a_parameter_loads_and_runs(visit: Visit, federation: Graph) -> None:
    kivra = visit.item(str(ID.kivra))
    visit.open("/query?lang=en")
    visit.page.click("#example-actor-inventory summary")
    visit.page.fill("#actor-inventory-actor", kivra)
    with visit.page.expect_response(lambda r: "/query/results" in r.url):
        visit.page.click("#example-actor-inventory button")
    assert f"VALUES (?actor) {{ (<{kivra}>) }}" in visit.page.input_value("#query")
    expected = {visit.item(item) for item in owned_by(federation, ID.kivra)}
    expect(visit.page.locator(ROWS)).to_have_count(len(expected))
    local = {"/" + item.removeprefix(visit.server.base_iri) + "?lang=en" for item in expected}
    assert set(column_links(visit.page, "item")) == local
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


def test_the_chart_draws_a_bar_for_each_count(visit: Visit, federation: Graph) -> None:
    visit.open("/query?lang=en")
    run(visit.page, COUNTS)
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
    caption = visit.page.locator("svg.bar-chart").get_attribute("aria-labelledby")
    expect(visit.page.locator(f"#{caption}")).to_contain_text("Bar chart")
    assert visit.errors == []


def test_iris_are_links_literals_plain_and_javascript_is_not_a_link(visit: Visit) -> None:
    visit.open("/query?lang=en")
    run(visit.page, WIDE)
    first = visit.page.locator(ROWS).first
    item = first.locator("td").nth(0)
    href = str(item.locator("a").get_attribute("href"))
    assert href.startswith(("/id/", "/def/")), "an IRI of ours links to its page here"
    label = first.locator("td").nth(1)
    expect(label.locator("a")).to_have_count(0)
    assert "^^" not in label.inner_text() and '"' not in label.inner_text()
    odd = first.locator("td").nth(3)
    expect(odd.locator("a")).to_have_count(0)
    expect(odd).to_have_text("javascript:alert(document.domain)")
    hrefs = visit.page.eval_on_selector_all("#query-results a", "as => as.map(a => a.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs


def test_the_history_keeps_two_queries_over_a_reload_and_runs_them_again(visit: Visit) -> None:
    visit.open("/query?lang=en")
    history = visit.page.locator("#query-history .history-list li")
    expect(history).to_have_count(0)
    run(visit.page, "ASK { ?s ?p ?o }")
    run(visit.page, COUNTS)
    expect(history).to_have_count(2)
    visit.page.reload()
    expect(history).to_have_count(2)
    assert "SELECT ?name" in history.first.inner_text(), "the latest first"
    expect(visit.page.locator("#query-results section.answer")).to_have_count(0)
    older = history.nth(1).locator("button")
    older.focus()
    with visit.page.expect_response(lambda r: "/query/results" in r.url):
        visit.page.keyboard.press("Enter")
    expect(visit.page.locator("#query-results .boolean")).to_contain_text("Yes")
    assert visit.page.input_value("#query") == "ASK { ?s ?p ?o }"
    visit.page.click("#query-history .history-clear")
    expect(history).to_have_count(0)
    visit.page.reload()
    expect(history).to_have_count(0)


def test_the_home_pages_form_shows_the_same_table(visit: Visit) -> None:
    visit.open("/?lang=en")
    with visit.page.expect_response(lambda r: "/query/results" in r.url):
        visit.page.click("section[aria-labelledby=ask] button[type=submit]")
    rows = visit.page.locator("#home-results table.answer-table tbody tr")
    expect(rows.first).to_be_visible()
    assert str(rows.first.locator("td a").first.get_attribute("href")).startswith("/id/")
    assert visit.errors == []


# --- languages ----------------------------------------------------------------------------

CONTROLS = """() => [...document.querySelectorAll(
    "main label, main button, main option, main summary, main h1, main h2, main caption,"
  + " main figcaption, main [role=status], main .hint, main .answer-count")]
  .filter(e => e.closest("details") === null || e.tagName === "SUMMARY")
  .filter(e => e.closest(".history-list") === null)
  .map(e => e.innerText.trim()).filter(Boolean)"""
#: Texts that are the same in both languages: names of formats and of query forms.
NEUTRAL = {"CSV", "JSON", "Turtle", "JSON-LD", "IRI"}


def control_texts(visit: Visit, lang: str) -> set[str]:
    visit.open(f"/query?lang={lang}")
    run(visit.page, COUNTS)
    visit.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    return set(visit.page.evaluate(CONTROLS))


def test_the_swedish_and_english_pages_have_no_control_of_the_other_language(
    visit: Visit,
) -> None:
    swedish = control_texts(visit, "sv")
    english = control_texts(visit, "en")
    # The answer's column names are the query's variables, the same in both.
    shared = (swedish & english) - NEUTRAL - {"name", "items"}
    assert shared == set()
    assert "Kör" in swedish and "Run" in english
    assert "Allt en aktör äger" in swedish and "Everything an actor owns" in english


# --- phones and axe-core ------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    return axe.script()


@pytest.fixture(params=[(360, 740), (1400, 1000)], ids=["phone", "desktop"])
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="sv-SE", bypass_csp=True
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("query", [COUNTS, WIDE], ids=["chart", "wide"])
def test_the_page_with_an_answer_fits_and_has_no_serious_axe_violation(
    screen: Page, live: LiveServer, axe_source: str, query: str
) -> None:
    screen.goto(live.base_iri + "query")
    run(screen, query)
    width = screen.viewport_size["width"] if screen.viewport_size else 0
    assert screen.evaluate("() => document.documentElement.scrollWidth") <= width, overflow(screen)
    box = screen.locator("#query-results .table-box")
    assert box.evaluate("b => b.getBoundingClientRect().right") <= width
    found = violations(screen, axe_source)
    assert found == [], found
    run(screen, "ASK { ?s ?p ?o }")
    run(screen, "SELECT * WHERE { ?s ?p }")  # a refusal shown on the page
    expect(screen.locator("#query-results .problem")).to_be_visible()
    assert violations(screen, axe_source) == []
