"""``/catalog`` as a harvester meets it: over a real socket from a running server.

Three checks a data portal such as dataportal.se makes:

- the catalog fetched over HTTP has no Violation of the official DCAT-AP 3.0.1 shapes (the
  hand-kept split, as in ``test_exports_dcat.py``);
- every DCAT-AP-SE mandatory property is there. Where they come from: DIGG publishes no
  SHACL for DCAT-AP-SE 3.0.1; its machine-readable profile is the RDForms bundle
  ``diggsweden/DCAT-AP-SE`` ``3.0.1/bundle.json`` (copied to
  ``../shared/standards/dcat-ap-se/bundle-3.0.1.json``), whose templates for each class
  carry a ``cardinality``. A property is mandatory where ``min`` is at least 1; the test
  reads them from that file, it does not list them itself. They are 15: catalog
  (title, description, publisher, licence, dataset), dataset (title, description,
  publisher), distribution (access URL, format), data service (title, endpoint URL, format)
  and agent (name, type); for a contact point, where one is given, its kind, ``vcard:fn``
  and ``vcard:hasEmail``;
- a harvest as a portal does it: from the catalog to its catalogs and datasets, to their
  distributions, each downloaded from its ``dcat:downloadURL`` (else ``dcat:accessURL``)
  and parsed as the RDF its ``dcat:mediaType`` and ``dct:format`` declare (gunzipped where
  ``dcat:compressFormat`` says gzip); and to the data service's endpoint, which answers.

And that a harvester finds ``/catalog`` from the VoID and from the home page.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SH
from rdflib.term import Node

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server

pytestmark = pytest.mark.slow

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
DCAT_AP = STANDARDS / "dcat-ap" / "3.0.1"
SPLIT = (
    "shapes.ttl",
    "range.ttl",
    "mdr-vocabularies.shape.ttl",
    "shapes_recommended.ttl",
    "deprecateduris.ttl",
)
BUNDLE = STANDARDS / "dcat-ap-se" / "bundle-3.0.1.json"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
VOID = Namespace("http://rdfs.org/ns/void#")
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"

#: The prefixes the bundle's templates write their properties with.
BUNDLE_PREFIXES = {
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "rdf": str(RDF),
}
#: The bundle's template for each class, and how the class's members are found in a catalog.
CLASS_TEMPLATES = {
    "dcat:Catalog": DCAT.Catalog,
    "dcat:Dataset": DCAT.Dataset,
    "dcat:Distribution": DCAT.Distribution,
    "dcat:DataService": DCAT.DataService,
    "dcat:foaf:Agent": FOAF.Agent,
    "dcat:contactPoint": VCARD.Kind,
}
#: The EU file-type table's entries the federation cites, as the media types they are.
FILE_TYPES = {
    "RDF_TURTLE": "text/turtle",
    "RDF_N_QUADS": "application/n-quads",
}


# --- DCAT-AP-SE's mandatory properties, from DIGG's bundle ------------------------------


def _expand(name: str) -> URIRef:
    if name.startswith("http"):
        return URIRef(name)
    prefix, local = name.split(":", 1)
    return URIRef(BUNDLE_PREFIXES[prefix] + local)


def _properties(template: dict[str, object], by_id: dict[str, dict[str, object]]) -> set[str]:
    """Return the properties a template fills: its own, or its items' (a group of choices)."""
    if isinstance(template.get("property"), str):
        return {str(template["property"])}
    found: set[str] = set()
    for item in template.get("items", []):  # type: ignore[attr-defined]
        found |= _properties(_resolve(item, by_id), by_id)
    return found


def _resolve(item: object, by_id: dict[str, dict[str, object]]) -> dict[str, object]:
    """Return an item of a group as a template: by id, or extending one by id."""
    if isinstance(item, str):
        return by_id[item]
    assert isinstance(item, dict)
    if "extends" in item:
        return {**by_id[item["extends"]], **item}
    return item


