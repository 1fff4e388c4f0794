"""Links and headers: only http, https and mailto become links; every answer carries the
security headers; pages and redirects name the configured base IRI, never the Host header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from samverkan.config import Settings, load_settings
from samverkan.federation import build
from samverkan.namespaces import ID
from samverkan.presentation.links import is_safe
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.web import create_app
from samverkan.web.common.services import of_app

PROJECT = Path(__file__).resolve().parents[1]
KIVRA = "kivra"
HOSTILE = (
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "x-unknown:thing",
)
PAGES = (
    "/",
    "/sparql",
    "/query",
    "/submit",
    "/actors",
    "/catalogs/process",
    "/search?q=kivra",
    "/def/samverkan",
    f"/id/{KIVRA}",
    f"/id/{KIVRA}/versions",
    "/dumps/",
    "/no/such/page",
)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The example federation, where Kivra's part also links to hostile IRIs."""
    settings = load_settings(
        {
            "project_dir": PROJECT,
            "store_path": tmp_path_factory.mktemp("hostile") / "store",
            "base_iri": "https://samverkan.example.org/",
        },
        environ={},
    )
    store = OxigraphStore(settings.store_path)
    build(store, settings)
    store.apply(replace={}, remove={}, add={GraphLayout(settings.base_iri).actor(KIVRA): links()})
    yield create_app({"TESTING": True}, settings=settings, store=store)
    store.close()


def links() -> Graph:
    """Kivra links to every hostile IRI, and names itself with them."""
    graph = Graph()
    for iri in HOSTILE:
        graph.add((ID[KIVRA], RDFS.seeAlso, URIRef(iri)))
        graph.add((URIRef(iri), RDFS.label, Literal(iri)))
    return graph


class Anchors(HTMLParser):
    """Collect every ``href``, every script and every inline event handler of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.hrefs += [value or "" for name, value in attrs if name in {"href", "xlink:href"}]
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self._in_script = tag == "script"
        if tag == "script" and not attributes.get("src"):
            self.inline_scripts.append("(no src)")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data.strip()[:60])

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def parsed(html: str) -> Anchors:
    anchors = Anchors()
    anchors.feed(html)
    return anchors


def test_hostile_iris_are_shown_as_text_not_as_links(hostile_app: Flask) -> None:
    page = hostile_app.test_client().get(f"/id/{KIVRA}", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for iri in HOSTILE:
        assert iri in html, f"{iri} is not on the page at all"
    bad = [h for h in parsed(html).hrefs if not is_safe(h)]
    assert bad == []
    assert not re.search(r'href="\s*(javascript|data|vbscript|file|x-unknown):', html, re.I)


def test_links_keep_http_https_and_mailto(hostile_app: Flask) -> None:
    extra = Graph()
    for iri in ("http://example.org/a", "https://example.org/b", "mailto:info@example.org"):
        extra.add((ID[KIVRA], RDFS.seeAlso, URIRef(iri)))
    services = of_app(hostile_app)
    layout = GraphLayout(services.settings.base_iri)
    services.store.apply(replace={}, remove={}, add={layout.actor(KIVRA): extra})
    html = hostile_app.test_client().get(f"/id/{KIVRA}", headers={"Accept": "text/html"})
    hrefs = parsed(html.get_data(as_text=True)).hrefs
    assert {"http://example.org/a", "https://example.org/b", "mailto:info@example.org"} <= set(
        hrefs
    )


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("http://example.org/", True),
        ("HTTPS://example.org/", True),
        ("mailto:a@example.org", True),
        ("/id/kivra", True),
        ("#traceability", True),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("ftp://example.org/", False),
        ("", False),
    ],
)
def test_which_urls_may_be_links(url: str, safe: bool) -> None:
    assert is_safe(url) is safe


ANSWERS = (*PAGES, "/static/samverkan.css", "/health", "/sparql?query=ASK{}")


@pytest.mark.parametrize("path", ANSWERS)
def test_every_answer_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    answer = client.get(path, headers={"Accept": "text/html"})
    answer.close()
    policy = answer.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert answer.headers.get("X-Content-Type-Options") == "nosniff"
    assert answer.headers.get("Referrer-Policy") in {"same-origin", "no-referrer"}


@pytest.mark.parametrize("path", PAGES)
def test_no_page_has_inline_script_or_event_handlers(hostile_app: Flask, path: str) -> None:
    html = hostile_app.test_client().get(path, headers={"Accept": "text/html"})
    found = parsed(html.get_data(as_text=True))
    assert found.inline_scripts == []
    assert found.handlers == []


def test_no_template_has_inline_script_or_event_handlers(settings: Settings) -> None:
    templates = PROJECT / "src" / "samverkan" / "web" / "templates"
    for template in sorted(templates.glob("*.html")):
        found = parsed(template.read_text(encoding="utf-8"))
        assert found.inline_scripts == [], template.name
        assert found.handlers == [], template.name


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("accept", ["text/html", "application/json", "text/turtle"])
def test_the_host_header_is_never_reflected(client: FlaskClient, path: str, accept: str) -> None:
    answer = client.get(path, headers={"Host": "evil.example", "Accept": accept})
    assert "evil.example" not in answer.get_data(as_text=True)
    assert "evil.example" not in str(answer.headers)


def test_a_redirect_goes_to_the_base_iri_not_the_host(client: FlaskClient, app: Flask) -> None:
    answer = client.get("/dumps?x=1", headers={"Host": "evil.example"})
    base = of_app(app).settings.base_iri
    assert answer.status_code in {301, 308}
    assert answer.headers["Location"] == f"{base}dumps/?x=1"
    assert "evil.example" not in answer.get_data(as_text=True)


def test_the_sparql_form_names_the_vocabulary_not_the_host(client: FlaskClient) -> None:
    html = client.get("/sparql", headers={"Host": "evil.example", "Accept": "text/html"})
    assert "PREFIX sam: <https://samverkan.example.org/def/samverkan#>" in html.get_data(
        as_text=True
    )


@pytest.mark.parametrize("accept", ["text/html", "application/json", "*/*"])
def test_a_host_header_that_is_no_host_name_gets_400(client: FlaskClient, accept: str) -> None:
    """Found by the fuzz run: a 300-character Host made the error page itself fail (500)."""
    answer = client.get("/health", headers={"Host": "x" * 300, "Accept": accept})
    assert answer.status_code == 400
    assert "x" * 300 not in answer.get_data(as_text=True)
