"""Long work over a real socket: a job tells phase after phase, with counts within a phase
and how long it has run, and a cancel before the commit point changes nothing.

The actor's and the store's locks (leases in the store, which the server runs over: an
``oxigraph serve`` that this test reaches as well) hold the job at a known step, so that
each state is seen for certain, not by luck of timing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from live_server import (
    PROJECT,
    LiveServer,
)
from oxigraph_server import samverkan_over_oxigraph
from samverkan.errors import CancelRefusedError
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.state.jobs import JobRecords
from samverkan.state.leases import Leases
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.storage.base import Store
from samverkan.submissions.archive import Archive
from samverkan.submissions.locks import Locks
from samverkan.web.submissions.jobs import Job, cancel_job

PATIENCE = 60
NOTES = 12_000


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Store, str]]:
    with samverkan_over_oxigraph(tmp_path_factory.mktemp("jobs"), "kivra") as served:
        yield served


def kivra_with_notes(live: LiveServer, tag: str) -> bytes:
    """Return Kivra's part as committed, with many notes on Kivra: a big submission."""
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), live.base_iri)
    kivra = GraphLayout(live.base_iri).actor_iri("kivra")
    for n in range(NOTES):
        part.add((kivra, RDFS.comment, Literal(f"Note {n} ({tag}).", lang="en")))
    return part.serialize(format="nt", encoding="utf-8")


def start(live: LiveServer, body: bytes, token: str) -> str:
    status, headers, answer = live.request(
        "POST",
        "/submissions/kivra",
        body,
        {
            "Content-Type": "application/n-triples",
            "Authorization": f"Bearer {token}",
            "Prefer": "respond-async",
            "Accept": "application/json",
        },
    )
    assert status == 202, answer[:300]
    return headers["Location"]


def state(live: LiveServer, job: str) -> dict[str, Any]:
    status, _, body = live.request("GET", f"{job}?lang=en", None, {"Accept": "application/json"})
    assert status == 200, body[:300]
    document: dict[str, Any] = json.loads(body)
    return document


def until(live: LiveServer, job: str, holds: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = state(live, job)
        if holds(found):
            return found
        time.sleep(0.05)
    raise AssertionError(f"the job did not get there: {found}")


def snapshot(live: LiveServer) -> tuple[bytes, bytes]:
    """Return Kivra's part and history as served."""
    return live.request("GET", "/id/kivra.nt")[2], live.request("GET", "/id/kivra/versions.nt")[2]


def test_a_job_tells_distinct_progress_states_then_its_answer(
    served: tuple[LiveServer, Store, str],
) -> None:
    live, store, token = served
    locks = Locks(Leases(store))
    body = kivra_with_notes(live, "followed")
    with locks.writer():
        with locks.actor("kivra"):
            job = start(live, body, token)
            held = until(live, job, lambda s: s["phase"] == "sovereignty")
            later = until(live, job, lambda s: s["elapsed"] > held["elapsed"])
        validated = until(live, job, lambda s: s["phase"] == "validating")
    done = until(live, job, lambda s: s["state"] == "finished")
    assert held["detail"] == f"0 of {held['total']} items" and held["total"] >= 1
    assert held["cancel"] == f"{job}/cancel"
    assert later["phase"] == "sovereignty" and later["elapsed"] > held["elapsed"]
    assert validated["unit"] == "items" and validated["step"] == 3
    assert (done["status"], done["phase"], done["cancel"]) == (201, "finished", None)
    seen = {(s["phase"], s["elapsed"]) for s in (held, later, validated, done)}
    assert len(seen) == 4


def test_a_cancelled_job_changes_nothing(served: tuple[LiveServer, Store, str]) -> None:
    live, store, token = served
    locks = Locks(Leases(store))
    before = snapshot(live)
    archived = sorted(Archive(store).documents("kivra"))
    with locks.writer():
        job = start(live, kivra_with_notes(live, "cancelled"), token)
        until(live, job, lambda s: s["phase"] == "validating")
        json_only = {"Accept": "application/json"}
        status, _, answer = live.request("POST", f"{job}/cancel", b"", json_only)
        assert status == 202, answer[:300]
        assert json.loads(answer)["cancelled"] is True
    done = until(live, job, lambda s: s["state"] == "finished")
    assert (done["status"], done["phase"]) == (409, "cancelled")
    english = {"Accept": "application/json", "Accept-Language": "en"}
    status, _, result = live.request("GET", done["result"], None, english)
    assert status == 409 and "nothing was changed" in json.loads(result)["message"]
    status, _, result = live.request("GET", done["result"], None, {"Accept": "application/json"})
    assert status == 409 and "ingenting ändrades" in json.loads(result)["message"]  # Swedish
    assert snapshot(live) == before
    assert sorted(Archive(store).documents("kivra")) == archived  # the store's, not served
    again, _, refused = live.request("POST", f"{job}/cancel", b"", {"Accept": "application/json"})
    assert again == 409
    assert "kan inte avbrytas" in json.loads(refused)["message"]


def in_memory_job(phases: tuple[str, ...]) -> tuple[Job, JobRecords, Leases]:
    """Return a job recorded in a store in memory, as its runner follows it."""
    store = OxigraphStore()
    records, leases = JobRecords(store, 30.0), Leases(store)
    records.create("id", "submission", phases, 0, "kivra", "runner", "2026-12-07T00:00:00")
    return Job("id", "submission", phases, records, leases), records, leases


def test_a_job_storing_its_version_cannot_be_cancelled() -> None:
    job, records, leases = in_memory_job(("parsing", "storing"))
    job.advance("parsing", 10)
    job.advance("storing", 0, 10)
    with pytest.raises(CancelRefusedError):
        cancel_job(records, leases, "id")
    job.advance("storing", 10, 10)  # the work goes on to its end
    assert records.read("id").phase == "storing" and not records.read("id").cancelled


def test_a_job_cancelled_before_storing_stops_at_its_next_step() -> None:
    job, records, leases = in_memory_job(("parsing", "storing"))
    job.advance("parsing", 10)
    cancel_job(records, leases, "id")
    with pytest.raises(Exception, match="nothing was changed"):
        job.advance("storing", 0, 10)
    assert records.read("id").phase == "parsing"
