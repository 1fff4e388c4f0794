"""Linked open data: the VoID description of the federation, and N-Quads dumps.

``/.well-known/void`` (VoID) and ``/catalog`` (DCAT-AP, served by
:mod:`samverkan.web.exports` from :func:`describe` and more) describe the same resources: the
federation dataset ``{base}catalog#dataset``, one subset per actor, the four catalogs and the
SPARQL service; the dataset conforms to the specification (``SPEC_IRI``, the same on every
deployment), whose description with the Profiles Vocabulary (INSPEC) a harvester reads at
``{base}def/spec``.
``/dumps/federation.nq.gz`` holds every graph; ``/dumps/actor/<slug>.nq.gz``
one actor's own part (gzipped files); the same without ``.gz`` are N-Quads.
"""

from __future__ import annotations

import gzip
import io

from flask import Blueprint, Response, render_template, request
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROF, RDF, RDFS, XSD
from rdflib.term import Node

from samverkan.errors import NotFoundError
from samverkan.namespaces import INSPEC, SAM, SPEC_IRI
from samverkan.storage import Store
from samverkan.storage.base import is_internal
from samverkan.web import negotiation, rq
from samverkan.web.services import Services, services

bp = Blueprint("lod", __name__)

VOID = Namespace("http://rdfs.org/ns/void#")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = {
    "sv": "Samverkan: federationens kataloger",
    "en": "Samverkan: the federation's catalogs",
}
DESCRIPTION = {
    "sv": "Livshändelser, processer, information, tjänster och informationsutbyten som "
    "offentliga aktörer beskriver tillsammans, med spårbarhet mellan dem.",
    "en": "Life events, processes, information, services and information exchanges that "
    "public-sector actors describe together, traceable to each other.",
}


@bp.route("/.well-known/void")
def void() -> Response:
    """Describe the dataset in VoID: size, dumps, endpoint, vocabulary, subsets."""
    return negotiation.rdf_response(describe(services(), with_void=True))


@bp.route("/dumps/")
def dumps() -> str:
    """List the dumps for people."""
    names = sorted(services().store.public_graph_names())
    actors = [services().layout.actor_slug(g) for g in names]
    return render_template("dumps.html", actors=[a for a in actors if a])


@bp.route("/dumps/federation.nq.gz")
def federation_dump() -> Response:
    """Send every graph as a gzipped N-Quads file."""
    return _dump_response(services().store, _public(), "federation.nq", packed=True)


@bp.route("/dumps/federation.nq")
def federation_quads() -> Response:
    """Send every graph as N-Quads (gzipped in transit when the client takes that)."""
    return _dump_response(services().store, _public(), "federation.nq", packed=False)


@bp.route("/dumps/actor/<slug>.nq.gz")
def actor_dump(slug: str) -> Response:
    """Send one actor's own graph as a gzipped N-Quads file."""
    return _dump_response(services().store, [_actor_graph(slug)], f"{slug}.nq", packed=True)


@bp.route("/dumps/actor/<slug>.nq")
def actor_quads(slug: str) -> Response:
    """Send one actor's own graph as N-Quads (gzipped in transit when the client takes that)."""
    return _dump_response(services().store, [_actor_graph(slug)], f"{slug}.nq", packed=False)


def _public() -> list[URIRef]:
    """Return every graph a dump holds: all but the internal ones, in order."""
    return sorted(services().store.public_graph_names())


def _actor_graph(slug: str) -> URIRef:
    layout = services().layout
    try:
        graph = layout.actor(slug)
    except ValueError:
        raise NotFoundError(f"no actor {slug!r} in this federation") from None
    if graph not in services().store.graph_names():
        raise NotFoundError(f"no actor {slug!r} in this federation")
    return graph


def _dump_response(
    store: Store, names: list[URIRef] | None, filename: str, *, packed: bool
) -> Response:
    """Answer with a dump: a ``.nq.gz`` file is ``application/gzip`` (the client stores or
    unpacks it); a ``.nq`` is ``application/n-quads``, with ``Content-Encoding: gzip`` only
    when ``Accept-Encoding`` takes it (an HTTP client undoes that encoding itself). Never
    both, so no client unpacks twice or not at all."""
    encode = not packed and request.accept_encodings["gzip"] > 0
    if packed or encode:
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed:
            store.dump(compressed, names)
    else:
        buffer = io.BytesIO()
        store.dump(buffer, names)
    body = buffer.getvalue()
    media_type = "application/gzip" if packed else "application/n-quads"
    response = Response(body, content_type=media_type)
    if packed:
        filename += ".gz"
    else:
        response.headers["Vary"] = "Accept-Encoding"
    if encode:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _int(term: Node) -> int:
    return int(str(term))


def describe(svc: Services, with_void: bool) -> Graph:
    """Build the description shared by the VoID and DCAT documents."""
    base = svc.settings.base_iri
    graph = Graph()
    graph.bind("void", VOID)
    dataset = URIRef(base + "catalog#dataset")
    rows = svc.store.select(rq.query("graph-sizes")).rows
    sizes = {
        row["graph"]: _int(row["triples"]) for row in rows if not is_internal(str(row["graph"]))
    }
    _dataset(graph, dataset, base, sum(sizes.values()))
    _catalog(graph, URIRef(base + "catalog"), dataset, base)
    _service(graph, URIRef(base + "sparql"), dataset)
    for name, triples in sizes.items():
        if slug := svc.layout.actor_slug(URIRef(str(name))):
            _actor_subset(graph, dataset, base, slug, triples)
    _catalogs(graph, svc, dataset)
    _specification(graph, svc, dataset)
    if not with_void:
        graph.remove((None, RDF.type, VOID.Dataset))
    return graph


