"""The checks before any parser (samverkan.limits): refuse what they must, and only that.

Each refusal is paired with a document that must pass: brackets inside strings, IRIs and
comments do not count as nesting, a document exactly at the limit passes, and every document
that passes is one the parser reads.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from bench import hostile
from samverkan.errors import RdfSyntaxError, RefusedConstructError
from samverkan.limits import Limits, check
from samverkan.rdfio import parse_quads

LIMITS = Limits(max_depth=64)
TURTLE, JSON_LD, RDF_XML = ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML


def passes(data: bytes, rdf_format: ox.RdfFormat) -> None:
    """Check ``data``; then parse it, which must work too (the check hid nothing)."""
    check(data, rdf_format, "the body", LIMITS)
    list(ox.parse(data, format=rdf_format, base_iri="http://x/"))


@pytest.mark.parametrize(
    ("data", "rdf_format"),
    [
        (hostile.nested_blank_nodes(64), TURTLE),
        (hostile.nested_collections(64), TURTLE),
        (hostile.nested_json_ld(63), JSON_LD),  # 63 objects inside the outermost one
    ],
)
def test_nesting_at_the_limit_passes(data: bytes, rdf_format: ox.RdfFormat) -> None:
    passes(data, rdf_format)


@pytest.mark.parametrize(
    ("data", "rdf_format"),
    [
        (hostile.nested_blank_nodes(65), TURTLE),
        (hostile.nested_collections(65), TURTLE),
        (hostile.nested_json_ld(64), JSON_LD),
    ],
)
def test_nesting_past_the_limit_is_refused_where_it_is(
    data: bytes, rdf_format: ox.RdfFormat
) -> None:
    with pytest.raises(
        RefusedConstructError,
        match=r"the body, line 1, column \d+: the document nests deeper than 64",
    ):
        check(data, rdf_format, "the body", LIMITS)


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    many = "[" * 100 + "(" * 100 + "{" * 100
    turtle = (
        f'<s> <p> "{many}" , """{many}\n{many}""" , \'{many}\' .\n'
        f"# {many}\n"
        f'<s> <p> "a \\" {many}" .\n'
    ).encode()
    passes(turtle, TURTLE)
    json_ld = ('{"@id": "http://x/s", "http://x/p": "' + many + '\\" ' + many + '"}').encode()
    passes(json_ld, JSON_LD)


def test_a_string_cannot_hide_nesting_that_follows_it() -> None:
    """A quote inside an IRI or a comment does not open a string that swallows brackets."""
    data = b'<s> <p> <http://x/"> .\n# "\n' + hostile.nested_blank_nodes(65)
    with pytest.raises(RefusedConstructError, match="nests deeper than 64"):
        check(data, TURTLE, "the body", LIMITS)


@pytest.mark.parametrize(
    "spelling", ["<!DOCTYPE", "<!doctype", "<! DOCTYPE", "<!\nDOCTYPE", "<!ENTITY"]
)
def test_rdf_xml_with_a_dtd_is_refused_in_every_spelling(spelling: str) -> None:
    data = (
        f'<?xml version="1.0"?>{spelling} r [<!ENTITY a "b">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    ).encode()
    with pytest.raises(RefusedConstructError, match="is refused"):
        check(data, RDF_XML, "the body", LIMITS)


def test_rdf_xml_without_a_dtd_passes() -> None:
    data = (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns:ex="http://x/"><rdf:Description rdf:about="http://x/s">'
        b"<ex:p>&lt;!DOCTYPE is only text here</ex:p></rdf:Description></rdf:RDF>"
    )
    passes(data, RDF_XML)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (hostile.entity_expansion().decode().encode("utf-16"), "UTF-16"),
        (b"<s> <p> <o> .\n<s> <p> \xff .", "byte 0xff is not UTF-8"),
        (b"<s> <p> <o> .\x00", "NUL character"),
    ],
)
def test_bytes_that_are_not_utf8_text_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(RdfSyntaxError, match=words):
        check(data, RDF_XML if data.startswith(b"\xff\xfe") else TURTLE, "the body", LIMITS)


@pytest.mark.parametrize(
    ("data", "rdf_format"),
    [(b"\xef\xbb\xbf<s> <p> <o> .", TURTLE), (b'\xef\xbb\xbf{"@id": "http://x/s"}', JSON_LD)],
)
def test_a_byte_order_mark_is_allowed(data: bytes, rdf_format: ox.RdfFormat) -> None:
    """The check allows a UTF-8 BOM, so the document must then parse (without it)."""
    parse_quads(data, rdf_format, "the body", "http://x/", checked=LIMITS)
