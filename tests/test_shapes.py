"""The guideline shapes (shapes/guidelines.ttl), rule by rule, as pass/fail pairs.

Read the cases as documentation of the rules. Each case is a few lines of Turtle added to
``FEDERATION``, a tiny federation that is clean under every rule. ``federation()`` also gives
every typed item that lacks them a name and a description in Swedish and English, and an owner
(``ex:agency``), so that a case shows only what its rule is about.

A failing case must break exactly one rule, at one severity, and nothing else; a passing case
must give no result at all.
"""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from samverkan.namespaces import SAM, SAMK, SAMSH, SHAPES_IRI
from samverkan.validation import Report, Severity, Validator

EX = Namespace("https://samverkan.example.org/id/test/")
RULE_SCHEME = URIRef(str(SAMK) + "guideline-rule")
RULES_WITH_SHAPES = {"1", "2", "3", "4", "5", "6", "7", "9"}
NEEDS_NO_OWNER = {SAM.Actor, SAM.PublicActor, SAM.PrivateActor, SAM.Customer}

VIOLATION, WARNING, INFO = Severity.VIOLATION, Severity.WARNING, Severity.INFO

PREFIXES = """
@prefix sam:  <https://samverkan.example.org/def/samverkan#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix ex:   <https://samverkan.example.org/id/test/> .
@prefix cf:   <https://samverkan.example.org/def/concepts/collaboration-form/> .
@prefix st:   <https://samverkan.example.org/def/concepts/service-type/> .
@prefix al:   <https://samverkan.example.org/def/concepts/architecture-level/> .
"""

FEDERATION = """
ex:agency a sam:PublicActor .          # owns every item that names no other owner
ex:other-agency a sam:PublicActor .
ex:citizen a sam:Customer .
ex:web a sam:Channel .
ex:moving a sam:LifeEvent .
ex:moving-process a sam:Process ; sam:realisesEvent ex:moving .
ex:address a sam:Concept .
ex:address-info a sam:Information ; sam:representsConcept ex:address .
ex:mail-delivery a sam:ConceptualService ;
    sam:serviceType st:shared ;
    sam:channel ex:web .
ex:digital-mail a sam:LogicalService ;
    rdfs:label "Digital post"@sv , "Digital mail"@en ;
    sam:realisesService ex:mail-delivery ;
    sam:serviceType st:shared ;
    sam:channel ex:web .
"""


def federation(turtle: str) -> Graph:
    """Return ``FEDERATION`` plus ``turtle``, every typed item given names, descriptions, owner."""
    graph = Graph().parse(data=PREFIXES + FEDERATION + turtle, format="turtle")
    for item in set(graph.subjects(RDF.type, None)):
        name = str(item).rsplit("/", 1)[-1]
        if (item, RDFS.label, None) not in graph:
            graph.add((item, RDFS.label, Literal(name, lang="sv")))
            graph.add((item, RDFS.label, Literal(name, lang="en")))
        if (item, DCTERMS.description, None) not in graph:
            graph.add((item, DCTERMS.description, Literal(f"Beskrivning av {name}.", lang="sv")))
            graph.add((item, DCTERMS.description, Literal(f"Description of {name}.", lang="en")))
        owned = (item, SAM.owner, None) in graph or (None, SAM.owns, item) in graph
        if not owned and not set(graph.objects(item, RDF.type)) & NEEDS_NO_OWNER:
            graph.add((item, SAM.owner, EX.agency))
    return graph


def describe(report: Report) -> str:
    """Return one line per result, for assertion messages."""
    return "\n".join(
        f"rule {r.rule} {r.severity.value} {r.focus} {r.path}: {r.text('en')}"
        for r in report.results
    )


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator.from_project()


# Failing cases: (rule, severity of its results, name): Turtle that breaks that rule alone.
# Passing cases: (rule, name): Turtle that is clean under every rule.

