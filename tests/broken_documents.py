"""Documents broken on purpose at a known line, in each RDF syntax, and where they break.

:data:`BROKEN` gives, by file extension, the document, the line its parser notices the
problem on and whether that line is only as far as the parser had read (the problem is on
it or before: RDF/XML and JSON-LD errors that the parser gives no position for).
"""

from __future__ import annotations

BROKEN_TURTLE = b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n"
BROKEN_TRIG = b"@prefix ex: <http://example.org/> .\nex:g {\nex:a ex:b ex:c .\nex:a ex:b .\n}\n"
BROKEN_NTRIPLES = b"<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> .\n"
BROKEN_NQUADS = (
    b"<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n"
    b"<http://e/a> <http://e/b> <http://e/c> <g> .\n"
)
BROKEN_JSONLD = b'{\n"@id": "http://e/a",\n"http://e/b": "x",\n"http://e/c" 1\n}\n'
#: A JSON-LD error that the parser notices only at the end of its object (line 4).
BROKEN_JSONLD_ID = b'{\n"@id": 5,\n"http://e/b": "x"\n}\n'
XML_HEAD = (
    b'<?xml version="1.0"?>\n'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">\n'
)
#: Ill-formed XML on line 4 (expat gives its column too).
BROKEN_RDFXML = XML_HEAD + (
    b'<rdf:Description rdf:about="http://e/a">\n<ex:b>x</ex:c>\n</rdf:Description>\n</rdf:RDF>\n'
)
#: Well-formed XML, but no RDF: an rdf:nodeID that is not a name, on line 6.
BROKEN_RDFXML_NODE = XML_HEAD + (
    b'<rdf:Description rdf:about="http://e/a">\n<ex:b>x</ex:b>\n\n<ex:b rdf:nodeID="1x"/>\n'
    b"</rdf:Description>\n</rdf:RDF>\n"
)
#: RDF/XML cut short: the document element is never closed (noticed past the end, line 5).
CUT_RDFXML = XML_HEAD + b'<rdf:Description rdf:about="http://e/a">\n<ex:b>x</ex:b>\n'

#: By file extension: the document, its broken line, and whether the line is "or earlier".
BROKEN: dict[str, tuple[bytes, int, bool]] = {
    ".ttl": (BROKEN_TURTLE, 3, False),
    ".trig": (BROKEN_TRIG, 4, False),
    ".nt": (BROKEN_NTRIPLES, 2, False),
    ".nq": (BROKEN_NQUADS, 2, False),
    ".jsonld": (BROKEN_JSONLD, 4, False),
    ".json": (BROKEN_JSONLD_ID, 4, True),
    ".rdf": (BROKEN_RDFXML, 4, False),
    ".xml": (BROKEN_RDFXML_NODE, 6, True),
    ".owl": (CUT_RDFXML, 5, False),
}
