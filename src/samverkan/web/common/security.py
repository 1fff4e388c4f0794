"""Headers that every answer carries, so that a browser never runs what a page does not own.

- ``Content-Security-Policy``: scripts, styles, fonts, images and connections from this
  server only (no inline script: every script is a file under ``static/``), no plugins,
  forms posting only here, and ``frame-ancestors 'none'`` (no page may frame these);
- ``X-Content-Type-Options: nosniff``: an answer is what its ``Content-Type`` says;
- ``Referrer-Policy: same-origin``: addresses (with their queries) never leave for other
  sites; an answer that set a stricter policy (jobs: ``no-referrer``) keeps it.

A redirect made by the router (``/dumps`` to ``/dumps/``) is built from the request's
``Host`` header, which the client chooses: its ``Location`` is put under the configured
base IRI instead.

Before any route runs, a request whose address holds bytes that are not UTF-8, a control
character in its path, or a NUL anywhere in its query is refused with 400
(:func:`refuse_bad_bytes`): no identifier, query or parameter holds them.

No style may be set inline either (``style-src 'self'``): every page's look is in its
stylesheets.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes, urlsplit, urlunsplit

from flask import Response, request

from samverkan.errors import InputError
from samverkan.messages import message
from samverkan.web.common.services import services

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def secure(response: Response) -> Response:
    """Add the security headers to an answer (those it set itself are kept)."""
    if 300 <= response.status_code < 400 and "Location" in response.headers:
        response = _under_base(response)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _under_base(redirect: Response) -> Response:
    """Return the redirect with its ``Location`` under the base IRI, if it was elsewhere."""
    base = services().settings.base_iri
    location = redirect.headers["Location"]
    moved = urlsplit(location)
    if not moved.netloc or location.startswith(base):
        return redirect
    target = base + urlunsplit(("", "", moved.path, moved.query, "")).lstrip("/")
    answer = Response(f"moved to {target}\n", redirect.status_code, mimetype="text/plain")
    answer.headers["Location"] = target
    return answer


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def refuse_bad_bytes() -> None:
    """Refuse an address that is not UTF-8, or has control characters where none belong."""
    path = request.environ.get("PATH_INFO", "").encode("latin-1", "replace")
    query = unquote_to_bytes(request.environ.get("QUERY_STRING", "").replace("+", " "))
    for part, raw in (("path", path), ("query string", query)):
        named = message("part_path" if part == "path" else "part_query_string")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = f"{raw[error.start]:02x}"
            raise InputError(message("address_not_utf8", part=named, byte=byte)) from None
        found = _CONTROL.search(text) if part == "path" else re.search("\x00", text)
        if found:
            codepoint = f"{ord(found.group()):04X}"
            raise InputError(message("address_control", part=named, codepoint=codepoint))
