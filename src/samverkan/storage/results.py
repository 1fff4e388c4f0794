"""Read SPARQL JSON results as another engine writes them, and turn them into terms.

Engines bend the format (SPARQL 1.1 Query Results JSON Format): Virtuoso writes typed literals
as ``"typed-literal"`` (SPARQL 1.0 style), blank nodes as ``nodeID://b10000``, and sometimes
answers ASK with one solution binding ``__ASK_RETVAL`` to 1 or 0 instead of a boolean. Literals are
read as the embedded store's are (see samverkan.terms): ``xsd:string`` becomes a plain literal.
:func:`standard_json` rewrites an answer in the standard form, for clients and for pyoxigraph.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from samverkan.errors import StoreError
from samverkan.storage.base import SelectResult
from samverkan.terms import XSD_STRING

_ASK_VARIABLE = "__ASK_RETVAL"
_BNODE_ID = re.compile(r"[^A-Za-z0-9_-]")


def read_json(body: bytes) -> dict[str, Any]:
    """Parse a JSON results document, saying what was wrong if it is not one."""
    try:
        document = json.loads(body)
    except ValueError as error:
        raise StoreError(f"the SPARQL endpoint gave no JSON results: {error}") from None
    if not isinstance(document, dict) or not ({"boolean", "results"} & document.keys()):
        raise StoreError("the SPARQL endpoint gave JSON that holds no query results")
    if document.get("head", {}).get("vars") == [_ASK_VARIABLE]:
        rows = document["results"]["bindings"]
        return {"head": {}, "boolean": any(_truth(row.get(_ASK_VARIABLE)) for row in rows)}
    return document


def _truth(value: dict[str, str] | None) -> bool:
    return value is not None and value["value"] not in {"0", "false"}


def select_result(document: dict[str, Any]) -> SelectResult:
    """Return the solutions of a JSON results document."""
    if "results" not in document:
        raise StoreError("expected solutions of a SELECT query, got a boolean")
    variables = list(document.get("head", {}).get("vars", []))
    rows = [
        {name: to_node(value) for name, value in binding.items()}
        for binding in document["results"]["bindings"]
    ]
    return SelectResult(variables, rows)


def boolean_result(document: dict[str, Any]) -> bool:
    """Return the answer of an ASK query."""
    if "boolean" not in document:
        raise StoreError("expected the boolean answer of an ASK query, got solutions")
    return bool(document["boolean"])


def to_node(value: dict[str, str]) -> Node:
    """Return the rdflib term for one JSON-encoded RDF term."""
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(bnode_id(text))
    if kind not in {"literal", "typed-literal"}:
        raise StoreError(f"the SPARQL endpoint gave a term of unknown type {kind!r}")
    if "xml:lang" in value:
        return Literal(text, lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype is None or datatype == XSD_STRING:
        return Literal(text)
    return Literal(text, datatype=URIRef(datatype))


def bnode_id(text: str) -> str:
    """Return a blank node label usable in N-Triples (``nodeID://b1`` becomes ``b1``)."""
    return _BNODE_ID.sub("_", text.removeprefix("nodeID://")) or "b"


def standard_json(document: dict[str, Any]) -> bytes:
    """Return the document in the standard JSON results format."""
    if "boolean" in document:
        return json.dumps({"head": {}, "boolean": bool(document["boolean"])}).encode()
    bindings = [
        {name: _standard_term(value) for name, value in binding.items()}
        for binding in document["results"]["bindings"]
    ]
    head = {"vars": list(document.get("head", {}).get("vars", []))}
    return json.dumps({"head": head, "results": {"bindings": bindings}}).encode()


def _standard_term(value: dict[str, str]) -> dict[str, str]:
    node = to_node(value)
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    assert isinstance(node, Literal)
    term = {"type": "literal", "value": str(node)}
    if node.language:
        term["xml:lang"] = node.language
    elif node.datatype is not None:
        term["datatype"] = str(node.datatype)
    return term
