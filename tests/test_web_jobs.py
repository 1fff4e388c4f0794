"""Long work as jobs: ``Prefer: respond-async``, 202 and a job to poll for its phases.

A validation or submission that asks to be answered asynchronously gets 202 and the job's
address; the job says which phase the work is in, and once finished, its result is the
answer the request would have had.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from federations import (
    KIVRA,
    TURTLE,
    Federation,
    described_anew,
    serving,
    turtle,
    without_descriptions,
)
from samverkan.config import Settings
from samverkan.namespaces import ID
from samverkan.progress import SUBMISSION
from samverkan.state.leases import Leases
from samverkan.submissions.locks import Locks
from samverkan.web.submissions.jobs import MAX_KEPT, MAX_UNFINISHED

ASYNC = {"Prefer": "respond-async", "Accept": "application/json"}
#: Seconds a job may take in these tests.
PATIENCE = 120


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(state_copy) as served:
        yield served


def start(federation: Federation, path: str, body: bytes, **headers: str) -> TestResponse:
    """Send ``body`` asking to be answered asynchronously."""
    return federation.client().post(
        path, data=body, content_type=TURTLE, headers={**ASYNC, **headers}
    )


def wait_for(
    client: FlaskClient, job: str, done: Callable[[dict[str, Any]], bool]
) -> list[dict[str, Any]]:
    """Poll the job until ``done`` holds for its state; return every state seen."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        seen.append(client.get(job).get_json())
        if done(seen[-1]):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"the job did not get there in {PATIENCE} s: {seen[-1]}")


def finished(state: dict[str, Any]) -> bool:
    return bool(state["state"] == "finished")


def outcome(federation: Federation, started: TestResponse, **headers: str) -> TestResponse:
    """Wait for the job ``started`` made to finish; return its result."""
    assert started.status_code == 202, started.get_data(as_text=True)
    client = federation.client()
    [*_, last] = wait_for(client, started.headers["Location"], finished)
    return client.get(last["result"], headers=headers or {"Accept": "application/json"})


# --- Starting and following a job ---------------------------------------------------------------


def test_a_request_preferring_async_gets_202_and_where_to_follow_it(
    federation: Federation,
) -> None:
    answer = start(federation, "/validate", turtle(federation.part(KIVRA)))
    assert answer.status_code == 202
    assert answer.headers["Preference-Applied"] == "respond-async"
    assert answer.headers["Location"].startswith("/jobs/")
    assert answer.get_json()["kind"] == "validation"
    assert outcome(federation, answer).status_code == 200


def test_a_job_says_which_phase_the_work_is_in(federation: Federation) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, followed phase by phase.")
    client = federation.client()
    with Locks(Leases(federation.store)).actor(KIVRA):
        answer = start(federation, f"/submissions/{KIVRA}", turtle(new), **federation.auth(KIVRA))
        job = answer.headers["Location"]
        # Another submission of Kivra's holds the actor's lock: this one waits after rule 8.
        *_, waiting = wait_for(client, f"{job}?lang=en", lambda s: s["phase"] == "sovereignty")
    assert (waiting["state"], waiting["step"], waiting["steps"], waiting["percent"]) == (
        "running",
        2,
        5,
        20,
    )
    assert waiting["label"] == "Checking that everything is the actor's own (rule 8)"
    assert (waiting["status"], waiting["result"]) == (None, None)
    seen = wait_for(client, job, finished)
    phases = [state["phase"] for state in [waiting, *seen]]
    order = ["queued", *SUBMISSION, "finished"]
    assert phases == sorted(phases, key=order.index)
    assert (seen[-1]["percent"], seen[-1]["status"]) == (100, 201)


def test_a_phase_label_speaks_the_asked_language(federation: Federation) -> None:
    answer = start(federation, "/validate", turtle(federation.part(KIVRA)))
    *_, last = wait_for(federation.client(), answer.headers["Location"] + "?lang=sv", finished)
    assert last["label"] == "Klart"


# --- The outcome is the synchronous answer ------------------------------------------------------


def test_a_validation_jobs_result_is_the_synchronous_answer(federation: Federation) -> None:
    body = turtle(without_descriptions(federation.part(KIVRA)))
    direct = federation.client().post(
        "/validate", data=body, content_type=TURTLE, headers={"Accept": "application/json"}
    )
    result = outcome(federation, start(federation, "/validate", body))
    assert (result.status_code, result.get_json()) == (200, direct.get_json())
    assert result.get_json()["conforms"] is False


