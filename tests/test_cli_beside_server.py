"""`samverkan query` and `export` while `samverkan serve` holds the store: the same answers,
read from the checkpoint the server publishes, or asked of the server (``--server``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from live_server import (
    PROJECT,
    LiveServer,
    base_iri_for,
    build_store,
    free_port,
    running_server,
)
from samverkan.storage import GraphLayout, OxigraphStore
from tokens import token_for

pytestmark = pytest.mark.slow

KIVRA = "kivra"


@dataclass(frozen=True)
class Beside:
    """A server holding its store, and what the commands printed before it started."""

    live: LiveServer
    store: Path
    token: str
    before: dict[str, bytes]


def samverkan(store: Path, base: str, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    """Run the command in a process of its own, as an operator would beside the server."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkan.cli",
            *arguments,
            "--store",
            str(store),
            "--base-iri",
            base,
        ],
        capture_output=True,
        cwd=PROJECT,
        env={k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")},
        timeout=300,
        check=False,
    )


def commands(base: str) -> dict[str, list[str]]:
    actor = f"actor={GraphLayout(base).actor_iri(KIVRA)}"
    return {
        "inventory": ["query", "actor-inventory", "--param", actor, "--format", "json"],
        "exchanges": [
            "query",
            "exchanges-between-actors",
            "--param",
            actor.replace("actor", "actorA"),
            "--param",
            f"actorB={GraphLayout(base).actor_iri('skatteverket')}",
            "--format",
            "csv",
        ],
        "cpsv-ap": ["export", "cpsv-ap", "--format", "nt"],
        "dcat-ap": ["export", "dcat-ap", "--format", "nt"],
    }


def output(beside: Beside, name: str, *extra: str) -> bytes:
    run = samverkan(
        beside.store, beside.live.base_iri, *commands(beside.live.base_iri)[name], *extra
    )
    assert run.returncode == 0, run.stderr.decode()
    return run.stdout


def same(name: str, one: bytes, other: bytes) -> bool:
    if name in {"cpsv-ap", "dcat-ap"}:
        return isomorphic(
            Graph().parse(data=one, format="nt"), Graph().parse(data=other, format="nt")
        )
    return one == other


@pytest.fixture(scope="module")
def beside(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Beside]:
    port = free_port()
    base = base_iri_for(port)
    store = tmp_path_factory.mktemp("beside") / "store"
    build_store(store, base)
    token = token_for(store, KIVRA)
    before = {}
    for name, arguments in commands(base).items():
        run = samverkan(store, base, *arguments)
        assert run.returncode == 0, run.stderr.decode()
        before[name] = run.stdout
    with running_server(store, port) as live:
        yield Beside(live, store, token, before)


def test_the_server_holds_the_store(beside: Beside) -> None:
    with pytest.raises(Exception, match="lock"):
        OxigraphStore(beside.store)


@pytest.mark.parametrize("name", ["inventory", "exchanges", "cpsv-ap", "dcat-ap"])
def test_a_command_beside_the_server_answers_as_before(beside: Beside, name: str) -> None:
    assert beside.before[name]
    assert same(name, output(beside, name), beside.before[name])


@pytest.mark.parametrize("name", ["inventory", "exchanges", "cpsv-ap", "dcat-ap"])
def test_a_command_through_the_server_answers_as_before(beside: Beside, name: str) -> None:
    assert same(name, output(beside, name, "--server", beside.live.base_iri), beside.before[name])


def test_a_write_to_the_server_is_read_beside_it_at_once(beside: Beside, tmp_path: Path) -> None:
    base = beside.live.base_iri
    channel = URIRef(f"{base}id/{KIVRA}/channel/app")
    part = Graph()
    part.parse(f"{base}graph/actor/{KIVRA}", format="nt")
    part.remove((channel, RDFS.label, Literal("Kivras app och webbplats", lang="sv")))
    part.add((channel, RDFS.label, Literal("Kivras app (ändrad)", lang="sv")))
    file = tmp_path / "kivra.ttl"
    file.write_bytes(part.serialize(format="turtle", encoding="utf-8"))
    submitted = samverkan(
        beside.store,
        base,
        "submit",
        str(file),
        "--actor",
        KIVRA,
        "--server",
        base,
        "--token",
        beside.token,
    )
    assert submitted.returncode == 0, submitted.stdout.decode() + submitted.stderr.decode()
    read = output(beside, "inventory")
    assert "Kivras app (ändrad)".encode() in read
    assert read == output(beside, "inventory", "--server", base)


def test_a_holder_that_publishes_no_checkpoint_is_named_with_the_way_out(tmp_path: Path) -> None:
    base = "http://127.0.0.1:1/"
    build_store(tmp_path / "store", base)
    holder = OxigraphStore(tmp_path / "store")  # holds the lock, publishes nothing
    try:
        run = samverkan(tmp_path / "store", base, *commands(base)["inventory"])
    finally:
        holder.close()
    assert run.returncode == 2
    assert b"held by another process" in run.stderr
    assert b"--server" in run.stderr
