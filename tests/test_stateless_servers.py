"""Two ``samverkan serve`` processes over one store, sharing nothing else (issue 14 point 5).

For each store a real server holds (``oxigraph serve``, and Virtuoso), both started here,
two server processes A and B run over it, each in its own empty working directory: no
folder is shared. Credentials, locks and jobs live in the store (:mod:`samverkan.state`), so
a credential made once is accepted by both, a submission to A is read from B, concurrent
submissions of one actor to A and B land one after the other, a job started on A is
followed, cancelled and read on B, and a third server killed (SIGKILL) in the middle of a
job leaves nothing behind: B reports the job failed, the lock it held lapses, and every
version accepted before is intact.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from live_server import PROJECT, LiveServer, free_port, running_server
from oxigraph_server import running_oxigraph
from samverkan.cli import main
from samverkan.config import load_settings
from samverkan.federation import build
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.state.leases import Leases
from samverkan.state.records import ST, Records, integer
from samverkan.storage import GraphLayout
from samverkan.storage.base import Store
from samverkan.storage.endpoint import VIRTUOSO
from samverkan.storage.remote import RemoteStore
from samverkan.submissions.credentials import Credentials
from samverkan.submissions.versions import read_history
from virtuoso import USER, installed, running_virtuoso

BASE = "http://samverkan.test/"
KIVRA = "kivra"
#: A short lease, so that a killed server's claims lapse within the test.
LEASE = 4
PATIENCE = 120
JSON = {"Accept": "application/json"}


@dataclass
class Cluster:
    """Two servers over one store, the store as the test reaches it, and its settings."""

    name: str
    a: LiveServer
    b: LiveServer
    store: Store
    settings: dict[str, str]
    work: Path

    def token(self) -> str:
        return Credentials(self.store).create(KIVRA)


def _oxigraph(work: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    with running_oxigraph(work / "oxigraph") as oxigraph:
        yield oxigraph.store(), oxigraph.settings()


def _virtuoso(work: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    assert installed(), "Virtuoso is not installed (apt-get install virtuoso-opensource)"
    with running_virtuoso(work / "virtuoso") as virtuoso:
        store = RemoteStore(
            virtuoso.query_url, virtuoso.update_url, 60.0, USER, virtuoso.password, VIRTUOSO
        )
        yield store, virtuoso.settings()


BACKENDS = {"oxigraph": _oxigraph, "virtuoso": _virtuoso}


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def cluster(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    work = tmp_path_factory.mktemp(f"stateless-{request.param}")
    with ExitStack() as stack:
        store, settings = stack.enter_context(contextmanager(BACKENDS[request.param])(work))
        built = load_settings(
            {"project_dir": PROJECT, "store_path": work / "builder" / "store", "base_iri": BASE},
            environ={},
        )
        build(store, built)
        settings = {**settings, "lease_seconds": str(LEASE)}
        a, b = (stack.enter_context(server(work, name, settings)) for name in ("a", "b"))
        yield Cluster(request.param, a, b, store, settings, work)


@contextmanager
def server(work: Path, name: str, settings: dict[str, str]) -> Iterator[LiveServer]:
    """Start a server over the cluster's store in an empty working directory of its own."""
    own = work / f"server-{name}"
    own.mkdir()
    with running_server(
        own / "store", free_port(), recorded_base=BASE, settings=settings, cwd=own
    ) as live:
        yield live


def kivra_part(description: str) -> bytes:
    """Return Kivra's part as committed, with an English description of its own."""
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), BASE)
    kivra = GraphLayout(BASE).actor_iri(KIVRA)
    part.remove((kivra, DCTERMS.description, None))
    part.add((kivra, DCTERMS.description, Literal(description, lang="en")))
    part.add((kivra, DCTERMS.description, Literal("Digital brevlåda.", lang="sv")))
    return part.serialize(format="nt", encoding="utf-8")


