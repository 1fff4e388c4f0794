"""Which terms the specification introduces and which it reuses, and its public shapes.

*Introduced* are the classes and properties the data vocabulary defines (rule DV-3: they
point to it with ``rdfs:isDefinedBy``). *Reused* are the classes and properties of other
vocabularies that the specification needs: those its axioms build on (super-classes and
super-properties, domains, ranges, inverses) and those its public shapes refer to (rule
ENRICH-2). Datatypes are not vocabulary terms and are left out.

A shape is *public* (rules AP-3 to AP-5) when its severity is ``sh:Violation`` (stated or by
default) and it is either a node shape with a target (a main shape), a node shape that the
property shapes of a public node shape point to with ``sh:node`` (a supportive shape), or a
property shape of a public node shape with at least one constraint. Shapes nested in
``sh:or``, ``sh:and``, ``sh:not``, ``sh:xone`` or ``sh:qualifiedValueShape`` are technical
(private), as SHACL-INSPEC's guide to application profiles has it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

#: The axioms whose objects a vocabulary builds on.
AXIOMS = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.inverseOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
)
#: Class expressions whose members count as named.
CLASS_LISTS = (OWL.unionOf, OWL.intersectionOf)
#: Literal types: not classes or properties of a data vocabulary.
DATATYPES = {RDFS.Literal, RDF.langString, RDF.PlainLiteral, RDF.HTML, RDF.XMLLiteral}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
#: SHACL's constraint parameters (``sh:and`` left out: it specialises, rule AP-3).
CONSTRAINTS = {
    SH[name]
    for name in [
        *("class", "datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength"),
        *("minExclusive", "minInclusive", "maxExclusive", "maxInclusive", "pattern"),
        *("languageIn", "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals"),
        *("not", "or", "xone", "node", "qualifiedValueShape", "closed", "hasValue", "in"),
        "sparql",
    ]
}
#: Where a shape names classes and properties, and where it nests other shapes.
NAMING = (SH["class"], SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
NESTING = (SH.property, SH.node, SH.qualifiedValueShape, SH["not"])
NESTING_LISTS = (SH["or"], SH["and"], SH.xone)


def introduced(vocabulary: Graph, ontology: URIRef) -> set[URIRef]:
    """Return the classes and properties that point to ``ontology`` (rule DV-3)."""
    return {t for t in vocabulary.subjects(RDFS.isDefinedBy, ontology) if isinstance(t, URIRef)}


def reused(vocabulary: Graph, shapes: Graph, own: set[URIRef]) -> set[URIRef]:
    """Return the other vocabularies' terms the axioms and the public shapes need."""
    needed = set(built_on(vocabulary)) | set(named_by(shapes, public_shapes(shapes)))
    return {t for t in needed if t not in own and not is_datatype(t)}


def is_datatype(term: URIRef) -> bool:
    return term in DATATYPES or str(term).startswith(str(XSD))


def built_on(vocabulary: Graph) -> Iterator[URIRef]:
    """Yield every named class or property that an axiom of ``vocabulary`` points to."""
    for axiom in AXIOMS:
        for value in vocabulary.objects(None, axiom):
            yield from _named(vocabulary, value)


def _named(graph: Graph, value: Node) -> Iterator[URIRef]:
    if isinstance(value, URIRef):
        yield value
        return
    for kind in CLASS_LISTS:
        for members in graph.objects(value, kind):
            for member in Collection(graph, members):
                yield from _named(graph, member)


def public_shapes(shapes: Graph) -> set[Node]:
    """Return the public node and property shapes (rules AP-3, AP-4 and AP-5)."""
    nodes = {s for s in main_shapes(shapes) if _violation(shapes, s)}
    while True:
        properties = {p for n in nodes for p in shapes.objects(n, SH.property)}
        supportive = {s for p in properties for s in shapes.objects(p, SH.node)}
        grown = nodes | {s for s in supportive if _violation(shapes, s)}
        if grown == nodes:
            break
        nodes = grown
    return nodes | {p for p in properties if _violation(shapes, p) and _constrains(shapes, p)}


def main_shapes(shapes: Graph) -> set[Node]:
    """Return the node shapes that declare a target."""
    return {
        s
        for target in TARGETS
        for s in shapes.subjects(target, None)
        if (s, SH.path, None) not in shapes
    }


def _violation(shapes: Graph, shape: Node) -> bool:
    return shapes.value(shape, SH.severity) in (None, SH.Violation)


def _constrains(shapes: Graph, shape: Node) -> bool:
    return any(p in CONSTRAINTS for p in shapes.predicates(shape, None))


def named_by(shapes: Graph, starts: Iterable[Node]) -> Iterator[URIRef]:
    """Yield the classes and properties the shapes reachable from ``starts`` name."""
    for shape in reachable(shapes, starts):
        for predicate in NAMING:
            yield from (o for o in shapes.objects(shape, predicate) if isinstance(o, URIRef))
        for path in shapes.objects(shape, SH.path):
            yield from path_terms(shapes, path)


def path_terms(shapes: Graph, path: Node) -> Iterator[URIRef]:
    """Yield the properties of a SHACL property path."""
    if isinstance(path, URIRef):
        yield path
        return
    if (path, RDF.first, None) in shapes:
        for step in Collection(shapes, path):
            yield from path_terms(shapes, step)
        return
    for _, inner in shapes.predicate_objects(path):
        yield from path_terms(shapes, inner)


def values_named(shapes: Graph, starts: Iterable[Node]) -> set[URIRef]:
    """Return the IRIs the public shapes allow as values (``sh:in``, ``sh:hasValue``)."""
    found: set[URIRef] = set()
    for shape in reachable(shapes, starts):
        found |= {v for v in shapes.objects(shape, SH.hasValue) if isinstance(v, URIRef)}
        for allowed in shapes.objects(shape, SH["in"]):
            found |= {v for v in Collection(shapes, allowed) if isinstance(v, URIRef)}
    return found


def reachable(shapes: Graph, starts: Iterable[Node]) -> set[Node]:
    """Return ``starts`` and every shape nested in them, however deep."""
    seen: set[Node] = set()
    todo = list(starts)
    while todo:
        shape = todo.pop()
        if shape not in seen:
            seen.add(shape)
            todo += [o for p in NESTING for o in shapes.objects(shape, p)]
            for p in NESTING_LISTS:
                for members in shapes.objects(shape, p):
                    todo += list(Collection(shapes, members))
    return seen
