"""A replica reads the checkpoints its writer publishes, follows every write, refuses its own.

The writer is an :class:`OxigraphStore` that publishes to replicas; the replica, in the
server's other processes, is a :class:`ReplicaStore` on the same checkpoints folder. Here both
are in one process, which is what a reader process sees, minus the HTTP.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from samverkan.config import Settings
from samverkan.errors import StoreError
from samverkan.storage import OxigraphStore, RemoteStore, ReplicaStore, Store, open_replica
from samverkan.storage.checkpoints import MARKER, Checkpoints, checkpoints_folder
from samverkan.storage.protocol import BOOLEAN, ProtocolQuery

PART = URIRef("https://example.org/graph/part")
ITEM = URIRef("https://example.org/id/item")
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def labelled(text: str) -> Graph:
    graph = Graph()
    graph.add((ITEM, LABEL, Literal(text)))
    return graph


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[OxigraphStore]:
    """A store on disk holding one label, publishing a checkpoint after every write."""
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(PART, labelled("first"))
    store.publish_to_replicas()
    yield store
    store.close()


@pytest.fixture
def replica(writer: OxigraphStore) -> Iterator[ReplicaStore]:
    assert writer.path is not None
    opened = ReplicaStore(checkpoints_folder(writer.path))
    yield opened
    opened.close()


def label_of(store: Store) -> str:
    return str(store.graph(PART).value(ITEM, LABEL))


def test_a_replica_reads_what_the_writer_published(
    writer: OxigraphStore, replica: ReplicaStore
) -> None:
    assert replica.graph_names() == writer.graph_names() == {PART}
    assert label_of(replica) == "first"
    assert replica.ask("ASK { ?item ?p 'first' }")


def test_a_replica_sees_each_write_at_its_next_operation(
    writer: OxigraphStore, replica: ReplicaStore
) -> None:
    for text in ("second", "third"):
        writer.replace_graph(PART, labelled(text))
        assert label_of(replica) == text


def test_a_replica_refuses_every_write_and_names_the_writer(replica: ReplicaStore) -> None:
    writes = (
        lambda: replica.replace_graphs({PART: labelled("mine")}),
        lambda: replica.apply(replace={}, remove={}, add={PART: labelled("mine")}),
        lambda: replica.drop_graph(PART),
    )
    for write in writes:
        with pytest.raises(StoreError, match=r"read-only replica .* writes go to the writer"):
            write()
    assert label_of(replica) == "first"


def test_a_replica_without_a_published_checkpoint_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no checkpoint of the store has been published"):
        ReplicaStore(tmp_path / "nothing-here")


def test_public_queries_on_a_replica_follow_the_writer(
    writer: OxigraphStore, replica: ReplicaStore
) -> None:
    ask = ProtocolQuery("ASK { ?item ?p 'second' }", {BOOLEAN: "application/sparql-results+json"})
    assert json.loads(replica.protocol_query(ask, timeout=30).body)["boolean"] is False
    writer.replace_graph(PART, labelled("second"))
    assert json.loads(replica.protocol_query(ask, timeout=30).body)["boolean"] is True


def test_the_other_processes_open_an_embedded_store_as_a_replica(
    settings: Settings, writer: OxigraphStore
) -> None:
    opened = open_replica(replace(settings, store_path=writer.path), query_workers=1)
    assert isinstance(opened, ReplicaStore) and opened.read_only
    assert label_of(opened) == "first"
    opened.close()


def test_the_other_processes_reach_a_remote_store_themselves(settings: Settings) -> None:
    remote = replace(settings, store_kind="remote", store_query_url="http://127.0.0.1:9/sparql")
    opened = open_replica(remote, query_workers=1)
    assert isinstance(opened, RemoteStore) and not opened.read_only  # so they write themselves


# --- the checkpoints ------------------------------------------------------------------------


def test_the_marker_names_the_newest_checkpoint(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    checkpoints = Checkpoints(tmp_path / "checkpoints")
    assert checkpoints.newest() is None
    published = [checkpoints.publish(store) for _ in range(3)]
    assert [c.number for c in published] == [1, 2, 3]
    assert checkpoints.newest() == published[-1]
    assert (tmp_path / "checkpoints" / MARKER).read_text() == "generation-3\n"


def test_superseded_checkpoints_stay_for_a_while_then_go(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    patient = Checkpoints(tmp_path / "patient", retire_seconds=math.inf)
    hasty = Checkpoints(tmp_path / "hasty", retire_seconds=0)
    for _ in range(3):
        patient.publish(store)
        hasty.publish(store)
    assert generations(tmp_path / "patient") == ["generation-1", "generation-2", "generation-3"]
    assert generations(tmp_path / "hasty") == ["generation-3"]


def test_a_new_writer_numbers_on_and_removes_an_earlier_runs_checkpoints(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    earlier = Checkpoints(tmp_path / "checkpoints")
    earlier.publish(store)
    earlier.publish(store)
    later = Checkpoints(tmp_path / "checkpoints").publish(store)
    assert later.number == 3
    assert generations(tmp_path / "checkpoints") == ["generation-3"]


def generations(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("generation-*"))
