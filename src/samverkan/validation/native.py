"""A set-based SHACL engine: each constraint evaluated once for all its focus nodes.

pySHACL (the reference) walks every focus node through every constraint; for a submission
of 20 000 triples that took minutes. This engine reads the shapes once into plain objects,
indexes the data (with the ontology's axioms, mixed in as pySHACL mixes them) by predicate,
and evaluates each constraint over the whole set of focus or value nodes: the values of a
path are index look-ups, the nested shapes of ``sh:qualifiedValueShape``, ``sh:or`` and
``sh:not`` are evaluated once on the union of the values they are asked about, and each
SPARQL constraint is one query (:mod:`samverkan.validation.native_sparql`).

It answers as pySHACL does with ``allow_warnings`` and ``allow_infos`` (a nested shape of
severity Warning or Info always conforms), and writes the same report graph, so that
:func:`~samverkan.validation.report.read_results` reads the same results.

It evaluates the SHACL Core subset that the guideline shapes use and fails closed on the
rest: any term of the SHACL vocabulary it does not know, anywhere in the shapes graph, makes
:class:`NativeEngine` refuse the shapes (:class:`UnsupportedShapesError`, naming the term).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyshacl.rdfutil.inoculate import inoculate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from samverkan.triples import Readable
from samverkan.validation import native_checks as checks
from samverkan.validation.native_report import Found, report_graph
from samverkan.validation.native_sparql import (
    OxigraphData,
    SparqlConstraint,
    UnsupportedShapesError,
    read_constraint,
)

__all__ = ["NativeEngine", "UnsupportedShapesError"]

#: The SHACL terms the engine knows as predicates of the shapes graph; any other is refused.
KNOWN = {
    SH.targetClass,
    SH.property,
    SH.path,
    SH.inversePath,
    SH.alternativePath,
    SH.sparql,
    SH.select,
    SH.prefixes,
    SH.declare,
    SH.prefix,
    SH.namespace,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    *checks.PARAMETERS,
}
#: The SHACL classes a shapes graph may type its nodes with.
KNOWN_TYPES = {SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint, SH.PrefixDeclaration}
#: Severities under which a nested shape always conforms (allow_warnings, allow_infos).
ALLOWED = {SH.Warning, SH.Info}
SEVERITIES = {SH.Violation, *ALLOWED}

#: A compiled path: a predicate, or ("inverse", predicate), ("alternative" | "sequence", paths).
Path = URIRef | tuple[str, object]


@dataclass(eq=False)
class Shape:
    """One shape, read: its path, severity, messages, constraints and property shapes."""

    node: Node
    path: Path | None
    path_node: Node | None
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool
    targets: frozenset[URIRef] = frozenset()
    constraints: list[checks.Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)


class NativeEngine:
    """Holds the shapes, read once, and the ontology's axioms; validates data graphs."""

    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        """Read the shapes; raise :class:`UnsupportedShapesError` on SHACL it does not evaluate."""
        _refuse_unknown(shapes)
        self.shapes_graph = shapes
        self._read: dict[Node, Shape] = {}
        self._reading: set[Node] = set()
        self.targeted = [self.shape(node) for node in _targeted(shapes)]
        self.predicates = {RDF.type, RDFS.subClassOf} | {
            p for shape in self._read.values() for p in _predicates(shape.path)
        }
        queries = [q for shape in self.targeted for q in shape.sparql]
        self.reads: frozenset[URIRef] | None = frozenset()
        for query in queries:
            self.reads = (
                None if query.reads is None or self.reads is None else self.reads | query.reads
            )
        self.background: Graph = inoculate(Graph(), ontology)  # type: ignore[arg-type]

    def shape(self, node: Node) -> Shape:
        """Return the shape ``node``, read (once) from the shapes graph."""
        if node in self._read:
            return self._read[node]
        if node in self._reading:
            raise UnsupportedShapesError(f"the shape {node} refers to itself (recursive shapes)")
        self._reading.add(node)
        shape = self._shape(node)
        self._reading.discard(node)
        self._read[node] = shape
        return shape

    def _shape(self, node: Node) -> Shape:
        g = self.shapes_graph
        paths = list(g.objects(node, SH.path))
        if len(paths) > 1:
            raise UnsupportedShapesError(f"the shape {node} has more than one sh:path")
        severities = set(g.objects(node, SH.severity)) or {SH.Violation}
        if len(severities) > 1 or not severities <= SEVERITIES:
            raise UnsupportedShapesError(
                f"the shape {node} has severity {sorted(map(str, severities))}"
            )
        shape = Shape(
            node=node,
            path=_path(g, paths[0]) if paths else None,
            path_node=paths[0] if paths else None,
            severity=severities.pop(),  # type: ignore[arg-type]
            messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
            deactivated=any(str(d).lower() == "true" for d in g.objects(node, SH.deactivated)),
            targets=_target_classes(g, node),
        )
        shape.constraints = checks.read(g, node, shape.path is not None, self.shape)
        for member in g.objects(node, SH.property):
            if shape.path is not None:
                raise UnsupportedShapesError(f"the property shape {node} has sh:property")
            prop = self.shape(member)
            if prop.path is None:
                raise UnsupportedShapesError(f"the sh:property {member} of {node} has no sh:path")
            shape.properties.append(prop)
        for constraint in g.objects(node, SH.sparql):
            if shape.path is not None or not shape.targets or _nested(g, node):
                raise UnsupportedShapesError(
                    f"sh:sparql is evaluated only on targeted node shapes that no other shape "
                    f"refers to, not on {node}"
                )
            read = read_constraint(g, constraint, node)
            if read is not None:
                shape.sparql.append(read)
        return shape

    def validate(self, data: Readable, focus: Iterable[Node] | None = None) -> Graph:
        """Return the report graph of validating ``data`` (top-level focus nodes limited to
        ``focus`` when given)."""
        run = Run(self, [data, self.background])
        wanted = set(focus) if focus is not None else None
        for shape in self.targeted:
            if shape.deactivated:
                continue
            nodes = run.instances(shape.targets)
            if wanted is not None:
                nodes &= wanted
            if nodes:
                run.evaluate(shape, nodes, emit=True)
        return report_graph(run.found, self.shapes_graph, data)


