"""Restoring an earlier version in Chromium: from the actor's page to its history, to the
restore page, which will not post without the credential and the confirmation, then to the
new version; the history then lists it, restored from the old one."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect
from rdflib import Literal
from rdflib.namespace import RDFS

from live_server import (
    PROJECT,
    LiveServer,
    base_iri_for,
    build_store,
    free_port,
    running_server,
)
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout
from tokens import token_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A server of this module's own (a restore changes it), and a credential of Kivra's."""
    port = free_port()
    store = tmp_path_factory.mktemp("restored") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, "kivra")
    with running_server(store, port) as live:
        yield live, token


def second_version(live: LiveServer, token: str) -> None:
    """Submit Kivra's part with one more note: version 2."""
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), live.base_iri)
    part.add((GraphLayout(live.base_iri).actor_iri("kivra"), RDFS.comment, Literal("A note.")))
    status, _, answer = live.request(
        "POST",
        "/submissions/kivra",
        part.serialize(format="nt", encoding="utf-8"),
        {"Content-Type": "application/n-triples", "Authorization": f"Bearer {token}"},
    )
    assert status == 201, answer[:300]


def test_an_earlier_version_is_restored_from_the_page(
    browser: Browser, own_server: tuple[LiveServer, str]
) -> None:
    live, token = own_server
    second_version(live, token)
    context = browser.new_context(locale="en-GB")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live.base_iri + "id/kivra?lang=en")
        page.get_by_role("link", name="Version history").click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/id/kivra/versions")
        page.locator('tr[data-version="1"] a.restore').click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/id/kivra/version/1/restore")
        expect(page.locator(".restore-changes")).to_contain_text("1 removed")
        button = page.get_by_role("button", name="Restore version 1")
        button.click()  # neither credential nor confirmation: the browser keeps the form
        assert urlsplit(page.url).path == "/id/kivra/version/1/restore"
        page.fill("#restore-token", token)
        button.click()  # still no confirmation
        assert urlsplit(page.url).path == "/id/kivra/version/1/restore"
        page.check("#restore-confirm")
        button.click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/submissions/kivra/rollback/1")
        accepted = page.locator(".verdict.accepted a")
        expect(accepted).to_contain_text("Accepted as version 3")
        page.goto(live.base_iri + "id/kivra/versions?lang=en")
        row = page.locator('tr[data-version="3"]')
        expect(row).to_contain_text("restored from")
        expect(row.locator(".changed")).to_have_attribute("data-removed", "1")
    finally:
        context.close()
    assert errors == []
