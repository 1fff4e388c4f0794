"""Vocabulary namespaces used by the code; the ontology under ``ontology/`` defines every term."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

#: The base under which every committed file names its resources. A deployment rewrites it to
#: its own base IRI, so the identifiers resolve wherever the federation is served.
CANONICAL_BASE = "https://samverkan.example.org/"

SAM = Namespace(CANONICAL_BASE + "def/samverkan#")
SAMK = Namespace(CANONICAL_BASE + "def/concepts/")
SAMSH = Namespace(CANONICAL_BASE + "def/shapes#")
ID = Namespace(CANONICAL_BASE + "id/")
GRAPH = Namespace(CANONICAL_BASE + "graph/")

ONTOLOGY_IRI = URIRef(CANONICAL_BASE + "def/samverkan")
SHAPES_IRI = URIRef(CANONICAL_BASE + "def/shapes")
#: The specification as a whole (INSPEC): ontology, controlled lists, shapes, diagram, documents.
SPEC_IRI = URIRef(CANONICAL_BASE + "def/spec")

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
    "XSD",
]
