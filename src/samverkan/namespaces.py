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

CV = Namespace("http://data.europa.eu/m8g/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")

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
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SAM",
    "SAMK",
    "SAMSH",
    "SH",
    "SHAPES_IRI",
    "SKOS",
    "XSD",
]