def submit(
    live: LiveServer, token: str, body: bytes, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """Send Kivra's part; return the status, the headers (names in lower case), the body."""
    status, answered, text = live.request(
        "POST",
        f"/submissions/{KIVRA}",
        body,
        {
            "Content-Type": "application/n-triples",
            "Authorization": f"Bearer {token}",
            **JSON,
            **headers,
        },
    )
    return status, {k.lower(): v for k, v in answered.items()}, text


def history(cluster: Cluster) -> list[tuple[int, str]]:
    """Return Kivra's versions as the store records them: (number, content hash)."""
    layout = GraphLayout(BASE)
    graph = cluster.store.graph(layout.history(KIVRA))
    return [(v.number, v.content_hash) for v in read_history(graph, layout, KIVRA)]


def served_history(live: LiveServer) -> Graph:
    status, _, body = live.request("GET", f"/id/{KIVRA}/versions.nt")
    assert status == 200, body[:300]
    return Graph().parse(data=body, format="nt")


def job_state(live: LiveServer, job: str) -> dict[str, Any]:
    status, _, body = live.request("GET", f"{job}?lang=en", None, JSON)
    assert status == 200, body[:300]
    document: dict[str, Any] = json.loads(body)
    return document


def until(live: LiveServer, job: str, holds: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + PATIENCE
    found = job_state(live, job)
    while time.monotonic() < deadline:
        found = job_state(live, job)
        if holds(found):
            return found
        time.sleep(0.1)
    raise AssertionError(f"the job did not get there: {found}")


def start_job(live: LiveServer, token: str, body: bytes) -> str:
    status, headers, answer = submit(live, token, body, Prefer="respond-async")
    assert status == 202, answer[:300]
    return headers["location"]


def cli(cluster: Cluster, *arguments: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``samverkan`` with the servers' settings (as an operator on a third machine)."""
    environ = {f"SAMVERKAN_{k.upper()}": v for k, v in cluster.settings.items()}
    environ["SAMVERKAN_BASE_IRI"] = BASE
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environ.items():
            patch.setenv(name, value)
        patch.chdir(cluster.work)
        assert main(list(arguments)) == 0
    return capsys.readouterr().out


def test_a_credential_made_once_is_accepted_by_both_and_revoked_for_both(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    token = cli(cluster, "credentials", "add", KIVRA, capsys=capsys).strip()
    body = kivra_part(f"Kivra, through A and B ({cluster.name}).")
    first, _, answer = submit(cluster.a, token, body)
    assert first == 201, answer[:300]
    again, _, answer = submit(cluster.b, token, body)
    assert again == 200 and json.loads(answer)["unchanged"] is True  # B knows the token
    key_id = token.split("_")[1]
    assert key_id in cli(cluster, "credentials", "list", capsys=capsys)
    cli(cluster, "credentials", "revoke", key_id, capsys=capsys)
    for live in (cluster.a, cluster.b):
        status, headers, _ = submit(live, token, body)
        assert status == 401 and 'error="invalid_token"' in headers["www-authenticate"]


def test_a_submission_to_a_is_read_from_b(cluster: Cluster) -> None:
    token = cluster.token()
    description = f"Kivra, submitted to A, read from B ({cluster.name})."
    status, headers, answer = submit(cluster.a, token, kivra_part(description))
    assert status == 201, answer[:300]
    version = URIRef(headers["location"])
    status, _, part = cluster.b.request("GET", f"/id/{KIVRA}.nt")
    assert status == 200 and description.encode() in part
    assert (version, None, None) in served_history(cluster.b)


def test_a_version_accepted_on_a_has_its_report_and_content_on_b(cluster: Cluster) -> None:
    """The version's report and its archived content live in the store: B, which holds no
    file of A's, shows the report and rolls Kivra back to that version."""
    token = cluster.token()
    kept = f"Kivra, to be restored through B ({cluster.name})."
    status, _, answer = submit(cluster.a, token, kivra_part(kept))
    assert status == 201, answer[:300]
    number = json.loads(answer)["number"]
    status, _, answer = submit(cluster.a, token, kivra_part(f"Kivra, later ({cluster.name})."))
    assert status == 201, answer[:300]
    path = f"/id/{KIVRA}/version/{number}/report?lang=en"
    status, _, page = cluster.b.request("GET", path, None, {"Accept": "text/html"})
    assert status == 200 and f"Report of version {number}".encode() in page, page[:300]
    status, _, answer = cluster.b.request(
        "POST",
        f"/submissions/{KIVRA}/rollback/{number}",
        b"",
        {"Authorization": f"Bearer {token}", **JSON},
    )
    assert status == 201, answer[:300]
    rolled = json.loads(answer)
    assert rolled["activity"] == "rollback"
    assert rolled["derivedFrom"].endswith(f"/id/{KIVRA}/version/{number}")
    status, _, part = cluster.a.request("GET", f"/id/{KIVRA}.nt")
    assert status == 200 and kept.encode() in part


def test_concurrent_submissions_of_one_actor_to_a_and_b_both_land(cluster: Cluster) -> None:
    token = cluster.token()
    before = history(cluster)
    answers: dict[str, tuple[int, dict[str, Any]]] = {}

    def send(name: str, live: LiveServer) -> None:
        status, _, body = submit(live, token, kivra_part(f"Kivra, at once, via {name}."))
        answers[name] = (status, json.loads(body))

    senders = [
        threading.Thread(target=send, args=(name, live))
        for name, live in (("A", cluster.a), ("B", cluster.b))
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert [answers[name][0] for name in "AB"] == [201, 201], answers
    numbers = sorted(answers[name][1]["number"] for name in "AB")
    latest = before[-1][0]
    assert numbers == [latest + 1, latest + 2]  # distinct, one after the other
    after = history(cluster)
    assert after[: len(before)] == before  # nothing lost
    assert [n for n, _ in after[len(before) :]] == numbers
    first, second = sorted((answers[name][1] for name in "AB"), key=lambda a: a["number"])
    assert second["replaces"] == first["version"]  # the later one saw the earlier one


def test_a_job_started_on_a_is_followed_and_read_on_b(cluster: Cluster) -> None:
    token = cluster.token()
    description = f"Kivra, as a job started on A ({cluster.name})."
    job = start_job(cluster.a, token, kivra_part(description))
    done = until(cluster.b, job, lambda s: s["state"] == "finished")
    assert (done["status"], done["phase"]) == (201, "finished")
    status, headers, answer = cluster.b.request("GET", done["result"], None, JSON)
    assert status == 201 and json.loads(answer)["actor"] == KIVRA
    assert URIRef({k.lower(): v for k, v in headers.items()}["location"]) in set(
        served_history(cluster.a).subjects()
    )
    status, _, html = cluster.b.request("GET", done["result"], None, {"Accept": "text/html"})
    assert status == 201 and b"<html" in html.lower()


def test_a_job_on_a_is_cancelled_through_b(cluster: Cluster) -> None:
    token = cluster.token()
    before = history(cluster)
    with Leases(cluster.store, LEASE).hold(f"actor:{KIVRA}"):  # the job waits for Kivra's turn
        job = start_job(cluster.a, token, kivra_part(f"Kivra, cancelled ({cluster.name})."))
        until(cluster.b, job, lambda s: s["phase"] == "sovereignty")
        status, _, answer = cluster.b.request("POST", f"{job}/cancel", b"", JSON)
        assert status == 202 and json.loads(answer)["cancelled"] is True, answer[:300]
    done = until(cluster.a, job, lambda s: s["state"] == "finished")
    assert (done["status"], done["phase"]) == (409, "cancelled")
    status, _, result = cluster.b.request("GET", done["result"] + "?lang=en", None, JSON)
    assert status == 409 and "nothing was changed" in json.loads(result)["message"]
    assert history(cluster) == before


def test_a_server_killed_in_the_middle_of_a_job_loses_nothing(cluster: Cluster) -> None:
    token = cluster.token()
    before = history(cluster)
    assert before, "the earlier tests accepted versions"
    writer = Leases(cluster.store, LEASE)
    # C's job takes Kivra's lock, then waits for the writer's, which the test holds.
    with server(cluster.work, "c", cluster.settings) as c, writer.hold("writer"):
        job = start_job(c, token, kivra_part(f"Kivra, killed ({cluster.name})."))
        until(cluster.b, job, lambda s: s["phase"] in ("validating", "inferring"))
        c.process.send_signal(signal.SIGKILL)
        c.process.wait()
    failed = until(cluster.b, job, lambda s: s["state"] == "finished")
    assert (failed["status"], failed["phase"]) == (500, "failed")
    status, _, answer = cluster.b.request("GET", failed["result"] + "?lang=en", None, JSON)
    assert status == 500 and "stopped before it finished" in json.loads(answer)["message"]
    assert history(cluster) == before  # C stored nothing, and everything before is there
    # The lock C held lapses: Kivra's next submission lands, through B.
    status, _, answer = submit(cluster.b, token, kivra_part(f"Kivra, after C ({cluster.name})."))
    assert status == 201, answer[:300]
    assert json.loads(answer)["number"] == before[-1][0] + 1
    assert history(cluster)[: len(before)] == before


def test_leases_let_one_holder_in_at_a_time(cluster: Cluster) -> None:
    """Contenders in threads, each with leases of its own (as separate processes have), take
    one lock in turn: none finds another inside, and no increment of a counter is lost."""
    records = Records(cluster.store, "locks")
    counter = records.subject("test-counter")
    records.set(counter, {ST.tally: integer(0)})
    inside, overlaps = [0], [0]
    guard = threading.Lock()

    def contend() -> None:
        leases = Leases(cluster.store, LEASE)
        for _ in range(3):
            with leases.hold("test-counter"):
                with guard:
                    inside[0] += 1
                    overlaps[0] += inside[0] > 1
                found = records.read(counter)
                assert found is not None
                records.set(counter, {ST.tally: integer((found.number(ST.tally) or 0) + 1)})
                with guard:
                    inside[0] -= 1

    contenders = [threading.Thread(target=contend) for _ in range(4)]
    for contender in contenders:
        contender.start()
    for contender in contenders:
        contender.join()
    found = records.read(counter)
    assert found is not None and found.number(ST.tally) == 12
    assert overlaps == [0]
    records.remove([counter])
