"""Run ``samverkan serve`` in a subprocess on a free port, for tests over a real socket.

Use it from a module-scoped fixture::

    @pytest.fixture(scope="module")
    def server(tmp_path_factory):
        port = free_port()
        store = tmp_path_factory.mktemp("served") / "store"
        build_store(store, base_iri_for(port))  # optional: serve builds an empty store itself
        with running_server(store, port) as live:
            yield live
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from samverkan.config import load_settings
from samverkan.federation import build
from samverkan.storage import OxigraphStore

PROJECT = Path(__file__).resolve().parents[1]
SERVE = (sys.executable, "-m", "samverkan.cli", "serve")
#: Seconds a server may take to build its store and start listening.
STARTUP_SECONDS = 120.0


@dataclass(frozen=True)
class LiveServer:
    """A running server: its base IRI (which is also its address) and its process."""

    base_iri: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def endpoint(self) -> str:
        return self.base_iri + "sparql"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """Send one request on a fresh connection; return status, headers and body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


def free_port() -> int:
    """Return a port that was free a moment ago (bound, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def base_iri_for(port: int) -> str:
    """Return the base IRI under which a server on ``port`` serves its identifiers."""
    return f"http://127.0.0.1:{port}/"


def build_store(path: Path, base_iri: str, extra: Mapping[URIRef, Graph] | None = None) -> None:
    """Build the federation into a new store (as ``samverkan load`` does), add ``extra``."""
    settings = load_settings(
        {"project_dir": PROJECT, "store_path": path, "base_iri": base_iri}, environ={}
    )
    store = OxigraphStore(path)
    try:
        build(store, settings)
        if extra:
            store.replace_graphs(extra)
    finally:
        store.close()


@contextmanager
def running_server(
    store: Path,
    port: int,
    options: Sequence[str] = (),
    *,
    recorded_base: str | None = None,
    settings: Mapping[str, str] | None = None,
    cwd: Path = PROJECT,
) -> Iterator[LiveServer]:
    """Start ``samverkan serve`` on ``store`` and ``port``; stop it on leaving.

    With ``recorded_base``, no base IRI is given: the server takes the one its store records,
    which should be ``recorded_base``. ``settings`` are given as ``SAMVERKAN_*`` variables
    (``{"query_timeout": "2"}``), the only ones the server sees; ``cwd`` is its working
    directory.
    """
    log = store.with_name(store.name + "-server.log")
    with log.open("wb") as output:
        where = ["--store", str(store), "--port", str(port)]
        if recorded_base is None:
            where += ["--base-iri", base_iri_for(port)]
        process = subprocess.Popen(
            [*SERVE, *where, *options],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")},
                **{f"SAMVERKAN_{k.upper()}": v for k, v in (settings or {}).items()},
            },
        )
        server = LiveServer(recorded_base or base_iri_for(port), port, process, log)
        try:
            _wait_until_healthy(server)
            yield server
        finally:
            _stop(process)


def _wait_until_healthy(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server ended early:\n{server.log.read_text()}")
        try:
            if server.request("GET", "/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /health:\n{server.log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt the server (it closes its store), killing it if it does not end."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