def mandatory() -> dict[URIRef, set[URIRef]]:
    """Return, by class, the properties DCAT-AP-SE 3.0.1's bundle gives a ``min`` of 1."""
    templates = json.loads(BUNDLE.read_text(encoding="utf-8"))["templates"]
    by_id = {t["id"]: t for t in templates if "id" in t}
    result: dict[URIRef, set[URIRef]] = {}
    for template_id, cls in CLASS_TEMPLATES.items():
        for item in by_id[template_id]["items"]:
            template = _resolve(item, by_id)
            if template.get("cardinality", {}).get("min", 0) >= 1:  # type: ignore[attr-defined]
                for name in _properties(template, by_id):
                    result.setdefault(cls, set()).add(_expand(name))
    return result


def test_the_bundle_makes_fifteen_properties_mandatory_and_three_for_contact_points() -> None:
    found = mandatory()
    contact = found.pop(VCARD.Kind)
    assert contact == {RDF.type, VCARD.fn, VCARD.hasEmail}
    assert sum(len(properties) for properties in found.values()) == 15
    assert found[DCAT.Distribution] == {DCAT.accessURL, DCTERMS.format}
    assert found[FOAF.Agent] == {FOAF.name, DCTERMS.type}


# --- the served catalog ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    store = tmp_path_factory.mktemp("harvested") / "store"
    build_store(store, base_iri_for(port))
    with running_server(store, port) as live:
        yield live


def fetch(server: LiveServer, iri: Node, accept: str) -> tuple[int, dict[str, str], bytes]:
    """GET an absolute IRI of the server's own, over a fresh connection."""
    assert str(iri).startswith(server.base_iri), iri
    parts = urlsplit(str(iri))
    path = quote(parts.path) + (f"?{parts.query}" if parts.query else "")
    return server.request("GET", path, headers={"Accept": accept})


