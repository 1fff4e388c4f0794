"""Convert RDF terms between rdflib (validation, serialisation) and pyoxigraph (the store).

Plain literals come back from Oxigraph typed ``xsd:string``; rdflib keeps those apart from
untyped literals, which would make ``sh:in`` and ``sh:hasValue`` fail on data read back from the
store. Both directions therefore map ``xsd:string`` to rdflib's untyped literal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxSubject = ox.NamedNode | ox.BlankNode


def to_rdflib(term: OxTerm | ox.Triple | ox.DefaultGraph) -> Node:
    """Return the rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"no rdflib equivalent for {term!r}")


def to_oxigraph(term: Node) -> OxTerm:
    """Return the pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"no pyoxigraph equivalent for {term!r}")


def graph_from_triples(triples: Iterable[ox.Triple | ox.Quad], into: Graph | None = None) -> Graph:
    """Collect pyoxigraph triples (or quads, graph ignored) into an rdflib graph."""
    graph = Graph() if into is None else into
    graph += rdflib_triples(triples)
    return graph


def rdflib_triples(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[tuple[Node, Node, Node]]:
    """Yield pyoxigraph triples (or quads, graph ignored) as rdflib triples, converting each
    distinct term once (predicates, classes and linked items recur in nearly every one)."""
    seen: dict[OxTerm | ox.Triple, Node] = {}

    def converted(term: OxTerm | ox.Triple) -> Node:
        found = seen.get(term)
        if found is None:
            found = seen[term] = to_rdflib(term)
        return found

    for triple in triples:
        yield converted(triple.subject), converted(triple.predicate), converted(triple.object)


def quads_for_graph(graph: Graph, name: URIRef) -> list[ox.Quad]:
    """Return the triples of an rdflib graph as pyoxigraph quads in the named graph ``name``."""
    target = ox.NamedNode(str(name))
    return [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target)  # type: ignore[arg-type]
        for s, p, o in graph
    ]
