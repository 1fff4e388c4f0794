"""Map the package's exceptions to HTTP answers, in one place.

Every answer is written in the client's language (:func:`samverkan.web.common.language.of_messages`:
``Accept-Language``, Swedish by default) and says which in ``Content-Language``; the texts
come from :mod:`samverkan.messages`.
"""

from __future__ import annotations

import sqlite3

from flask import Flask, Response, current_app, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from samverkan.errors import (
    AuthenticationError,
    BusyError,
    CancelledError,
    CancelRefusedError,
    ConfigurationError,
    EmptySubmissionError,
    ForbiddenOperationError,
    InputError,
    InsufficientStorageError,
    InvalidCredentialError,
    NotAcceptableError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    QueryMemoryError,
    QueryTimeoutError,
    RefusedConstructError,
    RejectedSubmissionError,
    SamverkanError,
    StoreError,
    TooManyRequestsError,
    UnsupportedFormatError,
    UnsupportedMediaTypeError,
    is_disk_full,
)
from samverkan.messages import CATALOG, Message, message
from samverkan.messages import title as status_title
from samverkan.submissions.sovereignty import SovereigntyError
from samverkan.web.common import language

#: Most specific first: the first class an error is an instance of decides its status.
STATUS: tuple[tuple[type[SamverkanError], int], ...] = (
    (NotFoundError, 404),
    (CancelRefusedError, 409),
    (NotAcceptableError, 406),
    (UnsupportedMediaTypeError, 415),
    (UnsupportedFormatError, 415),
    (PayloadTooLargeError, 413),
    (ForbiddenOperationError, 403),
    # Guideline rule 8: touching another actor's items is a matter of permission, not syntax.
    (SovereigntyError, 403),
    (RejectedSubmissionError, 422),
    # An empty document is well-formed, but never a part: only a withdrawal empties one.
    (EmptySubmissionError, 422),
    (RefusedConstructError, 422),
    (InputError, 400),
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (TooManyRequestsError, 429),
    (QueryTimeoutError, 503),
    (QueryMemoryError, 503),
    (BusyError, 503),
    # A job its client cancelled: its answer says that nothing was changed.
    (CancelledError, 409),
    (InsufficientStorageError, 507),
    (StoreError, 503),
    # The server lacks what it needs (the shapes, say): it cannot serve this, the client is
    # not at fault, and it must never answer as if it could (no "conforms" without shapes).
    (ConfigurationError, 503),
    (SamverkanError, 500),
)

TITLES = {
    400: "Bad request",
    401: "Credential needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Breaks the guideline rules",
    429: "Too many requests",
    500: "Server error",
    503: "Unavailable",
    507: "Insufficient storage",
}


#: Titles that say more than their status's, by the class of error (codes of the catalog).
ERROR_TITLES: tuple[tuple[type[SamverkanError], str], ...] = (
    (EmptySubmissionError, "title_nothing_to_submit"),
)


def status_of(error: SamverkanError) -> int:
    """Return the HTTP status for an error of the package."""
    return next(code for kind, code in STATUS if isinstance(error, kind))


def title_of(error: SamverkanError) -> Message | None:
    """Return the title of an error answer when its status's is not the right one."""
    found = next((code for kind, code in ERROR_TITLES if isinstance(error, kind)), None)
    return None if found is None else message(found)


def register(app: Flask) -> None:
    """Install the handlers that turn errors into answers."""

    @app.errorhandler(SamverkanError)
    def handle_ours(error: SamverkanError) -> Response:
        said = error.message or str(error)
        response = error_response(status_of(error), said, _details(error), title_of(error))
        if isinstance(error, AuthenticationError):
            response.headers["WWW-Authenticate"] = _challenge(error)
        if isinstance(error, BusyError):
            response.headers["Retry-After"] = "60"
        if isinstance(error, TooManyRequestsError):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(OSError)
    @app.errorhandler(sqlite3.Error)
    def handle_system(error: OSError | sqlite3.Error) -> Response:
        if is_disk_full(error):
            full = InsufficientStorageError(
                f"the disk is full ({error}); nothing was changed, and the server takes "
                "writes again once its operator frees space"
            )
            return error_response(507, str(full))
        current_app.logger.error("request failed", exc_info=error)
        return error_response(500, "the server failed on this request; its log says why")

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException) -> Response:
        code = error.code or 500
        said: str | Message = error.description or status_title(code, language.of_messages())
        if error.description == type(error).description and f"http_{code}" in CATALOG:
            said = message(f"http_{code}")  # the framework's own words are English only
        if code == 413:
            said = too_large_message(current_app.config["MAX_CONTENT_LENGTH"])
        response = error_response(code, said)
        if code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response


def too_large_message(limit: int) -> Message:
    """Say that a body is over the limit, and what the limit is."""
    return message("too_large", limit=limit)


def _challenge(error: AuthenticationError) -> str:
    """Return the ``WWW-Authenticate`` value (RFC 6750) for a missing or bad credential."""
    if isinstance(error, InvalidCredentialError):
        return 'Bearer realm="samverkan", error="invalid_token"'
    return 'Bearer realm="samverkan"'


def _details(error: SamverkanError) -> dict[str, object]:
    """Return what a script needs beyond the message: the items named, for rule 8."""
    return {"items": error.items} if isinstance(error, SovereigntyError) else {}


def _can_link() -> bool:
    """Say whether a page can be rendered: not when the request's ``Host`` was refused, since
    then no address can be built (the answer is then JSON or text)."""
    return request_ctx.url_adapter is not None


def error_response(
    code: int,
    said: str | Message,
    details: dict[str, object] | None = None,
    title: Message | None = None,
) -> Response:
    """Answer with the message as HTML for browsers, JSON for scripts, else plain text, in
    the client's language (``title`` replaces the status's heading)."""
    lang = language.of_messages()
    message = said if isinstance(said, str) else said.text(lang)
    heading = title.text(lang) if title else status_title(code, lang)
    response = _error_body(code, message, heading, lang, details)
    response.headers["Content-Language"] = lang
    response.vary.add("Accept-Language")
    return response


def _error_body(
    code: int, message: str, title: str, lang: str, details: dict[str, object] | None
) -> Response:
    best = request.accept_mimetypes.best_match(["text/plain", "application/json", "text/html"])
    if (
        best == "text/html"
        and request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/plain"]
        and _can_link()
    ):
        body = render_template(
            "error.html",
            code=code,
            title=title,
            message=message,
            lang=lang,
            t=lambda key: language.text(key, lang),
        )
        return Response(body, code, content_type="text/html; charset=utf-8")
    if (
        best == "application/json"
        and request.accept_mimetypes["application/json"] > request.accept_mimetypes["text/plain"]
    ):
        return Response(
            _json(
                {
                    "status": code,
                    "error": title,
                    "message": message,
                    **(details or {}),
                }
            ),
            code,
            content_type="application/json",
        )
    return Response(message + "\n", code, content_type="text/plain; charset=utf-8")


def _json(document: dict[str, object]) -> str:
    import json

    return json.dumps(document, ensure_ascii=False)
