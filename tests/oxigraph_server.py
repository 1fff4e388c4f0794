"""Run Oxigraph's own server (``oxigraph serve``, PyPI ``oxigraph``) on loopback, read-write,
for tests of servers over a remote store::

    with running_oxigraph(tmp_path / "oxigraph") as oxigraph:
        store = oxigraph.store()
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import oxigraph_binary
from live_server import PROJECT, LiveServer, base_iri_for, free_port, running_server
from samverkan.config import load_settings
from samverkan.federation import build
from samverkan.storage.remote import RemoteStore
from samverkan.submissions.credentials import Credentials

#: Seconds Oxigraph may take to open its store and its port.
STARTUP_SECONDS = 30.0


@dataclass(frozen=True)
class Oxigraph:
    """A running ``oxigraph serve``: where to query and where to update."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/update"

    def store(self) -> RemoteStore:
        """Return a store on this server, as ``samverkan serve`` over it opens it."""
        return RemoteStore(self.query_url, self.update_url)

    def settings(self) -> dict[str, str]:
        """Return the settings (``SAMVERKAN_*``) of a server over this store."""
        return {
            "store_kind": "remote",
            "store_query_url": self.query_url,
            "store_update_url": self.update_url,
        }


@contextmanager
def running_oxigraph(directory: Path) -> Iterator[Oxigraph]:
    """Start ``oxigraph serve`` on a new store in ``directory``; stop it on leaving."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(directory / "data")]
    command += ["--bind", f"127.0.0.1:{port}"]
    with (directory / "server.out").open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    oxigraph = Oxigraph(port, process)
    try:
        _wait_until_ready(oxigraph, directory)
        yield oxigraph
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(oxigraph: Oxigraph, directory: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = oxigraph.query_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if oxigraph.process.poll() is not None:
            raise RuntimeError(f"oxigraph ended early:\n{(directory / 'server.out').read_text()}")
        try:
            with urllib.request.urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"oxigraph did not answer within {STARTUP_SECONDS:g} s")


@contextmanager
def samverkan_over_oxigraph(
    work: Path, actor: str
) -> Iterator[tuple[LiveServer, RemoteStore, str]]:
    """Build the federation into an ``oxigraph serve`` in ``work`` and run ``samverkan serve``
    over it; yield the server, the store (which the test reaches as well: its leases hold the
    server's work) and a credential of ``actor``'s."""
    port = free_port()
    with running_oxigraph(work / "oxigraph") as oxigraph:
        store = oxigraph.store()
        settings = load_settings(
            {"project_dir": PROJECT, "store_path": work / "store", "base_iri": base_iri_for(port)},
            environ={},
        )
        build(store, settings)
        token = Credentials(store).create(actor)
        with running_server(work / "store", port, settings=oxigraph.settings()) as live:
            yield live, store, token
