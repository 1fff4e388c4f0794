"""SPARQL constraints of the native engine: each query run once, for all focus nodes.

SHACL evaluates a ``sh:select`` once per focus node with ``$this`` pre-bound (SHACL 5.3.1).
Run once with ``$this`` unbound and the rows kept whose ``$this`` is a focus node, a query
gives the same rows when ``$this`` is bound in every solution of its pattern before anything
can see it: in a triple pattern of each branch of the group (not only in an OPTIONAL), and not
by BIND, VALUES, a sub-select, MINUS, GRAPH or SERVICE; and when nothing limits or groups the
rows (LIMIT, OFFSET, GROUP BY). :func:`set_evaluable` checks this on the query's algebra when
the shapes are read; a query that fails the check is refused, so the engine never answers
differently from pre-binding. The focus nodes of the shapes that hold SPARQL constraints are
instances of their target classes, so they occur in the data (a zero-length path from an
unbound ``$this`` reaches them too).

The data and the ontology go into an in-memory Oxigraph store; terms come back as the
rdflib terms they were (plain strings stay plain, blank nodes keep their identifiers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, paths
from rdflib.namespace import OWL, RDF, SH, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from samverkan.errors import ConfigurationError
from samverkan.triples import Readable

#: Algebra operators that pass the solutions of their pattern through unchanged in binding.
_PASSING = {"Project", "Distinct", "Reduced", "OrderBy"}
#: Variables a SHACL processor may pre-bind besides ``$this`` (not supported here).
_PREBOUND = ("$PATH", "$shapesGraph", "$currentShape", "?shapesGraph", "?currentShape")


class UnsupportedShapesError(ConfigurationError):
    """The shapes use SHACL the native engine does not evaluate (the message names it)."""


class UnrepresentableError(Exception):
    """The data holds a term Oxigraph cannot hold (a language tag it refuses)."""


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint: its query, prefixes and message templates."""

    node: Node
    select: str
    prefixes: dict[str, str]
    messages: tuple[Literal, ...]
    #: The predicates its query can read (None: any).
    reads: frozenset[URIRef] | None


def read_constraint(shapes: Graph, node: Node, holder: Node) -> SparqlConstraint | None:
    """Return the SPARQL constraint ``node`` of shape ``holder`` (None if deactivated);
    refuse one whose query cannot be run once for all focus nodes."""
    selects = list(shapes.objects(node, SH.select))
    if len(selects) != 1 or not isinstance(selects[0], Literal):
        raise UnsupportedShapesError(
            f"the SPARQL constraint {node} needs exactly one sh:select text"
        )
    if any(str(d).lower() == "true" for d in shapes.objects(node, SH.deactivated)):
        return None
    text = str(selects[0])
    prefixes = _prefixes(shapes, node)
    for name in _PREBOUND:
        if name in text:
            raise UnsupportedShapesError(f"the SPARQL constraint {node} uses {name}")
    why = set_evaluable(text, prefixes)
    if why:
        raise UnsupportedShapesError(
            f"the SPARQL constraint {node} of {holder} cannot be run once for all focus "
            f"nodes: {why}"
        )
    messages = tuple(m for m in shapes.objects(node, SH.message) if isinstance(m, Literal))
    return SparqlConstraint(node, text, prefixes, messages, predicates(text, prefixes))


def _prefixes(shapes: Graph, node: Node) -> dict[str, str]:
    """Return the prefixes declared for ``node`` as pySHACL collects them (SHACL 5.2.1)."""
    ontologies = set(shapes.subjects(RDF.type, OWL.Ontology))
    found: dict[str, str] = {}
    for holder in shapes.objects(node, SH.prefixes):
        declares = set(shapes.objects(holder, SH.declare))
        if not (declares and holder in ontologies):
            for ontology in ontologies:
                declares |= set(shapes.objects(ontology, SH.declare))
        for declare in declares:
            prefix = shapes.value(declare, SH.prefix)
            namespace = shapes.value(declare, SH.namespace)
            if prefix is None or namespace is None:
                raise UnsupportedShapesError(
                    f"a sh:declare of {node} lacks sh:prefix or sh:namespace"
                )
            found[str(prefix)] = str(namespace)
    return found


def set_evaluable(text: str, prefixes: dict[str, str]) -> str:
    """Return why the query cannot be run once with ``$this`` unbound ("" if it can)."""
    try:
        query = translateQuery(parseQuery(text), None, prefixes)
    except Exception as error:  # rdflib's parser raises several kinds
        return f"it does not parse ({error})"
    algebra = query.algebra
    if algebra.name != "SelectQuery":
        return "it is not a SELECT query"
    if Variable("this") not in (algebra.get("PV") or []):
        return "it does not select $this"
    try:
        bound = _bound(algebra.p, top=True)
    except _RefusedError as refused:
        return str(refused)
    return "" if "this" in bound else "$this is not bound by every solution of its pattern"


class _RefusedError(Exception):
    pass


class _EverythingError(Exception):
    """The query may read any predicate."""


