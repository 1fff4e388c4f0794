"""Translate the committed files' instance IRIs to a deployment's base: the one place it happens.

The files in ``data/`` (and the tests, and an agency's own drafts) name their instances under
the canonical base, ``https://samverkan.example.org/id/...``. A deployment names them under
its own base IRI. :func:`to_deployment` translates them where they enter: when the project's
files are loaded (:func:`samverkan.federation.build`) and when a submission arrives (HTTP and
the command line). Only instance IRIs move: ``id/``, ``graph/`` and the skolem IRIs under
``.well-known/genid/``. The vocabulary (``def/...``) is fixed and never moves, so nothing that
reads the store (queries, reports, exports) needs to translate anything.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.term import Node

from samverkan.namespaces import CANONICAL_BASE
from samverkan.skolem import GENID

#: The paths under a base that name instances (everything else under it stays as it is).
INSTANCE_PATHS = ("id/", "graph/", GENID)


def to_deployment(graph: Graph, base_iri: str) -> Graph:
    """Return ``graph`` with its canonical instance IRIs moved under ``base_iri``.

    IRIs already under ``base_iri`` stay as they are, so content that was translated once
    (an archived version sent back) is not moved again.
    """
    if base_iri == CANONICAL_BASE:
        return graph
    starts = tuple(CANONICAL_BASE + path for path in INSTANCE_PATHS)

    def moved(term: Node) -> Node:
        text = str(term)
        if isinstance(term, URIRef) and text.startswith(starts) and not text.startswith(base_iri):
            return URIRef(base_iri + text[len(CANONICAL_BASE) :])
        return term

    translated = Graph()
    for prefix, namespace in graph.namespaces():
        translated.bind(prefix, str(moved(URIRef(namespace))), override=True, replace=True)
    for s, p, o in graph:
        translated.add((moved(s), p, moved(o)))
    return translated
