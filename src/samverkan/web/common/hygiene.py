"""Refuse request parameters that are not text: broken percent-encoding, bad UTF-8, NUL.

Werkzeug decodes what it cannot read into U+FFFD and passes NUL on, so a parameter could
reach a query or a search as something the client never meant. Every query string, and the
body of every URL-encoded form, is checked here before any route sees it: a bad one gets
400 naming the parameter.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from flask import Flask, request

from samverkan.errors import InputError

FORM = "application/x-www-form-urlencoded"
_BROKEN_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def register(app: Flask) -> None:
    """Check the parameters of every request before its route runs."""
    app.before_request(check_parameters)


def check_parameters() -> None:
    """Raise :class:`InputError` for a parameter that is not clean UTF-8 text."""
    check_encoded(request.query_string, "the query string")
    if request.mimetype == FORM:
        check_encoded(request.get_data(cache=True), "the form")


def check_encoded(encoded: bytes, where: str) -> None:
    """Check ``name=value&…`` pairs, percent-encoded as in URLs and forms."""
    for pair in encoded.split(b"&"):
        if not pair:
            continue
        if _BROKEN_ESCAPE.search(pair):
            raise InputError(f"{where} has a '%' that is not followed by two hex digits")
        name_part, _, value_part = pair.partition(b"=")
        name = _text(unquote_to_bytes(name_part.replace(b"+", b" ")), where, "a parameter name")
        _text(unquote_to_bytes(value_part.replace(b"+", b" ")), where, f"parameter {name!r}")


def _text(raw: bytes, where: str, what: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{what} in {where} is not valid UTF-8 (byte {error.start})") from None
    if control := _CONTROL.search(text):
        raise InputError(
            f"{what} in {where} holds the control character U+{ord(control.group()):04X}; "
            "parameters are text, without NUL or other control characters"
        )
    return text
