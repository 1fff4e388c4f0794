"""What a browser test holds: a tab on the live server and what happened in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Page

from live_server import LiveServer
from samverkan.namespaces import CANONICAL_BASE


@dataclass
class Visit:
    """A browser tab on the live server, with every request it made and every script error."""

    page: Page
    server: LiveServer
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.server.base_iri + path.lstrip("/"))

    def item(self, iri: str) -> str:
        """Return an item of the committed files (canonical base) as the server names it."""
        return self.server.base_iri + iri.removeprefix(CANONICAL_BASE)

    def elsewhere(self) -> list[str]:
        """Return the requested URLs that are not on the live server."""
        home = urlsplit(self.server.base_iri).netloc
        return [url for url in self.requests if urlsplit(url).netloc != home]
