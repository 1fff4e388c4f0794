"""Reading RDF: every syntax, positioned errors, and never a fetch."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from samverkan.errors import RdfSyntaxError, UnsupportedFormatError
from samverkan.rdfio import format_for_media_type, parse_file, parse_quads

TURTLE = b"""@prefix ex: <http://example.org/> .
ex:a ex:name "a" ;
     ex:knows ex:b .
"""


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".ttl", TURTLE.decode()),
        (".nt", '<http://example.org/a> <http://example.org/name> "a" .\n'),
        (
            ".trig",
            "<http://example.org/g> { <http://example.org/a> <http://example.org/name> 'a' }",
        ),
        (".jsonld", '{"@id": "http://example.org/a", "http://example.org/name": "a"}'),
        (
            ".rdf",
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
            "<ex:name>a</ex:name></rdf:Description></rdf:RDF>",
        ),
    ],
)
def test_every_accepted_syntax_reads_the_same_statement(
    tmp_path: Path, suffix: str, text: str
) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_text(text)
    graph = parse_file(path)
    name = URIRef("http://example.org/name")
    assert graph.value(URIRef("http://example.org/a"), name) == Literal("a")


def test_a_syntax_error_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ex:d .\n")
    with pytest.raises(RdfSyntaxError) as caught:
        parse_file(path)
    assert caught.value.position.line == 2
    assert caught.value.position.column == 16
    assert str(path) in str(caught.value)
    assert "dot is expected" in str(caught.value)


def test_an_unknown_extension_is_refused_with_the_accepted_ones(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(UnsupportedFormatError, match=r"\.ttl"):
        parse_file(path)


def test_an_unknown_media_type_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError, match="text/html"):
        format_for_media_type("text/html; charset=utf-8")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record every attempt to open a connection, and refuse it."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_a_remote_json_ld_context_is_refused_without_fetching(no_network: list[object]) -> None:
    document = b'{"@context": "http://example.org/context.jsonld", "@id": "http://e/a", "p": "x"}'
    with pytest.raises(RdfSyntaxError, match="remote context"):
        parse_quads(document, format_for_media_type("application/ld+json"), "body")
    assert no_network == []


def test_an_external_xml_entity_is_never_resolved(no_network: list[object]) -> None:
    document = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY e SYSTEM "http://example.org/secret">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="http://e/a"><rdf:value>&e;</rdf:value></rdf:Description>
</rdf:RDF>"""
    with pytest.raises(RdfSyntaxError):
        parse_quads(document, format_for_media_type("application/rdf+xml"), "body")
    assert no_network == []