FAILING = {
    # Rule 1: a collaboration area has a purpose, a collaboration form and at least two actors;
    # it should have an operational concept.
    ("1", VIOLATION, "area-with-one-actor"): """
        ex:area a sam:CollaborationArea ;
            sam:purpose "Göra det enkelt att flytta."@sv ;
            sam:collaborationForm cf:federation ;
            sam:participant ex:agency ;
            sam:operationalConcept ex:plan .
        ex:plan a sam:OperationalConcept .
        """,
    ("1", VIOLATION, "area-without-purpose"): """
        ex:area a sam:CollaborationArea ;
            sam:collaborationForm cf:federation ;
            sam:participant ex:agency , ex:other-agency ;
            sam:operationalConcept ex:plan .
        ex:plan a sam:OperationalConcept .
        """,
    ("1", VIOLATION, "collaboration-form-not-from-its-list"): """
        ex:area a sam:CollaborationArea ;
            sam:purpose "Göra det enkelt att flytta."@sv ;
            sam:collaborationForm st:shared ;
            sam:participant ex:agency , ex:other-agency ;
            sam:operationalConcept ex:plan .
        ex:plan a sam:OperationalConcept .
        """,
    ("1", WARNING, "area-without-operational-concept"): """
        ex:area a sam:CollaborationArea ;
            sam:purpose "Göra det enkelt att flytta."@sv ;
            sam:collaborationForm cf:federation ;
            sam:participant ex:agency , ex:other-agency .
        """,
    # Rule 2: every process traces up to an event; every activity to a process.
    ("2", VIOLATION, "process-without-event"): """
        ex:registration a sam:Process .
        """,
    ("2", VIOLATION, "process-realises-a-concept-not-an-event"): """
        ex:registration a sam:Process ; sam:realisesEvent ex:address .
        """,
    ("2", VIOLATION, "activity-without-process"): """
        ex:check-address a sam:Activity .
        """,
    # Rule 3: every data element realises information; every information represents a concept.
    ("3", VIOLATION, "data-element-without-information"): """
        ex:street-field a sam:DataElement .
        """,
    ("3", VIOLATION, "information-without-concept"): """
        ex:phone-info a sam:Information .
        """,
    # Rule 4: an information exchange names sender, receiver, information and service.
    ("4", VIOLATION, "exchange-without-service"): """
        ex:new-address a sam:InformationExchange ;
            sam:sender ex:citizen ;
            sam:receiver ex:agency ;
            sam:carriesInformation ex:address-info .
        """,
    ("4", VIOLATION, "exchange-with-two-senders"): """
        ex:new-address a sam:InformationExchange ;
            sam:sender ex:agency , ex:other-agency ;
            sam:receiver ex:citizen ;
            sam:carriesInformation ex:address-info ;
            sam:exchangeRealisedBy ex:digital-mail .
        """,
    ("4", VIOLATION, "exchange-whose-sender-is-its-receiver"): """
        ex:new-address a sam:InformationExchange ;
            sam:sender ex:agency ;
            sam:carriesInformation ex:address-info ;
            sam:exchangeRealisedBy ex:digital-mail .
        ex:agency sam:receives ex:new-address .
        """,
    ("4", VIOLATION, "exchange-without-receiver"): """
        ex:new-address a sam:InformationExchange ;
            sam:sender ex:agency ;
            sam:carriesInformation ex:address-info ;
            sam:exchangeRealisedBy ex:digital-mail .
        """,
    # Rule 5: a service has a description, one owner, one service type, a channel;
    # a realised service names its schema.
    ("5", VIOLATION, "service-without-channel"): """
        ex:moving-service a sam:ConceptualService ; sam:serviceType st:agency-specific .
        """,
    ("5", VIOLATION, "service-type-not-from-its-list"): """
        ex:moving-service a sam:ConceptualService ;
            sam:serviceType cf:federation ;
            sam:channel ex:web .
        """,
    ("5", VIOLATION, "service-with-two-owners"): """
        ex:moving-service a sam:ConceptualService ;
            sam:owner ex:agency , ex:other-agency ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """,
    ("5", VIOLATION, "realised-service-without-schema"): """
        ex:mail-api a sam:RealisedService ;
            sam:realisesService ex:digital-mail ;
            sam:serviceType st:shared ;
            sam:channel ex:web .
        """,
    ("5", VIOLATION, "realised-service-realising-no-logical-service"): """
        ex:mail-api a sam:RealisedService ;
            sam:realisesService ex:mail-delivery ;
            sam:serviceType st:shared ;
            sam:channel ex:web ;
            sam:schema ex:message-xsd .
        ex:message-xsd a sam:DataSchema .
        """,
    ("5", VIOLATION, "logical-service-realising-no-conceptual-service"): """
        ex:mail-sorting a sam:LogicalService ;
            sam:realisesService ex:digital-mail ;
            sam:serviceType st:shared ;
            sam:channel ex:web .
        """,
    ("5", VIOLATION, "logical-service-linked-to-a-literal"): """
        ex:mail-sorting a sam:LogicalService ;
            sam:realisesService "Postutdelning" ;
            sam:serviceType st:shared ;
            sam:channel ex:web .
        """,
    # Rule 6: a customer action states its customer value and is supported by a service.
    ("6", VIOLATION, "action-without-customer-value"): """
        ex:report-move a sam:CustomerAction ; sam:supportedBy ex:digital-mail .
        """,
    ("6", VIOLATION, "action-without-service"): """
        ex:report-move a sam:CustomerAction ; sam:customerValue ex:one-report .
        ex:one-report a sam:CustomerValue .
        """,
    # Rule 7: reuse before build: another actor already has one of the same kind.
    ("7", WARNING, "service-named-like-another-actors"): """
        ex:our-mail a sam:LogicalService ;
            rdfs:label "digital POST"@sv , "Our mail"@en ;
            sam:owner ex:other-agency ;
            sam:realisesService ex:mail-delivery ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """,
    ("7", WARNING, "information-named-like-another-actors"): """
        ex:phone a sam:Concept .
        ex:our-address a sam:Information ;
            rdfs:label "Address-Info"@sv , "Our address"@en ;
            sam:owner ex:other-agency ;
            sam:representsConcept ex:phone .
        """,
    ("7", WARNING, "service-named-like-another-actors-in-a-regional-swedish"): """
        ex:our-mail a sam:LogicalService ;
            rdfs:label "Digital Post"@sv-SE , "Our mail"@en ;
            sam:owner ex:other-agency ;
            sam:realisesService ex:mail-delivery ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """,
    ("7", WARNING, "information-for-another-actors-concept"): """
        ex:our-address a sam:Information ;
            sam:owner ex:other-agency ;
            sam:representsConcept ex:address .
        """,
    # Rule 9: names and descriptions in Swedish; in English too when shared beyond Sweden.
    ("9", VIOLATION, "no-swedish-name"): """
        ex:health a sam:Sector ; rdfs:label "Health"@en .
        """,
    ("9", VIOLATION, "actor-name-without-language"): """
        ex:kivra a sam:PrivateActor ; rdfs:label "Kivra" , "Kivra"@en .
        """,
    ("9", VIOLATION, "two-swedish-names"): """
        ex:health a sam:Sector ; rdfs:label "Hälsa"@sv , "Vård"@sv , "Health"@en .
        """,
    ("9", VIOLATION, "no-swedish-description"): """
        ex:health a sam:Sector ; dct:description "Health and care."@en .
        """,
    ("9", VIOLATION, "cross-border-without-english-name"): """
        ex:health a sam:Sector ;
            sam:architectureLevel al:cross-border ;
            rdfs:label "Hälsa"@sv ;
            dct:description "Hälsa och vård."@sv , "Health and care."@en .
        """,
    ("9", VIOLATION, "cross-border-without-english-description"): """
        ex:health a sam:Sector ;
            sam:architectureLevel al:cross-border ;
            rdfs:label "Hälsa"@sv , "Health"@en ;
            dct:description "Hälsa och vård."@sv .
        """,
    ("9", VIOLATION, "architecture-level-not-from-its-list"): """
        ex:health a sam:Sector ; sam:architectureLevel st:shared .
        """,
    ("9", VIOLATION, "architecture-level-as-text"): """
        ex:health a sam:Sector ; sam:architectureLevel "sector" .
        """,
    ("9", INFO, "hint-no-english-name"): """
        ex:health a sam:Sector ; rdfs:label "Hälsa"@sv .
        """,
}

