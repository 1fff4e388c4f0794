"""Warm the query path before the server listens, so that its first query is as quick as the next.

Left cold, the first public query pays for starting the query workers (a process each:
Python, pyoxigraph and rdflib imported, the checkpoint published and opened), for the first
parse of rdflib's SPARQL grammar in each worker, for compiling the query page's templates
and for reading the ontology (which names the terms in an answer) from the store: about
0.7 s on an idle machine and 2 s on a busy one. ``samverkan serve`` calls
:func:`warm` before it starts listening, so ``/health`` answers only once that is done.
"""

from __future__ import annotations

from flask import Flask

from samverkan.storage.protocol import BOOLEAN, SOLUTIONS, TRIPLES, ProtocolQuery
from samverkan.web.common.negotiation import JSON_RESULTS, NTRIPLES
from samverkan.web.common.services import of_app
from samverkan.web.common.vocabulary import ontology

#: A query every store answers at once; each worker parses and runs it once.
PROBE = "ASK { ?s ?p ?o }"
#: The templates the first query's answer is rendered with.
TEMPLATES = ("query.html", "results.html", "home.html")


def warm(app: Flask) -> None:
    """Start every query worker and let each answer a query; compile the query templates,
    read the ontology."""
    found = of_app(app)
    probe = ProtocolQuery(
        PROBE, formats={SOLUTIONS: JSON_RESULTS, BOOLEAN: JSON_RESULTS, TRIPLES: NTRIPLES}
    )
    # The idle workers wait in a queue, first in first out: one query after another reaches
    # each worker once (more probes than workers do no harm).
    for _ in range(max(1, found.settings.query_workers)):
        found.store.protocol_query(probe, found.settings.query_timeout)
    for name in TEMPLATES:
        app.jinja_env.get_template(name)
    with app.test_request_context("/query"):
        ontology()  # read from the store once: the answers name the vocabulary's terms by it
