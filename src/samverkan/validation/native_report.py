"""The report graph of the native engine, written as pySHACL writes its own (SHACL 3.6).

Each result names its focus node, value, source shape, constraint component, severity and
the shape's messages; a SPARQL constraint's results add the constraint and its message
templates filled in with the solution's variables. Unlike pySHACL, filled-in messages keep
their language tags. Blank nodes keep their identifiers, and what hangs off them (a path, a
blank focus node or value) is copied in, as pySHACL copies it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from samverkan.triples import Readable

if TYPE_CHECKING:
    from samverkan.validation.native import Shape
    from samverkan.validation.native_sparql import SparqlConstraint


@dataclass
class Found:
    """One validation result, before it is written."""

    shape: Shape
    focus: Node
    value: Node | None
    component: URIRef
    constraint: SparqlConstraint | None = None
    row: dict[str, Node] = field(default_factory=dict)


def report_graph(found: list[Found], shapes: Graph, data: Readable) -> Graph:
    """Return the ``sh:ValidationReport`` graph of the results ``found``."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    conforms = not any(f.shape.severity == SH.Violation for f in found)
    graph.add((report, SH.conforms, Literal(conforms)))
    copied: set[Node] = set()
    for result in found:
        node = BNode()
        graph.add((report, SH.result, node))
        for triple in _result(node, result):
            graph.add(triple)
        for term, source in (
            (result.shape.node, shapes),
            (result.shape.path_node, shapes),
            (result.focus, data),
            (result.value, data),
        ):
            if isinstance(term, BNode) and term not in copied:
                copied.add(term)
                _copy(term, source, graph)
    return graph


def _result(node: BNode, found: Found) -> Iterable[tuple[Node, Node, Node]]:
    shape = found.shape
    yield node, RDF.type, SH.ValidationResult
    yield node, SH.sourceConstraintComponent, found.component
    yield node, SH.sourceShape, shape.node
    yield node, SH.resultSeverity, shape.severity
    yield node, SH.focusNode, found.focus
    if found.value is not None:
        yield node, SH.value, found.value
    path = found.row.get("path", shape.path_node)
    if path is not None:
        yield node, SH.resultPath, path
    if found.constraint is None:
        for message in shape.messages or (_generic(found),):
            yield node, SH.resultMessage, message
        return
    yield node, SH.sourceConstraint, found.constraint.node
    bindings = {**found.row, "this": found.focus}
    if found.value is not None:
        bindings["value"] = found.value
    for message in (*shape.messages, *found.constraint.messages):
        yield node, SH.resultMessage, _filled(message, bindings)


def _filled(template: Literal, bindings: dict[str, Node]) -> Literal:
    """Fill in ``{$name}`` and ``{?name}`` with the bound terms, keeping the language."""
    text = str(template)
    for name, term in bindings.items():
        text = re.sub(r"\{[?$]" + re.escape(name) + r"\}", _replacement(str(term)), text)
    return Literal(text, lang=template.language)


def _replacement(text: str) -> Callable[[re.Match[str]], str]:
    """Return a replacement giving ``text`` as it is (no backslash escapes)."""
    return lambda _match: text


def _generic(found: Found) -> Literal:
    """Say which constraint failed, for a shape without sh:message."""
    component = str(found.component).rsplit("#", 1)[-1]
    return Literal(f"{component} not satisfied by {found.focus}")


def _copy(start: BNode, source: Readable, target: Graph) -> None:
    """Copy the statements about ``start`` and the blank nodes under it into ``target``."""
    seen, todo = {start}, [start]
    while todo:
        subject = todo.pop()
        for p, o in source.predicate_objects(subject):
            target.add((subject, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
