"""Issue 13's attacks on input against a real server: status, time and peak memory of each.

Run ``python bench/attacks_input.py`` (about 3 to 5 minutes on 2 cores). It builds the example
federation into a fresh store, starts ``samverkan serve`` on it with the default settings,
and sends each attack in turn, printing a Markdown table: the answer's status, the seconds it
took, and the peak resident memory (RSS) of the server plus all its child processes (parse
children, the validation worker, query workers), sampled from ``/proc`` every 20 ms while the
attack runs, against the ceiling of issue 13 (1.5 GB). The last line says whether the server
still answers ``/health``.

This is a benchmark, not a test: it prints what it measures and asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

if __package__ in {None, ""}:  # run as a script: python bench/attacks_input.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import hostile
from bench.servers import _descendants, _status_fields, free_port, stop
from samverkan.config import load_settings
from samverkan.federation import build
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import OxigraphStore
from samverkan.submissions.credentials import Credentials

PROJECT = Path(__file__).resolve().parents[1]
CEILING_MB = 1536
SAMPLE_SECONDS = 0.02
ACTOR = "kivra"

Answer = tuple[int, bytes]


@dataclass(frozen=True)
class Server:
    """A running server: its port, its process and Kivra's credential."""

    port: int
    process: subprocess.Popen[bytes]
    token: str

    @property
    def base_iri(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] = {},
        client: str = "127.0.0.1",
    ) -> Answer:
        """Send one request on a fresh connection from address ``client`` (any address of
        127.0.0.0/8 is this machine); return the status and the body."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=600, source_address=(client, 0)
        )
        try:
            connection.request(method, path, body=body, headers=dict(headers))
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@dataclass(frozen=True)
class Measured:
    """What one attack got: its status (or statuses), seconds, and peak memory in MB."""

    attack: str
    status: str
    seconds: float
    peak_mb: float


def total_rss(pid: int) -> float:
    """Return the resident memory of ``pid`` and its descendants, in MB."""
    pids = [pid, *_descendants(pid)]
    return sum(_status_fields(p).get("VmRSS", 0.0) for p in pids)


@contextmanager
def peak_memory(pid: int) -> Iterator[list[float]]:
    """Sample the memory of ``pid`` and its children until leaving; yield [peak]."""
    peak = [total_rss(pid)]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            peak[0] = max(peak[0], total_rss(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


def measure(server: Server, attack: str, send: Callable[[], str]) -> Measured:
    """Run ``send`` (which returns the status it got) while sampling memory."""
    started = time.monotonic()
    with peak_memory(server.process.pid) as peak:
        status = send()
    return Measured(attack, status, time.monotonic() - started, peak[0])


def body_attacks(server: Server) -> Iterator[tuple[str, Callable[[], str]]]:
    """Yield the document attacks, each at /validate and as Kivra's submission."""
    bodies = {**hostile.BODIES, "Turtle, 1 000 services (pySHACL's cost)": _services()}
    for name, (body, media_type) in bodies.items():
        for target in ("/validate", f"/submissions/{ACTOR}"):
            headers = {"Content-Type": media_type, "Authorization": f"Bearer {server.token}"}
            yield (
                f"{name} at {target}",
                lambda t=target, b=body, h=headers: str(server.request("POST", t, b, h)[0]),
            )


def _services() -> tuple[bytes, str]:
    return hostile.many_services(), hostile.TURTLE


def query_attacks(server: Server) -> Iterator[tuple[str, Callable[[], str]]]:
    """Yield the query attacks: cartesian ORDER BY, six slow queries at once, a NUL byte."""
    cartesian = "/sparql?query=" + quote(hostile.CARTESIAN_ORDER_BY)
    yield "cartesian ORDER BY at /sparql", lambda: str(server.request("GET", cartesian)[0])
    yield "6 slow queries at once, and a trivial one", lambda: _six_slow(server)
    yield "NUL byte in /sparql?query=", lambda: str(server.request("GET", "/sparql?query=%00")[0])
    yield "NUL byte in /search?q=", lambda: str(server.request("GET", "/search?q=%00")[0])
    yield "Host: evil.example at /sparql", lambda: _host(server)
    yield "16 anonymous validation jobs, then a submission", lambda: _jobs(server)


