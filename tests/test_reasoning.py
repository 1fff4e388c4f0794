"""Reasoning: the chains can be followed in one hop, both ways, and the rules match owlrl."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from samverkan.namespaces import ID, SAM
from samverkan.reasoning import check_consistency, materialise

CHAIN = """
@prefix sam: <https://samverkan.example.org/def/samverkan#> .
@prefix id: <https://samverkan.example.org/id/> .
id:x\\/situation a sam:LifeSituation .
id:x\\/event a sam:LifeEvent ; sam:partOfLifeSituation id:x\\/situation .
id:x\\/process a sam:Process ; sam:realisesEvent id:x\\/event .
id:x\\/activity sam:partOfProcess id:x\\/process .
id:x\\/concept a sam:Concept .
id:x\\/information sam:representsConcept id:x\\/concept .
id:x\\/data a sam:DataElement ; sam:realisesInformation id:x\\/information .
"""


@pytest.fixture(scope="module")
def chain(ontology: Graph) -> Graph:
    asserted = Graph().parse(data=CHAIN, format="turtle") + ontology
    return asserted + materialise(asserted)


def item(name: str) -> URIRef:
    return ID[f"x/{name}"]


def test_an_activity_traces_up_to_its_life_situation_in_one_hop(chain: Graph) -> None:
    assert (item("activity"), SAM.tracesTo, item("situation")) in chain


def test_a_life_situation_is_traced_from_its_activities_in_one_hop(chain: Graph) -> None:
    assert (item("situation"), SAM.tracedFrom, item("activity")) in chain


def test_each_link_gets_its_inverse(chain: Graph) -> None:
    assert (item("process"), SAM.hasActivity, item("activity")) in chain
    assert (item("concept"), SAM.representedBy, item("information")) in chain


def test_a_concept_is_traced_from_its_data(chain: Graph) -> None:
    assert (item("concept"), SAM.tracedFrom, item("data")) in chain


def test_domains_type_the_untyped_and_subclasses_lift_types(chain: Graph) -> None:
    assert (item("activity"), RDF.type, SAM.Activity) in chain
    assert (item("event"), RDF.type, URIRef("http://data.europa.eu/m8g/LifeEvent")) in chain


def test_materialise_returns_only_what_is_new(ontology: Graph) -> None:
    asserted = Graph().parse(data=CHAIN, format="turtle") + ontology
    assert not set(materialise(asserted)) & set(asserted)


def test_an_individual_of_two_disjoint_classes_is_a_clash(ontology: Graph) -> None:
    both = Graph()
    both.add((item("odd"), RDF.type, SAM.Process))
    both.add((item("odd"), RDF.type, SAM.Concept))
    clashes = check_consistency(both + ontology)
    assert {(c.individual, frozenset((c.first, c.second))) for c in clashes} == {
        (item("odd"), frozenset((SAM.Process, SAM.Concept)))
    }


def _about_items(graph: Graph) -> set[tuple[object, object, object]]:
    """The statements about the federation's items that both reasoners should agree on."""
    return {
        (s, p, o)
        for s, p, o in graph
        if isinstance(s, URIRef)
        and str(s).startswith(str(ID))
        and not isinstance(o, BNode)
        and p != OWL.sameAs
        and o not in (OWL.Thing, RDFS.Resource)
    }


@pytest.fixture(scope="module")
def owlrl_closure(ontology: Graph, federation: Graph) -> Graph:
    """The reference: owlrl's full OWL 2 RL closure of the ontology and the example data."""
    closure = ontology + federation
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return closure


@pytest.mark.slow
def test_the_rules_entail_what_owlrl_entails_on_the_example_federation(
    ontology: Graph, federation: Graph, owlrl_closure: Graph
) -> None:
    asserted = ontology + federation
    ours = asserted + materialise(asserted)
    missing = _about_items(owlrl_closure) - _about_items(ours)
    extra = _about_items(ours) - _about_items(owlrl_closure)
    assert len(_about_items(ours)) > len(_about_items(asserted)), (
        "the rules should entail something"
    )
    assert not missing, sorted(missing)[:10]
    assert not extra, sorted(extra)[:10]


@pytest.mark.slow
def test_the_example_federation_is_consistent_under_owlrl(owlrl_closure: Graph) -> None:
    assert set(owlrl_closure.subjects(RDF.type, OWL.Nothing)) == set()
    assert check_consistency(owlrl_closure) == []
