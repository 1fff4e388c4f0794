"""Validation in context against the reference, on cases generated from the shapes.

The reference (:mod:`samverkan.submissions.reference`) validates the whole example
federation, as it would be after the submission, with plain pySHACL. The fast path
(:func:`samverkan.submissions.service.validate_submission`) validates the submission with
the context it reads from the store. Both must give the same results.

The cases come from ``shapes/``: for every property shape (those nested in ``sh:or`` and
``sh:not`` included) a copy of an item of its target class gets, on the shape's path, values
of one kind: none, literals (plain, Swedish, regional Swedish, German), blank nodes (typed as
the shape wants, and not), other actors' items (of the wanted class, and not), the actor's
own items linking back (of the wanted class, and not), two values, values from the list and
from another list. The SPARQL constraints get copies of other actors' names and concepts
and an exchange sent to its sender. Each kind is one submission holding one item per shape.
Further cases change what other actors' items depend on: the reference then reports the
results the change brings about on their items, and so must the fast path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SH
from rdflib.term import Node

from samverkan.namespaces import CANONICAL_BASE, SAM, SAMK
from samverkan.skolem import skolemize
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.reference import federations, validate_whole
from samverkan.submissions.service import validate_submission
from samverkan.validation import Report, Validator

LAYOUT = GraphLayout(CANONICAL_BASE)
ID = CANONICAL_BASE + "id/"
ACTORS = ("kivra", "digg")
CROSS_BORDER = URIRef(str(SAMK) + "architecture-level/cross-border")


@dataclass
class Check:
    """A property shape: its path (forward and backward property) and what it wants, and
    the targeted node shape it belongs to (directly or through sh:or and sh:not)."""

    shape: Node
    node_shape: Node
    constraints: tuple[Node, ...]
    targets: list[URIRef]
    forward: URIRef | None
    backward: URIRef | None
    wanted_class: URIRef | None = None
    languages: list[str] = field(default_factory=list)
    listed: list[Node] = field(default_factory=list)


@dataclass
class Case:
    """One item of a submission, made to test a shape (and the node shape holding it)."""

    shapes: tuple[Node, ...]
    item: URIRef


# --- reading the shapes -----------------------------------------------------------------


def checks(shapes: Graph) -> list[Check]:
    """Return every property shape reachable from a targeted node shape, with its targets."""
    found = []
    for node_shape in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
        targets = sorted(shapes.objects(node_shape, SH.targetClass), key=str)
        constraints = tuple(shapes.objects(node_shape, SH.sparql))
        for shape in _property_shapes(shapes, node_shape):
            check = _check(shapes, shape, node_shape, constraints, targets)  # type: ignore[arg-type]
            found.append(check)
    return found


def _property_shapes(shapes: Graph, node_shape: Node) -> Iterator[Node]:
    yield from shapes.objects(node_shape, SH.property)
    for logical in (SH["or"], SH["and"], SH.xone):
        for members in shapes.objects(node_shape, logical):
            for member in Collection(shapes, members):
                yield from _property_shapes(shapes, member)
    for negated in shapes.objects(node_shape, SH["not"]):
        yield from _property_shapes(shapes, negated)


def _check(
    shapes: Graph,
    shape: Node,
    node_shape: Node,
    constraints: tuple[Node, ...],
    targets: list[URIRef],
) -> Check:
    path = shapes.value(shape, SH.path)
    forward = backward = None
    if isinstance(path, URIRef):
        forward = path
    else:
        for step in Collection(shapes, shapes.value(path, SH.alternativePath)):
            if isinstance(step, URIRef):
                forward = step
            else:
                backward = shapes.value(step, SH.inversePath)  # type: ignore[assignment]
    check = Check(shape, node_shape, constraints, targets, forward, backward)
    for holder in (shape, shapes.value(shape, SH.qualifiedValueShape)):
        if holder is None:
            continue
        check.wanted_class = check.wanted_class or shapes.value(holder, SH["class"])  # type: ignore[assignment]
        for languages in shapes.objects(holder, SH.languageIn):
            check.languages = [str(x) for x in Collection(shapes, languages)]
        for allowed in shapes.objects(holder, SH["in"]):
            check.listed = list(Collection(shapes, allowed))
        if (value := shapes.value(holder, SH.hasValue)) is not None:
            check.listed = [value]
    return check


def sparql_rules(shapes: Graph) -> dict[Node, str]:
    """Return each SPARQL constraint of a targeted shape with its query text."""
    return {
        c: str(shapes.value(c, SH.select))
        for s in shapes.subjects(SH.targetClass, None)
        for c in shapes.objects(s, SH.sparql)
    }


# --- the federation as the cases see it -------------------------------------------------


@dataclass
class World:
    """The federation, its vocabulary, and the submitting actor."""

    federation: Graph
    ontology: Graph
    actor: str

    @property
    def actor_iri(self) -> URIRef:
        return URIRef(ID + self.actor)

    def own(self, node: Node) -> bool:
        return str(node) == str(self.actor_iri) or str(node).startswith(f"{self.actor_iri}/")

    def instances(self, cls: URIRef) -> list[URIRef]:
        """Return the federation's items whose asserted types are ``cls`` or below it."""
        classes = set(self.ontology.transitive_subjects(RDFS.subClassOf, cls))
        found = {s for s, o in self.federation.subject_objects(RDF.type) if o in classes}
        return sorted((s for s in found if isinstance(s, URIRef)), key=str)

    def template(self, cls: URIRef) -> URIRef | None:
        """Return an item of ``cls``: the actor's own if it has one."""
        found = self.instances(cls)
        own = [s for s in found if self.own(s) and s != self.actor_iri]
        return (own or found or [None])[0]

    def foreign(self, cls: URIRef | None, of_it: bool) -> list[URIRef]:
        """Return other actors' items of ``cls`` (``of_it``) or of other classes."""
        pool = self.instances(SAM.FederationItem)
        wanted = set(self.instances(cls)) if cls is not None else set()
        chosen = [s for s in pool if not self.own(s) and (s in wanted) == of_it]
        if of_it and cls is not None:
            chosen = [s for s in self.instances(cls) if not self.own(s)]
        return chosen[:2]

    def part(self) -> Graph:
        part = Graph()
        part += ((s, p, o) for s, p, o in self.federation if self.own(s))
        return part


