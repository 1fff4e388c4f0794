"""Hostile documents and requests of issue 13, made on demand (for the bench and the tests).

Each function returns the bytes an attacker would send; none needs a file or a network.
The sizes are those the issue reports: JSON-LD nested 4 000 levels (about 64 KiB), RDF/XML
whose entities nest ten deep (under 2 KB), Turtle nested far past any sane depth while
staying under the server's body limit, and a flat list long enough to make a million
triples from a megabyte or two.
"""

from __future__ import annotations

import random

#: Media types the server reads, by the attacks that use them.
JSON_LD = "application/ld+json"
RDF_XML = "application/rdf+xml"
TURTLE = "text/turtle"


def nested_json_ld(levels: int = 4000) -> bytes:
    """Return JSON-LD whose objects nest ``levels`` deep (the segfault of pyoxigraph)."""
    opening = '{"http://x/p":' * levels
    return (opening + '{"@id":"http://x/end"}' + "}" * levels).encode()


def entity_expansion(levels: int = 10, fan_out: int = 10) -> bytes:
    """Return RDF/XML whose internal DTD nests entities (``fan_out ** levels`` copies)."""
    entities = ['<!ENTITY e0 "laugh">']
    for level in range(1, levels):
        entities.append(f'<!ENTITY e{level} "{f"&e{level - 1};" * fan_out}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n'
        f'<rdf:Description rdf:about="http://example.org/s"><ex:p>&e{levels - 1};</ex:p>'
        "</rdf:Description>\n</rdf:RDF>\n"
    ).encode()


def nested_blank_nodes(levels: int = 200_000) -> bytes:
    """Return Turtle of blank node property lists nested ``levels`` deep."""
    return b"<s> " + b"<p> [ " * levels + b"<p> 1 " + b"] " * levels + b".\n"


def nested_collections(levels: int = 200_000) -> bytes:
    """Return Turtle of collections nested ``levels`` deep."""
    return b"<s> <p> " + b"(" * levels + b")" * levels + b".\n"


def long_list(items: int = 500_000) -> bytes:
    """Return Turtle with one flat collection of ``items`` members (two triples each)."""
    members = " ".join(str(n % 10) for n in range(items))
    return f"<s> <p> ( {members} ) .\n".encode()


def many_services(count: int = 1000, actor: str = "kivra") -> bytes:
    """Return Turtle describing ``count`` services of ``actor`` (about 7.5 triples each).

    Valid RDF well under every parse limit, but pySHACL's cost grows faster than its size.
    """
    sam = "https://samverkan.example.org/def/samverkan#"
    head = (
        f"@prefix sam: <{sam}> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dct: <http://purl.org/dc/terms/> .\n"
        "@prefix st: <https://samverkan.example.org/def/concepts/service-type/> .\n"
    )
    services = (
        f'<{actor}/service/s{n}> a sam:ConceptualService ; rdfs:label "Tjänst {n}"@sv, '
        f'"Service {n}"@en ; dct:description "Tjänst nummer {n}."@sv, "Service number {n}."@en ;'
        f" sam:serviceType st:private ; sam:owner <{actor}> .\n"
        for n in range(count)
    )
    return (head + "".join(services)).encode()


def random_bytes(seed: int, size: int = 4096) -> bytes:
    """Return ``size`` random bytes, the same for the same ``seed``."""
    return random.Random(seed).randbytes(size)


#: The body attacks of the issue, by name: the body and its media type.
BODIES: dict[str, tuple[bytes, str]] = {
    "JSON-LD nested 4 000 levels": (nested_json_ld(), JSON_LD),
    "RDF/XML with nested entities": (entity_expansion(), RDF_XML),
    "Turtle, 200 000 nested blank nodes": (nested_blank_nodes(), TURTLE),
    "Turtle, 200 000 nested collections": (nested_collections(), TURTLE),
    "Turtle, a list of 500 000 items": (long_list(), TURTLE),
    "random bytes as Turtle": (random_bytes(13), TURTLE),
    "random bytes as JSON-LD": (random_bytes(14), JSON_LD),
}

#: A query whose answer is the cartesian product of the store with itself, sorted.
CARTESIAN_ORDER_BY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
#: A query that runs until its time limit (a regular expression per pair of triples).
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?c), STR(?f))) }"
