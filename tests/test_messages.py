"""The message catalog: every message in Swedish and English, with the same placeholders."""

from __future__ import annotations

from string import Formatter

import pytest
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from samverkan.errors import RdfSyntaxError, SourcePosition
from samverkan.messages import CATALOG, LANGUAGES, Listing, message
from samverkan.presentation import en, sv
from samverkan.presentation.texts import TEXTS, best_language


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_message_is_written_in_each_language_with_the_same_placeholders(code: str) -> None:
    texts = CATALOG[code]
    assert set(texts) == set(LANGUAGES)
    assert all(texts.values())
    assert _fields(texts["sv"]) == _fields(texts["en"])


def test_an_unknown_code_is_refused_at_once() -> None:
    with pytest.raises(KeyError):
        message("no-such-message")


def test_a_parameter_that_is_a_message_is_written_in_the_same_language() -> None:
    where = SourcePosition(message("named_file", name="a.ttl"), 3, 7)
    error = RdfSyntaxError(where, "Unexpected end of file")
    assert error.text("sv") == (
        "filen 'a.ttl', rad 3, kolumn 7: RDF-syntaxen går inte att läsa: Unexpected end of file"
    )
    assert str(error) == error.text("en")
    assert error.text("en").startswith("the file 'a.ttl', line 3, column 7: ")


def test_a_long_listing_says_how_many_more_there_are() -> None:
    listed = Listing([f"item{n}" for n in range(25)])
    assert listed.text("sv").endswith("item19 och 5 till")
    assert listed.text("en").endswith("item19 and 5 more")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sv", "sv"),
        ("sv-SE", "sv"),
        ("en", "en"),
        ("en-GB", "en"),
        ("EN-us", "en"),
        ("en-GB, sv;q=0.5", "en"),
        ("sv;q=0.2, en-US;q=0.9", "en"),
        ("de, en;q=0.3", "en"),
        ("de", "sv"),
        ("*", "sv"),
        ("", "sv"),
        ("en;q=0", "sv"),
    ],
)
def test_the_language_of_a_refusal_follows_accept_language_by_q_values(
    header: str, expected: str
) -> None:
    accepted = parse_accept_header(header, LanguageAccept)
    assert best_language(accepted, LANGUAGES) == expected


def test_each_language_has_one_catalog_with_the_same_keys() -> None:
    assert list(sv.MESSAGES) == list(en.MESSAGES) == list(CATALOG)
    assert list(sv.INTERFACE) == list(en.INTERFACE) == list(TEXTS)
    assert all(sv.INTERFACE.values()) and all(en.INTERFACE.values())
    assert {key: {"sv": sv.INTERFACE[key], "en": en.INTERFACE[key]} for key in TEXTS} == TEXTS