class Run:
    """One validation: the data indexed by the shapes' predicates, and what it found."""

    def __init__(self, engine: NativeEngine, graphs: list[Readable]) -> None:
        self.engine, self.graphs = engine, graphs
        self.out: dict[Node, dict[Node, set[Node]]] = {}
        self.into: dict[Node, dict[Node, set[Node]]] = {}
        for predicate in engine.predicates:
            out, into = defaultdict(set), defaultdict(set)
            for graph in graphs:
                for s, _, o in graph.triples((None, predicate, None)):
                    out[s].add(o)
                    into[o].add(s)
            self.out[predicate], self.into[predicate] = dict(out), dict(into)
        self.found: list[Found] = []
        self._supers: dict[Node, set[Node]] = {}
        self._oxigraph: OxigraphData | None = None

    def values(self, path: Path, node: Node) -> set[Node]:
        """Return the values of ``path`` from ``node``."""
        if isinstance(path, URIRef):
            return self.out[path].get(node, set())
        kind, inner = path
        if kind == "inverse":
            return self.into[inner].get(node, set())  # type: ignore[index]
        if kind == "alternative":
            return set().union(*(self.values(p, node) for p in inner))  # type: ignore[attr-defined]
        reached = {node}
        for step in inner:  # type: ignore[attr-defined]
            reached = set().union(*(self.values(step, n) for n in reached))
        return reached

    def closure(self, start: Node, index: dict[Node, set[Node]]) -> set[Node]:
        """Return ``start`` and every node reached from it through ``index``."""
        seen, todo = {start}, [start]
        while todo:
            for nxt in index.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def instances(self, classes: Iterable[URIRef]) -> set[Node]:
        """Return the SHACL instances of ``classes`` (typed with them or a subclass)."""
        types = self.into[RDF.type]
        found: set[Node] = set()
        for cls in classes:
            for sub in self.closure(cls, self.into[RDFS.subClassOf]):
                found |= types.get(sub, set())
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        """Say whether ``node`` is a SHACL instance of ``cls`` (never for a literal)."""
        if isinstance(node, Literal):
            return False
        for kind in self.out[RDF.type].get(node, ()):
            if kind not in self._supers:
                self._supers[kind] = self.closure(kind, self.out[RDFS.subClassOf])
            if cls in self._supers[kind]:
                return True
        return False

    def failing(self, shape: Shape, nodes: set[Node]) -> set[Node]:
        """Return the ``nodes`` that do not conform to ``shape`` (evaluated as nested)."""
        return self.evaluate(shape, nodes, emit=False)

    def evaluate(self, shape: Shape, nodes: set[Node], emit: bool) -> set[Node]:
        """Evaluate ``shape`` on ``nodes``; record its results if ``emit``; return the
        nodes that do not conform."""
        if shape.deactivated or not nodes:
            return set()
        if shape.path is not None:
            values = {n: self.values(shape.path, n) for n in nodes}
        else:
            values = {n: {n} for n in nodes}
        bad: set[Node] = set()
        for constraint in shape.constraints:
            for focus, value, component in constraint.run(self, values):
                bad.add(focus)
                if emit:
                    self.found.append(Found(shape, focus, value, component))
        for prop in shape.properties:
            bad |= self.evaluate(prop, nodes, emit)
        for query in shape.sparql:
            bad |= self._sparql(shape, query, nodes, emit)
        return set() if shape.severity in ALLOWED else bad

    def _sparql(
        self, shape: Shape, constraint: SparqlConstraint, nodes: set[Node], emit: bool
    ) -> set[Node]:
        if self._oxigraph is None:
            self._oxigraph = OxigraphData(self.graphs, self.engine.reads)
        bad: set[Node] = set()
        seen: set[tuple[object, ...]] = set()
        for row in self._oxigraph.rows(constraint):
            focus = row.get("this")
            if focus is None or focus not in nodes:
                continue
            key = tuple(sorted(row.items()))
            if key in seen:
                continue
            seen.add(key)
            bad.add(focus)
            if emit:
                value = row.get("value", focus)
                found = Found(shape, focus, value, SH.SPARQLConstraintComponent, constraint, row)
                self.found.append(found)
        return bad


