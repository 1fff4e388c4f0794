"""Print SELECT results as an aligned table, CSV or SPARQL 1.1 JSON results."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from samverkan.namespaces import CANONICAL_BASE, PREFIXES
from samverkan.storage import SelectResult


def format_result(result: SelectResult, fmt: str, base_iri: str = CANONICAL_BASE) -> str:
    """Return ``result`` as ``table``, ``csv`` or ``json`` (tables abbreviate IRIs)."""
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return json.dumps(sparql_json(result), ensure_ascii=False, indent=2) + "\n"
    return _table(result, _names(base_iri))


def _names(base_iri: str) -> Graph:
    """Return a graph whose prefixes abbreviate the vocabulary and the deployment's items."""
    names = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, "id": f"{base_iri}id/"}.items():
        names.bind(prefix, namespace)
    return names


def _table(result: SelectResult, names: Graph) -> str:
    header = result.variables
    rows = [[_short(row.get(v), names) for v in header] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"


def _short(term: Node | None, names: Graph) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        prefixed = names.namespace_manager.normalizeUri(term)
        return prefixed if not prefixed.startswith("<") else str(term)
    if isinstance(term, Literal) and term.language:
        return f"{term}@{term.language}"
    return str(term)


def _csv(result: SelectResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            ["" if row.get(v) is None else _csv_value(row[v]) for v in result.variables]
        )
    return buffer.getvalue()


def _csv_value(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def sparql_json(result: SelectResult) -> dict[str, Any]:
    """Return ``result`` in the SPARQL 1.1 Query Results JSON Format."""
    return {
        "head": {"vars": result.variables},
        "results": {
            "bindings": [{k: _json_term(v) for k, v in row.items()} for row in result.rows]
        },
    }


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = str(term.datatype)
    return value