PASSING = {
    ("1", "complete-area"): """
        ex:area a sam:CollaborationArea ;
            sam:purpose "Göra det enkelt att flytta."@sv ;
            sam:collaborationForm cf:federation ;
            sam:participant ex:agency , ex:other-agency ;
            sam:operationalConcept ex:plan .
        ex:plan a sam:OperationalConcept .
        """,
    ("1", "links-stated-from-the-other-side"): """
        ex:area a sam:CollaborationArea ;
            sam:purpose "Göra det enkelt att flytta."@sv ;
            sam:collaborationForm cf:federation .
        ex:agency sam:participatesIn ex:area .
        ex:other-agency sam:participatesIn ex:area .
        ex:plan a sam:OperationalConcept ; sam:operationalConceptOf ex:area .
        """,
    ("2", "activity-process-event"): """
        ex:registration a sam:Process ; sam:realisesEvent ex:moving .
        ex:check-address a sam:Activity ; sam:partOfProcess ex:registration .
        """,
    ("2", "links-stated-from-the-other-side"): """
        ex:registration a sam:Process .
        ex:moving sam:realisedByProcess ex:registration .
        ex:check-address a sam:Activity .
        ex:registration sam:hasActivity ex:check-address .
        """,
    ("3", "data-information-concept"): """
        ex:street-field a sam:DataElement ; sam:realisesInformation ex:address-info .
        ex:phone a sam:Concept .
        ex:phone-info a sam:Information ; sam:representsConcept ex:phone .
        """,
    ("3", "links-stated-from-the-other-side"): """
        ex:street-field a sam:DataElement .
        ex:address-info sam:realisedByData ex:street-field .
        ex:phone a sam:Concept ; sam:representedBy ex:phone-info .
        ex:phone-info a sam:Information .
        """,
    ("4", "complete-exchange"): """
        ex:new-address a sam:InformationExchange ;
            sam:sender ex:citizen ;
            sam:receiver ex:agency ;
            sam:carriesInformation ex:address-info ;
            sam:exchangeRealisedBy ex:digital-mail .
        """,
    ("4", "links-stated-from-the-other-side"): """
        ex:new-address a sam:InformationExchange .
        ex:citizen sam:sends ex:new-address .
        ex:agency sam:receives ex:new-address .
        ex:address-info sam:carriedBy ex:new-address .
        ex:digital-mail sam:realisesExchange ex:new-address .
        """,
    ("4", "sender-and-receiver-differ-stated-either-way"): """
        ex:new-address a sam:InformationExchange ;
            sam:receiver ex:other-agency ;
            sam:carriesInformation ex:address-info ;
            sam:exchangeRealisedBy ex:digital-mail .
        ex:agency sam:sends ex:new-address .
        """,
    ("5", "levels-linked-either-way"): """
        ex:mail-sorting a sam:LogicalService ;
            sam:serviceType st:shared ;
            sam:channel ex:web .
        ex:mail-delivery sam:realisedByService ex:mail-sorting .
        ex:mail-api a sam:RealisedService ;
            sam:serviceType st:shared ;
            sam:channel ex:web ;
            sam:schema ex:message-xsd .
        ex:message-xsd a sam:DataSchema .
        ex:mail-sorting sam:realisedByService ex:mail-api .
        """,
    ("5", "complete-service"): """
        ex:moving-service a sam:ConceptualService ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """,
    ("5", "realised-service-with-schema"): """
        ex:mail-api a sam:RealisedService ;
            sam:realisesService ex:digital-mail ;
            sam:serviceType st:shared ;
            sam:schema ex:message-xsd .
        ex:message-xsd a sam:DataSchema .
        ex:web sam:channelFor ex:mail-api .
        """,
    ("6", "action-with-value-and-service"): """
        ex:report-move a sam:CustomerAction ;
            sam:customerValue ex:one-report ;
            sam:supportedBy ex:digital-mail .
        ex:one-report a sam:CustomerValue .
        """,
    ("6", "links-stated-from-the-other-side"): """
        ex:report-move a sam:CustomerAction .
        ex:one-report a sam:CustomerValue ; sam:valueOf ex:report-move .
        ex:digital-mail sam:supports ex:report-move .
        """,
    ("7", "same-name-at-another-level-is-a-realisation"): """
        ex:mail-api a sam:RealisedService ;
            rdfs:label "Digital post"@sv , "Digital mail"@en ;
            sam:owner ex:other-agency ;
            sam:realisesService ex:digital-mail ;
            sam:serviceType st:private ;
            sam:channel ex:web ;
            sam:schema ex:message-xsd .
        ex:message-xsd a sam:DataSchema .
        """,
    ("7", "same-name-in-another-language"): """
        ex:our-mail a sam:LogicalService ;
            rdfs:label "Vår post"@sv , "Digital post"@en ;
            sam:owner ex:other-agency ;
            sam:realisesService ex:mail-delivery ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """,
    ("7", "same-name-in-another-language-sharing-a-letter"): """
        ex:our-mail a sam:LogicalService ;
            rdfs:label "Vår post"@sv , "Digital post"@se , "Our mail"@en ;
            sam:owner ex:other-agency ;
            sam:realisesService ex:mail-delivery ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """,
    ("7", "same-name-same-owner"): """
        ex:internal-mail a sam:LogicalService ;
            rdfs:label "Digital post"@sv , "Internal mail"@en ;
            sam:realisesService ex:mail-delivery ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """,
    ("7", "information-for-a-new-concept"): """
        ex:phone a sam:Concept .
        ex:phone-info a sam:Information ;
            sam:owner ex:other-agency ;
            sam:representsConcept ex:phone .
        """,
    ("9", "names-and-descriptions-in-swedish-and-english"): """
        ex:health a sam:Sector ;
            rdfs:label "Hälsa"@sv , "Health"@en ;
            dct:description "Hälsa och vård."@sv , "Health and care."@en .
        """,
    ("9", "architecture-level-from-its-list"): """
        ex:health a sam:Sector ; sam:architectureLevel al:sector .
        """,
    ("9", "cross-border-in-both-languages"): """
        ex:health a sam:Sector ;
            sam:architectureLevel al:cross-border ;
            rdfs:label "Hälsa"@sv , "Health"@en ;
            dct:description "Hälsa och vård."@sv , "Health and care."@en .
        """,
}


