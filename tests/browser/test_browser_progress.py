"""The submission page's progress in Chromium: while the work waits (held by the actor's lock,
a lease in the store the server runs over: an ``oxigraph serve`` that this test reaches as
well), the page keeps telling the time so far, and Cancel stops it, changing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from rdflib import Literal
from rdflib.namespace import RDFS

from live_server import PROJECT, LiveServer
from oxigraph_server import samverkan_over_oxigraph
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.state.leases import Leases
from samverkan.storage import GraphLayout
from samverkan.storage.base import Store
from samverkan.submissions.locks import Locks

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, str, Store]]:
    with samverkan_over_oxigraph(tmp_path_factory.mktemp("progress"), "kivra") as served:
        live, store, token = served
        yield live, token, store


def noted_kivra(folder: Path, base_iri: str) -> Path:
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), base_iri)
    part.add((GraphLayout(base_iri).actor_iri("kivra"), RDFS.comment, Literal("Held back.")))
    path = folder / "kivra.ttl"
    path.write_bytes(part.serialize(format="turtle", encoding="utf-8"))
    return path


def test_a_held_submission_keeps_telling_and_can_be_cancelled(
    browser: Browser, own_server: tuple[LiveServer, str, Store], tmp_path: Path
) -> None:
    live, token, store = own_server
    before = live.request("GET", "/id/kivra/versions.nt")[2]
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live.base_iri + "submit?lang=en")
        page.set_input_files("#submission-file", noted_kivra(tmp_path, live.base_iri))
        page.select_option("#submission-actor", "kivra")
        page.fill("#submission-token", token)
        with Locks(Leases(store)).actor("kivra"):
            page.get_by_role("button", name="Submit", exact=True).click()
            clock = page.locator("#submission-progress .progress-time")
            expect(clock).to_contain_text("1 s so far")
            expect(clock).to_contain_text("2 s so far")
            expect(page.locator("#submission-progress .progress-count")).to_contain_text("items")
            page.get_by_role("button", name="Cancel").click()
        message = page.locator("#submission-outcome .error-message")
        expect(message).to_contain_text("Cancelled: nothing was changed")
    finally:
        context.close()
    assert live.request("GET", "/id/kivra/versions.nt")[2] == before
