"""The SPARQL 1.1 Graph Store HTTP Protocol, read side, at ``/graphs``; and graph IRIs.

Every named graph of the store (one per actor, each actor's history, the ontology, the
shapes, the inferred triples) is served two ways:

- by indirect identification, ``GET /graphs?graph=<IRI>``; ``GET /graphs?default`` gives the
  default graph, the union of all graphs (what queries see);
- by direct identification: each graph IRI (``<base>graph/…``) answers with its triples.

Triples come as Turtle, N-Triples, JSON-LD or RDF/XML, and a named graph also as N-Quads or
TriG (naming the graph); ``GET /graphs`` without a parameter gives the whole dataset as
N-Quads or TriG. ``Accept`` decides (``format`` overrides); a browser gets a page naming the
graphs, their sizes and links to each representation. Answers carry an ETag (a hash of the
bytes) and honour ``If-None-Match``. An unknown graph is 404. The store is written only
through submissions, so PUT, POST, DELETE and PATCH are 405.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from rdflib import URIRef
from werkzeug.exceptions import MethodNotAllowed

from samverkan.errors import InputError, NotAcceptableError, NotFoundError
from samverkan.messages import message
from samverkan.namespaces import PREFIXES
from samverkan.storage import rdfxml
from samverkan.storage.protocol import TRIPLES
from samverkan.terms import graph_from_triples
from samverkan.web.common import negotiation
from samverkan.web.common.services import services

bp = Blueprint("graphs", __name__)

PATH = "/graphs"
NQUADS = "application/n-quads"
TRIG = "application/trig"
#: The media types a dataset (quads) may be asked for, mapped to what is served.
QUAD_OFFERS = {NQUADS: NQUADS, "text/x-nquads": NQUADS, TRIG: TRIG, "application/x-trig": TRIG}
QUAD_NAMES = {"nq": NQUADS, "nquads": NQUADS, "n-quads": NQUADS, "trig": TRIG}
#: pyoxigraph's writer for each media type served (RDF/XML is rdflib's, see storage.rdfxml).
_WRITERS = {
    negotiation.TURTLE: ox.RdfFormat.TURTLE,
    negotiation.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    negotiation.JSONLD: ox.RdfFormat.JSON_LD,
    NQUADS: ox.RdfFormat.N_QUADS,
    TRIG: ox.RdfFormat.TRIG,
}
#: The suffixes the page links each representation with (``format=``).
FORMAT_LINKS = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF/XML"}
READ_ONLY = (
    "the graphs are read-only here: an actor changes its own graph by submitting a new part "
    "(POST /submissions/<actor>), which is validated first"
)
WRITES = ["PUT", "POST", "DELETE", "PATCH"]


@bp.get(PATH)
def graph_store() -> Response:
    """Answer a Graph Store Protocol read: ``?graph=IRI``, ``?default``, or the dataset."""
    if "graph" in request.args and "default" in request.args:
        raise InputError(message("graph_and_default"))
    if "default" in request.args:
        return _graph_response(None)
    names = request.args.getlist("graph")
    if len(names) > 1:
        raise InputError(message("several_graphs"))
    if names:
        return _graph_response(_known(names[0]))
    return _dataset_response()


@bp.get("/graph/<path:rest>")
def graph_iri(rest: str) -> Response:
    """Dereference a graph IRI (direct identification): its triples, or a page for browsers."""
    return _graph_response(_known(services().settings.base_iri + "graph/" + rest))


@bp.route(PATH, methods=WRITES)
@bp.route("/graph/<path:rest>", methods=WRITES)
def refuse_write(rest: str | None = None) -> Response:
    """Refuse every write of the Graph Store Protocol (405, saying how to change a graph)."""
    raise MethodNotAllowed(valid_methods=["GET", "HEAD"], description=READ_ONLY)


def _known(iri: str) -> URIRef:
    """Return the graph named ``iri``, or raise 404 when the store holds none of that name."""
    name = URIRef(iri)
    if name not in services().store.public_graph_names():
        raise NotFoundError(
            f"no graph <{iri}> in this federation; {PATH} lists the graphs there are"
        )
    return name


def _graph_response(name: URIRef | None) -> Response:
    """Answer with one named graph (or the default graph, the union, for None)."""
    if negotiation.prefers_html():
        return _page([name] if name is not None else [])
    offers = dict(negotiation.OFFERS[TRIPLES])
    names = dict(negotiation.FORMAT_NAMES[TRIPLES])
    if name is not None:
        offers |= QUAD_OFFERS
        names |= QUAD_NAMES
    media_type = _choose(offers, names)
    quads = _quads(None if name is None else [name])
    return _answer(_write(quads, media_type), media_type)


def _dataset_response() -> Response:
    """Answer with every graph, named, as N-Quads or TriG (a page for browsers)."""
    if negotiation.prefers_html():
        return _page(sorted(services().store.public_graph_names()))
    media_type = _choose(QUAD_OFFERS, QUAD_NAMES)
    return _answer(_write(_quads(None), media_type), media_type)


def _choose(offers: dict[str, str], names: dict[str, str]) -> str:
    """Return the media type ``format`` or ``Accept`` asks for among ``offers``, else 406."""
    chosen = negotiation.choose_among(offers, names)
    if chosen is None:
        available = ", ".join(sorted(set(offers.values())))
        raise NotAcceptableError(f"available as {available}; ask for one of these in Accept")
    return chosen


def _quads(names: list[URIRef] | None) -> list[ox.Quad]:
    """Read the graphs ``names`` (every public graph for None) as the store dumps them."""
    buffer = io.BytesIO()
    store = services().store
    store.dump(buffer, sorted(store.public_graph_names()) if names is None else names)
    return list(ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS))


def _write(quads: list[ox.Quad], media_type: str) -> bytes:
    """Serialise ``quads`` as ``media_type``: as quads, or as the triples they hold."""
    if media_type == negotiation.RDFXML:
        return rdfxml.serialise(graph_from_triples(_triples(quads)))
    writer = _WRITERS[media_type]
    written = quads if media_type in QUAD_NAMES.values() else _triples(quads)
    return ox.serialize(written, format=writer, prefixes=_prefixes(writer)) or b""


def _triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    """Return the distinct triples of ``quads`` (the union of their graphs)."""
    return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))


def _prefixes(writer: ox.RdfFormat) -> dict[str, str] | None:
    """Return the project's prefixes for a syntax that abbreviates IRIs with them."""
    if writer in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}:
        return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return None


def _answer(body: bytes, media_type: str) -> Response:
    response = Response(body, content_type=media_type)
    response.headers["Vary"] = "Accept"  # the ETag and 304s: web/caching.py
    return response


def _page(names: list[URIRef]) -> Response:
    """Describe the graphs ``names`` for people (none: the default graph), with links."""
    store = services().store
    rows = [(str(name), store.count(name), _links({"graph": str(name)})) for name in names]
    if not names:
        total = sum(store.count(name) for name in store.public_graph_names())
        rows = [("default graph (the union of all graphs)", total, _links({"default": ""}))]
    body = render_template("graphs.html", rows=rows, path=PATH)
    response = Response(body, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def _links(parameters: dict[str, str]) -> list[tuple[str, str]]:
    """Return (label, address) of each representation of the graph the parameters name."""
    return [
        (label, f"{PATH}?{urlencode({**parameters, 'format': suffix})}")
        for suffix, label in FORMAT_LINKS.items()
    ]
