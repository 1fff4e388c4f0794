"""The core constraints of the native engine, each run once over all focus nodes' values.

Each :class:`Check` gets the value nodes of every focus node and yields one
``(focus, value or None, constraint component)`` per validation result, as pySHACL 0.40
reports them (SHACL 4: which results carry ``sh:value``, one result per duplicated language
for ``sh:uniqueLang``, the qualified counts in two components). Nested shapes are evaluated
once on the union of the values asked about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from samverkan.validation.native_sparql import UnsupportedShapesError

if TYPE_CHECKING:
    from samverkan.validation.native import Run, Shape

Values = dict[Node, set[Node]]
Result = tuple[Node, Node | None, URIRef]

#: The constraint parameters read here.
PARAMETERS = {
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH["in"],
    SH.languageIn,
    SH.uniqueLang,
    SH.hasValue,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH["or"],
    SH["not"],
}


class Check:
    """One constraint of a shape."""

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        raise NotImplementedError


@dataclass
class MinCount(Check):
    count: int

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            if len(found) < self.count:
                yield focus, None, SH.MinCountConstraintComponent


@dataclass
class MaxCount(Check):
    count: int

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            if len(found) > self.count:
                yield focus, None, SH.MaxCountConstraintComponent


@dataclass
class Class(Check):
    cls: Node

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            for value in found:
                if not run.is_instance(value, self.cls):
                    yield focus, value, SH.ClassConstraintComponent


@dataclass
class Datatype(Check):
    datatype: Node

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            for value in found:
                if not datatype_matches(value, self.datatype):
                    yield focus, value, SH.DatatypeConstraintComponent


@dataclass
class In(Check):
    members: frozenset[Node]

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            for value in found:
                if value not in self.members:
                    yield focus, value, SH.InConstraintComponent


@dataclass
class LanguageIn(Check):
    languages: frozenset[str]

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            for value in found:
                if not self.matches(value):
                    yield focus, value, SH.LanguageInConstraintComponent

    def matches(self, value: Node) -> bool:
        """Match as pySHACL does: the whole tag, or its first subtag, ignoring case."""
        if not isinstance(value, Literal) or not value.language:
            return False
        lang = value.language.lower()
        return (
            "*" in self.languages
            or lang in self.languages
            or (lang.split("-")[0] in self.languages)
        )


@dataclass
class UniqueLang(Check):
    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            seen: set[str] = set()
            duplicated: set[str] = set()
            for value in found:
                if isinstance(value, Literal) and value.language:
                    lang = value.language.lower()
                    (duplicated if lang in seen else seen).add(lang)
            for _ in duplicated:
                yield focus, None, SH.UniqueLangConstraintComponent


@dataclass
class HasValue(Check):
    value: Node

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        for focus, found in values.items():
            if self.value not in found:
                yield focus, None, SH.HasValueConstraintComponent


@dataclass
class Qualified(Check):
    shape: Shape
    least: int | None
    most: int | None

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        every = set().union(*values.values()) if values else set()
        if not every and (self.least is None or self.least < 1):
            return
        bad = run.failing(self.shape, every)
        for focus, found in values.items():
            conforming = len(found - bad)
            if self.most is not None and conforming > self.most:
                yield focus, None, SH.QualifiedMaxCountConstraintComponent
            if self.least is not None and conforming < self.least:
                yield focus, None, SH.QualifiedMinCountConstraintComponent


@dataclass
class Or(Check):
    members: tuple[Shape, ...]

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        every = set().union(*values.values()) if values else set()
        bad = [run.failing(member, every) for member in self.members]
        for focus, found in values.items():
            for value in found:
                if all(value in failing for failing in bad):
                    yield focus, value, SH.OrConstraintComponent


@dataclass
class Not(Check):
    shape: Shape

    def run(self, run: Run, values: Values) -> Iterator[Result]:
        every = set().union(*values.values()) if values else set()
        bad = run.failing(self.shape, every)
        for focus, found in values.items():
            for value in found:
                if value not in bad:
                    yield focus, value, SH.NotConstraintComponent


# --- reading them -----------------------------------------------------------------------


def read(g: Graph, node: Node, is_property: bool, shape: Callable[[Node], Shape]) -> list[Check]:
    """Return the core constraints of shape ``node`` (``shape`` reads nested shapes)."""
    found: list[Check] = []
    if (count := _one_int(g, node, SH.minCount)) is not None and count > 0:
        found.append(MinCount(count))
    if (count := _one_int(g, node, SH.maxCount)) is not None:
        found.append(MaxCount(count))
    found += [Class(c) for c in g.objects(node, SH["class"])]
    if (datatype := _one(g, node, SH.datatype)) is not None:
        found.append(Datatype(datatype))
    if (members := _one(g, node, SH["in"])) is not None:
        found.append(In(frozenset(Collection(g, members))))
    found += [LanguageIn(_languages(g, node, lst)) for lst in g.objects(node, SH.languageIn)]
    if (unique := _one(g, node, SH.uniqueLang)) is not None and _true(node, unique):
        found.append(UniqueLang())
    found += [HasValue(v) for v in g.objects(node, SH.hasValue)]
    found += _qualified(g, node, is_property, shape)
    for members in g.objects(node, SH["or"]):
        listed = tuple(shape(m) for m in Collection(g, members))
        if not listed:
            raise UnsupportedShapesError(f"the sh:or of {node} is empty")
        found.append(Or(listed))
    found += [Not(shape(n)) for n in g.objects(node, SH["not"])]
    return found


def _qualified(
    g: Graph, node: Node, is_property: bool, shape: Callable[[Node], Shape]
) -> list[Check]:
    value_shapes = list(g.objects(node, SH.qualifiedValueShape))
    least = _one_int(g, node, SH.qualifiedMinCount)
    most = _one_int(g, node, SH.qualifiedMaxCount)
    disjoint = _one(g, node, SH.qualifiedValueShapesDisjoint)
    if disjoint is not None and _true(node, disjoint):
        raise UnsupportedShapesError(
            f"the native engine does not evaluate {SH.qualifiedValueShapesDisjoint} (on {node})"
        )
    if not value_shapes:
        if least is not None or most is not None:
            raise UnsupportedShapesError(
                f"{node} has a qualified count without sh:qualifiedValueShape"
            )
        return []
    if not is_property or (least is None and most is None):
        raise UnsupportedShapesError(
            f"the sh:qualifiedValueShape of {node} is not evaluated by SHACL"
        )
    return [Qualified(shape(v), least, most) for v in value_shapes]


def _one(g: Graph, node: Node, parameter: URIRef) -> Node | None:
    found = list(g.objects(node, parameter))
    if len(found) > 1:
        raise UnsupportedShapesError(f"{node} has more than one {parameter}")
    return found[0] if found else None


def _one_int(g: Graph, node: Node, parameter: URIRef) -> int | None:
    value = _one(g, node, parameter)
    if value is None:
        return None
    if not (isinstance(value, Literal) and isinstance(value.value, int)) or isinstance(
        value.value, bool
    ):
        raise UnsupportedShapesError(f"the {parameter} of {node} is not an integer")
    return value.value


def _true(node: Node, value: Node) -> bool:
    if not (isinstance(value, Literal) and isinstance(value.value, bool)):
        raise UnsupportedShapesError(f"{value} on {node} is not a boolean")
    return value.value


def _languages(g: Graph, node: Node, members: Node) -> frozenset[str]:
    listed = list(Collection(g, members))
    if not all(isinstance(m, Literal) and isinstance(m.value, str) for m in listed):
        raise UnsupportedShapesError(f"the sh:languageIn of {node} holds something other than text")
    return frozenset(str(m).lower() for m in listed)


#: The Python value types of the literals whose datatype pySHACL checks (others pass).
_VALUE_TYPES: dict[Node, Any] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def datatype_matches(value: Node, datatype: Node) -> bool:
    """Say whether ``value`` is a literal of ``datatype``, as pySHACL 0.40 decides."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return getattr(value, "ill_typed", None) is not True and _typed(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype:
        return value.datatype is not None
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _typed(value, datatype)
    if datatype == RDF.langString and value.language:
        return _typed(value, datatype)
    return False


def _typed(value: Literal, datatype: Node) -> bool:
    kind = _VALUE_TYPES.get(datatype)
    return kind is None or isinstance(value.value, kind)