def _six_slow(server: Server) -> str:
    """Start six slow queries from one client, then time a trivial one from another; return
    their statuses and its time (the fair shares refuse the attacker's queries beyond its own
    share with 429, and keep a query worker free for other clients)."""
    slow = "/sparql?query=" + quote(hostile.SLOW_QUERY)
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(server.request("GET", slow)[0]))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    started = time.monotonic()
    trivial = server.request("GET", "/sparql?query=" + quote("ASK {}"), client="127.0.0.2")[0]
    waited = time.monotonic() - started
    for thread in threads:
        thread.join()
    return f"slow {sorted(statuses)}; trivial {trivial} in {waited:.2f} s"


def _host(server: Server) -> str:
    status, body = server.request("GET", "/sparql", headers={"Host": "evil.example"})
    return f"{status}, {'reflected' if b'evil.example' in body else 'not reflected'}"


def _jobs(server: Server) -> str:
    body, media_type = _services()
    headers = {"Content-Type": media_type, "Prefer": "respond-async"}
    statuses = [server.request("POST", "/validate", body, headers)[0] for _ in range(16)]
    part = to_deployment(parse_file(PROJECT / "data" / f"{ACTOR}.ttl"), server.base_iri)
    kivra = part.serialize(format="nt", encoding="utf-8")
    own = {"Content-Type": "application/n-triples", "Authorization": f"Bearer {server.token}"}
    submitted = server.request("POST", f"/submissions/{ACTOR}", kivra, own)[0]
    return f"jobs {sorted(set(statuses))}; submission {submitted}"


@contextmanager
def running(work: Path, environment: Mapping[str, str]) -> Iterator[Server]:
    """Build the federation into a store under ``work`` and serve it."""
    port = free_port()
    base_iri = f"http://127.0.0.1:{port}/"
    store_path = work / "store"
    settings = load_settings(
        {"project_dir": PROJECT, "store_path": store_path, "base_iri": base_iri}, environ={}
    )
    store = OxigraphStore(store_path)
    try:
        build(store, settings)
        token = Credentials(store).create(ACTOR)
    finally:
        store.close()
    command = [sys.executable, "-m", "samverkan.cli", "serve", "--store", str(store_path)]
    command += ["--port", str(port), "--base-iri", base_iri]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    with (work / "server.log").open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT, env={**env, **environment}
        )
    server = Server(port, process, token)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        stop(process)


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if server.request("GET", "/health")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /health")


def table(results: list[Measured]) -> str:
    """Return the measurements as a Markdown table."""
    lines = [
        "| attack | status | seconds | peak RSS, server + children (MB) | under 1.5 GB |",
        "|---|---|---:|---:|---|",
    ]
    for m in results:
        under = "yes" if m.peak_mb < CEILING_MB else "**no**"
        lines.append(f"| {m.attack} | {m.status} | {m.seconds:.2f} | {m.peak_mb:.0f} | {under} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run every attack and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--validation-seconds",
        type=float,
        help="the server's time limit on one validation (default: the server's, 60 s)",
    )
    parser.add_argument(
        "--only", metavar="WORDS", help="run only the attacks whose name holds WORDS"
    )
    args = parser.parse_args(argv)
    environment = {}
    if args.validation_seconds is not None:
        environment["SAMVERKAN_VALIDATION_SECONDS"] = str(args.validation_seconds)
    with tempfile.TemporaryDirectory() as folder, running(Path(folder), environment) as server:
        attacks = [*body_attacks(server), *query_attacks(server)]
        chosen = [(n, send) for n, send in attacks if not args.only or args.only in n]
        results = [measure(server, name, send) for name, send in chosen]
        health = server.request("GET", "/health")[0]
        print(table(results))
        alive = server.process.poll() is None
        print(f"\n/health after the attacks: {health}; server running: {alive}")


if __name__ == "__main__":
    main()