def _refuse_unknown(shapes: Graph) -> None:
    """Raise UnsupportedShapesError naming the first SHACL term the engine does not know."""
    namespace = str(SH)
    for s, p, o in shapes:
        if str(p).startswith(namespace) and p not in KNOWN:
            raise UnsupportedShapesError(f"the native engine does not evaluate {p} (on {s})")
        if p == RDF.type and str(o).startswith(namespace) and o not in KNOWN_TYPES:
            raise UnsupportedShapesError(f"the native engine does not evaluate {o} (on {s})")


def _targeted(shapes: Graph) -> list[Node]:
    """Return the shapes with targets (sh:targetClass, or implicit class targets)."""
    found = set(shapes.subjects(SH.targetClass, None))
    found |= _implicit_classes(shapes)
    return sorted(found, key=str)


def _implicit_classes(shapes: Graph) -> set[Node]:
    classes = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    return {
        s
        for s in set(shapes.subjects(RDF.type, SH.NodeShape))
        | set(shapes.subjects(RDF.type, SH.PropertyShape))
        if any((s, RDF.type, c) in shapes for c in classes)
    }


def _target_classes(shapes: Graph, node: Node) -> frozenset[URIRef]:
    classes = {c for c in shapes.objects(node, SH.targetClass) if isinstance(c, URIRef)}
    if node in _implicit_classes(shapes) and isinstance(node, URIRef):
        classes.add(node)
    return frozenset(classes)


def _nested(shapes: Graph, node: Node) -> bool:
    """Say whether another shape refers to ``node`` (as a property, member or value shape)."""
    referring = (SH.property, SH.qualifiedValueShape, SH["not"], RDF.first)
    return any((None, p, node) in shapes for p in referring)


def _path(shapes: Graph, node: Node) -> Path:
    """Read a SHACL path: a predicate, an inverse predicate, alternatives or a sequence."""
    if isinstance(node, URIRef):
        return node
    inverse = shapes.value(node, SH.inversePath)
    if isinstance(inverse, URIRef):
        return ("inverse", inverse)
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return ("alternative", tuple(_path(shapes, p) for p in Collection(shapes, alternatives)))
    if (node, RDF.first, None) in shapes:
        steps = tuple(_path(shapes, p) for p in Collection(shapes, node))
        if len(steps) >= 2:
            return ("sequence", steps)
    raise UnsupportedShapesError(f"the native engine does not evaluate the path {node}")


def _predicates(path: Path | None) -> set[URIRef]:
    if path is None:
        return set()
    if isinstance(path, URIRef):
        return {path}
    kind, inner = path
    if kind == "inverse":
        assert isinstance(inner, URIRef)
        return {inner}
    return set().union(*(_predicates(p) for p in inner))  # type: ignore[attr-defined]
