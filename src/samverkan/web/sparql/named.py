"""The named queries of ``queries/`` as addresses of their own: ``/queries/<name>?param=value``.

Integrators who run the same question every day call its address with the parameters in the
URL, and get the answer as from ``/sparql`` (content negotiation, ``format``, the time limit,
a worker process). Each value is checked against its parameter's type, then written into the
query's patterns by Oxigraph's own term writer and kept in a VALUES block, so the answer is
what binding the variable gives (SPARQL SEP-0007) while the engine starts from the value: on
Oxigraph a group nested in a UNION does not see a VALUES block outside it, and would read the
whole federation (schema-impact at 100 k triples: 1 000 ms with the block, 16 ms written in).

The query policy (:mod:`samverkan.query_policy`: no SERVICE, no update) is applied to each
query's template, once per process: the values written in are terms, written by Oxigraph,
and cannot add an operation, so the answer query carries its template's check; so does each
page, whose keyset filter, order and limit are the server's own text.

``/queries`` lists them, with their parameters, as JSON.

**Paging.** ``page-size=N`` answers the first N rows; the answer then carries
``Link: <…&cursor=…>; rel="next"`` when more rows follow, and that address gives the next N
(keyset paging on the query's sort key, :mod:`samverkan.paging`: a deep page costs what the
first does, no OFFSET). Without ``page-size`` the whole answer comes at once, as before.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request, url_for
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from samverkan.errors import NotFoundError, QueryParameterError, UnknownQueryError
from samverkan.messages import message
from samverkan.paging import next_cursor, page_query, parse_page_size
from samverkan.queries import NamedQuery, find_query, load_queries
from samverkan.query_policy import CheckedQuery, check_query
from samverkan.storage.protocol import BOOLEAN, SOLUTIONS, TRIPLES, ProtocolQuery
from samverkan.storage.values import pin_values
from samverkan.web.common import admission, negotiation
from samverkan.web.common.addresses import absolute
from samverkan.web.common.negotiation import JSON_RESULTS
from samverkan.web.common.services import services
from samverkan.web.sparql.protocol import streamed_answer

bp = Blueprint("named", __name__)


@bp.route("/queries")
def listing() -> Response:
    """Every named query: its address, what it answers, and its parameters."""
    named = load_queries(services().settings.queries_dir)
    return jsonify(queries=[_summary(query) for query in named.values()])


@bp.route("/queries/<name>")
def answer(name: str) -> Response:
    """Run one named query with the parameters of the URL, answered as ``/sparql`` answers."""
    settings = services().settings
    try:
        query = find_query(settings.queries_dir, name)
    except UnknownQueryError as error:
        raise NotFoundError(str(error)) from None
    values = {p.name: request.args.get(p.name, "") for p in query.parameters}
    if missing := [name for name, value in values.items() if not value]:
        raise QueryParameterError(
            message("query_parameter_missing", query=query.name, name=missing[0])
        )
    size = parse_page_size(request.args.get("page-size"))
    cursor = request.args.get("cursor") or None
    if size is None and cursor is not None:
        raise QueryParameterError(message("cursor_without_page_size"))
    if size is not None:
        return _page(query, values, size, cursor)
    template = checked_template(query.text())
    text = pin_values(query.text(), query.bindings(values))
    protocol = ProtocolQuery(
        text=text,
        formats=negotiation.choose_all(),
        base_iri=settings.base_iri + "sparql",
        checked=replace(template, text=text),
    )
    return streamed_answer(protocol)


def _page(query: NamedQuery, values: dict[str, str], size: int, cursor: str | None) -> Response:
    """Answer one page of ``query``, with a ``Link`` to the next when there is one. The
    page's text carries its template's check: what paging adds is the server's own (a
    keyset ``FILTER``, ``ORDER BY``, ``LIMIT``) and the cursor's terms, written by
    Oxigraph's term writer, so it adds no operation (parsing it again with rdflib cost
    100-150 ms a page)."""
    settings = services().settings
    media_type = negotiation.choose(SOLUTIONS)
    if media_type is None:
        raise negotiation.not_acceptable(SOLUTIONS)
    template = checked_template(query.text())
    paged = page_query(query.text(), size, cursor, fixed=values)
    text = pin_values(paged.text, query.bindings(values))
    protocol = ProtocolQuery(
        text=text,
        formats={SOLUTIONS: JSON_RESULTS, BOOLEAN: None, TRIPLES: None},
        base_iri=settings.base_iri + "sparql",
        checked=replace(template, text=text),
    )
    with admission.queries().admitted(admission.current_client()):
        result = services().store.protocol_query(protocol, settings.query_timeout)
    answer = json.loads(result.body)
    rows = answer["results"]["bindings"]
    following = next_cursor([_terms(row) for row in rows], paged.key, size)
    answer["results"]["bindings"] = rows[:size]
    parsed = ox.parse_query_results(json.dumps(answer).encode(), ox.QueryResultsFormat.JSON)
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    assert results_format is not None
    response = Response(
        parsed.serialize(format=results_format) or b"", 200, content_type=media_type
    )
    response.headers["Vary"] = "Accept"
    if following is not None:
        arguments: dict[str, str] = {**values, "page-size": str(size), "cursor": following}
        link = absolute(url_for("named.answer", name=query.name) + "?" + urlencode(arguments))
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


def _terms(row: dict[str, dict[str, str]]) -> dict[str, Node]:
    """Return one row of SPARQL JSON results as rdflib terms."""
    return {name: _term(value) for name, value in row.items()}


def _term(value: dict[str, str]) -> Node:
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    datatype = value.get("datatype")
    return Literal(
        value["value"], lang=value.get("xml:lang"), datatype=URIRef(datatype) if datatype else None
    )


@lru_cache(maxsize=128)
def checked_template(text: str) -> CheckedQuery:
    """Check a named query's template against the policy (once per text and process)."""
    return check_query(text)


def _summary(query: NamedQuery) -> dict[str, object]:
    return {
        "name": query.name,
        "address": absolute(url_for("named.answer", name=query.name)),
        "title": query.title,
        "description": query.description,
        "parameters": [{"name": p.name, "type": p.type, "doc": p.doc} for p in query.parameters],
    }
