"""Write RDF/XML that is well-formed XML, or say why a graph cannot be written so.

RDF/XML writes every predicate as an XML element name: a namespace and a local part that is
an XML NCName (it starts with a letter or ``_``). A predicate such as ``http://x/1``,
``http://x/a#`` or ``urn:x:1`` has no such split, so no RDF/XML document holds it. Oxigraph's
writer (0.5) then emits an element named ``oxprefix:`` with an empty local part, which is not
XML, and does the same for a node typed with such an IRI (which RDF/XML can hold, as an
``rdf:type`` property). So RDF/XML answers are written by rdflib, which writes types as
properties, after a check that names the first predicate that cannot be written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph

from samverkan.errors import NotAcceptableError
from samverkan.namespaces import PREFIXES

_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHAR = _START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
#: An XML NCName (Namespaces in XML 1.0, production 4) ending the IRI.
_LOCAL_PART = re.compile(f"[{_START}][{_CHAR}]*$")


def has_xml_name(iri: str) -> bool:
    """Say whether ``iri`` splits into a namespace and a non-empty NCName local part."""
    return _LOCAL_PART.search(iri) is not None


def unwritable_predicate(predicates: Iterable[str]) -> str | None:
    """Return the first of ``predicates`` that RDF/XML cannot write, or None."""
    return next((p for p in predicates if not has_xml_name(p)), None)


def refusal(predicate: str) -> NotAcceptableError:
    """Return the error for an answer that RDF/XML cannot hold because of ``predicate``."""
    return NotAcceptableError(
        f"the answer has the predicate <{predicate}>, which RDF/XML cannot write (an XML "
        "element name must end it, and none does); ask for Turtle, N-Triples or JSON-LD"
    )


def serialise(graph: Graph) -> bytes:
    """Return ``graph`` as RDF/XML, or raise :class:`NotAcceptableError` naming a predicate
    that RDF/XML cannot hold."""
    predicate = unwritable_predicate(str(p) for p in graph.predicates(unique=True))
    if predicate is not None:
        raise refusal(predicate)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)
    return graph.serialize(format="xml", encoding="utf-8")