def copy_of(world: World, template: URIRef, item: URIRef) -> Graph:
    """Return ``template``'s statements about ``item`` instead, owned by the actor, with
    the actor's own statements towards it."""
    copy = Graph()
    for p, o in world.federation.predicate_objects(template):
        if p not in (SAM.owner,):
            copy.add((item, p, o))
    copy.add((item, SAM.owner, world.actor_iri))
    for s, p in world.federation.subject_predicates(template):
        if world.own(s) and p != SAM.owns:
            copy.add((s, p, item))
    return copy


# --- kinds of values --------------------------------------------------------------------

#: A kind: given the world and a check, the values to put on the path (forward values, and
#: own items that link back) and extra statements, or None when it does not apply.
Values = tuple[list[Node], list[tuple[URIRef, Graph]], Graph]
Kind = Callable[[World, Check, URIRef], Values | None]


def _values(forward: list[Node], extra: Graph | None = None) -> Values:
    return forward, [], extra if extra is not None else Graph()


def _own_typed(world: World, cls: URIRef | None, name: str) -> tuple[URIRef, Graph]:
    node = URIRef(f"{world.actor_iri}/case-value/{name}")
    graph = Graph()
    if cls is not None:
        graph.add((node, RDF.type, cls))
    return node, graph


def kind_missing(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([])


def kind_plain_literal(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([Literal("Ett värde")])


def kind_swedish_literal(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([Literal("Ett värde", lang="sv")])


def kind_regional_swedish(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([Literal("Ett värde", lang="sv-SE"), Literal("A value", lang="en-GB")])


def kind_wrong_language(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([Literal("Ein Wert", lang="de")])


def kind_two_in_one_language(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([Literal("Ett", lang="sv"), Literal("Två", lang="sv"), Literal("A", lang="en")])


def kind_typed_blank_node(world: World, check: Check, item: URIRef) -> Values | None:
    node = BNode()
    extra = Graph()
    if check.wanted_class is not None:
        extra.add((node, RDF.type, check.wanted_class))
    return _values([node], extra)


def kind_untyped_blank_node(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([BNode()])


def kind_foreign_of_the_class(world: World, check: Check, item: URIRef) -> Values | None:
    found = world.foreign(check.wanted_class, True) if check.wanted_class else []
    return _values(found[:1]) if found else None


def kind_foreign_of_another_class(world: World, check: Check, item: URIRef) -> Values | None:
    return _values(world.foreign(check.wanted_class, False)[:1])


def kind_two_foreign(world: World, check: Check, item: URIRef) -> Values | None:
    found = world.foreign(check.wanted_class, True) if check.wanted_class else []
    return _values(found) if len(found) == 2 else None


def kind_own_linking_back(world: World, check: Check, item: URIRef) -> Values | None:
    if check.backward is None:
        return None
    node, graph = _own_typed(world, check.wanted_class, f"{_tail(item)}-back")
    return [], [(node, graph)], Graph()


def kind_own_of_another_class_linking_back(
    world: World, check: Check, item: URIRef
) -> Values | None:
    if check.backward is None:
        return None
    node, graph = _own_typed(world, SAM.Channel, f"{_tail(item)}-wrong-back")
    return [], [(node, graph)], Graph()


def kind_listed(world: World, check: Check, item: URIRef) -> Values | None:
    return _values(check.listed[-1:]) if check.listed else None


def kind_listed_twice(world: World, check: Check, item: URIRef) -> Values | None:
    return _values(check.listed[:2]) if len(check.listed) >= 2 else None


def kind_cross_border_in_one_language(world: World, check: Check, item: URIRef) -> Values | None:
    """For a language the shapes want: only Swedish, on an item shared beyond Sweden."""
    if not check.languages or check.languages == ["sv"]:
        return None
    return _values(
        [Literal("Ett värde", lang="sv")], _graph((item, SAM.architectureLevel, CROSS_BORDER))
    )


def kind_from_another_list(world: World, check: Check, item: URIRef) -> Values | None:
    if not check.listed:
        return None
    elsewhere = URIRef(str(SAMK) + "channel-kind/web")
    return _values([elsewhere, Literal(str(check.listed[0]))])


def kind_odd_case_languages(world: World, check: Check, item: URIRef) -> Values | None:
    return _values([Literal("Ett värde", lang="SV-se"), Literal("A value", lang="En")])


def kind_literal_and_iri(world: World, check: Check, item: URIRef) -> Values | None:
    """The same value as an IRI and as a literal spelling it."""
    found = world.foreign(check.wanted_class, True) if check.wanted_class else check.listed[:1]
    return _values([found[0], Literal(str(found[0]))]) if found else None


def kind_list_of_the_value(world: World, check: Check, item: URIRef) -> Values | None:
    """An RDF list holding a wanted value (a list is one value, not its members)."""
    members = check.listed[:1] or world.foreign(check.wanted_class, True)[:1]
    if not members:
        return None
    head, extra = BNode(), Graph()
    Collection(extra, head, list(members))
    return _values([head], extra)


def kind_both_directions(world: World, check: Check, item: URIRef) -> Values | None:
    """One own value linked both forward and back (the same link twice)."""
    if check.backward is None or check.forward is None:
        return None
    node, graph = _own_typed(world, check.wanted_class, f"{_tail(item)}-both")
    return [node], [(node, graph)], Graph()


def kind_subclass_typed_value(world: World, check: Check, item: URIRef) -> Values | None:
    """A value typed with a class the submission declares two levels below the wanted one."""
    if check.wanted_class is None:
        return None
    lower, middle = (URIRef(f"{world.actor_iri}/class/{_tail(item)}-{n}") for n in ("a", "b"))
    node, extra = (
        BNode(),
        _graph((lower, RDFS.subClassOf, middle), (middle, RDFS.subClassOf, check.wanted_class)),
    )
    extra.add((node, RDF.type, lower))
    return _values([node], extra)


KINDS: dict[str, Kind] = {
    "missing": kind_missing,
    "plain-literal": kind_plain_literal,
    "swedish-literal": kind_swedish_literal,
    "regional-swedish": kind_regional_swedish,
    "wrong-language": kind_wrong_language,
    "two-in-one-language": kind_two_in_one_language,
    "typed-blank-node": kind_typed_blank_node,
    "untyped-blank-node": kind_untyped_blank_node,
    "foreign-of-the-class": kind_foreign_of_the_class,
    "foreign-of-another-class": kind_foreign_of_another_class,
    "two-foreign": kind_two_foreign,
    "own-linking-back": kind_own_linking_back,
    "own-of-another-class-linking-back": kind_own_of_another_class_linking_back,
    "listed": kind_listed,
    "listed-twice": kind_listed_twice,
    "from-another-list": kind_from_another_list,
    "cross-border-in-one-language": kind_cross_border_in_one_language,
    "odd-case-languages": kind_odd_case_languages,
    "literal-and-iri": kind_literal_and_iri,
    "list-of-the-value": kind_list_of_the_value,
    "both-directions": kind_both_directions,
    "subclass-typed-value": kind_subclass_typed_value,
}


def _tail(item: URIRef) -> str:
    return str(item).rsplit("/", 1)[-1]


def property_case(world: World, check: Check, kind: Kind, index: int) -> tuple[Graph, Case] | None:
    """Return the statements of one item testing ``check`` with values of ``kind``."""
    template = world.template(check.targets[-1])
    if template is None:
        return None
    item = URIRef(f"{world.actor_iri}/case/{index}")
    values = kind(world, check, item)
    if values is None:
        return None
    forward, backward, extra = values
    statements = copy_of(world, template, item)
    if check.forward is not None:
        statements.remove((item, check.forward, None))
    if (item, SAM.architectureLevel, CROSS_BORDER) in extra:
        statements.remove((item, SAM.architectureLevel, None))
    if check.backward is not None:
        statements.remove((None, check.backward, item))
    for value in forward:
        statements.add((item, check.forward or check.backward, value))  # type: ignore[arg-type]
    for node, description in backward:
        statements += description
        statements.add((node, check.backward, item))  # type: ignore[arg-type]
    return statements + extra, Case((check.shape, check.node_shape, *check.constraints), item)


# --- the SPARQL constraints -------------------------------------------------------------


def sparql_cases(world: World, shapes: Graph, start: int) -> tuple[Graph, list[Case]]:
    """Return items testing each SPARQL constraint: names and concepts copied from other
    actors' items (in Swedish and regional Swedish, in other case), an exchange whose
    receiver is its sender."""
    statements, cases = Graph(), []
    index = start
    for constraint, text in sorted(sparql_rules(shapes).items(), key=lambda c: str(c[0])):
        [node_shape] = shapes.subjects(SH.sparql, constraint)
        target = shapes.value(node_shape, SH.targetClass)
        assert isinstance(target, URIRef)
        for variant in _sparql_variants(world, text, target):
            template = world.template(target)
            if template is None:
                continue
            item = URIRef(f"{world.actor_iri}/case/{index}")
            index += 1
            copy = copy_of(world, template, item)
            added = variant(item, copy)
            statements += copy + added
            cases.append(Case((constraint, node_shape), item))
    return statements, cases


Variant = Callable[[URIRef, Graph], Graph]


def _sparql_variants(world: World, text: str, target: URIRef) -> list[Variant]:
    variants: list[Variant] = []
    others = [s for s in world.instances(target) if not world.own(s)]
    if "rdfs:label" in text and others:
        label = next(
            o
            for o in world.federation.objects(others[0], RDFS.label)
            if isinstance(o, Literal) and o.language == "sv"
        )
        for tag in ("sv", "sv-SE", "se"):
            variants.append(_relabelled(str(label).upper(), tag))
    if "representsConcept" in text and others:
        concept = world.federation.value(others[0], SAM.representsConcept)
        variants.append(lambda item, _, c=concept: _graph((item, SAM.representsConcept, c)))
        variants.append(_with_a_concept_of_its_own)
    if "sam:sender" in text:
        variants.append(_sent_to_sender)
    return variants


def _relabelled(text: str, tag: str) -> Variant:
    return lambda item, _: _graph((item, RDFS.label, Literal(text, lang=tag)))


def _with_a_concept_of_its_own(item: URIRef, statements: Graph) -> Graph:
    """Make the item represent only a new concept of the actor's (removing its others)."""
    statements.remove((item, SAM.representsConcept, None))
    statements.remove((None, SAM.representedBy, item))
    concept = URIRef(f"{item}-concept")
    return _graph((item, SAM.representsConcept, concept), (concept, RDF.type, SAM.Concept))


def _sent_to_sender(item: URIRef, statements: Graph) -> Graph:
    sender = statements.value(item, SAM.sender)
    return _graph((item, SAM.receiver, sender)) if sender is not None else Graph()


def _graph(*triples: tuple[Node, Node, Node]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


# --- hostile batches: how items are typed -----------------------------------------------


def retyped_cases(
    world: World, shapes: Graph, submission: Graph, types: Callable[[URIRef, URIRef], Graph]
) -> tuple[Graph, list[Case]]:
    """Return one copy of an item per targeted class, with the types ``types`` gives it
    (given the copy and the class) instead of its own."""
    cases = []
    for index, node_shape in enumerate(sorted(set(shapes.subjects(SH.targetClass, None)), key=str)):
        target = sorted(shapes.objects(node_shape, SH.targetClass), key=str)[-1]
        template = world.template(target)  # type: ignore[arg-type]
        if template is None:
            continue
        item = URIRef(f"{world.actor_iri}/case/typed-{index}")
        copy = copy_of(world, template, item)
        copy.remove((item, RDF.type, None))
        submission = submission + copy + types(item, target)  # type: ignore[arg-type]
        cases.append(Case((node_shape,), item))
    return submission, cases


def _subclass_chain(world: World) -> Callable[[URIRef, URIRef], Graph]:
    def types(item: URIRef, target: URIRef) -> Graph:
        lower = URIRef(f"{world.actor_iri}/class/{_tail(item)}-lower")
        middle = URIRef(f"{world.actor_iri}/class/{_tail(item)}-middle")
        return _graph(
            (item, RDF.type, lower),
            (lower, RDFS.subClassOf, middle),
            (middle, RDFS.subClassOf, target),
        )

    return types


def _several_classes(shapes: Graph) -> Callable[[URIRef, URIRef], Graph]:
    every = sorted({c for c in shapes.objects(None, SH.targetClass)}, key=str)

    def types(item: URIRef, target: URIRef) -> Graph:
        return _graph((item, RDF.type, target), *((item, RDF.type, c) for c in every[::3]))

    return types


HOSTILE: dict[str, Callable[[World, Graph, Graph], tuple[Graph, list[Case]]]] = {
    "subclass-chain-items": lambda w, s, g: retyped_cases(w, s, g, _subclass_chain(w)),
    "several-classes": lambda w, s, g: retyped_cases(w, s, g, _several_classes(s)),
}


# --- running both ways ------------------------------------------------------------------


def keys(report: Report) -> list[tuple[str, ...]]:
    """Return what the issue compares: focus, path, value, rule, severity, and the shape,
    constraint component and messages."""
    return sorted(
        (
            str(r.focus),
            str(r.path),
            str(r.value),
            str(r.rule),
            r.severity.value,
            str(r.shape),
            str(r.component),
            repr(sorted(r.message.items())),
        )
        for r in report.results
    )


class Runs:
    """The batches, each run once by the reference and once per engine on the fast path
    (the reference's report on the federation as it is is kept per actor: every batch of
    an actor starts from it)."""

    def __init__(
        self,
        engines: dict[str, Validator],
        reference: Validator,
        store: OxigraphStore,
        worlds: dict[str, World],
    ):
        self.engines, self.reference, self.store, self.worlds = engines, reference, store, worlds
        self.validator = reference
        self.earlier: dict[str, Report] = {}
        self.made: dict[tuple[str, str], tuple[Graph, list[Case]]] = {}
        self.referenced: dict[tuple[str, str], Report] = {}
        self.fast: dict[tuple[str, str, str], Report] = {}

    def fast_path(self, engine: str, actor: str, submission: Graph) -> Report:
        """Return the fast path's report on ``submission`` (skolemised), with ``engine``."""
        submission = skolemize(submission, CANONICAL_BASE, str(LAYOUT.actor(actor)))
        return validate_submission(self.engines[engine], self.store, LAYOUT, submission, actor)

    def whole(self, actor: str, submission: Graph) -> Report:
        """Return the reference's report on ``submission`` (skolemised)."""
        submission = skolemize(submission, CANONICAL_BASE, str(LAYOUT.actor(actor)))
        before, after = federations(self.store, LAYOUT, actor, submission)
        if actor not in self.earlier:
            self.earlier[actor] = self.reference.validate(before)
        earlier = self.earlier[actor]
        return validate_whole(self.reference, before, after, submission, earlier)

    def both_ways(self, engine: str, actor: str, submission: Graph) -> tuple[Report, Report]:
        """Return the fast path's report and the reference's on ``submission``."""
        return self.fast_path(engine, actor, submission), self.whole(actor, submission)

    def batch(
        self, actor: str, kind: str, engine: str = "pyshacl"
    ) -> tuple[Report, Report, list[Case]]:
        """Return the fast path's report (with ``engine``) and the reference's on the batch
        of ``kind`` for ``actor``, and its cases."""
        if (actor, kind) not in self.made:
            self.made[actor, kind] = self._made(actor, kind)
            assert self.made[actor, kind][1], f"kind {kind} made no case"
        submission, cases = self.made[actor, kind]
        if (actor, kind) not in self.referenced:
            self.referenced[actor, kind] = self.whole(actor, submission)
        if (engine, actor, kind) not in self.fast:
            self.fast[engine, actor, kind] = self.fast_path(engine, actor, submission)
        return self.fast[engine, actor, kind], self.referenced[actor, kind], cases

    def _made(self, actor: str, kind: str) -> tuple[Graph, list[Case]]:
        world = self.worlds[actor]
        submission = world.part()
        if kind == "sparql":
            statements, cases = sparql_cases(world, self.validator.shapes, 0)
            return submission + statements, cases
        if kind in HOSTILE:
            return HOSTILE[kind](world, self.validator.shapes, submission)
        cases = []
        for index, check in enumerate(checks(self.validator.shapes)):
            made = property_case(world, check, KINDS[kind], index)
            if made is not None:
                submission += made[0]
                cases.append(made[1])
        return submission, cases


@pytest.fixture(scope="module")
def worlds(store: OxigraphStore, ontology: Graph) -> dict[str, World]:
    before, _ = federations(store, LAYOUT, None, Graph())
    return {actor: World(before, ontology, actor) for actor in [*ACTORS, "uppsala-kommun"]}


@pytest.fixture(scope="module")
def runs(
    validator: Validator,
    reference_validator: Validator,
    store: OxigraphStore,
    worlds: dict[str, World],
) -> Runs:
    assert validator.engine == "native", "the native engine is the default"
    engines = {"native": validator, "pyshacl": reference_validator}
    return Runs(engines, reference_validator, store, worlds)


#: The engines on the fast path: the native one (the default) and pySHACL scoped.
ENGINES = ("native", "pyshacl")
BATCHES = [(actor, kind) for actor in ACTORS for kind in [*KINDS, "sparql", *HOSTILE]]
RUNS = [(engine, actor, kind) for engine in ENGINES for actor, kind in BATCHES]


@pytest.mark.parametrize(
    ("engine", "actor", "kind"), RUNS, ids=[f"{e}-{a}-{k}" for e, a, k in RUNS]
)
def test_fast_path_agrees_with_the_reference(
    runs: Runs, engine: str, actor: str, kind: str
) -> None:
    fast, reference, _ = runs.batch(actor, kind, engine)
    assert keys(fast) == keys(reference)


def test_every_shape_was_made_to_fail_and_to_pass(runs: Runs, validator: Validator) -> None:
    """Across the batches every reporting shape and constraint was broken by some case item
    and met by another."""
    failed: set[Node] = set()
    passed: set[Node] = set()
    for actor, kind in BATCHES:
        _, reference, cases = runs.batch(actor, kind)
        for case in cases:
            for shape in case.shapes:
                broke = any(
                    r.focus == case.item and shape in (r.shape, r.constraint)
                    for r in reference.results
                )
                (failed if broke else passed).add(shape)
    shapes = validator.shapes
    reporting = {s for s in failed | passed if (s, SH.severity, None) in shapes}
    assert reporting - failed == set()
    assert reporting - passed == set()
    assert set(sparql_rules(shapes)) <= reporting
    targeted_properties = {
        c.shape for c in checks(shapes) if (c.shape, SH.severity, None) in shapes
    }
    assert targeted_properties <= reporting


# --- changes that reach other actors' items ---------------------------------------------


def _retype_digg_event(part: Graph) -> Graph:
    """DIGG makes its life event a concept: processes of others no longer trace to it."""
    event = URIRef(ID + "digg/life-event/having-a-baby")
    changed = Graph() + part
    changed.remove((event, RDF.type, None))
    changed.add((event, RDF.type, SAM.Concept))
    return changed


def _drop_digg_concept(part: Graph, federation: Graph) -> Graph:
    """DIGG removes a concept that is all some other actor's information represents."""
    others = federation - part
    concept = min(
        (
            c
            for i, c in others.subject_objects(SAM.representsConcept)
            if len(set(others.objects(i, SAM.representsConcept))) == 1 and (c, None, None) in part
        ),
        key=str,
    )
    changed = Graph() + part
    changed.remove((concept, None, None))
    changed.remove((None, None, concept))
    return changed


def _second_sender(part: Graph, federation: Graph) -> Graph:
    """Kivra says it sends another actor's exchange too (a second sender)."""
    exchange = sorted(
        s
        for s in federation.subjects(RDF.type, SAM.InformationExchange)
        if not str(s).startswith(ID + "kivra")
    )[0]
    return part + _graph((URIRef(ID + "kivra"), SAM.sends, exchange))


def _twin_information(part: Graph, federation: Graph) -> Graph:
    """Kivra describes information like Skatteverket's: the same concepts, the same name."""
    original = URIRef(ID + "skatteverket/information/population-register-record")
    twin = URIRef(ID + "kivra/information/population-record")
    changed = Graph() + part
    for p, o in federation.predicate_objects(original):
        changed.add((twin, p, URIRef(ID + "kivra") if p == SAM.owner else o))
    return changed


def _twin_service(part: Graph, federation: Graph) -> Graph:
    """Kivra describes a service with the name of another actor's, in regional Swedish."""
    services = sorted(
        s
        for s in federation.subjects(RDF.type, SAM.LogicalService)
        if not str(s).startswith(ID + "kivra")
    )
    original = services[0]
    twin = URIRef(ID + "kivra/service/twin")
    changed = Graph() + part
    for p, o in federation.predicate_objects(original):
        if p == SAM.owner:
            o = URIRef(ID + "kivra")
        elif p == RDFS.label and isinstance(o, Literal) and o.language == "sv":
            o = Literal(str(o).lower(), lang="sv-SE")
        changed.add((twin, p, o))
    return changed


def _rename_uppsala_reuse_candidate(part: Graph, federation: Graph) -> Graph:
    """Uppsala renames the information that already looks like Skatteverket's."""
    info = URIRef(ID + "uppsala-kommun/information/child-and-guardian-details")
    changed = Graph() + part
    changed.remove((info, RDFS.label, None))
    changed.add((info, RDFS.label, Literal("Vårdnadshavaruppgifter", lang="sv")))
    changed.add((info, RDFS.label, Literal("Guardian details", lang="en")))
    changed.add((info, DCTERMS.description, Literal("Ändrad.", lang="sv")))
    return changed


REACHING = {
    "digg-retypes-an-event": ("digg", lambda part, fed: _retype_digg_event(part)),
    "digg-drops-a-concept": ("digg", _drop_digg_concept),
    "kivra-sends-anothers-exchange": ("kivra", _second_sender),
    "kivra-twins-information": ("kivra", _twin_information),
    "kivra-twins-a-service": ("kivra", _twin_service),
    "uppsala-renames-a-reuse-candidate": ("uppsala-kommun", _rename_uppsala_reuse_candidate),
}


REACHING_RUNS = [(engine, name) for engine in ENGINES for name in sorted(REACHING)]


@pytest.mark.parametrize(
    ("engine", "name"), REACHING_RUNS, ids=[f"{e}-{n}" for e, n in REACHING_RUNS]
)
def test_changes_reaching_other_actors_items_agree(
    runs: Runs, store: OxigraphStore, worlds: dict[str, World], engine: str, name: str
) -> None:
    actor, change = REACHING[name]
    federation = worlds["kivra"].federation
    part = store.graph(LAYOUT.actor(actor))
    fast, reference = runs.both_ways(engine, actor, change(part, federation))
    assert keys(fast) == keys(reference)
    if name != "uppsala-renames-a-reuse-candidate":
        own = f"{ID}{actor}"
        assert any(not str(r.focus).startswith(own) for r in reference.results), name