@pytest.fixture(scope="module")
def catalog(server: LiveServer) -> Graph:
    status, headers, body = server.request("GET", "/catalog", headers={"Accept": "text/turtle"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/turtle")
    return Graph().parse(data=body, format="turtle")


def test_the_served_catalog_has_no_violation_of_dcat_ap(catalog: Graph) -> None:
    shapes = Graph()
    for name in SPLIT:
        shapes.parse(DCAT_AP / name)
    _, report, _ = pyshacl.validate(
        catalog, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, Graph)
    violations = [
        (report.value(r, SH.focusNode), report.value(r, SH.resultPath))
        for r in report.objects(None, SH.result)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert violations == []


def members(catalog: Graph, cls: URIRef) -> set[Node]:
    """Return the catalog's members of ``cls``; agents and contact points by their roles."""
    found = set(catalog.subjects(RDF.type, cls))
    if cls == FOAF.Agent:
        for role in (DCTERMS.publisher, DCTERMS.creator):
            found |= set(catalog.objects(None, role))
    if cls == VCARD.Kind:
        found |= set(catalog.objects(None, DCAT.contactPoint))
    return found


def test_every_dcat_ap_se_mandatory_property_is_there(catalog: Graph) -> None:
    missing = {
        (str(item), str(prop))
        for cls, properties in mandatory().items()
        for item in members(catalog, cls)
        for prop in properties
        if catalog.value(item, prop) is None
    }
    assert missing == set()
    for cls in (DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService, FOAF.Agent):
        assert members(catalog, cls), cls


def test_every_dataset_and_the_data_service_say_they_are_public(catalog: Graph) -> None:
    """DCAT-AP-SE recommends ``dct:accessRights`` (``pref`` 1) on both; all is served openly."""
    public = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
    for cls in (DCAT.Dataset, DCAT.DataService):
        for item in catalog.subjects(RDF.type, cls):
            assert catalog.value(item, DCTERMS.accessRights) == public, item


def test_every_publisher_is_an_agent_of_a_publisher_type(catalog: Graph) -> None:
    publishers = set(catalog.objects(None, DCTERMS.publisher))
    assert len(publishers) == 7
    for agent in publishers:
        assert (agent, RDF.type, FOAF.Agent) in catalog
        kind = catalog.value(agent, DCTERMS.type)
        assert str(kind).startswith("http://purl.org/adms/publishertype/"), (agent, kind)


# --- harvesters find it ------------------------------------------------------------------


def test_the_void_points_harvesters_to_the_catalog(server: LiveServer) -> None:
    status, _, body = server.request("GET", "/.well-known/void", headers={"Accept": "text/turtle"})
    assert status == 200
    void = Graph().parse(data=body, format="turtle")
    catalog = URIRef(server.base_iri + "catalog")
    dataset = URIRef(server.base_iri + "catalog#dataset")
    assert (catalog, RDF.type, DCAT.Catalog) in void
    assert (catalog, DCAT.dataset, dataset) in void
    assert (dataset, RDFS.seeAlso, catalog) in void


def test_the_home_page_points_harvesters_to_the_catalog(server: LiveServer) -> None:
    status, _, body = server.request("GET", "/", headers={"Accept": "text/html"})
    assert status == 200
    page = body.decode("utf-8")
    links = re.findall(r"<link [^>]*>", page)
    assert any(
        'rel="alternate"' in link and 'type="text/turtle"' in link and 'href="/catalog"' in link
        for link in links
    ), links
    assert 'href="/catalog"' in page.split("<body", 1)[1]


# --- the harvest ---------------------------------------------------------------------------


def datasets_of(catalog: Graph, root: URIRef) -> set[Node]:
    """Walk from the root catalog through its catalogs to every dataset listed."""
    seen: set[Node] = set()
    todo: list[Node] = [root]
    datasets: set[Node] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        datasets |= set(catalog.objects(current, DCAT.dataset))
        todo += list(catalog.objects(current, DCAT.catalog))
        todo += list(catalog.objects(current, DCTERMS.hasPart))
    return datasets


def declared_media_type(catalog: Graph, distribution: Node) -> str:
    """Return the media type a distribution declares, checking dct:format agrees with it."""
    media = catalog.value(distribution, DCAT.mediaType)
    assert media is not None and str(media).startswith(IANA), distribution
    media_type = str(media).removeprefix(IANA)
    file_type = str(catalog.value(distribution, DCTERMS.format)).removeprefix(FILE_TYPE)
    assert FILE_TYPES.get(file_type) == media_type, (distribution, file_type, media_type)
    return media_type


def download(server: LiveServer, catalog: Graph, distribution: Node) -> int:
    """Fetch a distribution as a harvester does; return how many quads it parses into."""
    url = catalog.value(distribution, DCAT.downloadURL) or catalog.value(
        distribution, DCAT.accessURL
    )
    assert url is not None, distribution
    media_type = declared_media_type(catalog, distribution)
    status, _, body = fetch(server, url, media_type)
    assert status == 200, (url, status)
    if catalog.value(distribution, DCAT.compressFormat) == URIRef(IANA + "application/gzip"):
        body = gzip.decompress(body)
    formats = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-quads": ox.RdfFormat.N_QUADS}
    return len(list(ox.parse(body, format=formats[media_type], base_iri=str(url))))


def test_a_harvest_reaches_every_dataset_and_downloads_every_distribution(
    server: LiveServer, catalog: Graph
) -> None:
    """The federation dataset, the actors' seven parts and the 124 items' descriptions."""
    root = URIRef(server.base_iri + "catalog")
    datasets = datasets_of(catalog, root)
    assert datasets == set(catalog.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 1 + 7 + 124
    sizes: dict[Node, int] = {}
    for dataset in datasets:
        distributions = set(catalog.objects(dataset, DCAT.distribution))
        assert distributions, dataset
        for distribution in distributions:
            sizes[distribution] = download(server, catalog, distribution)
    assert set(sizes) == set(catalog.subjects(RDF.type, DCAT.Distribution))
    assert all(size > 0 for size in sizes.values()), [d for d, n in sizes.items() if n == 0]
    dumps = [d for d in sizes if str(d).startswith(server.base_iri + "dumps/")]
    assert len(dumps) == 1 + 7


def test_the_data_service_answers_at_its_endpoint(server: LiveServer, catalog: Graph) -> None:
    (service,) = catalog.subjects(RDF.type, DCAT.DataService)
    endpoint = catalog.value(service, DCAT.endpointURL)
    status, _, body = fetch(
        server,
        f"{endpoint}?query={quote('ASK { ?s ?p ?o }')}",
        "application/sparql-results+json",
    )
    assert status == 200
    assert json.loads(body)["boolean"] is True