FAILING_CASES = [
    pytest.param(rule, severity, turtle, id=f"rule{rule}-{name}")
    for (rule, severity, name), turtle in FAILING.items()
]
PASSING_CASES = [
    pytest.param(turtle, id=f"rule{rule}-{name}") for (rule, name), turtle in PASSING.items()
]


def test_every_rule_has_failing_and_passing_cases() -> None:
    assert {rule for rule, _, _ in FAILING} == RULES_WITH_SHAPES
    assert {rule for rule, _ in PASSING} == RULES_WITH_SHAPES


def test_federation_alone_is_clean(validator: Validator) -> None:
    report = validator.validate(federation(""))
    assert report.results == [], describe(report)


@pytest.mark.parametrize(("rule", "severity", "turtle"), FAILING_CASES)
def test_failing_case_breaks_exactly_its_rule(
    validator: Validator, rule: str, severity: Severity, turtle: str
) -> None:
    report = validator.validate(federation(turtle))
    assert report.rules(severity) == {rule}, describe(report)
    assert {(r.rule, r.severity) for r in report.results} == {(rule, severity)}, describe(report)
    assert report.conforms is (severity is not VIOLATION)


@pytest.mark.parametrize("turtle", PASSING_CASES)
def test_passing_case_is_clean(validator: Validator, turtle: str) -> None:
    report = validator.validate(federation(turtle))
    assert report.results == [], describe(report)


