"""The wheel carries what the package needs, and works installed anywhere.

The wheel is built from a copy of the checkout and installed, with its dependencies, in a
fresh virtual environment; the installed command then runs from an empty folder, far from
the checkout: it validates (a violation is found: exit status 1) and serves the example
federation it carries.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from live_server import LiveServer, _stop, _wait_until_healthy, free_port
from test_cli import BAD, GOOD

PROJECT = Path(__file__).resolve().parents[1]
#: The project's folders that the package carries, and the files of each that it needs.
CARRIED = {"ontology": "*.ttl", "shapes": "*.ttl", "queries": "*.rq", "data": "*.ttl"}
#: What a build never needs from the checkout.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", "*_cache", "work"
)

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    """The wheel, and a virtual environment it was installed in with its dependencies."""

    wheel: Path
    bin: Path
    empty: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the installed ``samverkan`` in the empty folder."""
        command = [str(self.bin / "samverkan"), *args]
        return subprocess.run(
            command, cwd=self.empty, env=clean_env(), capture_output=True, text=True, check=False
        )


def clean_env() -> dict[str, str]:
    """Return the environment without settings or paths that could lead to the checkout."""
    return {
        k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_") and k != "PYTHONPATH"
    }


def pip(*args: str, python: str = sys.executable) -> None:
    subprocess.run([python, "-m", "pip", "--quiet", *args], check=True, env=clean_env())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel from a copy of the checkout; install it in a new environment."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(PROJECT, source, symlinks=True, ignore=NOT_SOURCES)
    pip("wheel", "--no-deps", "--wheel-dir", str(work / "dist"), str(source))
    (wheel,) = (work / "dist").glob("samverkan-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(work / "env")], check=True)
    pip("install", str(wheel), python=str(work / "env" / "bin" / "python"))
    (work / "empty").mkdir()
    return Installed(wheel, work / "env" / "bin", work / "empty")


def test_the_wheel_carries_ontology_shapes_queries_and_the_example(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        carried = {name: wheel.read(name) for name in wheel.namelist()}
    for folder, pattern in CARRIED.items():
        files = sorted((PROJECT / folder).glob(pattern))
        assert files, folder
        for path in files:
            assert carried[f"samverkan/bundled/{folder}/{path.name}"] == path.read_bytes()


def test_the_installed_package_reads_its_own_copies(installed: Installed) -> None:
    where = subprocess.run(
        [str(installed.bin / "python"), "-c", "import samverkan.config as c; print(c.BUNDLED)"],
        cwd=installed.empty,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    bundled = Path(where)
    assert bundled.is_relative_to(installed.bin.parent)
    assert not (bundled / "shapes").is_symlink()
    assert (bundled / "shapes" / "guidelines.ttl").is_file()


def test_installed_a_violation_exits_1_and_a_conforming_file_0(
    installed: Installed, tmp_path: Path
) -> None:
    bad, good = tmp_path / "bad.ttl", tmp_path / "good.ttl"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    found = installed.run("validate", str(bad))
    assert found.returncode == 1, found.stderr
    assert "Rule 2" in found.stdout
    assert "does NOT conform" in found.stdout
    passed = installed.run("validate", str(good))
    assert passed.returncode == 0, passed.stderr
    assert "0 violations" in passed.stdout
    assert list(installed.empty.iterdir()) == []  # validating writes nothing


@pytest.fixture
def served(installed: Installed, tmp_path: Path) -> Iterator[LiveServer]:
    """``samverkan serve`` of the installed package, started in an empty folder."""
    folder = tmp_path / "serving"
    folder.mkdir()
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(installed.bin / "samverkan"), "serve", "--port", str(port)],
            cwd=folder,
            env=clean_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        server = LiveServer(f"http://localhost:{port}/", port, process, log)
        try:
            _wait_until_healthy(server)
            yield server
        finally:
            _stop(process)
    assert process.returncode in {0, -signal.SIGINT}, log.read_text()
    assert (folder / "var" / "store").is_dir()  # the default store: var/store, here


def test_installed_serves_the_example_federation(served: LiveServer) -> None:
    status, headers, page = served.request("GET", "/", headers={"Accept": "text/html"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "Kivra" in page.decode("utf-8")
    label = f"SELECT ?label WHERE {{ <{served.base_iri}id/kivra> <{RDFS_LABEL}> ?label }}"
    status, _, body = served.request(
        "GET",
        "/sparql?" + urlencode({"query": label}),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200
    labels = {row["label"]["value"] for row in json.loads(body)["results"]["bindings"]}
    assert labels == {"Kivra"}


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
