"""Behind a real caching proxy: Debian's nginx, with proxy_cache, in front of a real server.

The test writes an nginx.conf of its own, as the README's Caching section shows it (a cache
in a temporary folder, a free port on loopback, ``proxy_cache_revalidate on``, and
``proxy_ignore_headers Cache-Control`` so that nginx goes by the server's
``X-Accel-Expires``: see samverkan.web.common.caching), and starts ``samverkan serve`` behind it.
Every answer says how the proxy served it (``X-Cache-Status``) and what the server answered
(``X-Upstream-Status``): a repeated read is served from the proxy's cache after the server
answered only a 304 with no body, and after an accepted submission, sent through the proxy or
straight to the server, the next read through the proxy has the new content and a new ETag.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.storage import GraphLayout, OxigraphStore
from tokens import token_for

KIVRA = "kivra"
TURTLE = {"Accept": "text/turtle"}
#: Seconds nginx may take to start listening.
STARTUP_SECONDS = 30.0

CONFIG = """\
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
  access_log {folder}/access.log;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  proxy_cache_path {folder}/cache keys_zone=samverkan:1m;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://127.0.0.1:{backend};
      proxy_set_header Host $http_host;
      proxy_cache samverkan;
      proxy_cache_revalidate on;
      proxy_ignore_headers Cache-Control;
      add_header X-Cache-Status $upstream_cache_status always;
      add_header X-Upstream-Status $upstream_status always;
    }}
  }}
}}
"""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass(frozen=True)
class Proxied:
    """A server behind nginx: the server, the proxy's port, a credential for Kivra."""

    server: LiveServer
    port: int
    token: str
    kivra: Graph

    def get(self, path: str, headers: Mapping[str, str] = TURTLE) -> Answer:
        return self.send("GET", path, headers=headers)

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] = TURTLE,
        *,
        direct: bool = False,
    ) -> Answer:
        """Send a request through the proxy (or ``direct`` to the server)."""
        port = self.server.port if direct else self.port
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=dict(headers))
            response = connection.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()

    def submit(self, description: str, *, direct: bool) -> Answer:
        """Submit Kivra's part with a new English description."""
        part = Graph() + self.kivra
        kivra = GraphLayout(self.server.base_iri).actor_iri(KIVRA)
        part.remove((kivra, DCTERMS.description, None))
        part.add((kivra, DCTERMS.description, Literal("Digital brevlåda.", lang="sv")))
        part.add((kivra, DCTERMS.description, Literal(description, lang="en")))
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "text/turtle",
            "Accept": "application/json",
        }
        body = part.serialize(format="turtle", encoding="utf-8")
        return self.send("POST", f"/submissions/{KIVRA}", body, headers, direct=direct)


def nginx_binary() -> str:
    """Return Debian's nginx (tests/run installs it), failing the test where it is missing."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        pytest.fail("these tests need Debian's nginx: apt-get install nginx (tests/run does)")
    return found


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    backend = free_port()
    store = tmp_path_factory.mktemp("proxied") / "store"
    build_store(store, base_iri_for(backend))
    opened = OxigraphStore(store)
    try:
        kivra = opened.graph(GraphLayout(base_iri_for(backend)).actor(KIVRA))
    finally:
        opened.close()
    token = token_for(store, KIVRA)
    with (
        running_server(store, backend) as server,
        running_nginx(tmp_path_factory.mktemp("nginx"), backend) as port,
    ):
        yield Proxied(server, port, token, kivra)


@contextmanager
def running_nginx(folder: Path, backend: int) -> Iterator[int]:
    """Start nginx with the test's configuration on a free port; yield it; stop nginx."""
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(CONFIG.format(folder=folder, port=port, backend=backend))
    log = folder / "error.log"
    command = [nginx_binary(), "-e", str(log), "-p", str(folder), "-c", str(config)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(process, port, log)
        yield port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx ended early:\n{log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not listen on port {port}")


READS = [
    ("/id/kivra", TURTLE),
    ("/", {"Accept": "text/html", "Accept-Language": "sv"}),
    ("/catalog", TURTLE),
    ("/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), {}),
    ("/queries/concepts-without-information", {}),
    ("/.well-known/void", TURTLE),
]


@pytest.mark.parametrize(("path", "headers"), READS)
def test_repeated_reads_are_served_by_the_proxy(
    proxied: Proxied, path: str, headers: Mapping[str, str]
) -> None:
    first = proxied.get(path, headers)
    assert first.status == 200, first.body[:300]
    assert first.header("X-Cache-Status") in {"MISS", "REVALIDATED", "EXPIRED"}
    assert first.header("X-Accel-Expires") is None  # nginx's own header stays with nginx
    for _ in range(3):
        again = proxied.get(path, headers)
        assert again.status == 200
        assert again.body == first.body
        assert again.header("ETag") == first.header("ETag")
        # The body came from the proxy's cache; the server answered a 304, with no body.
        assert again.header("X-Cache-Status") == "REVALIDATED"
        assert again.header("X-Upstream-Status") == "304"


@pytest.mark.parametrize("direct", [False, True], ids=["through-the-proxy", "to-the-server"])
def test_after_an_accepted_submission_the_proxy_serves_the_new_answer(
    proxied: Proxied, direct: bool
) -> None:
    before = proxied.get("/id/kivra")
    cached = proxied.get("/id/kivra")
    assert cached.header("X-Cache-Status") == "REVALIDATED"
    text = f"A digital mailbox, submitted {'directly' if direct else 'through the proxy'}."
    assert text.encode() not in before.body
    accepted = proxied.submit(text, direct=direct)
    assert accepted.status in {200, 201}, accepted.body[:500]
    assert accepted.header("Cache-Control") == "private, no-store"
    after = proxied.get("/id/kivra")
    assert after.status == 200
    assert text.encode() in after.body
    assert after.header("ETag") != before.header("ETag")
    assert after.header("X-Upstream-Status") == "200"  # asked again, the server sent it anew
    again = proxied.get("/id/kivra")
    assert again.body == after.body
    assert again.header("X-Cache-Status") == "REVALIDATED"


def test_static_files_by_hashed_name_are_hits(proxied: Proxied) -> None:
    page = proxied.get("/", {"Accept": "text/html"}).body.decode()
    start = page.index("/static/samverkan.css?v=")
    url = page[start : page.index('"', start)]
    first = proxied.get(url, {"Accept-Encoding": "gzip"})
    assert first.status == 200
    assert first.header("Content-Encoding") == "gzip"
    again = proxied.get(url, {"Accept-Encoding": "gzip"})
    assert again.header("X-Cache-Status") == "HIT"  # immutable: not even a 304 asked for
    assert again.body == first.body


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/health", {}), ("/", {"Accept": "text/html", "Authorization": "Bearer not-a-token"})],
)
def test_private_answers_are_never_kept(
    proxied: Proxied, path: str, headers: Mapping[str, str]
) -> None:
    for _ in range(2):
        answer = proxied.get(path, headers)
        assert answer.header("Cache-Control") == "private, no-store"
        # The server sent the whole answer each time (MISS, or EXPIRED where the proxy holds
        # the public answer at the same address): nothing of it was kept or reused.
        assert answer.header("X-Cache-Status") in {"MISS", "EXPIRED"}
        assert answer.header("X-Upstream-Status") == "200"
