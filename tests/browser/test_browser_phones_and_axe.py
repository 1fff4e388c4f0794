"""Every page kind on a phone (360 px wide) and under axe-core: nothing wider than the
screen, and no critical or serious accessibility violation.

axe-core comes from the npm registry (``axe.py``: pinned, installed into a cache folder);
it is run in the page with Content-Security-Policy bypassed for the test's own script only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from rdflib.namespace import DCTERMS

import axe
from live_server import LiveServer
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
WIDTH = 360
#: One page of each kind (an item page of each kind of item among them).
PAGES = {
    "home": "/",
    "catalogs": "/catalogs",
    "catalog list": "/catalogs/service",
    "types": "/types",
    "type list": "/types/Service",
    "actors": "/actors",
    "actor": "/id/skatteverket",
    "history": "/id/skatteverket/versions",
    "life event": "/id/digg/life-event/having-a-baby",
    "life situation": "/id/digg/life-situation/family",
    "process": "/id/skatteverket/process/population-registration-at-birth",
    "activity": "/id/skatteverket/activity/register-newborn",
    "customer action": "/id/digg/customer-action/register-childs-name",
    "concept": "/id/skatteverket/concept/birth",
    "information": "/id/skatteverket/information/birth-notification",
    "data element": "/id/skatteverket/data/navet-person-record",
    "schema": "/id/skatteverket/schema/navet-person-record-xsd",
    "conceptual service": "/id/skatteverket/service/population-registration",
    "logical service": "/id/skatteverket/service/population-data-distribution",
    "realised service": "/id/skatteverket/service/navet",
    "exchange": "/id/skatteverket/exchange/navet-to-uppsala-kommun",
    "collaboration area": "/id/digg/collaboration-area/having-a-baby",
    "catalog entry": "/id/skatteverket/entry/service-navet",
    "controlled list": "/def/concepts/service-type",
    "search": "/search?q=folkbokf%C3%B6ring",
    "query page": "/query",
    "sparql form": "/sparql",
    "ontology doc": "/def/samverkan",
    "shapes doc": "/def/shapes",
    "submit": "/submit",
    "not found": "/id/no/such/item",
}
SERIOUS = {"critical", "serious"}
AXE_RUN = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    return axe.script()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A tab 360 px wide that lets the test's own script (axe) run despite the CSP."""
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 740}, locale="sv-SE", bypass_csp=True
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def overflow(page: Page) -> dict[str, Any]:
    """Return the page's width and the widest elements sticking out of the viewport."""
    return dict(
        page.evaluate(
            """(width) => ({
              scroll: document.documentElement.scrollWidth,
              wide: [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5).map(e => e.tagName + "." + e.className)
            })""",
            WIDTH,
        )
    )


def violations(page: Page, source: str) -> list[dict[str, Any]]:
    page.evaluate(source)
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return [v for v in found if v["impact"] in SERIOUS]


@pytest.mark.parametrize("kind", list(PAGES))
def test_each_page_kind_fits_a_phone_and_has_no_serious_axe_violation(
    phone: Page, live: LiveServer, axe_source: str, kind: str
) -> None:
    phone.goto(live.base_iri + PAGES[kind].lstrip("/"))
    measured = overflow(phone)
    assert measured["scroll"] <= WIDTH, f"{kind} is {measured['scroll']} px wide: {measured}"
    found = violations(phone, axe_source)
    assert found == [], f"{kind}: {found}"


def test_a_report_fits_a_phone_and_has_no_serious_axe_violation(
    phone: Page, live: LiveServer, axe_source: str, tmp_path: Path
) -> None:
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), live.base_iri)
    part.remove((GraphLayout(live.base_iri).actor_iri("kivra"), DCTERMS.description, None))
    file = tmp_path / "kivra.ttl"
    file.write_bytes(part.serialize(format="turtle", encoding="utf-8"))
    phone.goto(live.base_iri + "submit?lang=en")
    phone.set_input_files("#submission-file", file)
    phone.select_option("#submission-actor", "kivra")
    phone.get_by_role("button", name="Validate").click()
    expect(phone.locator("#submission-outcome article.report")).to_be_visible()
    assert overflow(phone)["scroll"] <= WIDTH
    assert violations(phone, axe_source) == []


def test_diagrams_have_text_alternatives_and_keyboard_access(phone: Page, live: LiveServer) -> None:
    for path in (PAGES["data element"], PAGES["collaboration area"]):
        phone.goto(live.base_iri + path.lstrip("/"))
        svg = phone.locator("section.diagram svg")
        expect(svg).to_have_count(1)
        name = svg.evaluate(
            "s => s.getAttribute('aria-label') || (s.querySelector('title') || {}).textContent"
            " || (document.getElementById(s.getAttribute('aria-labelledby')) || {}).textContent"
        )
        assert name and name.strip(), path
        in_text = phone.locator("section.diagram .diagram-text a")
        if path == PAGES["data element"]:
            expect(in_text.first).to_have_attribute("href", "#chains")
        links = svg.locator("a[href]")
        assert links.count() > 0
        links.first.focus()
        assert phone.evaluate("() => document.activeElement.closest('svg') !== null")
        phone.keyboard.press("Tab")
        assert phone.evaluate("() => document.activeElement.closest('svg') !== null")