@pytest.mark.parametrize(("rule", "severity", "turtle"), FAILING_CASES)
def test_results_speak_swedish_and_english(
    validator: Validator, rule: str, severity: Severity, turtle: str
) -> None:
    for result in validator.validate(federation(turtle)).results:
        assert {"sv", "en"} <= set(result.message), result.message
        assert all(text.strip() for text in result.message.values())


def test_rule7_names_the_existing_item(validator: Validator) -> None:
    report = validator.validate(
        federation("""
        ex:our-mail a sam:LogicalService ;
            rdfs:label "Digital post"@sv , "Our mail"@en ;
            sam:owner ex:other-agency ;
            sam:realisesService ex:mail-delivery ;
            sam:serviceType st:agency-specific ;
            sam:channel ex:web .
        """)
    )
    [result] = [r for r in report.results if r.focus == EX["our-mail"]]
    assert result.value == EX["digital-mail"]
    assert str(EX["digital-mail"]) in result.text("en")


# The shapes graph itself


def test_shapes_conform_to_shacl_for_shacl(validator: Validator) -> None:
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=validator.shapes, meta_shacl=True, advanced=True
    )
    assert conforms, text


def _rule_of(shapes: Graph, shape: URIRef) -> str | None:
    rule = shapes.value(shape, SAM.enforcesRule)
    return str(rule).rsplit("/", 1)[-1] if rule is not None else None


