"""Disk full, for real: the state lives on a small tmpfs that a filler file fills up.

A submission then answers 507 saying the disk is full (every time, not only the first),
nothing changes, and ``/health`` says degraded; once space is freed, ``/health`` is ok
again and the same submission lands. Mounting a tmpfs needs root (``mount -t tmpfs``);
where that is refused the test fails and says so, since nothing else gives the kernel's
own ENOSPC on every write of the store and its state.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from federations import KIVRA, TURTLE, Federation, described_anew, serving, turtle
from samverkan.config import Settings
from samverkan.submissions.archive import Archive

MIB = 1024 * 1024
#: Seconds to wait for /health to see that the disk filled or was freed (it checks every 2 s).
RECOVERY_SECONDS = 15.0


@pytest.fixture
def small_disk(built_state: Path, settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a copy of the built state on a tmpfs just larger than it."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    size = _size(built_state) + 3 * MIB
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.fail(f"this test needs a tmpfs (run as root): mount said {mounted.stderr.strip()}")
    try:
        shutil.copytree(built_state, mount_point / "state")
        yield replace(settings, store_path=mount_point / "state" / "store")
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte, growing the filler file if it is
    there already (the store may have freed space since: RocksDB gives back what its log
    had set aside when it reopens its folder); return the filler file."""
    filler = folder / "filler"
    with open(filler, "ab", buffering=0) as out:
        for chunk in (65536, 512, 1):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError:
                pass
    return filler


def submit(federation: Federation, body: bytes) -> tuple[int, dict]:
    answer = federation.client().post(
        f"/submissions/{KIVRA}",
        data=body,
        content_type=TURTLE,
        headers=federation.auth(KIVRA, Accept="application/json"),
    )
    return answer.status_code, answer.get_json()


def health(federation: Federation) -> tuple[int, dict]:
    answer = federation.client().get("/health")
    return answer.status_code, answer.get_json()


def health_once_changed(federation: Federation, old: int) -> tuple[int, dict]:
    """Return /health's answer once its status is no longer ``old`` (it keeps the outcome
    of its write check for two seconds), or the last answer after a while."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    answer = health(federation)
    while answer[0] == old and time.monotonic() < deadline:
        time.sleep(0.25)
        answer = health(federation)
    return answer


def test_a_full_disk_is_507_every_time_and_health_degraded_until_freed(
    small_disk: Settings,
) -> None:
    with serving(small_disk) as federation:
        assert health(federation)[0] == 200
        body = turtle(described_anew(federation.part(KIVRA), "Written on a full disk."))
        before = federation.snapshot()
        versions = Archive(federation.store).documents(KIVRA)
        filler = fill(small_disk.state_dir)

        for _ in range(2):
            fill(small_disk.state_dir)  # full at every attempt
            status, answer = submit(federation, body)
            assert status == 507, answer
            assert "disk is full" in answer["message"]
        assert federation.snapshot() == before
        assert Archive(federation.store).documents(KIVRA) == versions
        status, state = health_once_changed(federation, 200)
        assert status == 503
        assert state["status"] == "degraded"
        assert "cannot be written" in state["reason"]

        filler.unlink()
        assert health_once_changed(federation, 503)[0] == 200
        status, answer = submit(federation, body)
        assert status == 201, answer
        assert answer["number"] >= 2
