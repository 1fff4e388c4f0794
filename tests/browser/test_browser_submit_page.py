"""The submission page in Chromium: a dry run of a file with a violation, with and without
scripts, ends in the report with the rule and a focus-node link that leads to the item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from rdflib import Literal
from rdflib.namespace import DCTERMS

from browsing import Visit
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout
from tokens import token_for

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]


def kivra_file(folder: Path, base_iri: str, description: str | None) -> Path:
    """Write Kivra's part, under the server's base, with Kivra's English description
    ``description`` (without any description when None, which breaks rule 9)."""
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), base_iri)
    kivra = GraphLayout(base_iri).actor_iri("kivra")
    part.remove((kivra, DCTERMS.description, None))
    if description is not None:
        part.add((kivra, DCTERMS.description, Literal("Digital brevlåda.", lang="sv")))
        part.add((kivra, DCTERMS.description, Literal(description, lang="en")))
    path = folder / "kivra.ttl"
    path.write_bytes(part.serialize(format="turtle", encoding="utf-8"))
    return path


def undescribed_kivra(folder: Path, base_iri: str) -> Path:
    return kivra_file(folder, base_iri, None)


def dry_run(page: Page, file: Path) -> None:
    """Choose the file and the actor on the submission page, and validate."""
    page.set_input_files("#submission-file", file)
    page.select_option("#submission-actor", "kivra")
    page.get_by_role("button", name="Validate").click()


def follow_the_focus_link(page: Page) -> None:
    """Check the report's rule and its focus-node link, then follow the link."""
    report = page.locator("article.report")
    expect(report.locator("section.rule h2")).to_contain_text("Rule 9")
    focus = report.locator("table.results tbody tr td:nth-child(2) a")
    expect(focus).to_have_count(1)
    assert focus.get_attribute("href") == "/id/kivra?lang=en"
    focus.click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/id/kivra")
    expect(page.locator("h1")).to_contain_text("Kivra")


def test_a_dry_run_shows_the_report_in_the_page_with_progress(visit: Visit, tmp_path: Path) -> None:
    visit.open("/submit?lang=en")
    dry_run(visit.page, undescribed_kivra(tmp_path, visit.server.base_iri))
    expect(visit.page.locator("#submission-outcome article.report")).to_be_visible()
    assert urlsplit(visit.page.url).path == "/submit"  # the report came in place
    assert any(urlsplit(url).path.startswith("/jobs/") for url in visit.requests)
    visit.page.screenshot(path=str(tmp_path / "submit-page.png"), full_page=True)
    follow_the_focus_link(visit.page)
    assert visit.elsewhere() == []
    assert visit.errors == []


def test_bad_rdf_is_named_by_line_and_column_in_the_page(visit: Visit, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/a> a\n  <oops\n")
    visit.open("/submit?lang=en")
    dry_run(visit.page, broken)
    message = visit.page.locator("#submission-outcome .error-message")
    expect(message).to_contain_text("the file 'broken.ttl', line 2, column")
    expect(visit.page.get_by_role("button", name="Validate")).to_be_enabled()
    assert visit.errors == []


def test_without_scripts_the_form_posts_and_the_report_page_answers(
    browser: Browser, live: LiveServer, tmp_path: Path
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live.base_iri + "submit?lang=en")
        dry_run(page, undescribed_kivra(tmp_path, live.base_iri))
        page.wait_for_url(lambda url: urlsplit(url).path == "/validate")
        expect(page.locator("article.report .lead")).to_contain_text("nothing was changed")
        follow_the_focus_link(page)
    finally:
        context.close()


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A server of this module's own (submissions change it), and a credential of Kivra's."""
    port = free_port()
    store = tmp_path_factory.mktemp("submitted") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, "kivra")
    with running_server(store, port) as live:
        yield live, token


def test_a_submission_with_the_credential_is_accepted_in_the_page(
    browser: Browser, own_server: tuple[LiveServer, str], tmp_path: Path
) -> None:
    live, token = own_server
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live.base_iri + "submit?lang=en")
        page.set_input_files("#submission-file", kivra_file(tmp_path, live.base_iri, "Mail."))
        page.select_option("#submission-actor", "kivra")
        page.get_by_role("button", name="Submit", exact=True).click()
        expect(page.locator("#submission-outcome .error-message")).to_contain_text(
            "Fill in the actor's credential"
        )
        page.fill("#submission-token", token)
        page.get_by_role("button", name="Submit", exact=True).click()
        accepted = page.locator("#submission-outcome .verdict.accepted a")
        expect(accepted).to_contain_text("Accepted as version 2")
        accepted.click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/id/kivra/version/2")
    finally:
        context.close()
