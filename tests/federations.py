"""A fresh federation served by its own app, for tests that submit, and parts to submit.

Each test module that submits makes one per test from a copy of the built store::

    @pytest.fixture
    def federation(state_copy: Settings) -> Iterator[Federation]:
        with serving(state_copy) as served:
            yield served
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from samverkan.config import Settings
from samverkan.namespaces import ID, SAM
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.credentials import Credentials
from samverkan.web import create_app

KIVRA, SKATTEVERKET = "kivra", "skatteverket"
TURTLE = "text/turtle"
#: Where the server's own state lives (samverkan.state).
STATE = "urn:x-samverkan:state:"


@dataclass
class Federation:
    """A fresh federation served by its own app, with a credential for two actors."""

    app: Flask
    settings: Settings
    store: OxigraphStore
    layout: GraphLayout
    tokens: dict[str, str]

    def client(self) -> FlaskClient:
        """Return a client asking for English answers (see ``conftest.english``)."""
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    def part(self, actor: str) -> Graph:
        return self.store.graph(self.layout.actor(actor))

    def snapshot(self) -> dict[URIRef, int]:
        """Return the size of every graph of the federation (not the server's own state:
        credentials, locks, jobs)."""
        names = (n for n in self.store.graph_names() if not n.startswith(STATE))
        return {name: self.store.count(name) for name in names}

    def auth(self, actor: str, **headers: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[actor]}", **headers}


@contextmanager
def serving(settings: Settings) -> Iterator[Federation]:
    """Serve the store of ``settings`` with credentials for Kivra and Skatteverket."""
    store = OxigraphStore(settings.store_path)
    keys = Credentials(store)
    tokens = {actor: keys.create(actor) for actor in (KIVRA, SKATTEVERKET)}
    app = create_app({"TESTING": True}, settings=settings, store=store)
    try:
        yield Federation(app, settings, store, GraphLayout(settings.base_iri), tokens)
    finally:
        store.close()


def turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def described_anew(part: Graph, text: str) -> Graph:
    """Return a copy of Kivra's part with a new English description of Kivra."""
    copy = Graph() + part
    copy.remove((ID[KIVRA], DCTERMS.description, None))
    copy.add((ID[KIVRA], DCTERMS.description, Literal(text, lang="en")))
    copy.add((ID[KIVRA], DCTERMS.description, Literal("Digital brevlåda.", lang="sv")))
    return copy


def without_descriptions(part: Graph) -> Graph:
    """Return a copy of Kivra's part that breaks rule 9 (Kivra has no description)."""
    copy = Graph() + part
    copy.remove((ID[KIVRA], DCTERMS.description, None))
    return copy


def of_no_service_type(part: Graph) -> tuple[Graph, URIRef]:
    """Return a copy of Kivra's part in which a service's type is Kivra itself (breaking
    rule 5 with an IRI as the value), and that service."""
    copy = Graph() + part
    service = sorted(s for s in copy.subjects(SAM.serviceType, None) if isinstance(s, URIRef))[0]
    copy.set((service, SAM.serviceType, ID[KIVRA]))
    return copy, service
