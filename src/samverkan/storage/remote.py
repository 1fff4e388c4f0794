"""A store on a SPARQL 1.1 Query and Update endpoint (Virtuoso, Fuseki, GraphDB and the like).

The graphs are laid out as in the embedded store. A few things work differently:

- **Which graphs are ours.** An endpoint may hold other graphs (Virtuoso keeps its own system
  graphs, and its default graph is the union of all of them). The store lists the graphs it
  wrote in a registry graph, updated in the same request as the graphs themselves, and every
  query names exactly those graphs as its dataset (``default-graph-uri`` and
  ``named-graph-uri``): the default graph is the union of our graphs and nothing else.
- **Bindings.** An endpoint cannot substitute values, so they go into the query as a
  ``VALUES`` block at the start of its WHERE group (see samverkan.storage.values).
- **Replacing graphs** is one update request (``DROP SILENT GRAPH`` and ``INSERT DATA`` for
  every graph). Whether that request is one transaction is up to the engine. Virtuoso 7.2
  does not make it one (measured: an operation that fails leaves the earlier ones done, and
  readers can see a replacement half-way); the operations sent here fail only when the
  whole request is refused before any of it runs.
- **Answers to public queries** are fetched as standard JSON or N-Triples and serialised here
  by pyoxigraph, so a client gets the same formats, byte for byte the same kind of document,
  as from the embedded store (Virtuoso's own CSV, TSV and JSON depart from the standards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from samverkan.errors import QuerySyntaxError, StoreError
from samverkan.query_policy import CheckedQuery, resolved
from samverkan.storage import generation, rdfxml
from samverkan.storage.base import (
    BinaryOutput,
    Bindings,
    SelectResult,
    Store,
    creation,
    is_internal,
)
from samverkan.storage.endpoint import STANDARD, Dataset, Dialect, Endpoint
from samverkan.storage.protocol import BOOLEAN, SOLUTIONS, TRIPLES, ProtocolAnswer, ProtocolQuery
from samverkan.storage.results import (
    boolean_result,
    read_json,
    select_result,
    standard_json,
)
from samverkan.storage.sandbox import unpack
from samverkan.storage.values import inject_values, term_text
from samverkan.terms import graph_from_triples, quads_for_graph

#: The graph listing the graphs a store wrote (one triple each); stores with different
#: registries share an endpoint without seeing each other's graphs.
REGISTRY = URIRef("urn:x-samverkan:store:graphs")
_LISTED = "<urn:x-samverkan:store:holds>"
#: A graph that never holds anything: the dataset of a query while the store is empty.
_NOTHING = "urn:x-samverkan:store:no-graph"
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_FORMS = {"SELECT": SOLUTIONS, "ASK": BOOLEAN, "CONSTRUCT": TRIPLES, "DESCRIBE": TRIPLES}


class RemoteStore(Store):
    """A store on a SPARQL endpoint, reached at ``query_url`` and ``update_url``."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        timeout: float = 60.0,
        user: str | None = None,
        password: str | None = None,
        dialect: Dialect = STANDARD,
        registry: URIRef = REGISTRY,
    ) -> None:
        """Reach the endpoint; ``registry`` names the graph listing this store's graphs."""
        self.registry = registry
        if registry != REGISTRY:  # stores of other registries share an endpoint, unseen
            self.identity_graph = URIRef(f"{registry}:identity")
        credentials = (user, password or "") if user else None
        self.endpoint = Endpoint(query_url, update_url or query_url, timeout, credentials, dialect)

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        self.apply(replace=graphs, remove={}, add={})

    def apply(
        self,
        replace: Mapping[URIRef, Graph],
        remove: Mapping[URIRef, Graph],
        add: Mapping[URIRef, Graph],
    ) -> None:
        operations: list[str] = []
        for name, graph in replace.items():
            operations += self._replacement(name, graph)
        for name, graph in remove.items():
            operations += _deletions(term_text(name), graph, self.endpoint.dialect)
        for name, graph in add.items():
            if len(graph):
                entry = f"{term_text(name)} {_LISTED} {term_text(name)} ."
                operations += _insertions(term_text(name), graph, self.endpoint.dialect)
                operations.append(f"INSERT DATA {{ GRAPH <{self.registry}> {{ {entry} }} }}")
        if operations:
            operations.append(generation.stamp(self.identity_graph))
            self.endpoint.update(" ;\n".join(operations))

    def internal_graph(self, local: str) -> URIRef:
        """Return ``urn:x-samverkan:<local>``, or ``<registry>:<local>`` for a store of
        another registry (stores sharing an endpoint keep their internal graphs apart)."""
        if self.registry == REGISTRY:
            return super().internal_graph(local)
        return URIRef(f"{self.registry}:{local}")

    def create_graph(self, name: URIRef, graph: Graph) -> None:
        """Write ``graph`` and its registry entry unless the graph exists, in one operation.

        ``oxigraph serve`` runs it as one transaction. Virtuoso 7.2 evaluates the condition
        (a count: it ignores ``FILTER NOT EXISTS`` there) and inserts in one statement, but
        does not isolate requests; two writers racing for one graph are kept apart by the
        caller's locks, and each reads the graph back to see whose content it holds.
        """
        entry = f"{term_text(name)} {_LISTED} {term_text(name)} ."
        self.endpoint.update(creation(name, graph, f"GRAPH <{self.registry}> {{ {entry} }}"))

    def drop_graph(self, name: URIRef) -> None:
        operations = self._replacement(name, Graph())
        operations.append(generation.stamp(self.identity_graph))
        self.endpoint.update(" ;\n".join(operations))

    def state_graph(self, name: str) -> URIRef:
        """Name state graphs after the registry, as the identity graph is: stores of
        different registries share an endpoint without sharing state."""
        if self.registry == REGISTRY:
            return super().state_graph(name)
        return URIRef(f"{self.registry}:state:{name}")

    def state_update(self, update: str, *, replicated: bool = False) -> None:
        """Send ``update`` as it is: state graphs are not in the registry, so that the
        public dataset (the registry's graphs) never holds them."""
        self.endpoint.update(update)

    def state_select(self, query: str, graphs: Iterable[URIRef]) -> SelectResult:
        dataset = Dataset(named_graphs=sorted(str(g) for g in graphs) or [_NOTHING])
        return select_result(read_json(self.endpoint.query(query, _JSON, dataset)))

    def graph_names(self) -> set[URIRef]:
        query = f"SELECT ?g WHERE {{ GRAPH <{self.registry}> {{ ?g {_LISTED} ?g }} }}"
        body = self.endpoint.query(query, _JSON, Dataset(named_graphs=[str(self.registry)]))
        return {URIRef(str(g)) for g in select_result(read_json(body)).column("g")}

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        return select_result(read_json(self._query(query, bindings, _JSON)))

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return boolean_result(read_json(self._query(query, bindings, _JSON)))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        return _parse_triples(self._query(query, bindings, _NTRIPLES))

    def protocol_query(self, query: ProtocolQuery, timeout: float) -> ProtocolAnswer:
        """Check a public query against the policy (no SERVICE, no update: the engine would
        run them), forward it with its dataset, serialise the answer as the client chose."""
        checked = query.policy()
        form = _FORMS[checked.form]
        text = checked.text if query.base_iri is None else f"BASE <{query.base_iri}> {checked.text}"
        accept = _NTRIPLES if form == TRIPLES else _JSON
        dataset = self._protocol_dataset(query, checked)
        body = self.endpoint.query(text, accept, dataset, timeout)
        media_type = query.formats.get(form)
        if media_type is None:
            return unpack(("not-acceptable", form))
        return ProtocolAnswer(form, media_type, _serialise(form, body, media_type))

    def graph(self, name: URIRef) -> Graph:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {term_text(name)} {{ ?s ?p ?o }} }}"
        graph = _parse_triples(self.endpoint.query(query, _NTRIPLES, self._dataset()))
        if len(graph) != (expected := self.count(name)):
            raise StoreError(
                f"the SPARQL endpoint gave {len(graph)} of the {expected} triples of {name}; "
                "raise its limit on result rows (Virtuoso: ResultSetMaxRows)"
            )
        return graph

    def dump(self, output: BinaryOutput, names: Iterable[URIRef] | None = None) -> None:
        for name in sorted(self.graph_names() if names is None else names):
            quads = quads_for_graph(self.graph(name), name)
            output.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")

    def count(self, name: URIRef | None = None) -> int:
        # COUNT(?s), not COUNT(*): Virtuoso 7.2 counts 1 for a graph outside the dataset.
        graph = "?g" if name is None else term_text(name)
        result = self.select(f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(str(result.rows[0]["n"]))

    def _query(self, query: str, bindings: Bindings | None, accept: str) -> bytes:
        try:
            text = inject_values(query, bindings or {})
        except ValueError as error:
            raise QuerySyntaxError(f"cannot bind values in the query: {error}") from None
        prologue = self.endpoint.dialect.query_prologue
        return self.endpoint.query(prologue + text, accept, self._dataset())

    def _dataset(self) -> Dataset:
        """Return our graphs as the dataset: the default graph is their union."""
        graphs = sorted(str(g) for g in self.graph_names()) or [_NOTHING]
        return Dataset(graphs, graphs)

    def _protocol_dataset(self, query: ProtocolQuery, checked: CheckedQuery) -> Dataset:
        """Return the dataset of a public query, always given as the protocol's parameters
        (which replace the query's FROM and FROM NAMED): the graphs it names, or else all
        public graphs; never an internal one (named, it is an empty graph)."""
        if query.has_protocol_dataset:
            default, named = list(query.default_graphs), list(query.named_graphs)
        elif checked.names_dataset:
            default = resolved(checked.default_graphs, query.base_iri)
            named = resolved(checked.named_graphs, query.base_iri)
        else:
            default = named = sorted(str(g) for g in self.public_graph_names())
        return Dataset(_public(default), _public(named))

    def _replacement(self, name: URIRef, graph: Graph) -> list[str]:
        """Return the operations that replace graph ``name`` and its registry entry."""
        target, entry = term_text(name), f"{term_text(name)} {_LISTED} {term_text(name)} ."
        operations = [
            f"DROP SILENT GRAPH {target}",
            f"DELETE DATA {{ GRAPH <{self.registry}> {{ {entry} }} }}",
        ]
        if len(graph):
            operations += _insertions(target, graph, self.endpoint.dialect)
            operations.append(f"INSERT DATA {{ GRAPH <{self.registry}> {{ {entry} }} }}")
        return operations


def _public(names: list[str]) -> list[str]:
    """Return the public graphs of ``names``, or the graph that never holds anything."""
    return [name for name in names if not is_internal(name)] or [_NOTHING]


def _insertions(target: str, graph: Graph, dialect: Dialect) -> list[str]:
    """Return INSERT operations for ``graph``, in chunks the engine accepts.

    Blank nodes are scoped to one operation, so every triple with one goes in the same
    operation (``INSERT … WHERE {}`` where ``INSERT DATA`` refuses them).
    """
    plain: list[str] = []
    linked: list[str] = []
    for s, p, o in graph:
        line = f"{_node_text(s)} {term_text(p)} {_node_text(o)} ."
        (linked if isinstance(s, BNode) or isinstance(o, BNode) else plain).append(line)
    size = dialect.insert_chunk
    operations = [
        f"INSERT DATA {{ GRAPH {target} {{\n" + "\n".join(plain[i : i + size]) + "\n} }"
        for i in range(0, len(plain), size)
    ]
    if linked:
        block = f"{{ GRAPH {target} {{\n" + "\n".join(linked) + "\n} }"
        data = "INSERT DATA " + block if dialect.bnodes_in_insert_data else None
        operations.append(data or f"INSERT {block} WHERE {{}}")
    return operations


def _deletions(target: str, graph: Graph, dialect: Dialect) -> list[str]:
    """Return DELETE DATA operations for ``graph`` (stored graphs hold no blank nodes)."""
    lines = [f"{term_text(s)} {term_text(p)} {term_text(o)} ." for s, p, o in graph]
    size = dialect.insert_chunk
    return [
        f"DELETE DATA {{ GRAPH {target} {{\n" + "\n".join(lines[i : i + size]) + "\n} }"
        for i in range(0, len(lines), size)
    ]


def _node_text(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else term_text(term)


def _parse_triples(body: bytes) -> Graph:
    try:
        return graph_from_triples(ox.parse(body, ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise StoreError(f"the SPARQL endpoint gave N-Triples that do not parse: {error}") from None


def _serialise(form: str, body: bytes, media_type: str) -> bytes:
    if form == TRIPLES:
        triples = list(ox.parse(body, ox.RdfFormat.N_TRIPLES))
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        assert rdf_format is not None
        if rdf_format == ox.RdfFormat.RDF_XML:
            return rdfxml.serialise(graph_from_triples(triples))
        return ox.serialize(triples, format=rdf_format) or b""
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    assert results_format is not None
    parsed = ox.parse_query_results(standard_json(read_json(body)), ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=results_format) or b""
