"""A validation report read out of pySHACL's result graph, ordered by guideline rule."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from rdflib.term import Node

from samverkan.namespaces import SAM, SH
from samverkan.triples import Readable


class Severity(enum.Enum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: Node) -> Severity:
        return cls(str(iri).rsplit("#", 1)[-1])


@dataclass(frozen=True)
class Result:
    """One validation result: which rule, how serious, where, and what to do about it."""

    rule: str | None
    severity: Severity
    focus: Node
    path: str | None
    value: Node | None
    message: dict[str, str]
    shape: Node
    #: The constraint component that produced the result (two constraints of one shape
    #: can report the same focus node and path).
    component: Node | None = None
    #: The SPARQL constraint that produced it, if one did (a shape may have several).
    constraint: Node | None = None
    #: The ``sh:ValidationResult`` node in the report graph.
    node: Node | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[Node | str | None, ...]:
        """Return what makes two results the same finding (not their wording)."""
        return (
            self.shape,
            self.component,
            self.constraint,
            self.focus,
            self.path,
            self.value,
            self.severity.value,
        )

    def text(self, lang: str) -> str:
        """Return the message in ``lang``, else in English, else any."""
        for choice in (lang, "en", ""):
            if choice in self.message:
                return self.message[choice]
        return next(iter(self.message.values()), "")


@dataclass
class Report:
    """The results of one validation; ``conforms`` means no Violation.

    ``labels`` names the items the results are about (focus nodes and values), by language
    tag ("" for none), so that reports can name them as well as give their IRIs.

    ``source`` is the report graph the results were read from, which may hold results
    that were not kept (:meth:`keeping`); :attr:`graph` trims it to the results kept, once,
    when it is first asked for: a report filtered several times is trimmed only at the end.
    """

    results: list[Result] = field(default_factory=list)
    source: Graph = field(default_factory=Graph)
    labels: dict[Node, dict[str, str]] = field(default_factory=dict)
    _graph: Graph | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def graph(self) -> Graph:
        """Return the report graph of these results (``sh:conforms`` saying whether they
        hold a Violation)."""
        if self._graph is None:
            self._graph = _trimmed(self.source, self.results)
        return self._graph

    @property
    def conforms(self) -> bool:
        return not self.of_severity(Severity.VIOLATION)

    def label(self, node: Node | None, lang: str) -> str | None:
        """Return ``node``'s name in ``lang``, else in Swedish, English, or any; None if it
        has none."""
        names = self.labels.get(node) if node is not None else None
        if not names:
            return None
        for choice in (lang, "sv", "en", ""):
            if choice in names:
                return names[choice]
        return next(iter(names.values()))

    def named(self, *sources: Readable) -> Report:
        """Return this report with its items' labels, read from the first of ``sources``
        that has any for each."""
        labels = dict(self.labels)
        for node in self.items() - set(labels):
            for source in sources:
                found = {
                    (label.language or "").lower(): str(label)
                    for label in source.objects(node, RDFS.label)
                    if isinstance(label, Literal)
                }
                if found:
                    labels[node] = found
                    break
        return Report(self.results, self.source, labels)

    def label_graph(self) -> Graph:
        """Return the labels of the items the results are about, as ``rdfs:label``
        statements (for the report's RDF forms)."""
        graph = Graph()
        for node in self.items():
            for lang, text in self.labels.get(node, {}).items():
                graph.add((node, RDFS.label, Literal(text, lang=lang or None)))
        return graph

    def items(self) -> set[Node]:
        """Return the IRIs the results are about: their focus nodes and values."""
        found = {r.focus for r in self.results} | {r.value for r in self.results}
        return {node for node in found if isinstance(node, URIRef)}

    def keeping(self, keep: Callable[[Result], bool]) -> Report:
        """Return the report of the results that ``keep`` accepts, its graph trimmed to them."""
        kept = [r for r in self.results if keep(r)]
        return Report(kept, self.source, self.labels)

    def about(self, nodes: Iterable[Node]) -> Report:
        """Return the report of the results whose focus node is one of ``nodes``."""
        wanted = set(nodes)
        return self.keeping(lambda r: r.focus in wanted)

    def without(self, other: Report) -> Report:
        """Return the report of the results that ``other`` does not have (counted by key)."""
        theirs = Counter(r.key for r in other.results)

        def new(result: Result) -> bool:
            if theirs[result.key] > 0:
                theirs[result.key] -= 1
                return False
            return True

        return self.keeping(new)

    def of_severity(self, severity: Severity) -> list[Result]:
        return [r for r in self.results if r.severity is severity]

    def rules(self, severity: Severity | None = None) -> set[str | None]:
        """Return the guideline rules that have results (of ``severity``, if given)."""
        return {r.rule for r in self.results if severity is None or r.severity is severity}

    def by_rule_flat(self) -> list[Result]:
        """Return the results in report order: by rule, then severity, then focus node."""
        return sorted(self.results, key=_sort_key)

    def by_rule(self) -> dict[str | None, list[Result]]:
        """Group the results by rule, rules in numeric order, unattributed last."""
        groups: dict[str | None, list[Result]] = {}
        for result in self.by_rule_flat():
            groups.setdefault(result.rule, []).append(result)
        return groups


def _sort_key(result: Result) -> tuple[int, int, str, str]:
    rule = int(result.rule) if result.rule and result.rule.isdigit() else 99
    severity = list(Severity).index(result.severity)
    return rule, severity, str(result.focus), result.path or ""


def _trimmed(graph: Graph, kept: list[Result]) -> Graph:
    """Return ``graph`` with only the ``sh:result`` nodes of ``kept`` (and what hangs off
    them); ``graph`` itself when it has no others."""
    nodes = {r.node for r in kept}
    dropped = [r for r in graph.objects(None, SH.result) if r not in nodes]
    if not dropped:
        return graph
    trimmed = Graph(namespace_manager=graph.namespace_manager)
    unwanted = set(_reachable(graph, dropped)) - set(_reachable(graph, nodes))
    trimmed += ((s, p, o) for s, p, o in graph if s not in unwanted and o not in unwanted)
    _set_conforms(trimmed, kept)
    return trimmed


def _reachable(graph: Graph, starts: Iterable[Node | None]) -> Iterable[Node]:
    """Yield ``starts`` and the blank nodes reachable from them."""
    seen: set[Node] = set()
    todo = [s for s in starts if s is not None]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo += (o for o in graph.objects(node, None) if isinstance(o, BNode))
    return seen


def _set_conforms(graph: Graph, results: list[Result]) -> None:
    """Make the report node's ``sh:conforms`` say whether ``results`` hold no Violation."""
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    for report in set(graph.subjects(SH.conforms, None)):
        graph.set((report, SH.conforms, Literal(conforms)))


def read_results(report: Graph, shapes: Graph) -> list[Result]:
    """Turn pySHACL's ``sh:ValidationResult`` nodes into :class:`Result` objects."""
    results = []
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        source = report.value(node, SH.sourceShape, any=False)
        focus = report.value(node, SH.focusNode, any=False)
        path = report.value(node, SH.resultPath)
        assert source is not None and focus is not None and severity is not None, (
            "pySHACL results name their shape, focus node and severity"
        )
        messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
        results.append(
            Result(
                rule=_rule_of(source, shapes),
                severity=Severity.from_iri(severity),
                focus=focus,
                path=render_path(path, report) if path is not None else None,
                value=report.value(node, SH.value),
                message=_messages(report, node, messages, shapes),
                shape=source,
                component=report.value(node, SH.sourceConstraintComponent),
                constraint=report.value(node, SH.sourceConstraint),
                node=node,
            )
        )
    return results


def _messages(report: Graph, node: Node, messages: list[Literal], shapes: Graph) -> dict[str, str]:
    """Return the messages by language.

    pySHACL drops the language tag when it fills in a SPARQL constraint's message template,
    so such messages are rebuilt from the constraint's own language-tagged templates.
    """
    constraint = report.value(node, SH.sourceConstraint)
    templates = [m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)]
    if constraint is None or not templates or all(m.language for m in messages):
        return {m.language or "": str(m) for m in messages}
    filled = {}
    bindings = {"this": report.value(node, SH.focusNode), "value": report.value(node, SH.value)}
    for template in templates:
        text = str(template)
        for name, term in bindings.items():
            if term is not None:
                text = text.replace("{$" + name + "}", str(term)).replace(
                    "{?" + name + "}", str(term)
                )
        filled[template.language or ""] = text
    return filled


def _rule_of(shape: Node | None, shapes: Graph) -> str | None:
    """Return the rule number a shape (or the node shape holding it) enforces."""
    for candidate in (
        shape,
        *shapes.subjects(SH.property, shape),
        *shapes.subjects(SH.sparql, shape),
    ):
        rule = shapes.value(candidate, SAM.enforcesRule) if candidate is not None else None
        if rule is not None:
            return str(rule).rstrip("/").rsplit("/", 1)[-1]
    return None


def render_path(path: Node, graph: Graph) -> str:
    """Write a SHACL property path in SPARQL property-path syntax, with prefixed names."""
    if isinstance(path, URIRef):
        return graph.namespace_manager.normalizeUri(path)
    assert isinstance(path, BNode)
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return "^" + render_path(inverse, graph)
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(render_path(p, graph) for p in Collection(graph, alternatives)) + ")"
    for predicate, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        if (inner := graph.value(path, predicate)) is not None:
            return render_path(inner, graph) + suffix
    return "/".join(render_path(p, graph) for p in Collection(graph, path))
