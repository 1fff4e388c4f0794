"""Vocabulary namespaces used by the code; the ontology under ``ontology/`` defines every term."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

#: The base under which the committed files (``data/``, the tests) name their instances
#: (``id/``, ``graph/``). A deployment names its instances under its own base IRI; the files
#: are translated to it where they enter (:mod:`samverkan.rebasing`).
CANONICAL_BASE = "https://samverkan.example.org/"

#: Where the vocabulary lives: the ontology, the controlled lists, the shapes and the
#: specification. Fixed: every deployment names its classes and properties here, whatever
#: its own base IRI, and serves the documents at its own ``<base>def/...`` addresses too.
VOCABULARY = "https://samverkan.example.org/def/"

SAM = Namespace(VOCABULARY + "samverkan#")
SAMK = Namespace(VOCABULARY + "concepts/")
SAMSH = Namespace(VOCABULARY + "shapes#")
ID = Namespace(CANONICAL_BASE + "id/")
GRAPH = Namespace(CANONICAL_BASE + "graph/")

ONTOLOGY_IRI = URIRef(VOCABULARY + "samverkan")
SHAPES_IRI = URIRef(VOCABULARY + "shapes")
#: The specification as a whole (INSPEC): ontology, controlled lists, shapes, diagram, documents.
SPEC_IRI = URIRef(VOCABULARY + "spec")

CV = Namespace("http://data.europa.eu/m8g/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
#: DIGG's Interoperable Specifications profile and the roles of the Profiles Vocabulary.
INSPEC = Namespace("https://w3id.org/inspec/datavoc/")
PROFROLE = Namespace("http://www.w3.org/ns/dx/prof/role/")

PREFIXES: dict[str, str] = {
    "sam": str(SAM),
    "samsh": str(SAMSH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "foaf": str(FOAF),
    "org": str(ORG),
    "prov": str(PROV),
    "sh": str(SH),
    "cv": str(CV),
    "cpsv": str(CPSV),
}

__all__ = [
    "CANONICAL_BASE",
    "CPSV",
    "CV",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "GRAPH",
    "ID",
    "INSPEC",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROFROLE",
    "PROV",
    "RDF",
    "RDFS",
    "SAM",
    "SAMK",
    "SAMSH",
    "SH",
    "SHAPES_IRI",
    "SKOS",
    "SPEC_IRI",
    "VOCABULARY",
    "XSD",
]
