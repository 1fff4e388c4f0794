"""Replace blank nodes by stable IRIs before anything is stored (RDF 1.1 skolemisation).

A blank node written to a store through SPARQL Update becomes a new blank node in every
request, so an inference written later could never point at it again. Skolem IRIs
(``<base>.well-known/genid/...``) keep such statements connected. They are derived from the
content (RDFC-1.0 canonical labels and a hash of the canonical form) and a scope, so storing
the same content twice gives the same identifiers, and different content never shares them.

The canonical labels are computed in a bounded child process (:func:`bounded.canonicalize`):
RDFC-1.0's cost is exponential in the worst case, and grows fast with blank nodes that look
alike (a long collection), so input anyone sends could otherwise hold a server's process.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from samverkan import bounded
from samverkan.limits import Limits
from samverkan.messages import Message, message
from samverkan.terms import to_oxigraph, to_rdflib

GENID = ".well-known/genid/"
#: What computing the canonical labels may use unless told otherwise (a parse's defaults).
LIMITS = Limits()
#: What a refusal names when it is not told which document it is about.
THE_SUBMISSION = message("the_submission")


def skolemize(
    graph: Graph,
    base_iri: str,
    scope: str,
    source: str | Message = THE_SUBMISSION,
    limits: Limits = LIMITS,
) -> Graph:
    """Return ``graph`` with each blank node replaced by an IRI stable for this content.

    Raise :class:`~samverkan.errors.InputLimitError` naming ``source`` when the canonical
    labels need more than ``limits`` give a parse.
    """
    if not _has_blank_nodes(graph):
        return graph
    dataset = canonical_dataset(graph, source, limits)
    canonical = "".join(sorted(f"{q.subject} {q.predicate} {q.object} .\n" for q in dataset))
    digest = hashlib.sha256((scope + "\n" + canonical).encode("utf-8")).hexdigest()[:16]
    prefix = f"{base_iri}{GENID}{digest}-"
    skolemized = Graph()
    for quad in dataset:
        s, p, o = (_skolem(term, prefix) for term in (quad.subject, quad.predicate, quad.object))
        skolemized.add((s, p, o))
    return skolemized


def canonical_dataset(graph: Graph, source: str | Message, limits: Limits) -> ox.Dataset:
    """Return ``graph`` as a dataset whose blank nodes have their RDFC-1.0 labels."""
    nquads = ox.serialize(
        (
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
            for s, p, o in graph
        ),
        format=ox.RdfFormat.N_QUADS,
    )
    canonical = bounded.canonicalize(nquads or b"", source, limits)
    return ox.Dataset(ox.parse(canonical, format=ox.RdfFormat.N_QUADS))


def unskolemize(graph: Graph, base_iri: str) -> Graph:
    """Return ``graph`` with this server's skolem IRIs turned back into blank nodes."""
    prefix = base_iri + GENID
    nodes: dict[str, BNode] = {}

    def back(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(prefix):
            return nodes.setdefault(str(term), BNode())
        return term

    restored = Graph()
    for s, p, o in graph:
        restored.add((back(s), p, back(o)))
    return restored


def _has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(term, BNode) for triple in graph for term in triple)


def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal, prefix: str) -> Node:
    if isinstance(term, ox.BlankNode):
        return URIRef(prefix + term.value)
    return to_rdflib(term)
