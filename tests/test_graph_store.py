"""The Graph Store Protocol (read side) over a real socket, read by rdflib as a client.

Every named graph is fetched by rdflib's own HTTP client (``Graph().parse(url)``), by its
IRI and through ``/graphs?graph=``, in each RDF syntax, and compared with what the store
held before the server started.
"""

from __future__ import annotations

import gzip
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDFS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.storage import GraphLayout, OxigraphStore

pytestmark = pytest.mark.slow

SYNTAXES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
GSP = URIRef("https://www.w3.org/TR/sparql11-http-rdf-update/")


def read(source: str | None = None, **options: str | bytes) -> Graph:
    """Parse with rdflib, as a client would (its JSON-LD parser warns of its own internals)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(source, **options)  # type: ignore[arg-type]


def read_dataset(data: bytes, syntax: str) -> dict[URIRef, Graph]:
    """Parse quads with rdflib; return each named graph that holds triples."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = Dataset()
        dataset.parse(data=data, format=syntax)
        graphs: dict[URIRef, Graph] = {}
        for s, p, o, name in dataset.quads():
            assert isinstance(name, URIRef)
            graphs.setdefault(name, Graph()).add((s, p, o))
    return graphs


def request(
    live: LiveServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Send one request over the socket; header names in lower case (waitress writes Etag)."""
    status, answered, content = live.request(method, path, body, headers)
    return status, {name.lower(): value for name, value in answered.items()}, content


@dataclass(frozen=True)
class Served:
    """A live server and the graphs its store held when it started."""

    live: LiveServer
    graphs: dict[URIRef, Graph]

    def url(self, path: str) -> str:
        return self.live.base_iri + path.lstrip("/")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    store_path: Path = tmp_path_factory.mktemp("gsp") / "store"
    build_store(store_path, base_iri_for(port))
    store = OxigraphStore(store_path)
    try:
        graphs = {name: store.graph(name) for name in store.public_graph_names()}
    finally:
        store.close()
    with running_server(store_path, port) as live:
        yield Served(live, graphs)


def test_the_store_has_every_kind_of_graph(served: Served) -> None:
    layout = GraphLayout(served.live.base_iri)
    names = set(served.graphs)
    assert {layout.ontology, layout.shapes, layout.inferred} <= names
    assert layout.actor("skatteverket") in names
    assert layout.history("skatteverket") in names


def test_every_graph_iri_dereferences_to_its_triples(served: Served) -> None:
    # Internal graphs (urn:x-samverkan:…, the store's identity among them) are never served.
    for name, expected in served.graphs.items():
        assert str(name).startswith(served.live.base_iri), name
        fetched = read(str(name))  # rdflib's own Accept and content-type detection
        assert isomorphic(fetched, expected), name


@pytest.mark.parametrize("media_type", list(SYNTAXES))
def test_every_graph_comes_in_every_syntax_by_indirect_identification(
    served: Served, media_type: str
) -> None:
    for name, expected in served.graphs.items():
        path = f"/graphs?graph={quote(str(name), safe='')}"
        status, headers, body = request(served.live, "GET", path, headers={"Accept": media_type})
        assert status == 200
        assert headers["content-type"].startswith(media_type)
        fetched = read(data=body, format=SYNTAXES[media_type])
        assert isomorphic(fetched, expected), (name, media_type)


def test_rdflib_reads_a_graph_by_indirect_identification(served: Served) -> None:
    name = GraphLayout(served.live.base_iri).actor("kivra")
    for syntax in SYNTAXES.values():
        fetched = read(served.url(f"graphs?graph={quote(str(name), safe='')}"), format=syntax)
        assert isomorphic(fetched, served.graphs[name])


def test_the_default_graph_is_the_union_of_all_graphs(served: Served) -> None:
    union = Graph()
    for graph in served.graphs.values():
        union += graph
    fetched = read(served.url("graphs?default"), format="nt")
    assert len(fetched) == len(union)
    assert isomorphic(fetched, union)


@pytest.mark.parametrize(
    ("media_type", "syntax"), [("application/n-quads", "nquads"), ("application/trig", "trig")]
)
def test_the_dataset_comes_as_quads_naming_every_graph(
    served: Served, media_type: str, syntax: str
) -> None:
    status, headers, body = request(served.live, "GET", "/graphs", headers={"Accept": media_type})
    assert status == 200
    assert headers["content-type"].startswith(media_type)
    fetched = read_dataset(body, syntax)
    assert set(fetched) == set(served.graphs)
    for name, expected in served.graphs.items():
        assert isomorphic(fetched[name], expected), name


def test_a_named_graph_in_n_quads_names_itself(served: Served) -> None:
    name = GraphLayout(served.live.base_iri).ontology
    path = f"/graphs?graph={quote(str(name), safe='')}"
    status, _, body = request(served.live, "GET", path, headers={"Accept": "application/n-quads"})
    assert status == 200
    assert set(read_dataset(body, "nquads")) == {name}


def test_an_unknown_graph_is_404(served: Served) -> None:
    unknown = served.live.base_iri + "graph/actor/nobody"
    assert request(served.live, "GET", "/graph/actor/nobody")[0] == 404
    path = f"/graphs?graph={quote(unknown, safe='')}"
    status, _, body = request(served.live, "GET", path)
    assert status == 404
    assert unknown.encode() in body


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/graphs?default", "/graph/actor/kivra"])
def test_writes_are_refused_as_405_saying_how_to_change_a_graph(
    served: Served, method: str, path: str
) -> None:
    before = read(served.url("graph/actor/kivra"), format="nt")
    status, headers, body = request(
        served.live,
        method,
        path,
        body=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "application/n-triples"},
    )
    assert status == 405
    assert headers["allow"] == "GET, HEAD"
    assert b"/submissions/" in body
    assert isomorphic(read(served.url("graph/actor/kivra"), format="nt"), before)


def test_head_gives_the_headers_of_get_and_no_body(served: Served) -> None:
    path = "/graph/actor/kivra"
    accept = {"Accept": "text/turtle"}
    got = request(served.live, "GET", path, headers=accept)
    head = request(served.live, "HEAD", path, headers=accept)
    assert head[0] == 200
    assert head[2] == b""
    for header in ("content-type", "etag", "content-length"):
        assert head[1][header] == got[1][header]


def test_an_etag_gets_304(served: Served) -> None:
    status, headers, _ = request(
        served.live, "GET", "/graph/ontology", headers={"Accept": "text/turtle"}
    )
    assert status == 200
    again = request(
        served.live,
        "GET",
        "/graph/ontology",
        headers={"Accept": "text/turtle", "If-None-Match": headers["etag"]},
    )
    assert again[0] == 304
    other = request(
        served.live,
        "GET",
        "/graph/ontology",
        headers={"Accept": "application/n-triples", "If-None-Match": headers["etag"]},
    )
    assert other[0] == 200


def test_a_browser_gets_a_page_linking_each_representation(served: Served) -> None:
    status, headers, body = request(
        served.live, "GET", "/graph/actor/kivra", headers={"Accept": "text/html,*/*;q=0.8"}
    )
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    link = "/graphs?graph=" + quote(served.live.base_iri + "graph/actor/kivra", safe="")
    assert f"{link}&amp;format=ttl".encode() in body


def test_the_service_description_names_the_graph_store(served: Served) -> None:
    description = read(served.url("sparql"), format="turtle")
    store = URIRef(served.url("graphs"))
    assert (URIRef(served.url("sparql")), RDFS.seeAlso, store) in description
    assert (store, DCTERMS.conformsTo, GSP) in description
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert set(description.objects(None, sd.name)) == set(served.graphs)


def test_the_dataset_equals_the_dump(served: Served) -> None:
    packed = request(served.live, "GET", "/dumps/federation.nq.gz")[2]
    dump = read_dataset(gzip.decompress(packed), "nquads")
    graphs = read_dataset(request(served.live, "GET", "/graphs")[2], "nquads")
    assert set(dump) == set(graphs) == set(served.graphs)
    assert all(isomorphic(dump[name], graphs[name]) for name in dump)
