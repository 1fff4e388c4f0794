"""The specification packaged per DIGG's INSPEC profile: complete, conforming, harvestable.

The package (``samverkan publish spec``) holds every part its PROF description names; the
description and each part pass the INSPEC rules that a machine can check, and each rule
shape catches what it is written for (pass/fail pairs on tiny inline Turtle).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROF, RDF, RDFS, SH, SKOS

from samverkan.cli import main
from samverkan.config import Settings
from samverkan.namespaces import CANONICAL_BASE, INSPEC, SAM
from samverkan.specification import Package, build_package
from samverkan.specification.conformance import check, check_svg, rules, validate
from samverkan.specification.diagram import element_id
from samverkan.specification.package import PROFILE_FILE
from samverkan.specification.sources import read_sources
from samverkan.specification.terms import built_on, public_shapes

PROJECT = Path(__file__).resolve().parents[1]
INSPEC_VOCABULARY = (
    PROJECT.parent / "shared" / "standards" / "digg-inspec" / "inspec-vocabulary.ttl"
)
SPEC = URIRef(CANONICAL_BASE + "def/spec")
ARTIFACTS = CANONICAL_BASE + "def/spec/"


@pytest.fixture(scope="module")
def package(settings: Settings) -> Package:
    return build_package(settings)


def turtle(package: Package, path: str) -> Graph:
    return Graph().parse(data=package.files[path], format="turtle")


def own_terms(vocabulary: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {
        t
        for kind in kinds
        for t in vocabulary.subjects(RDF.type, kind)
        if isinstance(t, URIRef) and t.startswith(str(SAM))
    }


# The package and its description


def test_the_package_holds_exactly_the_files_its_description_names(package: Package) -> None:
    named = {
        str(a)[len(ARTIFACTS) :]
        for a in package.profile.objects(None, PROF.hasArtifact)
        if str(a).startswith(ARTIFACTS)
    }
    assert named == set(package.files) - {PROFILE_FILE}
    assert {"samverkan.ttl", "shapes.ttl", "diagram.svg", "documentation.sv.html"} <= named


@pytest.mark.parametrize(
    "path",
    ["specification.ttl", "samverkan.ttl", "shapes.ttl", "concepts/level.ttl"],
)
def test_the_rdf_files_parse_and_are_not_empty(package: Package, path: str) -> None:
    assert len(turtle(package, path)) > 10


def test_the_written_description_is_the_one_served(package: Package) -> None:
    assert turtle(package, PROFILE_FILE).isomorphic(package.profile)


def test_the_package_breaks_no_inspec_rule(package: Package) -> None:
    assert [str(f) for f in check(package)] == []


def test_the_specification_is_a_profile_with_every_kind_of_part(package: Package) -> None:
    profile = package.profile
    assert (SPEC, RDF.type, PROF.Profile) in profile
    assert (SPEC, DCTERMS.conformsTo, INSPEC.PROF) in profile
    kinds = [
        profile.value(part, DCTERMS.conformsTo) for part in profile.objects(SPEC, PROF.hasResource)
    ]
    assert kinds.count(INSPEC.SHACL) == 1
    assert kinds.count(INSPEC.SVG) == 1
    assert kinds.count(INSPEC.SKOS) == 8
    assert kinds.count(INSPEC.RDFS) >= 2


def test_the_vocabulary_part_names_the_ontology_and_its_file(package: Package) -> None:
    part = URIRef(f"{SPEC}#vocabulary")
    assert package.profile.value(part, DCTERMS.subject) == URIRef(CANONICAL_BASE + "def/samverkan")
    assert package.profile.value(part, PROF.hasArtifact) == URIRef(ARTIFACTS + "samverkan.ttl")
    roles = {str(r).rpartition("/")[2] for r in package.profile.objects(part, PROF.hasRole)}
    assert roles == {"schema", "vocabulary"}


def test_metadata_comes_from_the_application_profile_resource(package: Package) -> None:
    shapes = turtle(package, "shapes.ttl")
    assert set(package.profile.objects(SPEC, DCTERMS.title)) == set(shapes.objects(SPEC, SH.name))
    for predicate in (DCTERMS.publisher, DCTERMS.license, DCTERMS.issued, DCTERMS.modified):
        assert package.profile.value(SPEC, predicate) == shapes.value(SPEC, predicate)


# Introduced and reused terms


def test_every_term_of_the_ontology_is_introduced(package: Package) -> None:
    introduced = set(package.profile.objects(SPEC, INSPEC.introduces))
    assert own_terms(turtle(package, "samverkan.ttl")) == introduced


def test_every_other_vocabularys_term_the_ontology_builds_on_is_reused(package: Package) -> None:
    vocabulary = turtle(package, "samverkan.ttl")
    reused = set(package.profile.objects(SPEC, INSPEC.reuses))
    needed = {t for t in built_on(vocabulary) if not t.startswith(str(SAM))}
    needed -= {RDF.langString, RDFS.Literal}
    assert needed <= reused
    assert URIRef("http://data.europa.eu/m8g/LifeEvent") in reused
    assert RDFS.label in reused, "the shapes' paths count too"
    assert not reused & set(package.profile.objects(SPEC, INSPEC.introduces))


def test_each_reused_vocabulary_is_a_part_inherited_from_its_specification(
    package: Package,
) -> None:
    profile = package.profile
    inherited = [
        p for p in profile.objects(SPEC, PROF.hasResource) if profile.value(p, PROF.isInheritedFrom)
    ]
    subjects = {profile.value(p, DCTERMS.subject) for p in inherited}
    assert URIRef("http://purl.org/dc/terms/") in subjects
    assert URIRef("http://www.w3.org/2004/02/skos/core") in subjects
    assert all(profile.value(p, DCTERMS.conformsTo) == INSPEC.RDFS for p in inherited)


def test_public_shapes_are_parts_of_the_specification(package: Package) -> None:
    parts = set(package.profile.objects(SPEC, DCTERMS.hasPart))
    samsh = CANONICAL_BASE + "def/shapes#"
    assert URIRef(samsh + "Rule1PurposeShape") in parts
    assert URIRef(samsh + "Rule7ServiceReuseShape") not in parts, "a Warning shape is private"
    assert URIRef(samsh + "CrossBorderItemShape") not in parts, "a helper of sh:or is technical"


def test_the_rule_shapes_select_the_same_public_shapes_as_the_package(settings: Settings) -> None:
    shapes = read_sources(settings).shapes
    selected: set[object] = set()
    for name in ("PublicNodeShape", "PublicPropertyShape"):
        target = rules("shacl.ttl").value(
            URIRef(f"urn:samverkan:inspec-rules:shacl#{name}"), SH.target
        )
        query = str(rules("shacl.ttl").value(target, SH.select))
        selected |= {row[0] for row in shapes.query(query, initNs={"sh": SH})}
    assert selected == public_shapes(shapes)


# Terminologies: one concept scheme per file (TE-2)


def test_each_controlled_list_is_a_terminology_of_its_own(
    package: Package, ontology: Graph
) -> None:
    concept_files = [p for p in package.files if p.startswith("concepts/")]
    merged = Graph()
    for path in concept_files:
        graph = turtle(package, path)
        assert len(set(graph.subjects(RDF.type, SKOS.ConceptScheme))) == 1, path
        merged += graph
    lists = Graph().parse(PROJECT / "ontology" / "concepts.ttl")
    assert len(concept_files) == 8
    assert merged.isomorphic(lists)


# The documentation


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids |= {value for name, value in attrs if name == "id" and value}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_documentation_has_a_section_for_every_class_and_property(
    package: Package, lang: str
) -> None:
    page = package.files[f"documentation.{lang}.html"].decode("utf-8")
    parser = _Ids()
    parser.feed(page)
    terms = own_terms(turtle(package, "samverkan.ttl"))
    missing = sorted(t[len(str(SAM)) :] for t in terms if t[len(str(SAM)) :] not in parser.ids)
    assert missing == []
    assert {
        "parts",
        "diagram",
        "schemes",
        "rules",
        "list-level",
        "list-level--logical",
    } <= parser.ids
    assert f'<html lang="{lang}">' in page


def test_the_documentation_links_every_part(package: Package) -> None:
    page = package.files["documentation.en.html"].decode("utf-8")
    for artifact in package.profile.objects(None, PROF.hasArtifact):
        if str(artifact).startswith(ARTIFACTS):
            assert f'href="{artifact}"' in page, artifact


# The diagram (SVG-INSPEC)


def test_the_diagram_is_well_formed_and_names_every_class(package: Package) -> None:
    svg = ET.fromstring(package.files["diagram.svg"])
    classes = {
        element.get("href") for element in svg.iter() if element.get("data-inspec-type") == "class"
    }
    vocabulary = turtle(package, "samverkan.ttl")
    expected = {str(c) for c in own_terms(vocabulary) if (c, RDF.type, OWL.Class) in vocabulary}
    assert classes == expected
    assert len(expected) > 30


@pytest.mark.parametrize(
    ("rule", "element"),
    [
        ("SVG-1", '<a data-inspec-type="class"><text>A</text></a>'),
        ("SVG-2", '<a href="http://ex/A" data-inspec-type="box"><text>A</text></a>'),
        ("SVG-3", '<a href="http://ex/A" data-inspec-type="class" id="d_0"><text>A</text></a>'),
        ("SVG", '<a href="http://ex/A" data-inspec-type="class"><text>A</a>'),
    ],
)
def test_the_svg_rules_catch_what_they_are_for(rule: str, element: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg">{element}</svg>'
    assert [f.rule for f in check_svg(svg, "diagram.svg")] == [rule]


def test_an_svg_entity_with_href_type_and_md5_id_passes() -> None:
    iri = "http://ex/A"
    element = f'<a href="{iri}" data-inspec-type="class,node-shape" id="{element_id(iri)}"/>'
    assert check_svg(f'<svg xmlns="http://www.w3.org/2000/svg">{element}</svg>', "d.svg") == []


# The rule shapes, rule by rule: a tiny conforming case, then one change that breaks a rule

PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vann: <http://purl.org/vocab/vann/> .
@prefix prof: <http://www.w3.org/ns/dx/prof/> .
@prefix role: <http://www.w3.org/ns/dx/prof/role/> .
@prefix inspec: <https://w3id.org/inspec/datavoc/> .
"""
SVG = "<http://www.iana.org/assignments/media-types/image/svg+xml>"
MINIMAL = {
    "prof.ttl": f"""
        ex:spec a prof:Profile ; dct:conformsTo inspec:PROF ;
            dct:title "Exempel"@sv , "Example"@en ;
            dct:description "Ett exempel."@sv , "An example."@en ;
            dct:publisher ex:agency ; dct:license ex:licence ; owl:versionInfo "1" ;
            dct:issued "2026-01-01"^^xsd:date ; dct:modified "2026-01-02"^^xsd:date ;
            prof:hasResource ex:dv , ex:ap , ex:svg ;
            inspec:introduces ex:A ; inspec:reuses dct:title .
        ex:dv a prof:ResourceDescriptor ; dct:title "Vocabulary" ; dct:conformsTo inspec:RDFS ;
            dct:subject ex:ontology ; prof:hasRole role:vocabulary ;
            prof:hasArtifact ex:dv.ttl ; dct:format "text/turtle" .
        ex:ap a prof:ResourceDescriptor ; dct:title "Shapes" ; dct:conformsTo inspec:SHACL ;
            prof:hasRole role:constraints ; prof:hasArtifact ex:ap.ttl ; dct:format "text/turtle" .
        ex:svg a prof:ResourceDescriptor ; dct:title "Diagram" ; dct:conformsTo inspec:SVG ;
            prof:hasRole role:specification ; prof:hasArtifact ex:d.svg ; dct:format {SVG} .
    """,
    "rdfs.ttl": """
        ex:ontology a owl:Ontology ; vann:preferredNamespaceUri "http://example.org/" .
        ex:A a owl:Class ; rdfs:isDefinedBy ex:ontology ; rdfs:subClassOf dct:Agent .
        dct:Agent a owl:Class .
    """,
    "skos.ttl": """
        ex:scheme a skos:ConceptScheme .
        ex:one a skos:Concept ; skos:inScheme ex:scheme .
    """,
    "shacl.ttl": """
        ex:spec a prof:Profile .
        ex:Main a sh:NodeShape ; rdfs:label "Main" ; rdfs:isDefinedBy ex:spec ;
            sh:targetClass ex:A ; sh:property ex:Title ,
                [ rdfs:label "Note" ; sh:path rdfs:comment ; sh:severity sh:Info ; sh:minCount 1 ] ;
            sh:or ( [ sh:path rdfs:label ; sh:minCount 1 ] [ sh:path dct:title ; sh:minCount 1 ] ) .
        ex:Title a sh:PropertyShape ; rdfs:label "Title" ; rdfs:isDefinedBy ex:spec ;
            sh:path dct:title ; sh:minCount 1 ;
            sh:qualifiedValueShape [ sh:languageIn ( "sv" ) ] ; sh:qualifiedMinCount 1 .
        ex:Advice a sh:NodeShape ; sh:targetClass ex:A ; sh:severity sh:Warning ;
            sh:property [ sh:path dct:description ; sh:minCount 1 ] .
    """,
}
BROKEN = [
    ("prof.ttl", "PROF-1", "ex:spec dct:conformsTo inspec:PROF .", ""),
    ("prof.ttl", "PROF-2", "ex:svg a prof:ResourceDescriptor .", ""),
    ("prof.ttl", "PROF-2", "ex:dv prof:hasRole role:vocabulary .", ""),
    ("prof.ttl", "DV-6", "ex:dv dct:subject ex:ontology .", ""),
    (
        "prof.ttl",
        "TE-5",
        "",
        "ex:spec prof:hasResource ex:te . ex:te a prof:ResourceDescriptor ; "
        "dct:title 'Lists' ; dct:conformsTo inspec:SKOS ; prof:hasRole role:vocabulary ; "
        "prof:hasArtifact ex:te.ttl ; dct:format 'text/turtle' .",
    ),
    ("prof.ttl", "PROF-6", f"ex:svg dct:format {SVG} .", "ex:svg dct:format 'image/png' ."),
    (
        "prof.ttl",
        "PROF-8",
        "ex:spec prof:hasResource ex:ap . ex:ap a prof:ResourceDescriptor .",
        "",
    ),
    ("prof.ttl", "PROF-7", "ex:spec a prof:Profile .", "ex:spec a dct:Standard ."),
    ("prof.ttl", "ENRICH-2", "", "ex:spec inspec:reuses ex:A ."),
    ("prof.ttl", "METADATA", 'ex:spec dct:title "Exempel"@sv .', ""),
    (
        "rdfs.ttl",
        "DV-2",
        "",
        "ex:other a owl:Ontology ; vann:preferredNamespaceUri 'http://other/' .",
    ),
    ("rdfs.ttl", "DV-3", "ex:A rdfs:isDefinedBy ex:ontology .", ""),
    ("rdfs.ttl", "DV-5", "", "dct:Agent rdfs:isDefinedBy ex:ontology ."),
    ("skos.ttl", "TE-2", "", "ex:second a skos:ConceptScheme ."),
    ("skos.ttl", "TE-3", "ex:one skos:inScheme ex:scheme .", ""),
    ("shacl.ttl", "AP-2", "", "ex:other a prof:Profile ."),
    (
        "shacl.ttl",
        "AP-3",
        "",
        "ex:Main sh:property [ rdfs:label 'x' ; rdfs:isDefinedBy ex:spec ; "
        "sh:path ex:p ; sh:minCount 1 ] .",
    ),
    (
        "shacl.ttl",
        "AP-4",
        "",
        "[] rdfs:label 'Anonymous' ; rdfs:isDefinedBy ex:spec ; sh:targetClass ex:B .",
    ),
    ("shacl.ttl", "AP-6", 'ex:Title rdfs:label "Title" .', ""),
    ("shacl.ttl", "AP-13", "ex:Main rdfs:isDefinedBy ex:spec .", ""),
]


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


