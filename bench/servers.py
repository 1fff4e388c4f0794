"""Start the SPARQL servers the benchmark compares, each in its own process on loopback.

- Samverkan: ``samverkan serve`` on the store the benchmark built;
- rdflib: :mod:`bench.rdflib_endpoint` on the same quads;
- Virtuoso: Debian's ``virtuoso-t`` (started by ``tests/virtuoso.py``), the same quads loaded
  with its bulk loader;
- ``oxigraph serve``: Oxigraph's own server (PyPI ``oxigraph``) on the very store files
  Samverkan serves, so the difference is the server's own cost.

Each is a context manager yielding an :class:`Endpoint`, and stops its server on leaving.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
#: Seconds a server may take to read its data and start answering.
STARTUP_SECONDS = 900.0
#: Seconds a query may run on our server before it gives up (its default is 10).
QUERY_TIMEOUT = 300
#: Seconds a query may run on the rdflib endpoint (some take hours at 1 M).
RDFLIB_TIMEOUT = 30


@dataclass(frozen=True)
class Endpoint:
    """A running SPARQL server: where it listens, its process, and how long it took to load."""

    name: str
    port: int
    pid: int
    load_seconds: float | None = None
    path: str = "/sparql"


def free_port() -> int:
    """Return a loopback port that was free a moment ago (bound, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def samverkan(
    store: Path,
    base_iri: str,
    log: Path,
    options: Sequence[str] = (),
    settings: Mapping[str, str] | None = None,
) -> Iterator[Endpoint]:
    """Serve ``store`` (already built, inferences included) with ``samverkan serve``, given
    ``options`` besides (``--workers 3``, say) and ``settings`` (``{"store_kind": "remote",
    …}``, passed as ``SAMVERKAN_*``)."""
    port = free_port()
    command = [sys.executable, "-m", "samverkan.cli", "serve", "--store", str(store)]
    command += ["--port", str(port), "--base-iri", base_iri]
    command += ["--query-timeout", str(QUERY_TIMEOUT), *options]
    with _process(command, log, settings) as process:
        _wait_for(process, port, "/health", log)
        yield Endpoint("Samverkan", port, process.pid)


@contextmanager
def rdflib(data: Path, log: Path) -> Iterator[Endpoint]:
    """Serve the N-Quads file ``data`` from rdflib's memory store."""
    port = free_port()
    command = [sys.executable, "-m", "bench.rdflib_endpoint", "--data", str(data)]
    command += ["--port", str(port), "--timeout", str(RDFLIB_TIMEOUT)]
    with _process(command, log) as process:
        _wait_for(process, port, "/health", log)
        found = re.search(r"loaded in ([\d.]+) s", log.read_text())
        yield Endpoint("rdflib", port, process.pid, float(found[1]) if found else None)


@contextmanager
def virtuoso(data: Path, directory: Path) -> Iterator[Endpoint]:
    """Start Virtuoso with a new database in ``directory`` and bulk-load ``data`` into it."""
    if str(PROJECT / "tests") not in sys.path:
        sys.path.append(str(PROJECT / "tests"))
    from virtuoso import ISQL, running_virtuoso  # type: ignore[import-not-found]

    with running_virtuoso(directory) as server:
        target = directory / "data"
        target.mkdir(exist_ok=True)
        shutil.copyfile(data, target / "served.nq")
        started = time.perf_counter()
        statements = (
            f"ld_dir('{target}', 'served.nq', 'urn:x-bench:default'); rdf_loader_run(); checkpoint;"
        )
        command = [ISQL, f"127.0.0.1:{server.isql_port}", "dba", "dba", f"exec={statements}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=STARTUP_SECONDS)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"Virtuoso's bulk loader failed:\n{done.stdout}\n{done.stderr}")
        seconds = time.perf_counter() - started
        yield Endpoint("Virtuoso", server.http_port, server.process.pid, seconds)


@contextmanager
def oxigraph_serve(store: Path, log: Path) -> Iterator[Endpoint]:
    """Serve the store files ``store`` with Oxigraph's own server (PyPI ``oxigraph``, the
    version of pyoxigraph), read-only, with the union of the graphs as default graph, as
    Samverkan queries it: the engine alone, behind its own HTTP server."""
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only", "--location", str(store)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    command += ["--timeout-s", str(QUERY_TIMEOUT)]
    with _process(command, log) as process:
        _wait_for(process, port, "/query?query=ASK%7B%7D", log)
        yield Endpoint("oxigraph serve", port, process.pid, path="/query")


def oxigraph_binary() -> str:
    """Return the ``oxigraph`` program of this environment, installing it (the version of
    pyoxigraph, with pip) when it is missing."""
    beside = Path(sys.executable).with_name("oxigraph")
    if not beside.exists():
        version = metadata.version("pyoxigraph")
        install = [sys.executable, "-m", "pip", "install", "-q", f"oxigraph=={version}"]
        subprocess.run(install, check=True, timeout=STARTUP_SECONDS)
    return str(beside)


def virtuoso_installed() -> bool:
    """Say whether Debian's Virtuoso is installed."""
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


@contextmanager
def oxigraph_read_write(location: Path, log: Path) -> Iterator[Endpoint]:
    """Serve the store files ``location`` with ``oxigraph serve``, read-write: the store
    that stateless Samverkan servers share (:mod:`bench.workers`)."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}"]
    with _process(command, log) as process:
        _wait_for(process, port, "/query?query=ASK%7B%7D", log)
        yield Endpoint("oxigraph serve", port, process.pid, path="/query")


@contextmanager
def _process(
    command: list[str], log: Path, settings: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` from the project folder, output to ``log``, with ``settings`` as
    ``SAMVERKAN_*`` (and no other); interrupt it on leaving."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    env |= {f"SAMVERKAN_{k.upper()}": v for k, v in (settings or {}).items()}
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT), env.get("PYTHONPATH", "")])
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=PROJECT, env=env
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt ``process`` (servers close their stores), killing it if it does not end."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(process: subprocess.Popen[bytes], port: int, path: str, log: Path) -> None:
    """Wait until ``path`` answers 200, or raise with the server's log."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server ended early:\n{log.read_text()[-3000:]}")
        if _status(port, path) == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {path}:\n{log.read_text()[-3000:]}")


def _status(port: int, path: str) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


@dataclass(frozen=True)
class Memory:
    """Resident memory of a server process (now and at its peak) and of its children, in MB."""

    rss: float
    peak: float
    children: float


def memory(pid: int) -> Memory:
    """Read the resident set sizes of ``pid`` and its descendants from /proc."""
    status = _status_fields(pid)
    children = sum(_status_fields(child).get("VmRSS", 0.0) for child in _descendants(pid))
    return Memory(status.get("VmRSS", 0.0), status.get("VmHWM", 0.0), children)


def _status_fields(pid: int) -> dict[str, float]:
    """Return the memory fields of /proc/PID/status in MB."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    fields = {}
    for line in lines:
        name, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def _descendants(pid: int) -> list[int]:
    """Return every process below ``pid`` (children, their children, ...)."""
    found: list[int] = []
    frontier = [pid]
    while frontier and len(found) < 1000:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                children = [int(c) for c in task.read_text().split()]
            except OSError:
                continue
            found += children
            frontier += children
    return found
