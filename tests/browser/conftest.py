"""Fixtures for tests in a real browser: the server over a socket, Debian's Chromium.

Playwright drives the system's Chromium (``/usr/bin/chromium``, Debian's ``chromium``
package, which ``tests/run`` installs when it is missing); it never downloads a browser of its
own. Each test gets a fresh browser context whose requests and script errors are recorded,
so a test can say that nothing left this server and that no script failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from browsing import Visit
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server

CHROMIUM = Path("/usr/bin/chromium")
#: A quiet browser: no sandbox (CI runs as root), no GPU, no calls home of its own.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``samverkan serve`` over the example federation, on a free port of loopback."""
    port = free_port()
    store = tmp_path_factory.mktemp("browser") / "store"
    build_store(store, base_iri_for(port))
    with running_server(store, port) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        yield launched
        launched.close()


@pytest.fixture
def visit(browser: Browser, live: LiveServer) -> Iterator[Visit]:
    """A fresh tab (own cookies and storage) that records its requests and script errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    context.set_default_timeout(20_000)
    page = context.new_page()
    recorded = Visit(page, live)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    yield recorded
    context.close()
