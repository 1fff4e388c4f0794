"""Take from a query worker what a query never needs: the network, and unbounded memory.

Called first thing in a worker process, before it opens the checkpoint. Without the network
(a network namespace of its own, holding only a loopback that is down) a query could not
reach another host even if the query policy let a SERVICE through. The memory cap
(``RLIMIT_AS``) makes an allocation past it fail, which ends that worker only; the pool
starts a fresh one, and the memory goes back to the system with the process.

Leaving the network may be out of reach (no ``unshare`` outside Linux; no privilege for it
where user namespaces are off): the worker goes on, and the pool says so once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def isolate(memory_bytes: int) -> bool:
    """Give up the network where the OS allows, and cap memory at ``memory_bytes`` (0: none).

    Return whether the network is gone.
    """
    offline = leave_network()
    if memory_bytes > 0:
        cap_memory(memory_bytes)
    return offline


def leave_network() -> bool:
    """Move this process into a network namespace of its own; say whether it worked.

    As root a network namespace alone; otherwise inside a new user namespace, which an
    unprivileged process may create where the kernel allows it.
    """
    libc = _libc()
    if libc is None:
        return False
    attempts = [CLONE_NEWNET] if os.geteuid() == 0 else []
    attempts.append(CLONE_NEWUSER | CLONE_NEWNET)
    return any(libc.unshare(flags) == 0 for flags in attempts)


#: ``mallopt``'s option for the number of malloc arenas (glibc's ``M_ARENA_MAX``).
M_ARENA_MAX = -8
#: Arenas a capped worker keeps: glibc sets aside 64 MiB of address space for each (up to
#: eight per core), so under the cap the threads RocksDB starts when the checkpoint opens
#: could find no room for their stacks ("Resource temporarily unavailable").
ARENAS = 2


def cap_memory(memory_bytes: int) -> None:
    """Limit this process's address space to ``memory_bytes`` (never above its hard limit),
    with few malloc arenas, so that what the cap counts is memory in use."""
    _few_arenas()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _few_arenas() -> None:
    """Keep glibc's malloc to :data:`ARENAS` arenas (nothing elsewhere, or without glibc)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_ARENA_MAX, ARENAS)


def _libc() -> ctypes.CDLL | None:
    """Return the C library on Linux (None elsewhere, or where it cannot be loaded)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
