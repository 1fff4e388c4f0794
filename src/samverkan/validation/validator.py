"""Validate RDF against the guideline shapes, with the ontology as background knowledge."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import Graph, URIRef
from rdflib.term import Node

from samverkan.config import Settings
from samverkan.errors import ConfigurationError
from samverkan.namespaces import PREFIXES
from samverkan.rdfio import parse_files
from samverkan.validation import prepared
from samverkan.validation.report import Report, read_results

#: rdflib parses SPARQL with pyparsing, whose parser state is shared by the whole process and
#: not thread-safe: two validations running pySHACL's SPARQL constraints at once corrupt it
#: (every later query then fails). Validations therefore run one at a time per process.
_SPARQL_PARSER = threading.Lock()


class Validator:
    """Holds the shapes and the ontology; validates any number of data graphs.

    ``engine`` is pySHACL, the reference, or pyshacl-turbo (a Rust engine with pySHACL's
    interface, several times faster; a test finds the same results for every shape).
    """

    def __init__(self, shapes: Graph, ontology: Graph, engine: str = "pyshacl") -> None:
        self.shapes = shapes
        self.ontology = ontology
        self.engine = engine
        self._validate, self._lock = _engine(engine)

    @classmethod
    def from_dirs(cls, shapes_dir: Path, ontology_dir: Path) -> Validator:
        """Load every Turtle file of the shapes and ontology folders."""
        return cls(parse_files(_turtle(shapes_dir)), parse_files(_turtle(ontology_dir)))

    @classmethod
    def from_project(cls, settings: Settings | None = None) -> Validator:
        """Load the project's own ``shapes/`` and ``ontology/``."""
        settings = settings or Settings()
        shapes, ontology = _turtle(settings.shapes_dir), _turtle(settings.ontology_dir)
        return cls(parse_files(shapes), parse_files(ontology), settings.validation_engine)

    def validate(self, data: Graph, focus_nodes: Iterable[Node] | None = None) -> Report:
        """Validate ``data`` (never modified); restrict to ``focus_nodes`` when given."""
        focus: list[str | URIRef] | None = None
        if focus_nodes is not None:
            focus = [node for node in focus_nodes if isinstance(node, URIRef)]
        if focus == []:
            return Report()
        with self._lock:
            _, graph, _ = self._validate(
                data,
                shacl_graph=self.shapes,
                ont_graph=self.ontology,
                inference="none",
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                focus_nodes=focus,
            )
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, replace=True)
        return Report(read_results(graph, self.shapes), graph)


def _engine(name: str) -> tuple[Callable[..., Any], threading.Lock]:
    """Return the engine's ``validate`` and the lock its runs take (pySHACL's: one at a time)."""
    if name == "pyshacl":
        prepared.install()
        return pyshacl.validate, _SPARQL_PARSER
    try:
        module = importlib.import_module("pyshacl_turbo")
    except ImportError:
        raise ConfigurationError(
            "validation engine 'turbo' needs pyshacl-turbo: pip install 'samverkan[fast]'"
        ) from None
    return module.validate, threading.Lock()


def _turtle(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl"))
