"""Shared fixtures: the project's settings, a validator, and a store built from ``data/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    return Validator.from_project(settings)


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
    return app.test_client()
