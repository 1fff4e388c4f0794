"""The cyclic garbage collector waits while a validation in context runs, and comes back
as it was (samverkan.collector)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from samverkan import collector


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_the_collector_waits_during_the_work_and_runs_after() -> None:
    gc.enable()
    with collector.deferred():
        assert not gc.isenabled()
        with collector.deferred():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer work is still running"
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector.deferred():
        pass
    assert not gc.isenabled()


def test_the_collector_comes_back_when_the_last_thread_ends_its_work() -> None:
    gc.enable()
    started, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector.deferred():
            started.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    assert started.wait(10)
    with collector.deferred():
        pass
    assert not gc.isenabled(), "the other thread's work is still running"
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_failure() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector.deferred():
        raise RuntimeError("the work failed")
    assert gc.isenabled()
