"""The metamodel's classes are named once, in code, and each is a class of the ontology.

``samverkan.metamodel`` names every class the code means; nothing else in the package
writes a class of the ontology as a bare string or as ``SAM.<Class>``. Its one list of the
catalogs is the ontology's: the four sub-classes of ``sam:Catalog``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from samverkan import metamodel
from samverkan.namespaces import SAM

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "samverkan"
#: The texts of the interface may say "Activity" or "Actor" as words, not as classes.
TEXTS = {PACKAGE / "presentation" / "sv.py", PACKAGE / "presentation" / "en.py"}


def _classes(ontology: Graph) -> set[URIRef]:
    return {
        c
        for c in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(str(SAM))
    }


def test_every_named_class_is_a_class_of_the_ontology(ontology: Graph) -> None:
    assert metamodel.CLASSES
    assert sorted(set(metamodel.CLASSES) - _classes(ontology)) == []


def test_the_catalogs_are_the_ontology_s_catalog_classes(ontology: Graph) -> None:
    catalogs = {c for c in ontology.subjects(RDFS.subClassOf, metamodel.CATALOG)}
    assert {kind.cls for kind in metamodel.CATALOGS} == catalogs
    assert len({kind.slug for kind in metamodel.CATALOGS}) == len(metamodel.CATALOGS)
    for kind in metamodel.CATALOGS:
        assert kind.lists and set(kind.lists) <= _classes(ontology)


def test_no_module_names_a_class_of_the_ontology_but_the_metamodel(ontology: Graph) -> None:
    names = {str(c)[len(str(SAM)) :] for c in _classes(ontology)}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "metamodel.py" or path in TEXTS:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            words = (
                node.value.split()
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                else []
            )
            if words and set(words) <= names:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}")
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "SAM"
                and node.attr in names
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: SAM.{node.attr}")
    assert found == []


def test_a_local_name_is_what_follows_the_vocabulary() -> None:
    assert metamodel.local(metamodel.LIFE_EVENT) == "LifeEvent"
    assert (
        metamodel.local(URIRef("http://example.org/x#LifeEvent"))
        == "http://example.org/x#LifeEvent"
    )
