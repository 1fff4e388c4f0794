"""Pass the requests a reader process must not answer to the writer, and its answers back.

With ``samverkan serve --workers N`` (:mod:`samverkan.workers`) the reader processes
answer what only reads; the writer process, on an internal loopback port, answers the
rest. :class:`Forwarder` wraps a reader's app (its ``wsgi_app``, as WSGI middleware): a
request that :func:`writes` or :func:`needs_the_label_index` (when the reader's store is a
read-only replica) or that :func:`uses_jobs` goes to the writer as it came (method, path,
query, headers such as ``Authorization``, ``Content-Type`` and ``Prefer``, and the body,
which the reader's waitress has already held to ``max_body_bytes``), and the writer's answer
comes back as it is, streamed (the reader's waitress adds ``Via``, RFC 9110 section 7.6.3, as
it does to any answer that names its ``Server`` already). Forwarding a request that only
reads would be slower, never wrong: the writer runs the whole app.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from flask import Flask

from samverkan.errors import StoreError
from samverkan.web.common.admission import client_address
from samverkan.web.common.errors import error_response, status_of
from samverkan.web.common.services import of_app

#: Methods that never change anything.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: POSTs that change nothing: a SPARQL query, a validation.
READ_POSTS = frozenset({"/sparql", "/validate"})
#: POSTs that change nothing but that a reader over a replica passes on all the same: a
#: validation needs the writer's index of labels (a replica opens each checkpoint afresh and
#: would read every label again: seconds at 1 M triples).
INDEXED_POSTS = frozenset({"/validate"})
#: Headers that concern one connection, not the request (RFC 9110, section 7.6.1).
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding"}
    | {"upgrade", "proxy-authenticate", "proxy-authorization"}
)
#: Request headers not passed on: those, ``Expect`` (the reader has the body already) and
#: ``X-Forwarded-For`` (sent anew, naming the client as this reader sees it).
NOT_PASSED_ON = HOP_BY_HOP | {"expect", "x-forwarded-for"}
#: How a reader names itself in ``Via`` to the writer.
VIA = "1.1 samverkan"
#: Seconds the writer may stay silent before a forwarded request is given up (a large
#: submission is validated before its answer begins).
FORWARD_SECONDS = 600.0
#: Bytes passed on at a time, each way.
BLOCK = 64 * 1024

#: Which requests go to the writer.
Rule = Callable[[WSGIEnvironment], bool]


def writes(environ: WSGIEnvironment) -> bool:
    """Say whether the request may change something (submissions, rollbacks, imports)."""
    method = str(environ.get("REQUEST_METHOD", "GET")).upper()
    if method in READ_METHODS:
        return False
    return not (method == "POST" and environ.get("PATH_INFO") in READ_POSTS)


def uses_jobs(environ: WSGIEnvironment) -> bool:
    """Say whether the request follows a job, or may start one (``Prefer: respond-async``):
    jobs live in the memory of the process that runs them, the writer."""
    path = str(environ.get("PATH_INFO", ""))
    prefer = str(environ.get("HTTP_PREFER", "")).lower()
    return path.startswith("/jobs/") or "respond-async" in prefer


def needs_the_label_index(environ: WSGIEnvironment) -> bool:
    """Say whether the request is a validation, which reads the writer's index of labels."""
    method = str(environ.get("REQUEST_METHOD", "GET")).upper()
    return method == "POST" and environ.get("PATH_INFO") in INDEXED_POSTS


def replica_passes_on(environ: WSGIEnvironment) -> bool:
    """The rule of a reader over a read-only replica: it answers only what reads, and passes
    validations on as well."""
    return writes(environ) or uses_jobs(environ) or needs_the_label_index(environ)


