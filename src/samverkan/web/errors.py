"""Map the package's exceptions to HTTP answers, in one place."""

from __future__ import annotations

import sqlite3

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from samverkan.errors import (
    AuthenticationError,
    BusyError,
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
from samverkan.submissions.sovereignty import SovereigntyError

#: Most specific first: the first class an error is an instance of decides its status.
STATUS: tuple[tuple[type[SamverkanError], int], ...] = (
    (NotFoundError, 404),
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
    413: "Too large",
    415: "Unsupported media type",
    422: "Breaks the guideline rules",
    429: "Too many requests",
    500: "Server error",
    503: "Unavailable",
    507: "Insufficient storage",
}


#: Titles that say more than their status's, by the class of error.
ERROR_TITLES: tuple[tuple[type[SamverkanError], str], ...] = (
    (EmptySubmissionError, "Nothing to submit"),
)


def status_of(error: SamverkanError) -> int:
    """Return the HTTP status for an error of the package."""
    return next(code for kind, code in STATUS if isinstance(error, kind))


def title_of(error: SamverkanError) -> str | None:
    """Return the title of an error answer when its status's is not the right one."""
    return next((title for kind, title in ERROR_TITLES if isinstance(error, kind)), None)


def register(app: Flask) -> None:
    """Install the handlers that turn errors into answers."""

    @app.errorhandler(SamverkanError)
    def handle_ours(error: SamverkanError) -> Response:
        response = error_response(status_of(error), str(error), _details(error), title_of(error))
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
        message = error.description or TITLES.get(code, "Error")
        if code == 413:
            message = too_large_message(current_app.config["MAX_CONTENT_LENGTH"])
        response = error_response(code, message)
        if code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response


def too_large_message(limit: int) -> str:
    """Say that a body is over the limit, and what the limit is."""
    return (
        f"the request body is larger than this server takes ({limit} bytes); "
        "split the submission or ask the operator to raise max_body_bytes"
    )


def _challenge(error: AuthenticationError) -> str:
    """Return the ``WWW-Authenticate`` value (RFC 6750) for a missing or bad credential."""
    if isinstance(error, InvalidCredentialError):
        return 'Bearer realm="samverkan", error="invalid_token"'
    return 'Bearer realm="samverkan"'


def _details(error: SamverkanError) -> dict[str, object]:
    """Return what a script needs beyond the message: the items named, for rule 8."""
    return {"items": error.items} if isinstance(error, SovereigntyError) else {}


def error_response(
    code: int,
    message: str,
    details: dict[str, object] | None = None,
    title: str | None = None,
) -> Response:
    """Answer with the message as HTML for browsers, JSON for scripts, else plain text."""
    title = title or TITLES.get(code, "Error")
    best = request.accept_mimetypes.best_match(["text/plain", "application/json", "text/html"])
    if (
        best == "text/html"
        and request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/plain"]
    ):
        body = render_template("error.html", code=code, title=title, message=message)
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
