"""The SPARQL 1.1 Protocol over a real socket, against ``samverkan serve``.

The W3C protocol tests are driven from the suite's own manifest: every approved
``mf:ProtocolTest`` is replayed request by request. The endpoint is read-only, so the tests
that expect an update to succeed are not applicable; one test names them and checks that
each of their updates is refused as read-only.
"""

from __future__ import annotations

import io
import json
import select
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import url2pathname

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.query import Result
from rdflib.term import Node
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.rdfio import format_for_media_type, parse_file, parse_quads
from samverkan.terms import graph_from_triples

SUITE = Path(__file__).resolve().parents[2] / "shared" / "standards" / "w3c-sparql11-tests"
MANIFEST = SUITE / "protocol" / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Response media types that count as each ``mf:expectedFormat``.
EXPECTED_FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"},
}

#: The approved tests that expect an update to succeed: a read-only endpoint refuses them.
NOT_APPLICABLE = (
    "update_dataset_default_graph",
    "update_dataset_default_graphs",
    "update_dataset_named_graphs",
    "update_dataset_full",
    "update_post_form",
    "update_post_direct",
    "update_base_uri",
)

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?c), STR(?f))) }"
FORM = "application/x-www-form-urlencoded"


# --- the manifest -------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One ``ht:Request`` of a test, with what its response must be."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    status_classes: frozenset[int]
    expected_format: str | None
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        """Say whether this request carries a SPARQL Update (direct, form or query string)."""
        content_type = dict(self.headers).get("content-type", "")
        body = (self.body or b"").decode("utf-8", "replace")
        form = parse_qs(body) if content_type == FORM else {}
        query_string = parse_qs(urlsplit(self.path).query)
        return content_type.startswith("application/sparql-update") or (
            "update" in form or "update" in query_string
        )

    @property
    def expects_success(self) -> bool:
        return 2 in self.status_classes


@dataclass(frozen=True)
class ProtocolTest:
    """One approved ``mf:ProtocolTest``: graphs to load and requests to replay in order."""

    name: str
    title: str
    graph_data: tuple[tuple[Path, str], ...]
    requests: tuple[Request, ...]

    @property
    def applicable(self) -> bool:
        """A read-only endpoint cannot pass a test that needs an update to succeed."""
        return not any(r.is_update and r.expects_success for r in self.requests)


def load_manifest() -> list[ProtocolTest]:
    """Read every approved protocol test from the suite's manifest, in manifest order."""
    graph = Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = Collection(graph, graph.value(manifest, MF.entries))
    return [
        _test(graph, entry)
        for entry in entries
        if (entry, RDF.type, MF.ProtocolTest) in graph
        and (entry, DAWGT.approval, DAWGT.Approved) in graph
    ]


def _test(graph: Graph, entry: Node) -> ProtocolTest:
    action = graph.value(entry, MF.action)
    data = [
        (
            Path(url2pathname(urlsplit(str(graph.value(d, UT.graph))).path)),
            str(graph.value(d, RDFS.label)),
        )
        for d in graph.objects(entry, UT.graphData)
    ]
    return ProtocolTest(
        name=str(entry).rsplit("#", 1)[1],
        title=str(graph.value(entry, MF.name)),
        graph_data=tuple(sorted(data)),
        requests=tuple(
            _request(graph, r) for r in Collection(graph, graph.value(action, HT.requests))
        ),
    )


def _request(graph: Graph, node: Node) -> Request:
    headers = tuple(
        (str(graph.value(h, HT.fieldName)).lower(), str(graph.value(h, HT.fieldValue)))
        for h in Collection(graph, graph.value(node, HT.headers) or RDF.nil)
    )
    response = graph.value(node, HT.resp)
    expected_format = graph.value(response, MF.expectedFormat)
    expected_boolean = graph.value(response, MF.expectedBoolean)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=_our_path(str(graph.value(node, HT.absolutePath))),
        headers=headers,
        body=_body(graph, graph.value(node, HT.body)),
        status_classes=frozenset(
            int(str(code).rsplit("StatusCode", 1)[1][0])
            for code in graph.objects(response, MF.expectedStatus)
        ),
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=expected_boolean.toPython() if expected_boolean is not None else None,
    )


def _our_path(path: str) -> str:
    """Map the suite's ``/sparql/`` prefix onto this server's ``/sparql``."""
    assert path.startswith("/sparql/"), path
    return "/sparql" + path[len("/sparql/") :]


