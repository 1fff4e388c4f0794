"""Run Oxigraph's own server (``oxigraph serve``, PyPI ``oxigraph``) read-write on loopback,
as a remote store for tests::

    with oxigraph_server(tmp_path / "db") as (store, query_url):
        ...
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.servers import oxigraph_binary, stop
from live_server import free_port
from samverkan.storage.remote import RemoteStore

#: Seconds the server may take to open its store and listen.
STARTUP_SECONDS = 60.0


@contextmanager
def oxigraph_server(location: Path) -> Iterator[tuple[RemoteStore, str]]:
    """Serve a store in ``location``; yield a remote store on it and its query URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [oxigraph_binary(), "serve", "--location", str(location)]
    log = location.with_suffix(".log")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}"], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_for(process, f"{base}/query?query=ASK%7B%7D", log)
        yield RemoteStore(f"{base}/query", f"{base}/update"), f"{base}/query"
    finally:
        stop(process)


def _wait_for(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve ended: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"oxigraph serve did not answer within {STARTUP_SECONDS} s")
