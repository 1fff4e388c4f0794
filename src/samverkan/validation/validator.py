"""Validate RDF against the guideline shapes, with the ontology as background knowledge."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from samverkan.config import Settings
from samverkan.errors import ConfigurationError
from samverkan.namespaces import PREFIXES
from samverkan.rdfio import parse_files
from samverkan.triples import Readable, Triples
from samverkan.validation import prepared
from samverkan.validation.native import NativeEngine, UnsupportedShapesError
from samverkan.validation.native_sparql import UnrepresentableError
from samverkan.validation.report import Report, read_results

LOG = logging.getLogger(__name__)

#: rdflib parses SPARQL with pyparsing, whose parser state is shared by the whole process and
#: not thread-safe: two validations running pySHACL's SPARQL constraints at once corrupt it
#: (every later query then fails). Validations therefore run one at a time per process.
_SPARQL_PARSER = threading.Lock()

#: The predicates that give a shape its focus nodes (SHACL 2.1.3, and SHACL-AF's sh:target).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class Validator:
    """Holds the shapes and the ontology; validates any number of data graphs.

    ``engine`` is "native" (:mod:`samverkan.validation.native`, set-based, the default),
    "pyshacl" (the reference) or "turbo" (pyshacl-turbo, a Rust engine with pySHACL's
    interface). Tests find the same results as pySHACL's for every shape.
    """

    def __init__(
        self, shapes: Graph, ontology: Graph, engine: str = "native", origin: str = ""
    ) -> None:
        """Hold the shapes and ontology; refuse ones with which every document would conform.

        No shape with a target, or no owl:Ontology, raises ConfigurationError; ``origin``
        says where they were read, for the message. Shapes the native engine does not
        evaluate are validated with pySHACL instead (logged, and ``engine`` says so).
        """
        _require_shapes_and_ontology(shapes, ontology, origin)
        self.shapes = shapes
        self.ontology = ontology
        self.native: NativeEngine | None = None
        if engine == "native":
            try:
                with _SPARQL_PARSER:  # the SPARQL constraints' queries are parsed to check them
                    self.native = NativeEngine(shapes, ontology)
            except UnsupportedShapesError as refused:
                LOG.warning("validating with pySHACL, not the native engine: %s", refused)
                engine = "pyshacl"
        self.engine = engine
        self._validate, self._lock = _engine("pyshacl" if engine == "native" else engine)

    @classmethod
    def from_dirs(cls, shapes_dir: Path, ontology_dir: Path, engine: str = "native") -> Validator:
        """Load every Turtle file of the shapes and ontology folders (refuse missing ones)."""
        shapes, ontology = _turtle(shapes_dir, "shapes"), _turtle(ontology_dir, "ontology")
        origin = f"{shapes_dir} and {ontology_dir}"
        return cls(parse_files(shapes), parse_files(ontology), engine, origin)

    @classmethod
    def from_project(cls, settings: Settings | None = None) -> Validator:
        """Load the project's own ``shapes/`` and ``ontology/`` (the package's, unless set)."""
        settings = settings or Settings()
        return cls.from_dirs(settings.shapes_dir, settings.ontology_dir, settings.validation_engine)

    def validate(self, data: Readable, focus_nodes: Iterable[Node] | None = None) -> Report:
        """Validate ``data`` (never modified); restrict to ``focus_nodes`` when given."""
        focus: list[str | URIRef] | None = None
        if focus_nodes is not None:
            focus = [node for node in focus_nodes if isinstance(node, URIRef)]
        if focus == []:
            return Report()
        graph = self._native(data, focus)
        if graph is None:
            graph = self._reference(data, focus)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, replace=True)
        return Report(read_results(graph, self.shapes), graph)

    def _native(self, data: Readable, focus: list[str | URIRef] | None) -> Graph | None:
        """Return the native engine's report graph (None without it, or for data it cannot
        hold, which pySHACL then validates)."""
        if self.native is None:
            return None
        try:
            return self.native.validate(data, focus)  # type: ignore[arg-type]
        except UnrepresentableError as error:
            LOG.warning("validating this document with pySHACL, not the native engine: %s", error)
            return None

    def _reference(self, data: Readable, focus: list[str | URIRef] | None) -> Graph:
        """Return pySHACL's (or pyshacl-turbo's) report graph."""
        with self._lock:
            _, graph, _ = self._validate(
                data.graph() if isinstance(data, Triples) else data,
                shacl_graph=self.shapes,
                ont_graph=self.ontology,
                inference="none",
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                focus_nodes=focus,
            )
        assert isinstance(graph, Graph)
        return graph


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


def _turtle(folder: Path, what: str) -> list[Path]:
    """Return the folder's Turtle files; refuse a folder that is missing or holds none."""
    files = sorted(folder.glob("*.ttl"))
    if not files:
        state = "holds no Turtle file (*.ttl)" if folder.is_dir() else "does not exist"
        raise ConfigurationError(
            f"cannot validate: the {what} folder {folder} {state}; nothing is validated "
            "without the guideline shapes and the ontology (reinstall the package, or point "
            "SAMVERKAN_PROJECT_DIR at a folder with ontology/ and shapes/)"
        )
    return files


def _require_shapes_and_ontology(shapes: Graph, ontology: Graph, origin: str) -> None:
    """Raise ConfigurationError unless some shape has a target and the ontology declares one."""
    where = f" (read from {origin})" if origin else ""
    targeted = any((None, predicate, None) in shapes for predicate in _TARGETS)
    implicit = any(
        (shape, RDF.type, RDFS.Class) in shapes for shape in shapes.subjects(RDF.type, SH.NodeShape)
    )
    if not targeted and not implicit:
        raise ConfigurationError(
            f"cannot validate: the shapes graph{where} has no SHACL shape with a target, so "
            "every document would conform; refusing until the guideline shapes are there"
        )
    if (None, RDF.type, OWL.Ontology) not in ontology:
        raise ConfigurationError(
            f"cannot validate: the ontology graph{where} declares no owl:Ontology; the shapes "
            "need the ontology's classes, refusing until it is there"
        )