def _body(graph: Graph, body: Node | None) -> bytes | None:
    """Encode a ``cnt:ContentAsText`` body in its declared character encoding."""
    if body is None:
        return None
    encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
    return str(graph.value(body, CNT.chars)).encode(encoding)


TESTS = load_manifest()
APPLICABLE = [t for t in TESTS if t.applicable]
INAPPLICABLE = [t for t in TESTS if not t.applicable]


def suite_graphs() -> dict[URIRef, Graph]:
    """Return every graph the applicable tests load, by the name their label gives."""
    graphs: dict[URIRef, Graph] = {}
    for test in APPLICABLE:
        for path, label in test.graph_data:
            graphs.setdefault(URIRef(label), parse_file(path))
    return graphs


# --- the servers --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over the federation plus the suite's graphs, with the default time limit."""
    port = free_port()
    store = tmp_path_factory.mktemp("protocol") / "store"
    build_store(store, base_iri_for(port), suite_graphs())
    with running_server(store, port) as live:
        yield live


@pytest.fixture(scope="module")
def impatient_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with a one-second time limit, building its store on first start."""
    port = free_port()
    store = tmp_path_factory.mktemp("impatient") / "store"
    with running_server(store, port, ["--query-timeout", "1"]) as live:
        yield live


def query(
    server: LiveServer, text: str, accept: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """POST a query as a form; return status, headers and body."""
    headers = {"Content-Type": FORM} | ({"Accept": accept} if accept else {})
    return server.request("POST", "/sparql", urlencode({"query": text}).encode(), headers)


def media_type(headers: dict[str, str]) -> str:
    return headers["Content-Type"].split(";")[0].strip()


# --- the W3C suite ------------------------------------------------------------------------


def test_manifest_is_read_whole() -> None:
    assert len(TESTS) == 34
    assert len(APPLICABLE) + len(INAPPLICABLE) == len(TESTS)


@pytest.mark.slow
@pytest.mark.parametrize("test", APPLICABLE, ids=[t.name for t in APPLICABLE])
def test_w3c_protocol(server: LiveServer, test: ProtocolTest) -> None:
    for request in test.requests:
        status, headers, body = server.request(
            request.method, request.path, request.body, dict(request.headers)
        )
        assert status // 100 in request.status_classes, (status, body)
        if request.expected_format is not None:
            assert media_type(headers) in EXPECTED_FORMATS[request.expected_format]
        if request.expected_boolean is not None:
            answer = Result.parse(io.BytesIO(body), content_type=media_type(headers))
            assert answer.askAnswer is request.expected_boolean


@pytest.mark.slow
@pytest.mark.parametrize(
    "names",
    [tuple(t.name for t in INAPPLICABLE)],
    ids=["not applicable (read-only endpoint): " + ", ".join(t.name for t in INAPPLICABLE)],
)
def test_update_tests_are_not_applicable_and_refused(
    server: LiveServer, names: tuple[str, ...]
) -> None:
    assert names == NOT_APPLICABLE
    before = query(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2]
    for request in (r for t in INAPPLICABLE for r in t.requests if r.is_update):
        status, _, body = server.request(
            request.method, request.path, request.body, dict(request.headers)
        )
        assert 400 <= status < 500
        assert "read-only" in body.decode()
    assert query(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2] == before


# --- beyond the suite ---------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "accept", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 2", None, "application/sparql-results+json"),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT 2",
            "application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT 2",
            "text/csv;q=0.9, text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("ASK {}", "application/sparql-results+xml", "application/sparql-results+xml"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", None, "text/turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", "application/n-triples", "application/n-triples"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", "application/ld+json", "application/ld+json"),
        (
            "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
            "text/turtle;q=0.5, application/rdf+xml",
            "application/rdf+xml",
        ),
    ],
)
def test_content_negotiation(
    server: LiveServer, text: str, accept: str | None, expected: str
) -> None:
    status, headers, _ = query(server, text, accept)
    assert (status, media_type(headers)) == (200, expected)
    assert headers["Vary"] == "Accept"


@pytest.mark.slow
def test_unavailable_format_is_406(server: LiveServer) -> None:
    status, _, body = query(server, "ASK {}", "text/turtle")
    assert status == 406
    assert b"application/sparql-results+json" in body


@pytest.mark.slow
def test_sparqlwrapper_select_as_json(server: LiveServer) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert isinstance(answer, dict)
    graphs = {row["g"]["value"] for row in answer["results"]["bindings"]}
    assert server.base_iri + "graph/ontology" in graphs
    assert "http://kasei.us/2009/09/sparql/data/data1.rdf" in graphs


@pytest.mark.slow
def test_sparqlwrapper_construct_as_turtle(server: LiveServer) -> None:
    client = SPARQLWrapper(server.endpoint)
    graph = "http://kasei.us/2009/09/sparql/data/data2.rdf"
    client.setQuery(f"CONSTRUCT {{ ?doc a ?type }} WHERE {{ GRAPH <{graph}> {{ ?doc a ?type }} }}")
    client.setReturnFormat(TURTLE)
    body = client.query().convert()
    assert isinstance(body, bytes)
    answer = graph_from_triples(parse_quads(body, format_for_media_type("text/turtle"), "answer"))
    assert answer.isomorphic(parse_file(MANIFEST.parent / "data2.nt"))


@pytest.mark.slow
def test_malformed_query_names_line_and_column(server: LiveServer) -> None:
    status, _, body = query(server, "SELECT ?s\nWHERE { ?s ?p }")
    assert status == 400
    assert b"line 2, column " in body


@pytest.mark.slow
def test_service_description(server: LiveServer) -> None:
    status, headers, body = server.request("GET", "/sparql", headers={"Accept": "*/*"})
    assert (status, media_type(headers)) == (200, "text/turtle")
    graph = graph_from_triples(parse_quads(body, format_for_media_type("text/turtle"), "sd"))
    endpoint = URIRef(server.endpoint)
    assert (None, SD.endpoint, endpoint) in graph
    assert (None, SD.feature, SD.UnionDefaultGraph) in graph


@pytest.mark.slow
def test_cors_preflight(server: LiveServer) -> None:
    status, headers, _ = server.request(
        "OPTIONS",
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, Accept",
        },
    )
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "POST"} <= set(headers["Access-Control-Allow-Methods"].split(", "))
    assert {"Content-Type", "Accept"} <= set(headers["Access-Control-Allow-Headers"].split(", "))


# --- no outbound traffic ------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket listening on 127.0.0.1 that a query might try to reach."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        sock.setblocking(False)
        yield sock


def connections(listener: socket.socket) -> int:
    """Count the connections that reached ``listener`` (a refused query has returned already)."""
    count = 0
    while select.select([listener], [], [], 0.2)[0]:
        listener.accept()[0].close()
        count += 1
    return count


@pytest.mark.slow
def test_service_is_refused_without_connecting(server: LiveServer, listener: socket.socket) -> None:
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    status, _, body = query(server, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
    assert status == 400
    assert b"SERVICE" in body
    assert connections(listener) == 0


@pytest.mark.slow
def test_load_is_refused_without_connecting(server: LiveServer, listener: socket.socket) -> None:
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/data.ttl"
    direct = server.request(
        "POST",
        "/sparql",
        f"LOAD <{target}>".encode(),
        {"Content-Type": "application/sparql-update"},
    )
    as_query = query(server, f"LOAD <{target}>")
    for status, _, body in (direct, as_query):
        assert status == 403
        assert b"read-only" in body
    assert connections(listener) == 0


# --- the time limit -----------------------------------------------------------------------


def worker_pids(server: LiveServer) -> set[int]:
    """Return the query workers the server process has started (Linux ``/proc``)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == server.process.pid and b"spawn_main" in cmdline:
            found.add(int(entry.name))
    return found


@pytest.mark.slow
def test_time_limit_stops_the_query_not_the_server(impatient_server: LiveServer) -> None:
    server = impatient_server
    assert json.loads(query(server, "ASK {}")[2])["boolean"] is True  # starts the workers
    workers = worker_pids(server)
    heavy: dict[str, object] = {}

    def run_heavy() -> None:
        heavy["status"], _, heavy["body"] = query(server, HEAVY)

    thread = threading.Thread(target=run_heavy)
    thread.start()
    status, _, body = query(server, "ASK { ?s ?p ?o }")
    thread.join(120)
    assert (status, json.loads(body)["boolean"]) == (200, True)
    # The cross join evaluates ~8,900 squared regexes, over an hour of work: an answer at
    # all is the limit's. (Whether the cheap query was answered first depends on the pace
    # of the machine, so it is not asserted.)
    assert heavy["status"] == 503
    assert b"more than 1 s and was stopped" in heavy["body"]  # type: ignore[operator]
    assert len(workers) == 2 and len(workers - worker_pids(server)) == 1  # killed, not left
    for _ in range(3):
        assert json.loads(query(server, "ASK {}")[2])["boolean"] is True
