"""The estimate of a job's time left, from the phases of earlier jobs of the same kind."""

from __future__ import annotations

import pytest

from samverkan.web.submissions.estimates import Rates, Where

PHASES = ("parsing", "validating", "storing")


def where(phase: str, seconds: float, size: int = 1000, **counts: int) -> Where:
    return Where("submission", PHASES, phase, seconds, size, **counts)


def test_without_earlier_jobs_there_is_no_estimate() -> None:
    assert Rates().remaining(where("parsing", 0.5)) is None


def test_an_estimate_adds_the_phases_ahead_scaled_by_size() -> None:
    rates = Rates()
    rates.learn("submission", {"parsing": 1.0, "validating": 4.0, "storing": 2.0}, 1000)
    # Twice the size, 0.5 s into parsing: 1.5 s of parsing left, then 8 + 4.
    assert rates.remaining(where("parsing", 0.5, 2000)) == pytest.approx(13.5)
    assert rates.remaining(where("storing", 5.0, 2000)) == 0.0


def test_a_phase_that_counts_extrapolates_from_its_own_count() -> None:
    rates = Rates()
    rates.learn("submission", {"parsing": 1.0, "validating": 4.0, "storing": 2.0}, 1000)
    # A quarter parsed in 3 s: 9 s of parsing left, then 4 + 2.
    found = rates.remaining(where("parsing", 3.0, done=250, total=1000))
    assert found == pytest.approx(15.0)


def test_another_kind_of_work_teaches_nothing() -> None:
    rates = Rates()
    rates.learn("validation", {"parsing": 1.0, "validating": 4.0}, 1000)
    assert rates.remaining(where("parsing", 0.1)) is None


def test_newer_jobs_move_the_rate() -> None:
    rates = Rates()
    for seconds in (1.0, 3.0):
        rates.learn("submission", {"parsing": seconds, "validating": 0.0, "storing": 0.0}, 1000)
    estimate = rates.remaining(where("parsing", 0.0))
    assert estimate is not None and 1.0 < estimate < 3.0
