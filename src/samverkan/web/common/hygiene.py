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
from samverkan.messages import Message, message

FORM = "application/x-www-form-urlencoded"
_BROKEN_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def register(app: Flask) -> None:
    """Check the parameters of every request before its route runs."""
    app.before_request(check_parameters)


def check_parameters() -> None:
    """Raise :class:`InputError` for a parameter that is not clean UTF-8 text."""
    check_encoded(request.query_string, message("where_query_string"))
    if request.mimetype == FORM:
        check_encoded(request.get_data(cache=True), message("where_form"))


def check_encoded(encoded: bytes, where: Message) -> None:
    """Check ``name=value&…`` pairs, percent-encoded as in URLs and forms."""
    for pair in encoded.split(b"&"):
        if not pair:
            continue
        if _BROKEN_ESCAPE.search(pair):
            raise InputError(message("broken_escape", where=where))
        name_part, _, value_part = pair.partition(b"=")
        raw_name = unquote_to_bytes(name_part.replace(b"+", b" "))
        name = _text(raw_name, where, message("parameter_name"))
        raw_value = unquote_to_bytes(value_part.replace(b"+", b" "))
        _text(raw_value, where, message("parameter_named", name=name))


def _text(raw: bytes, where: Message, what: Message) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        said = message("parameter_not_utf8", what=what, where=where, offset=error.start)
        raise InputError(said) from None
    if control := _CONTROL.search(text):
        codepoint = f"{ord(control.group()):04X}"
        raise InputError(message("parameter_control", what=what, where=where, codepoint=codepoint))
    return text
