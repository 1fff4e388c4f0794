"""Internal graphs (``urn:x-samverkan:…``: the store's identity, version archives, reports,
the servers' state) are invisible to every public read, over real HTTP, on the embedded
store and on remote ones (``oxigraph serve``, Virtuoso), while every public graph stays
visible.

Each server holds the federation, a submitted version (so an archived report), and the
credentials graph (``urn:x-samverkan:state:credentials``), which holds a real credential
and a stand-in digest that must never be readable. Queries are generated for each internal
graph: named in ``GRAPH``, ``FROM``, ``FROM NAMED``, through a prefix or a BASE, in the
protocol's ``default-graph-uri`` and ``named-graph-uri``, and reached through the default
graph (the union) and ``GRAPH ?g``. Each is sent as GET, as a form POST and as a direct
POST. Inside the dataset (``GRAPH <urn:x-samverkan:…>``) an internal graph is an empty
graph: 200 and no rows, as for a graph that does not exist. Chosen as the dataset
(``FROM``, ``FROM NAMED``, the protocol's parameters) it is refused with 403, since engines
differ on which of the two wins.
"""

from __future__ import annotations

import gzip
import json
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from oxigraph_server import running_oxigraph
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import OxigraphStore, Store
from samverkan.storage.base import is_internal
from samverkan.storage.endpoint import VIRTUOSO
from samverkan.storage.remote import RemoteStore
from samverkan.submissions.credentials import Credentials
from virtuoso import USER, Virtuoso

PROJECT = Path(__file__).resolve().parents[1]
KIVRA = "kivra"
SECRET = "digest-7f3a9c0e5b1d4c2a-never-shown"
CREDENTIALS = URIRef("urn:x-samverkan:state:credentials")
INTERNAL = "urn:x-samverkan:"
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Served:
    """A running server, the graphs its store holds, public and internal."""

    live: LiveServer
    public: set[str]
    internal: set[str]

    def get(self, path: str, accept: str = "*/*") -> bytes:
        status, _, body = self.live.request("GET", path, headers={"Accept": accept})
        assert status == 200, (path, status, body[:300])
        return body


def add_secret(store: Store) -> None:
    """Put a stand-in digest into the credentials graph, beside the real credentials."""
    key = "urn:x-samverkan:credential:kivra-1"
    statement = f'<{key}> <urn:x-samverkan:state#digest> "{SECRET}" .'
    store.state_update(f"INSERT DATA {{ GRAPH <{CREDENTIALS}> {{ {statement} }} }}")


def internal_names(store: Store) -> set[URIRef]:
    """Return every graph of ``store`` that holds triples: those it lists, and its state
    graphs (which it keeps out of the list, as out of every public read)."""
    states = [store.state_graph(kind) for kind in ("credentials", "locks", "jobs")]
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    held = store.state_select(query, states).column("g")
    return store.graph_names() | {URIRef(str(g)) for g in held}


def submit_once(live: LiveServer, token: str) -> None:
    """Submit a changed part for Kivra: a second version, its content and its report."""
    part = to_deployment(parse_file(PROJECT / "data" / f"{KIVRA}.ttl"), live.base_iri)
    part.add(
        (URIRef(f"{live.base_iri}id/{KIVRA}"), URIRef("http://purl.org/dc/terms/description"),
         Literal("Hidden-graphs test.", lang="en"))
    )  # fmt: skip
    headers = {"Content-Type": "application/n-triples", "Authorization": f"Bearer {token}"}
    body = part.serialize(format="nt", encoding="utf-8")
    status, _, answer = live.request("POST", f"/submissions/{KIVRA}", body, headers)
    assert status == 201, answer


def _split(names: set[URIRef]) -> tuple[set[str], set[str]]:
    public = {str(n) for n in names if not is_internal(str(n))}
    return public, {str(n) for n in names} - public


