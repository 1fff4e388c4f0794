"""The query page: a SPARQL editor (YASGUI) over ``/sparql``, the named queries as examples.

The named queries of ``queries/`` are offered with their parameters. The user fills in the
values; the page (or, for its script, ``/query/examples/<name>``) answers with the query's
text and the values in a VALUES block: each value checked against its parameter's type and
written by Oxigraph (:func:`samverkan.storage.values.inject_values`), never pasted in. Without
JavaScript the page is a plain form that sends the text to ``/sparql``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, jsonify, render_template, request
from rdflib import RDF, RDFS, Graph, URIRef

from samverkan.errors import QueryParameterError
from samverkan.queries import NamedQuery, Parameter, find_query, load_queries
from samverkan.rebasing import to_deployment
from samverkan.storage.values import inject_values
from samverkan.web.common import rq
from samverkan.web.common.services import services

bp = Blueprint("query", __name__)


@dataclass(frozen=True)
class Field:
    """A parameter of a named query as a form field, with the value it shows."""

    name: str
    type: str
    doc: str
    value: str


@dataclass(frozen=True)
class Example:
    """A named query as the page offers it."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]


@bp.route("/query")
def page() -> Response:
    """The editor, the named queries with their parameters, and a plain form without script."""
    named = load_queries(services().settings.queries_dir)
    chosen = request.args.get("name", "")
    if chosen:
        text = filled_text(find_query(services().settings.queries_dir, chosen))
    else:
        text = rq.query("editor-start")
    examples = [_example(query, query.name == chosen) for query in named.values()]
    body = render_template("query.html", examples=examples, chosen=chosen, text=text)
    return _page(body)


@bp.route("/query/examples/<name>")
def example(name: str) -> Response:
    """One named query as JSON: what it answers, its parameters, its text with their values."""
    query = find_query(services().settings.queries_dir, name)
    shown = _example(query, True)
    return jsonify(
        name=shown.name,
        title=shown.title,
        description=shown.description,
        parameters=[vars(field) for field in shown.fields],
        query=filled_text(query),
    )


def filled_text(query: NamedQuery) -> str:
    """Return the query's text with the request's values (else the examples) written in."""
    values = {field.name: field.value for field in _example(query, True).fields}
    if missing := [name for name, value in values.items() if not value]:
        raise QueryParameterError(f"query {query.name!r} needs a value for ?{missing[0]}")
    return inject_values(query.text(), query.bindings(values))


def _example(query: NamedQuery, asked: bool) -> Example:
    """Describe a named query; its fields show the request's values when it is the one asked."""
    fields = tuple(
        Field(
            parameter.name,
            parameter.type,
            parameter.doc.replace(parameter.example, _deployed(parameter)),
            (_asked(parameter.name) if asked else "") or _deployed(parameter),
        )
        for parameter in query.parameters
    )
    return Example(query.name, query.title, query.description, fields)


def _deployed(parameter: Parameter) -> str:
    """Return the parameter's example as this deployment names it.

    The headers' examples are items of the committed files, named under the canonical base.
    """
    example = parameter.example
    if parameter.type != "iri" or not example:
        return example
    graph = Graph()
    graph.add((URIRef(example), RDF.type, RDFS.Resource))
    [subject] = to_deployment(graph, services().settings.base_iri).subjects()
    return str(subject)


def _asked(name: str) -> str:
    return request.args.get(name, "").strip()


def _page(body: str) -> Response:
    response = Response(body, 200, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept-Language"
    return response
