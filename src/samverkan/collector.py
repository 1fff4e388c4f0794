"""Defer Python's cyclic garbage collector while one large piece of work runs.

Validating a submission in context builds hundreds of thousands of statements that stay
alive until it ends, and each batch of them that survives brings the collector's next full
pass nearer, a pass that walks every tracked object of the process. A 20 000-triple
submission at 1 M triples met five of them, 0.72-0.78 s of 3.6 s. While any such work runs
the collector waits (reference counting still frees everything that is not in a cycle);
when the last of them ends it runs as before, if it was on. The count is shared by the
process's threads.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def deferred() -> Iterator[None]:
    """Keep the cyclic collector off until this and every other deferral has ended."""
    global _running, _was_enabled
    with _LOCK:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _LOCK:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
