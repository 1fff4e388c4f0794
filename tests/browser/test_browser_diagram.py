"""An item page's traceability diagram in Chromium: drawn, and every box a working link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from rdflib import Graph
from rdflib.namespace import RDFS

from browsing import Visit
from samverkan.namespaces import ID, SAM

pytestmark = pytest.mark.browser

NAVET_RECORD = ID["skatteverket/data/navet-person-record"]


def test_clicking_a_box_of_the_diagram_opens_that_items_page(
    visit: Visit, federation: Graph
) -> None:
    schema = federation.value(NAVET_RECORD, SAM.schema)
    assert schema is not None, "the data element names its schema"
    record_iri = visit.item(str(NAVET_RECORD))
    schema_iri = visit.item(str(schema))
    visit.open(urlsplit(record_iri).path + "?lang=en")

    diagram = visit.page.locator("section.diagram svg")
    expect(diagram).to_be_visible()
    current = diagram.locator("a.box[aria-current=page]")
    expect(current).to_have_count(1)
    assert urlsplit(str(current.get_attribute("href"))).path == urlsplit(record_iri).path

    box = diagram.locator(f'a.box[href^="{urlsplit(schema_iri).path}"]')
    expect(box).to_have_count(1)
    box.click()
    visit.page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(schema_iri).path)
    english = next(str(n) for n in federation.objects(schema, RDFS.label) if n.language == "en")
    expect(visit.page.locator("h1")).to_contain_text(english)
    assert visit.elsewhere() == []
    assert visit.errors == []