def _reporting_shapes(shapes: Graph) -> list[URIRef]:
    """Return the shapes and SPARQL constraints whose results reach a report."""
    reporting = []
    for node_shape in set(shapes.subjects(SH.targetClass, None)):
        reporting += list(shapes.objects(node_shape, SH.property))
        reporting += list(shapes.objects(node_shape, SH.sparql))
        if any((node_shape, p, None) in shapes for p in (SH["or"], SH["and"], SH["not"], SH.xone)):
            reporting.append(node_shape)
    return reporting


def test_every_named_shape_names_its_rule_in_both_languages(validator: Validator) -> None:
    shapes = validator.shapes
    named = {s for s in shapes.subjects(SAM.enforcesRule, None)}
    named |= {s for s in shapes.subjects(RDF.type, None) if str(s).startswith(str(SAMSH))}
    for shape in named:
        assert _rule_of(shapes, shape) in RULES_WITH_SHAPES, shape
        labels = {label.language for label in shapes.objects(shape, RDFS.label)}
        assert {"sv", "en"} <= labels, shape


def test_every_reporting_shape_has_rule_severity_and_messages(validator: Validator) -> None:
    shapes = validator.shapes
    for shape in _reporting_shapes(shapes):
        assert _rule_of(shapes, shape) in RULES_WITH_SHAPES, shape
        assert shapes.value(shape, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, shape
        messages = {m.language for m in shapes.objects(shape, SH.message)}
        assert {"sv", "en"} <= messages, shape


def test_shapes_cover_rules_1_to_7_and_9(validator: Validator) -> None:
    shapes = validator.shapes
    covered = {_rule_of(shapes, s) for s in shapes.subjects(SH.targetClass, None)}
    assert covered == RULES_WITH_SHAPES


def test_rules_are_concepts_of_the_guideline_rule_scheme(validator: Validator) -> None:
    rules = set(validator.shapes.objects(None, SAM.enforcesRule))
    assert rules
    for rule in rules:
        assert (rule, SKOS.inScheme, RULE_SCHEME) in validator.ontology, rule


@pytest.mark.parametrize(
    ("path", "scheme"),
    [
        (SAM.collaborationForm, "collaboration-form"),
        (SAM.serviceType, "service-type"),
        (SAM.architectureLevel, "architecture-level"),
    ],
    ids=["collaboration-form", "service-type", "architecture-level"],
)
def test_allowed_values_are_the_concepts_of_their_scheme(
    validator: Validator, path: URIRef, scheme: str
) -> None:
    shapes = validator.shapes
    [shape] = (s for s in shapes.subjects(SH.path, path) if (s, SH["in"], None) in shapes)
    allowed = set(Collection(shapes, shapes.value(shape, SH["in"])))
    concepts = set(validator.ontology.subjects(SKOS.inScheme, URIRef(str(SAMK) + scheme)))
    assert allowed == concepts


def test_shapes_graph_describes_itself(validator: Validator) -> None:
    shapes = validator.shapes
    titles = {t.language for t in shapes.objects(SHAPES_IRI, DCTERMS.title)}
    assert {"sv", "en"} <= titles
    assert (SHAPES_IRI, DCTERMS.license, None) in shapes
    assert (SHAPES_IRI, URIRef("http://www.w3.org/2002/07/owl#imports"), None) not in shapes