class Forwarder:
    """WSGI middleware: answer with ``app``, or pass the request to the writer."""

    def __init__(self, app: Flask, writer_port: int, rule: Rule) -> None:
        self.app = app
        self.local: WSGIApplication = app.wsgi_app
        self.writer_port = writer_port
        self.rule = rule

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not self.rule(environ):
            return self.local(environ, start_response)
        connection = http.client.HTTPConnection("127.0.0.1", self.writer_port, FORWARD_SECONDS)
        try:
            response = _send(connection, environ, self._client(environ))
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            return self._unavailable(environ, start_response, error)
        start_response(f"{response.status} {response.reason}", _answer_headers(response))
        return _Streamed(connection, response)

    def _client(self, environ: WSGIEnvironment) -> str:
        trusted = of_app(self.app).settings.trust_forwarded_for
        forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", ""))
        return client_address(forwarded, environ.get("REMOTE_ADDR"), trusted)

    def _unavailable(
        self, environ: WSGIEnvironment, start_response: StartResponse, error: Exception
    ) -> Iterable[bytes]:
        """Answer 503 in the app's own way (HTML, JSON or text, as the client accepts)."""
        failure = StoreError(
            f"the writer process did not answer ({error}); nothing was changed by this "
            "request unless its effect shows; try again in a moment"
        )
        with self.app.request_context(environ):
            response = error_response(status_of(failure), failure.message or str(failure))
            response.headers["Retry-After"] = "5"
        return response(environ, start_response)


def install(app: Flask, writer_port: int, rule: Rule) -> None:
    """Make ``app`` pass the requests ``rule`` picks to the writer on ``writer_port``."""
    app.wsgi_app = Forwarder(app, writer_port, rule)  # type: ignore[method-assign]


def _send(
    connection: http.client.HTTPConnection, environ: WSGIEnvironment, client: str
) -> http.client.HTTPResponse:
    """Send the request as it came, body included; return the writer's answer.

    ``X-Forwarded-For`` names only ``client``, as this reader sees it, so that the writer
    (which trusts the header from its readers) counts the request against the client's
    fair share, not against the reader's loopback address.
    """
    connection.putrequest(
        str(environ["REQUEST_METHOD"]), _target(environ), skip_host=True, skip_accept_encoding=True
    )
    for name, value in _request_headers(environ):
        connection.putheader(name, value)
    connection.putheader("Via", VIA)
    connection.putheader("X-Forwarded-For", client)
    connection.endheaders()
    remaining = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"]
    while remaining > 0:
        block = body.read(min(BLOCK, remaining))
        if not block:
            break
        connection.send(block)
        remaining -= len(block)
    return connection.getresponse()


def _target(environ: WSGIEnvironment) -> str:
    """Return the request's path and query as it was sent (WSGI decoded it as Latin-1)."""
    path = str(environ.get("SCRIPT_NAME", "")) + str(environ.get("PATH_INFO", ""))
    target = quote(path or "/", safe="/;=,:@!$&'()*+~", encoding="latin-1")
    query = str(environ.get("QUERY_STRING", ""))
    return f"{target}?{query}" if query else target


def _request_headers(environ: WSGIEnvironment) -> Iterator[tuple[str, str]]:
    """Return the request's end-to-end headers (``HTTP_X_Y`` is ``X-Y``), ``Host`` too."""
    named = {"CONTENT_TYPE": "Content-Type", "CONTENT_LENGTH": "Content-Length"}
    for key, value in environ.items():
        if key in named and value:
            yield named[key], str(value)
        elif key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").title()
            if name.lower() not in NOT_PASSED_ON:
                yield name, str(value)


def _answer_headers(response: http.client.HTTPResponse) -> list[tuple[str, str]]:
    """Return the writer's end-to-end headers."""
    return [(n, v) for n, v in response.getheaders() if n.lower() not in HOP_BY_HOP]


class _Streamed:
    """The writer's answer body, passed on block by block; closes the connection after."""

    def __init__(
        self, connection: http.client.HTTPConnection, response: http.client.HTTPResponse
    ) -> None:
        self.connection = connection
        self.response = response

    def __iter__(self) -> Iterator[bytes]:
        while block := self.response.read(BLOCK):
            yield block

    def close(self) -> None:
        self.response.close()
        self.connection.close()