def predicates(text: str, prefixes: dict[str, str]) -> frozenset[URIRef] | None:
    """Return the predicates the query can read (None: any, for a variable or negated
    predicate, or a zero-length path between two variables, which reaches every node)."""
    query = translateQuery(parseQuery(text), None, prefixes)
    found: set[URIRef] = set()
    try:
        _collect(query.algebra, found)
    except _EverythingError:
        return None
    return frozenset(found)


def _collect(part: Any, found: set[URIRef]) -> None:
    if isinstance(part, CompValue):
        for key, value in part.items():
            if key == "triples":
                _triples(value, found)
            else:
                _collect(value, found)
    elif isinstance(part, list | tuple):
        for value in part:
            _collect(value, found)


def _triples(triples: Any, found: set[URIRef]) -> None:
    for triple in triples:
        if not isinstance(triple, list | tuple) or len(triple) != 3:
            raise _EverythingError
        subject, path, object_ = triple
        ends = isinstance(subject, Variable) and isinstance(object_, Variable)
        _path_predicates(path, found, zero_ok=not ends)


def _path_predicates(path: Any, found: set[URIRef], zero_ok: bool) -> None:
    if isinstance(path, URIRef):
        found.add(path)
    elif isinstance(path, paths.InvPath):
        _path_predicates(path.arg, found, zero_ok)
    elif isinstance(path, paths.SequencePath | paths.AlternativePath):
        for arg in path.args:
            _path_predicates(arg, found, zero_ok)
    elif isinstance(path, paths.MulPath) and (zero_ok or path.mod == paths.OneOrMore):
        _path_predicates(path.path, found, zero_ok)
    else:
        raise _EverythingError


def _bound(part: CompValue, top: bool = False) -> set[str]:
    """Return the variables bound in every solution of ``part``; raise _RefusedError for an
    operator under which pre-binding and filtering afterwards may differ."""
    name = part.name
    if name in _PASSING and top:
        return _bound(part.p, top=True)
    if name == "BGP":
        return {str(t) for triple in part.triples for t in triple if isinstance(t, Variable)}
    if name == "Join":
        return _bound(part.p1) | _bound(part.p2)
    if name == "LeftJoin":
        _bound(part.p2)
        _expressions(part.get("expr"))
        return _bound(part.p1)
    if name == "Filter":
        _expressions(part.expr)
        return _bound(part.p)
    if name == "Union":
        return _bound(part.p1) & _bound(part.p2)
    if name == "Extend":
        if str(part.var) == "this":
            raise _RefusedError("it binds $this with BIND")
        _expressions(part.expr)
        return _bound(part.p)
    raise _RefusedError(f"it uses {name}")


def _expressions(expression: Any) -> None:
    """Check the patterns of EXISTS and NOT EXISTS inside ``expression`` like the query's."""
    if isinstance(expression, CompValue):
        if expression.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            _bound(expression.graph)
            return
        for value in expression.values():
            _expressions(value)
    elif isinstance(expression, list | tuple):
        for value in expression:
            _expressions(value)


# --- the data in Oxigraph ---------------------------------------------------------------


class OxigraphData:
    """The data graphs in an in-memory Oxigraph store, with the way back to rdflib terms.

    Only the statements with the ``reads`` predicates are loaded (all when None): a query
    whose predicates are all fixed sees nothing else.
    """

    def __init__(self, graphs: Iterable[Readable], reads: frozenset[URIRef] | None) -> None:
        self.store = ox.Store()
        self._to: dict[Node, Any] = {}
        self._back: dict[Any, Node] = {}
        wanted: list[URIRef | None] = list(reads) if reads is not None else [None]
        quads = [
            ox.Quad(self.term(s), self.term(p), self.term(o))
            for g in graphs
            for predicate in wanted
            for s, p, o in g.triples((None, predicate, None))
        ]
        self.store.bulk_extend(quads)

    def term(self, node: Node) -> Any:
        """Return ``node`` as an Oxigraph term (remembered both ways)."""
        found = self._to.get(node)
        if found is None:
            found = _ox(node)
            self._to[node] = found
            self._back.setdefault(found, node)
        return found

    def node(self, term: Any) -> Node:
        """Return the rdflib term that ``term`` came from (or a new one like it)."""
        found = self._back.get(term)
        return found if found is not None else _rdflib(term)

    def rows(self, constraint: SparqlConstraint) -> Iterator[dict[str, Node]]:
        """Yield each solution of the constraint's query, by variable name."""
        solutions = self.store.query(constraint.select, prefixes=constraint.prefixes)
        assert isinstance(solutions, ox.QuerySolutions), "read_constraint admits only SELECT"
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = self.node(value)
            yield row


def _ox(node: Node) -> Any:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        try:
            return ox.BlankNode(str(node))
        except ValueError:  # an identifier Oxigraph refuses: a new one, mapped back
            return ox.BlankNode()
    assert isinstance(node, Literal), node
    try:
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    except ValueError as error:
        raise UnrepresentableError(f"the literal {node.n3()} ({error})") from None


def _rdflib(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
