"""The query policy decides from the parsed query, in the text the engine then runs.

Pass/fail pairs for the policy, and one property tested against the engine itself: whatever
hostile text the policy admits, Oxigraph running the admitted text opens no connection.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from samverkan.errors import (
    ForbiddenOperationError,
    QuerySyntaxError,
    RefusedQueryError,
    StoreError,
)
from samverkan.query_policy import CheckedQuery, check_query, decide_query
from samverkan.storage import OxigraphStore
from samverkan.storage.protocol import BOOLEAN, SOLUTIONS, ProtocolQuery
from samverkan.storage.remote import RemoteStore

JSON = "application/sparql-results+json"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o . SeRvIcE ?endpoint { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/>\nSELECT * {\n  # a comment\n  SERVICE ex:x {} }",
        r"SELECT * { \u0053ERVICE <http://example.org/> {} }",
        r"SELECT * { \U00000073ervice <http://example.org/> {} }",
        r"SELECT * { BIND(<http://x/\u0041'> AS ?z) SERVICE <http://127.0.0.1:9/> {} }",
        "SELECT * { ?s ?p ?o # a comment that ends at CR\rSERVICE <http://example.org/> {} }",
        "SELECT * { { SELECT * { OPTIONAL { SERVICE <http://example.org/> {} } } } }",
        "ASK { FILTER NOT EXISTS { { } UNION { MINUS { SERVICE <http://example.org/> {} } } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { SERVICE <http://example.org/> {} } }",
        "SELECT (EXISTS { SERVICE <http://example.org/> {} } AS ?e) {}",
        "SELECT ?s { ?s ?p ?o } ORDER BY (NOT EXISTS { SERVICE <http://example.org/> {} })",
        "SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <http://e.org/> {} })",
        "DESCRIBE ?s WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
        "ASK { BIND(IF(EXISTS { SERVICE <http://example.org/> {} }, 1, 0) AS ?x) }",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(RefusedQueryError, match="SERVICE"):
        check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <http://example.org/> {}" }',
        "SELECT * { ?s ?p '''a\nservice\nhere''' }",
        "SELECT * { ?s <http://example.org/service> ?o }",
        "PREFIX service: <http://example.org/>\nSELECT * { ?s service:x ?o }",
        "PREFIX sam: <https://samverkan.example.org/def/samverkan#>\n"
        "SELECT ?s { ?s a sam:Service }",
        "SELECT ?service { ?service a ?type }",
        "SELECT * { _:service ?p ?o }",
        "SELECT * { ?s ?p ?o }  # SERVICE in a comment",
        'SELECT * { ?s ?p "x"@service }',
        "SELECT * { ?s ?p 'load'@en }",
    ],
)
def test_words_inside_data_and_names_pass(query: str) -> None:
    assert check_query(query).form == "SELECT"


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "load <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>",
        "CLEAR ALL",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX ex: <http://example.org/>\nDELETE WHERE { ex:a ?p ?o }",
        "BASE <http://example.org/>\n# drop it\nDROP GRAPH <g>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        r"\u004cOAD <http://example.org/data.ttl>",
    ],
)
def test_updates_are_refused_as_read_only(update: str) -> None:
    with pytest.raises(ForbiddenOperationError, match="read-only"):
        check_query(update)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }", "line 3, column"),
        ("ASK { \x00 }", "U+0000"),
        ("ASK { ?s ?p '\x07' }", "U+0007"),
        (r"ASK { ?s ?p '\u0000' }", "U+0000"),
        (r"ASK { ?s ?p '\u005Cu0041' }", "spells another escape"),
        (r"ASK { ?s ?p '\uD800' }", "not a Unicode character"),
        ("ASK { ?s ?p <<?a ?b ?c>> }", "does not parse"),
    ],
)
def test_what_cannot_be_read_is_refused_with_where(query: str, words: str) -> None:
    with pytest.raises(QuerySyntaxError, match=words.replace("+", r"\+")):
        check_query(query)


def test_the_engine_runs_the_text_as_parsed() -> None:
    checked = check_query("SELECT ?x {\r\n BIND('\\u00e9' AS ?x) }")
    assert checked.text == "SELECT ?x {\n BIND('é' AS ?x) }"
    assert [str(row["x"]) for row in ox.Store().query(checked.text)] == ['"é"']


def test_the_dataset_comes_from_the_parse() -> None:
    assert check_query("SELECT * FROM <http://g> { ?s ?p ?o }").names_dataset
    assert check_query("ASK FROM NAMED <http://g> {}").names_dataset
    assert not check_query("SELECT * { ?s <http://x/FROM> 'FROM' }").names_dataset
    assert check_query("DESCRIBE <http://x>").form == "DESCRIBE"


# --- the policy against the engine ---------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[list[int]]:
    """A socket on 127.0.0.1 counting the connections that reach it; yields [port, count]."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        seen = [sock.getsockname()[1], 0]
        sock.settimeout(0.1)

        def accept() -> None:
            while True:
                try:
                    sock.accept()[0].close()
                    seen[1] += 1
                except TimeoutError:
                    continue
                except OSError:
                    return

        threading.Thread(target=accept, daemon=True).start()
        yield seen


