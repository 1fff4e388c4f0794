"""Fair shares: a client past its share, or anonymous clients past their pool, get 429."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from federations import KIVRA, TURTLE, Federation, serving, turtle
from samverkan.config import Settings
from samverkan.errors import TooManyRequestsError
from samverkan.web.common import admission
from samverkan.web.common.admission import Admission, Client

ALICE, BOB = Client("address:192.0.2.1", actor=False), Client("address:192.0.2.2", actor=False)
ACTOR = Client("actor:kivra", actor=True)


def test_a_client_has_a_share_of_its_own() -> None:
    shares = Admission("queries", per_client=2, anonymous=10, retry_after=7)
    shares.enter(ALICE)
    shares.enter(ALICE)
    with pytest.raises(TooManyRequestsError, match="this client has 2 queries") as refused:
        shares.enter(ALICE)
    assert refused.value.retry_after == 7
    shares.enter(BOB)  # another client is not held up


def test_anonymous_clients_share_a_pool_that_actors_are_outside_of() -> None:
    shares = Admission("queries", per_client=5, anonymous=2, retry_after=1)
    shares.enter(ALICE)
    shares.enter(BOB)
    with pytest.raises(TooManyRequestsError, match="anonymous clients have 2"):
        shares.enter(Client("address:192.0.2.3", actor=False))
    shares.enter(ACTOR)


def test_a_share_comes_back_once_however_often_it_is_released() -> None:
    shares = Admission("queries", per_client=1, anonymous=1, retry_after=1)
    release = shares.enter(ALICE)
    release()
    release()
    shares.enter(BOB)  # the pool holds one: Alice's release counted once
    with pytest.raises(TooManyRequestsError):
        shares.enter(ALICE)


def test_a_client_runs_fewer_queries_at_once_than_it_has_under_way() -> None:
    shares = Admission("queries", per_client=4, anonymous=10, retry_after=1, running=1)
    with shares.admitted(ALICE):
        shares.enter(ALICE)  # a second query of Alice's is under way, but must wait its turn
        assert not shares._turns[ALICE.key].acquire(blocking=False)
        with shares.admitted(BOB):  # Bob's turn is his own
            pass


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(replace(state_copy, client_jobs=1, anonymous_jobs=1)) as served:
        yield served


def test_validations_past_the_share_get_429_and_actors_still_validate(
    federation: Federation,
) -> None:
    body = turtle(federation.part(KIVRA))
    with federation.app.app_context():
        held = admission.validations().enter(Client("address:127.0.0.1", actor=False))
    refused = federation.client().post("/validate", data=body, content_type=TURTLE)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    as_actor = federation.client().post(
        "/validate", data=body, content_type=TURTLE, headers=federation.auth(KIVRA)
    )
    assert as_actor.status_code == 200
    held()
    assert federation.client().post("/validate", data=body, content_type=TURTLE).status_code == 200