@pytest.mark.parametrize("rule_set", sorted(MINIMAL))
def test_the_minimal_case_passes(rule_set: str) -> None:
    assert validate(_graph(MINIMAL[rule_set]), rule_set, rule_set) == []


@pytest.mark.parametrize(
    ("rule_set", "rule", "removed", "added"),
    BROKEN,
    ids=[f"{rule}-{i}" for i, (_, rule, _, _) in enumerate(BROKEN)],
)
def test_each_rule_shape_catches_what_it_is_for(
    rule_set: str, rule: str, removed: str, added: str
) -> None:
    data = _graph(MINIMAL[rule_set])
    data -= _graph(removed)
    data += _graph(added)
    assert {f.rule for f in validate(data, rule_set, rule_set)} == {rule}


def test_every_inspec_term_used_is_defined_in_the_inspec_vocabulary(package: Package) -> None:
    # DIGG's file uses the prefix dct: without declaring it (see SOURCES.md).
    text = INSPEC_VOCABULARY.read_text("utf-8")
    vocabulary = Graph().parse(
        data="@prefix dct: <http://purl.org/dc/terms/> .\n" + text, format="turtle"
    )
    used = {
        term
        for triple in package.profile
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(INSPEC))
    }
    assert used >= {
        INSPEC.PROF,
        INSPEC.RDFS,
        INSPEC.SKOS,
        INSPEC.SHACL,
        INSPEC.SVG,
        INSPEC.introduces,
    }
    assert {
        t for t in used if (t, RDFS.isDefinedBy, URIRef(str(INSPEC))) not in vocabulary
    } == set()


# Under another base, and from the command line


def test_the_package_is_the_same_under_every_deployment_base(
    settings: Settings, package: Package
) -> None:
    from dataclasses import replace

    elsewhere = build_package(replace(settings, base_iri="http://example.test/"))
    assert elsewhere.spec == package.spec == SPEC
    assert check(elsewhere) == []
    assert elsewhere.files.keys() == package.files.keys()
    for path, body in package.files.items():
        if path.endswith(".ttl"):  # blank nodes are written with new labels each time
            same = isomorphic(Graph().parse(data=body), Graph().parse(data=elsewhere.files[path]))
            assert same, path
        else:
            assert elsewhere.files[path] == body, path
    assert not [p for p, body in elsewhere.files.items() if b"http://example.test/" in body]


def test_publish_spec_writes_the_package(
    tmp_path: Path, package: Package, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spec"
    status = main(["publish", "spec", "--out", str(out), "--base-iri", CANONICAL_BASE])
    assert status == 0
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written == set(package.files)
    assert (out / "diagram.svg").read_bytes() == package.files["diagram.svg"]
    assert str(out / PROFILE_FILE) in capsys.readouterr().out