def hostile(port: int) -> Iterator[str]:
    """Yield texts that try to hide a SERVICE to the listener from a parser."""
    target = f"<http://127.0.0.1:{port}/>"
    around = [
        "{}",
        "# x\r{}",
        "# x\\u000D{}",
        "BIND(<http://x/\\u0041'> AS ?z) {}",
        "BIND('\\u0027' AS ?z) {} BIND('x' AS ?y)",
        'BIND("\\u0022" AS ?z) {} BIND("x" AS ?y)',
        "# x\\u000A{}",
        "BIND('''\\u0027''' AS ?z) {}",
        "BIND(<http://x/\\u003E> AS ?z) {}",
        "#\u2028{}",
        "#\u0085{}",
        "#\x0c{}",
    ]
    keywords = ["SERVICE", "\\u0053ERVICE", "SERVIC\\u0045", "service"]
    for template, keyword in itertools.product(around, keywords):
        pattern = template.format(f"{keyword} {target} {{ ?s ?p ?o }}")
        yield f"SELECT * {{ ?s ?p ?o {pattern} }}"


def test_what_the_policy_admits_never_connects(listener: list[int]) -> None:
    store = ox.Store()
    node = ox.NamedNode("http://example.org/a")
    store.add(ox.Quad(node, node, node))
    admitted = []
    for text in hostile(listener[0]):
        try:
            checked = check_query(text)
        except (RefusedQueryError, QuerySyntaxError):
            continue
        admitted.append(text)
        run(store, checked.text)
    assert listener[1] == 0, admitted
    # The texts are hostile: run as the client wrote them, some reach the listener.
    for text in hostile(listener[0]):
        run(store, text)
    assert listener[1] > 0


def verdict(decide: Callable[[str], CheckedQuery], text: str) -> object:
    """Return what ``decide`` says of ``text``: the checked query, or the error's kind and text."""
    try:
        return decide(text)
    except (RefusedQueryError, QuerySyntaxError, ForbiddenOperationError) as error:
        return type(error), str(error)


def test_a_kept_verdict_is_the_one_a_fresh_parse_gives(listener: list[int]) -> None:
    texts = [*hostile(listener[0]), "ASK {}", "INSERT DATA { <a:b> <a:b> <a:b> }", "SELEC x"]
    for text in texts:
        fresh = verdict(decide_query, text)
        assert verdict(check_query, text) == fresh, text
        assert verdict(check_query, text) == fresh, text  # asked again: the kept verdict


def run(store: ox.Store, text: str) -> None:
    """Run a query to its end, whatever it answers (a refused connection included)."""
    with contextlib.suppress(SyntaxError, OSError):
        list(store.query(text))  # type: ignore[arg-type]


# --- where the policy is applied ------------------------------------------------------------


def forged(text: str) -> ProtocolQuery:
    """A query that carries a check it never had: what a hole in the policy would let by."""
    passed = CheckedQuery(text, "SELECT", names_dataset=False)
    return ProtocolQuery(text, {SOLUTIONS: JSON}, checked=passed)


def test_a_query_worker_has_no_network(listener: list[int], tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store", query_workers=1)
    try:
        with pytest.raises(StoreError):
            store.protocol_query(forged(service_to(listener[0])), timeout=30)
    finally:
        store.close()
    assert listener[1] == 0


def test_a_remote_store_refuses_service_before_sending(listener: list[int]) -> None:
    remote = RemoteStore(f"http://127.0.0.1:{listener[0]}/sparql", timeout=2)
    query = ProtocolQuery(service_to(9), {SOLUTIONS: JSON})
    with pytest.raises(RefusedQueryError):
        remote.protocol_query(query, timeout=2)
    assert listener[1] == 0
    with pytest.raises(StoreError):  # what the policy admits is sent (and the listener hangs up)
        remote.protocol_query(ProtocolQuery("ASK {}", {BOOLEAN: JSON}), timeout=2)
    assert listener[1] == 1


def service_to(port: int) -> str:
    return f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"


def test_a_query_worker_reads_a_long_query(tmp_path: Path) -> None:
    patterns = " ".join(
        f"<http://example.org/s> <http://example.org/p{i}> ?o{i} ." for i in range(150)
    )
    long_query = f"SELECT * WHERE {{ {patterns} }}"
    with pytest.raises(QuerySyntaxError, match="too deeply nested"):
        check_query(long_query)  # at this process's recursion limit
    store = OxigraphStore(tmp_path / "store", query_workers=1)
    try:
        answer = store.protocol_query(ProtocolQuery(long_query, {SOLUTIONS: JSON}), 60)
    finally:
        store.close()
    assert answer.form == SOLUTIONS
