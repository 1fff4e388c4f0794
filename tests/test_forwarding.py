"""Which requests a reader process passes to the writer, and its answer when the writer is
gone. (Forwarding over real sockets is in ``test_workers.py``.)"""

from __future__ import annotations

import http.server
import threading
from typing import ClassVar

import pytest
from flask import Flask

from live_server import free_port
from samverkan.config import Settings
from samverkan.storage import OxigraphStore
from samverkan.web import create_app
from samverkan.web.common import forwarding
from samverkan.web.common.forwarding import replica_passes_on, uses_jobs


@pytest.mark.parametrize(
    ("method", "path", "prefer", "forwarded"),
    [
        ("GET", "/id/kivra", "", False),
        ("HEAD", "/id/kivra", "", False),
        ("OPTIONS", "/sparql", "", False),
        ("POST", "/sparql", "", False),
        ("POST", "/validate", "", True),
        ("POST", "/validate", "respond-async", True),
        ("POST", "/validate", "wait=10, Respond-Async", True),
        ("GET", "/jobs/abc", "", True),
        ("GET", "/jobs/abc/result", "", True),
        ("POST", "/submissions/kivra", "", True),
        ("POST", "/submissions/kivra/rollback/1", "", True),
        ("POST", "/submissions/kivra/cpsv-ap", "", True),
        ("DELETE", "/id/kivra", "", True),
    ],
)
def test_a_reader_of_a_replica_passes_writes_and_jobs_to_the_writer(
    method: str, path: str, prefer: str, forwarded: bool
) -> None:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_PREFER": prefer}
    assert replica_passes_on(environ) is forwarded


def test_a_reader_of_a_remote_store_passes_only_jobs() -> None:
    submission = {"REQUEST_METHOD": "POST", "PATH_INFO": "/submissions/kivra"}
    assert not uses_jobs(submission)
    assert uses_jobs({**submission, "HTTP_PREFER": "respond-async"})
    assert uses_jobs({"REQUEST_METHOD": "GET", "PATH_INFO": "/jobs/abc"})


@pytest.fixture
def orphaned_reader(settings: Settings, store: OxigraphStore) -> Flask:
    """A reader's app whose writer does not listen (its port was free a moment ago)."""
    app = create_app({"TESTING": True}, settings=settings, store=store)
    forwarding.install(app, free_port(), replica_passes_on)
    return app


def test_without_its_writer_a_reader_refuses_writes_in_words_and_still_reads(
    orphaned_reader: Flask,
) -> None:
    client = orphaned_reader.test_client()
    refused = client.post(
        "/submissions/kivra", data=b"<a> <b> <c> .", headers={"Accept": "application/json"}
    )
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    assert "the writer process did not answer" in refused.get_json()["message"]
    assert client.get("/id/kivra", headers={"Accept": "text/turtle"}).status_code == 200


class Recorder(http.server.BaseHTTPRequestHandler):
    """A stand-in writer that answers 204 and keeps the headers it was sent."""

    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Recorder.seen.append(self.headers.get("X-Forwarded-For"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test's output quiet."""


def test_the_writer_is_told_the_client_not_what_the_client_claims(
    settings: Settings, store: OxigraphStore
) -> None:
    writer = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=writer.serve_forever, daemon=True).start()
    app = create_app({"TESTING": True}, settings=settings, store=store)
    forwarding.install(app, writer.server_address[1], replica_passes_on)
    try:
        answer = app.test_client().post(
            "/validate",
            data=b"<a> <b> <c> .",
            headers={"X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        )
    finally:
        writer.shutdown()
        writer.server_close()
    assert answer.status_code == 204
    assert Recorder.seen == ["192.0.2.7"]
