"""Suggestions as one types, in Chromium: links under the search box, reachable by arrows."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browsing import Visit

pytestmark = pytest.mark.browser


def test_typing_part_of_a_compound_suggests_it_and_arrows_lead_to_its_page(visit: Visit) -> None:
    visit.open("/?lang=sv")
    box = visit.page.locator("#site-q")
    box.press_sequentially("bokför", delay=30)
    suggestions = visit.page.locator("header .suggestions")
    expect(suggestions).to_be_visible()
    links = suggestions.locator("a")
    expect(links.first).to_be_visible()
    names = " ".join(links.all_inner_texts()).casefold()
    assert "folkbokföring" in names
    assert visit.page.locator("header [aria-live=polite]").inner_text().endswith("förslag")
    box.press("ArrowDown")
    focused = visit.page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == links.first.get_attribute("href")
    visit.page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    box.press_sequentially("i", delay=30)
    expect(suggestions).to_be_visible()
    box.press("ArrowDown")
    chosen = visit.page.evaluate("() => document.activeElement.getAttribute('href')")
    assert chosen and chosen.startswith("/id/")
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(chosen).path)
    assert visit.errors == []
    assert visit.elsewhere() == []
