"""The guard refuses SERVICE and updates by keyword, never by words inside data or names."""

from __future__ import annotations

import pytest

from samverkan.errors import ForbiddenOperationError
from samverkan.sparql_guard import check_query, keywords, operation


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o . SeRvIcE ?endpoint { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/>\nSELECT * {\n  # a comment\n  SERVICE ex:x {} }",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(ForbiddenOperationError, match="SERVICE"):
        check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <http://example.org/> {}" }',
        "SELECT * { ?s ?p '''a\nservice\nhere''' }",
        "SELECT * { ?s <http://example.org/service> ?o }",
        "PREFIX service: <http://example.org/>\nSELECT * { ?s service:x ?o }",
        "SELECT ?service { ?service a ?type }",
        "SELECT * { _:service ?p ?o }",
        "SELECT * { ?s ?p ?o }  # SERVICE in a comment",
        'SELECT * { ?s ?p "x"@service }',
        "SELECT * { ?s ?p 'load'@en }",
    ],
)
def test_words_inside_data_and_names_pass(query: str) -> None:
    check_query(query)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "load <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>",
        "CLEAR ALL",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX ex: <http://example.org/>\nDELETE WHERE { ex:a ?p ?o }",
        "BASE <http://example.org/>\n# drop it\nDROP GRAPH <g>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_as_read_only(update: str) -> None:
    with pytest.raises(ForbiddenOperationError, match="read-only"):
        check_query(update)


def test_operation_skips_the_prologue() -> None:
    query = "PREFIX : <http://example.org/>\nPREFIX ex: <http://e/>\nBASE <http://b/>\nASK {}"
    assert operation(query) == "ASK"
    assert operation("# nothing\n") is None


def test_keywords_are_bare_words_only() -> None:
    found = keywords('SELECT ?x FROM <http://g> { ?x ex:p "WHERE" }')
    assert found == {"SELECT", "FROM"}
