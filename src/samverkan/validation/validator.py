"""Validate RDF against the guideline shapes, with the ontology as background knowledge."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.term import Node

from samverkan.config import Settings
from samverkan.namespaces import PREFIXES
from samverkan.rdfio import parse_files
from samverkan.validation.report import Report, read_results

#: rdflib parses SPARQL with pyparsing, whose parser state is shared by the whole process and
#: not thread-safe: two validations running pySHACL's SPARQL constraints at once corrupt it
#: (every later query then fails). Validations therefore run one at a time per process.
_SPARQL_PARSER = threading.Lock()


class Validator:
    """Holds the shapes and the ontology; validates any number of data graphs."""

    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology

    @classmethod
    def from_dirs(cls, shapes_dir: Path, ontology_dir: Path) -> Validator:
        """Load every Turtle file of the shapes and ontology folders."""
        return cls(parse_files(_turtle(shapes_dir)), parse_files(_turtle(ontology_dir)))

    @classmethod
    def from_project(cls, settings: Settings | None = None) -> Validator:
        """Load the project's own ``shapes/`` and ``ontology/``."""
        settings = settings or Settings()
        return cls.from_dirs(settings.shapes_dir, settings.ontology_dir)

    def validate(self, data: Graph, focus_nodes: Iterable[Node] | None = None) -> Report:
        """Validate ``data`` (never modified); restrict to ``focus_nodes`` when given."""
        focus: list[str | URIRef] | None = None
        if focus_nodes is not None:
            focus = [node for node in focus_nodes if isinstance(node, URIRef)]
        if focus == []:
            return Report()
        with _SPARQL_PARSER:
            _, graph, _ = pyshacl.validate(
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


def _turtle(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl"))