def _dataset(graph: Graph, dataset: URIRef, base: str, triples: int) -> None:
    dump = URIRef(base + "dumps/federation.nq.gz")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for lang in ("sv", "en"):
        graph.add((dataset, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((dataset, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
    graph.add((dataset, DCTERMS.license, LICENCE))
    graph.add((dataset, DCTERMS.publisher, URIRef(base + "id/digg")))
    graph.add((dataset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    graph.add((dataset, VOID.dataDump, dump))
    graph.add((dataset, VOID.uriSpace, Literal(base + "id/")))
    graph.add((dataset, VOID.vocabulary, URIRef(SAM)))
    # Where harvesters read the catalog (DCAT-AP) that lists this dataset and its parts.
    graph.add((dataset, RDFS.seeAlso, URIRef(base + "catalog")))
    graph.add((dataset, DCAT.distribution, _distribution(graph, dump)))


def _distribution(graph: Graph, dump: URIRef) -> URIRef:
    distribution = URIRef(str(dump) + "#distribution")
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.downloadURL, dump))
    graph.add((distribution, DCAT.accessURL, dump))
    graph.add((distribution, DCAT.mediaType, IANA["application/n-quads"]))
    graph.add((distribution, DCAT.compressFormat, IANA["application/gzip"]))
    graph.add((distribution, DCTERMS.license, LICENCE))
    return distribution


def _catalog(graph: Graph, catalog: URIRef, dataset: URIRef, base: str) -> None:
    graph.add((catalog, RDF.type, DCAT.Catalog))
    for lang in ("sv", "en"):
        graph.add((catalog, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((catalog, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
    graph.add((catalog, DCTERMS.publisher, URIRef(base + "id/digg")))
    graph.add((catalog, DCTERMS.license, LICENCE))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((catalog, DCAT.service, URIRef(base + "sparql")))


def _service(graph: Graph, endpoint: URIRef, dataset: URIRef) -> None:
    graph.add((endpoint, RDF.type, DCAT.DataService))
    graph.add((endpoint, DCTERMS.title, Literal("SPARQL 1.1", lang="en")))
    graph.add((endpoint, DCAT.endpointURL, endpoint))
    graph.add((endpoint, DCAT.endpointDescription, endpoint))
    graph.add((endpoint, DCAT.servesDataset, dataset))
    graph.add((endpoint, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))


def _specification(graph: Graph, svc: Services, dataset: URIRef) -> None:
    """Name the specification the data follows, where a harvester finds its parts (INSPEC)."""
    spec = SPEC_IRI
    graph.add((dataset, DCTERMS.conformsTo, spec))
    graph.add((spec, RDF.type, PROF.Profile))
    # Stated as well as implied: a DCAT-AP harvester checks the range without PROF's ontology.
    graph.add((spec, RDF.type, DCTERMS.Standard))
    graph.add((spec, DCTERMS.conformsTo, INSPEC.PROF))
    query = rq.query("specification-names")
    for row in svc.store.select(query, {"spec": spec}).rows:
        graph.add((spec, DCTERMS.title, row["name"]))


def _actor_subset(graph: Graph, dataset: URIRef, base: str, slug: str, triples: int) -> None:
    subset = URIRef(f"{base}catalog#actor-{slug}")
    dump = URIRef(f"{base}dumps/actor/{slug}.nq.gz")
    actor = URIRef(f"{base}id/{slug}")
    graph.add((dataset, VOID.subset, subset))
    graph.add((subset, RDF.type, VOID.Dataset))
    graph.add((subset, RDF.type, DCAT.Dataset))
    graph.add((subset, DCTERMS.title, Literal(f"{slug}: own part of the federation", lang="en")))
    graph.add((subset, DCTERMS.title, Literal(f"{slug}: egen del av federationen", lang="sv")))
    graph.add((subset, DCTERMS.publisher, actor))
    graph.add((subset, DCTERMS.isPartOf, dataset))
    # Listed in the catalog too: a harvester follows dcat:dataset, not void:subset.
    graph.add((URIRef(f"{base}catalog"), DCAT.dataset, subset))
    graph.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    graph.add((subset, VOID.dataDump, dump))
    graph.add((subset, DCAT.distribution, _distribution(graph, dump)))


def _catalogs(graph: Graph, svc: Services, dataset: URIRef) -> None:
    """Describe each of the federation's four catalogs as a subset and a DCAT catalog."""
    top = URIRef(svc.settings.base_iri + "catalog")
    query = rq.query("lod-catalogs")
    for row in svc.store.select(query).rows:
        catalog = row["catalog"]
        graph.add((top, DCAT.catalog, catalog))
        graph.add((dataset, VOID.subset, catalog))
        graph.add((catalog, RDF.type, DCAT.Catalog))
        graph.add((catalog, RDF.type, VOID.Dataset))
        graph.add((catalog, DCTERMS.title, row["label"]))
        if "description" in row:
            graph.add((catalog, DCTERMS.description, row["description"]))
        if "owner" in row:
            graph.add((catalog, DCTERMS.publisher, row["owner"]))
        graph.add((catalog, VOID.entities, Literal(_int(row["entries"]), datatype=XSD.integer)))
