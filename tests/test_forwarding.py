"""Which requests a reader process passes to the writer, and its answer when the writer is
gone. (Forwarding over real sockets is in ``test_workers.py``.)"""

from __future__ import annotations

import pytest
from flask import Flask

from live_server import free_port
from samverkan.config import Settings
from samverkan.storage import OxigraphStore
from samverkan.web import create_app, forwarding
from samverkan.web.forwarding import replica_passes_on, uses_jobs


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