@pytest.fixture(scope="module", params=["embedded", "oxigraph serve", "virtuoso"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("hidden")
    store_path, port = folder / "store", free_port()
    if request.param == "embedded":
        build_store(store_path, base_iri_for(port))
        opened = OxigraphStore(store_path)
        token = Credentials(opened).create(KIVRA)
        add_secret(opened)
        opened.close()
        with running_server(store_path, port) as live:
            submit_once(live, token)
            yield Served(live, *_split(_names_after(store_path)))
        return
    if request.param == "virtuoso":
        yield from _over_virtuoso(request.getfixturevalue("virtuoso"), store_path, port)
        return
    with running_oxigraph(folder / "oxigraph") as oxigraph:
        remote = oxigraph.store()
        with running_server(store_path, port, settings=oxigraph.settings()) as live:
            token = Credentials(remote).create(KIVRA)
            add_secret(remote)
            submit_once(live, token)
            yield Served(live, *_split(internal_names(remote)))


def _over_virtuoso(virtuoso: Virtuoso, store_path: Path, port: int) -> Iterator[Served]:
    """Serve a federation built by the server itself into Virtuoso (its default registry)."""
    remote = RemoteStore(
        virtuoso.query_url, virtuoso.update_url, user=USER, password=virtuoso.password,
        dialect=VIRTUOSO,
    )  # fmt: skip
    for name in remote.graph_names():
        remote.drop_graph(name)
    remote.state_update(f"DROP SILENT GRAPH <{CREDENTIALS}>")
    with running_server(store_path, port, settings=virtuoso.settings()) as live:
        token = Credentials(remote).create(KIVRA)
        add_secret(remote)
        submit_once(live, token)
        yield Served(live, *_split(internal_names(remote)))


def _names_after(store_path: Path) -> set[URIRef]:
    """Return the graphs of the server's embedded store, read from its folder (read-only:
    the server holds the store open)."""
    opened = OxigraphStore(store_path, read_only=True)
    try:
        return internal_names(opened)
    finally:
        opened.close()


def test_the_stores_hold_the_internal_graphs_the_tests_look_for(served: Served) -> None:
    """The premise: there is something to hide, and something to show."""
    assert str(CREDENTIALS) in served.internal
    assert f"urn:x-samverkan:archive:{KIVRA}:2" in served.internal
    assert f"urn:x-samverkan:report:{KIVRA}:2" in served.internal
    assert "urn:x-samverkan:store:identity" in served.internal
    assert len(served.public) > 5


def reaching(name: str) -> list[tuple[str, dict[str, str]]]:
    """Return queries that read the graph ``name`` inside their dataset: they get nothing."""
    return [
        (f"SELECT * WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", {}),
        (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", {}),
        (f"DESCRIBE <{name}>", {}),
        (f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", {}),
        (f"SELECT * WHERE {{ <{name}> ?p ?o }}", {}),
    ]


def choosing(name: str) -> list[tuple[str, dict[str, str]]]:
    """Return queries that choose the graph ``name`` as (part of) their dataset: refused."""
    prefixed = name[len(INTERNAL) :]
    some = "http://example.org/any-public-graph"
    return [
        (f"SELECT * FROM <{name}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM NAMED <{name}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        (f"SELECT * FROM <{some}> FROM NAMED <{name}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        (f"PREFIX x: <{INTERNAL}> SELECT * FROM x:{prefixed} WHERE {{ ?s ?p ?o }}", {}),
        (f"CONSTRUCT {{ ?s ?p ?o }} FROM <{name}> WHERE {{ ?s ?p ?o }}", {}),
        ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": name}),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": name}),
        (f"SELECT * WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", {"named-graph-uri": name}),
        (f"SELECT * FROM <{some}> WHERE {{ ?s ?p ?o }}", {"default-graph-uri": name}),
    ]


#: Queries over the default graph (the union) and every named graph, no graph named.
UNION = [
    'SELECT * WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?s), "urn:x-samverkan:")) }',
    f'SELECT * WHERE {{ ?s ?p ?o FILTER (CONTAINS(STR(?o), "{SECRET}")) }}',
    f'SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o FILTER (CONTAINS(STR(?o), "{SECRET}")) }} }}',
    "SELECT * WHERE { ?s <urn:x-samverkan:state#writer> ?o }",
    "SELECT * WHERE { GRAPH ?g { ?s <urn:x-samverkan:state#text> ?o } }",
    'SELECT ?g WHERE { GRAPH ?g { } FILTER (STRSTARTS(STR(?g), "urn:")) }',
    "ASK { ?s <urn:x-samverkan:state#digest> ?o }",
    'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "urn:")) }',
]


def answers(
    served: Served, query: str, parameters: dict[str, str], status: int = 200
) -> list[bytes]:
    """Send ``query`` as GET, form POST and direct POST; return the three answers, each
    with the ``status`` expected."""
    accept = "application/n-triples" if query.startswith(("CONSTRUCT", "DESCRIBE")) else JSON
    given = urllib.parse.urlencode(parameters)
    encoded = urllib.parse.urlencode({"query": query, **parameters})
    sent = [
        ("GET", f"/sparql?{encoded}", None, {}),
        (
            "POST",
            "/sparql",
            encoded.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        ("POST", f"/sparql?{given}", query.encode(), {"Content-Type": "application/sparql-query"}),
    ]
    bodies = []
    for method, path, body, headers in sent:
        asked = {"Accept": accept, "Accept-Language": "en", **headers}
        got, _, answer = served.live.request(method, path, body, asked)
        assert got == status, (query, parameters, method, got, answer[:300])
        bodies.append(answer)
    return bodies


def empty(body: bytes) -> bool:
    """Say whether an answer has no solutions, is false, or holds no triples."""
    if body.lstrip().startswith(b"{"):
        document = json.loads(body)
        return document.get("boolean") is False or document.get("results", {}).get("bindings") == []
    return body.strip() == b""


def quads_graphs(body: bytes) -> set[str]:
    return {q.graph_name.value for q in ox.parse(body, ox.RdfFormat.N_QUADS)}  # type: ignore[union-attr]


def test_the_dumps_and_the_graph_store_hold_no_internal_graph(served: Served) -> None:
    nquads = "application/n-quads"
    assert quads_graphs(served.get("/dumps/federation.nq", nquads)) == served.public
    packed = gzip.decompress(served.get("/dumps/federation.nq.gz"))
    assert quads_graphs(packed) == served.public
    assert quads_graphs(served.get("/graphs", nquads)) == served.public
    default = served.get("/graphs?default", "application/n-triples")
    assert INTERNAL.encode() not in default and SECRET.encode() not in default
    for name in sorted(served.internal):
        path = "/graphs?" + urllib.parse.urlencode({"graph": name})
        status, _, body = served.live.request("GET", path, headers={"Accept": nquads})
        assert status == 404, (name, status)
        assert SECRET.encode() not in body


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/graphs", "text/html"),
        ("/graphs?default", "text/html"),
        ("/dumps/", "text/html"),
        ("/.well-known/void", "text/turtle"),
        ("/catalog", "text/turtle"),
        ("/sparql", "text/turtle"),
        (f"/id/{KIVRA}", "text/turtle"),
        ("/search?q=kivra", "text/html"),
        ("/queries/concepts-without-information", JSON),
        ("/queries/information-without-data?page-size=5", JSON),
        ("/queries/actor-inventory?actor={base}id/kivra", JSON),
    ],
)
def test_no_public_page_names_an_internal_graph(served: Served, path: str, accept: str) -> None:
    body = served.get(path.format(base=served.live.base_iri), accept)
    assert INTERNAL.encode() not in body, path
    assert SECRET.encode() not in body, path


def test_search_finds_nothing_of_an_internal_graph(served: Served) -> None:
    """The search index is built from the public graphs: neither the credentials' digest
    nor an archived version's text is found (the page itself echoes the words asked)."""
    for words in (SECRET, "writer", "sha256"):
        found = json.loads(served.get(f"/search?format=json&q={words}", "application/json"))
        assert found["total"] == 0, (words, found)
    assert json.loads(served.get("/search?format=json&q=kivra", "application/json"))["total"] > 0


# The queries scanning the whole store come last: on Virtuoso they keep it busy a while.


def test_a_dataset_naming_an_internal_graph_is_refused(served: Served) -> None:
    """403, whichever way it is named: engines differ on whether FROM or the protocol's
    parameters win (Virtuoso takes FROM), so such a query is never sent to one."""
    for query, parameters in (case for name in sorted(served.internal) for case in choosing(name)):
        for body in answers(served, query, parameters, 403):
            assert b"is internal" in body, (query, parameters, body[:300])
            assert SECRET.encode() not in body and b"state#" not in body


#: A graph that no store holds, under no internal name.
NOWHERE = "http://example.org/no-such-graph"


def test_no_query_reaches_an_internal_graph(served: Served) -> None:
    """Named inside the dataset, an internal graph answers as a graph that does not exist
    (empty on Oxigraph; Virtuoso 7.2 answers ASK and EXISTS over a graph outside the dataset
    as true, but for any graph alike, whatever it holds)."""
    for name in sorted(served.internal):
        for query, parameters in reaching(name):
            absent = query.replace(name, NOWHERE).replace(name[len(INTERNAL) :], NOWHERE)
            expected = answers(served, absent, parameters)
            for body in answers(served, query, parameters):
                assert body == expected[0], (query, parameters, body[:300])
                assert INTERNAL.encode() not in body and SECRET.encode() not in body
    for query in UNION:
        for body in answers(served, query, {}):
            assert empty(body), (query, body[:300])
            assert INTERNAL.encode() not in body and SECRET.encode() not in body


def test_every_public_graph_is_still_there(served: Served) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    for body in answers(served, query, {}):
        rows = json.loads(body)["results"]["bindings"]
        assert {row["g"]["value"] for row in rows} == served.public
    # Named, a public graph answers with its triples.
    some = sorted(served.public)[0]
    chosen = f"SELECT (COUNT(*) AS ?n) FROM <{some}> WHERE {{ ?s ?p ?o }}"
    for body in answers(served, chosen, {}):
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
    # Through the protocol's parameters, too.
    for body in answers(served, "ASK { ?s ?p ?o }", {"default-graph-uri": some}):
        assert json.loads(body)["boolean"] is True


def test_the_default_graph_is_the_union_of_the_public_graphs(served: Served) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counted = [
        int(json.loads(answers(served, q, {})[0])["results"]["bindings"][0]["n"]["value"])
        for q in (count, union)
    ]
    assert counted[0] == counted[1] > 0