def test_a_rejected_submissions_result_is_the_synchronous_answer_and_nothing_changed(
    federation: Federation,
) -> None:
    before = federation.snapshot()
    body = turtle(without_descriptions(federation.part(KIVRA)))
    path, auth = f"/submissions/{KIVRA}", federation.auth(KIVRA)
    direct = federation.client().post(
        path, data=body, content_type=TURTLE, headers={**auth, "Accept": "application/json"}
    )
    result = outcome(federation, start(federation, path, body, **auth))
    assert (result.status_code, result.get_json()) == (422, direct.get_json())
    assert federation.snapshot() == before


def test_an_accepted_submissions_result_names_the_new_version(federation: Federation) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, submitted as a job.")
    started = start(federation, f"/submissions/{KIVRA}", turtle(new), **federation.auth(KIVRA))
    result = outcome(federation, started)
    assert result.status_code == 201
    assert result.headers["Location"] == f"{ID[KIVRA]}/version/2"
    assert result.get_json()["number"] == 2
    assert len(federation.part(KIVRA) ^ new) == 0


def test_a_jobs_result_is_negotiated_like_any_answer(federation: Federation) -> None:
    body = turtle(without_descriptions(federation.part(KIVRA)))
    started = start(federation, "/validate", body)
    page = outcome(federation, started, Accept="text/html").get_data(as_text=True)
    assert "<h2>Rule 9:" in page
    job = started.headers["Location"]
    swedish = federation.client().get(f"{job}/result?lang=sv", headers={"Accept": "text/html"})
    assert "<h2>Regel 9:" in swedish.get_data(as_text=True)


def test_bad_rdf_in_a_job_is_its_400_naming_line_and_column(federation: Federation) -> None:
    started = start(federation, "/validate", b"<https://samverkan.example.org/id/kivra> a\n <oops")
    assert started.status_code == 202
    result = outcome(federation, started)
    assert result.status_code == 400
    assert "the request body, line 2, column" in result.get_json()["message"]


# --- What is checked at once, and what a job shows ----------------------------------------------


def test_the_credential_is_checked_before_any_job_starts(federation: Federation) -> None:
    answer = start(federation, f"/submissions/{KIVRA}", turtle(federation.part(KIVRA)))
    assert answer.status_code == 401
    assert "Location" not in answer.headers


def test_an_unknown_job_is_404(federation: Federation) -> None:
    answer = federation.client().get("/jobs/no-such-job", headers={"Accept": "application/json"})
    assert answer.status_code == 404
    assert "no job" in answer.get_json()["message"]


def test_a_job_shows_its_progress_and_nothing_of_the_content(federation: Federation) -> None:
    started = start(federation, "/validate", turtle(federation.part(KIVRA)))
    state = federation.client().get(started.headers["Location"]).get_json()
    assert set(state) == {
        *("id", "kind", "state", "phase", "label", "step", "steps", "percent"),
        *("created", "status", "result"),
        *("done", "total", "unit", "detail", "elapsed", "remaining", "cancelled", "cancel"),
    }
    assert len(state["id"]) >= 22  # 128 random bits
    outcome(federation, started)


def test_job_answers_are_kept_out_of_caches_and_referrers(federation: Federation) -> None:
    started = start(federation, "/validate", b"<oops")
    result = outcome(federation, started)
    for answer in (started, federation.client().get(started.headers["Location"]), result):
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_beyond_the_unfinished_jobs_a_server_takes_the_answer_is_503(
    federation: Federation,
) -> None:
    body = turtle(without_descriptions(federation.part(KIVRA)))
    path, auth = f"/submissions/{KIVRA}", federation.auth(KIVRA)
    with Locks(Leases(federation.store)).actor(KIVRA):
        waiting = [start(federation, path, body, **auth) for _ in range(MAX_UNFINISHED)]
        refused = start(federation, path, body, **auth)
    assert [answer.status_code for answer in waiting] == [202] * MAX_UNFINISHED
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "60"
    for answer in waiting:
        assert outcome(federation, answer).status_code == 422


def test_only_the_newest_finished_jobs_are_kept(federation: Federation) -> None:
    tiny = f'<{ID[KIVRA]}> <http://www.w3.org/2000/01/rdf-schema#label> "Kivra"@sv .'.encode()
    jobs = []
    for _ in range(MAX_KEPT + 1):
        started = start(federation, "/validate", tiny)
        assert outcome(federation, started).status_code == 200
        jobs.append(started.headers["Location"])
    client = federation.client()
    assert client.get(jobs[0]).status_code == 404
    assert client.get(jobs[1]).status_code == 200
