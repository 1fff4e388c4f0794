"""Shared fixtures: the project's settings, a validator, and a store built from ``data/``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph

from samverkan.config import Settings, load_settings
from samverkan.federation import actor_files, build
from samverkan.namespaces import CANONICAL_BASE
from samverkan.rdfio import parse_file, parse_files
from samverkan.storage import OxigraphStore
from samverkan.validation import Validator
from samverkan.web import create_app
from virtuoso import Virtuoso, running_virtuoso

#: A streamed SPARQL answer holds its client's admission until it is read to the end, as a
#: WSGI server reads it; Flask's test client reads lazily and never closes what a test leaves
#: unread, so in the tests it reads every answer whole (``buffered``) and frees the slot.
_unbuffered_open = FlaskClient.open


def _buffered_open(self: FlaskClient, *args: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("buffered", True)
    return _unbuffered_open(self, *args, **kwargs)


FlaskClient.open = _buffered_open  # type: ignore[method-assign]

PROJECT = Path(__file__).resolve().parents[1]
STANDARDS = PROJECT.parent / "shared" / "standards"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Project settings with a store in a fresh temporary folder."""
    return load_settings(
        {
            "project_dir": PROJECT,
            "store_path": tmp_path_factory.mktemp("store") / "store",
            "base_iri": CANONICAL_BASE,
        },
        environ={},
    )


@pytest.fixture(scope="session")
def validator(settings: Settings) -> Validator:
    """The validator as configured by default (the native engine)."""
    return Validator.from_project(settings)


@pytest.fixture(scope="session")
def reference_validator(validator: Validator) -> Validator:
    """The reference: plain pySHACL, with the same shapes and ontology."""
    return Validator(validator.shapes, validator.ontology, engine="pyshacl")


@pytest.fixture(scope="session")
def ontology(settings: Settings) -> Graph:
    return parse_files(sorted(settings.ontology_dir.glob("*.ttl")))


@pytest.fixture(scope="session")
def actor_parts(settings: Settings) -> dict[str, Graph]:
    """Each actor's file of the example federation, parsed, by actor slug."""
    return {slug: parse_file(path) for slug, path in actor_files(settings.data_dir).items()}


@pytest.fixture(scope="session")
def federation(actor_parts: dict[str, Graph]) -> Graph:
    """The whole example federation as one graph (without the ontology)."""
    merged = Graph()
    for part in actor_parts.values():
        merged += part
    return merged


@pytest.fixture(scope="session")
def store(settings: Settings) -> Iterator[OxigraphStore]:
    """An on-disk store built once from the project's files."""
    opened = OxigraphStore(settings.store_path)
    build(opened, settings)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def app(settings: Settings, store: OxigraphStore) -> Flask:
    """The web app over the session's store (the base IRI is the canonical one)."""
    return create_app({"TESTING": True}, settings=settings, store=store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return english(app.test_client())


def english(client: FlaskClient) -> FlaskClient:
    """Make ``client`` ask for English answers (refusals are Swedish by default), so that
    tests can read the messages; tests of the language choice send their own header."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A Virtuoso on loopback with a new database, shared by the session (fails if missing)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running


@pytest.fixture(scope="session")
def built_state(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a store built from the project's files, closed, to be copied."""
    folder = tmp_path_factory.mktemp("built")
    opened = OxigraphStore(folder / "store")
    build(opened, replace(settings, store_path=folder / "store"))
    opened.close()
    return folder


@pytest.fixture
def state_copy(built_state: Path, settings: Settings, tmp_path: Path) -> Settings:
    """Settings for a fresh copy of the built store (and its versions), this test's own."""
    shutil.copytree(built_state, tmp_path / "state")
    return replace(settings, store_path=tmp_path / "state" / "store")
