"""The benchmark's synthetic federations: deterministic, the size asked for, within the rules."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from bench.generate import write
from samverkan.terms import graph_from_triples
from samverkan.validation import Validator


def test_the_same_seed_gives_the_same_federation(tmp_path: Path) -> None:
    write(5000, tmp_path / "a.nq", seed=7)
    write(5000, tmp_path / "b.nq", seed=7)
    write(5000, tmp_path / "c.nq", seed=8)
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()
    assert (tmp_path / "a.nq").read_bytes() != (tmp_path / "c.nq").read_bytes()


def test_the_size_is_about_what_was_asked(tmp_path: Path) -> None:
    count = write(20_000, tmp_path / "f.nq")
    assert 18_000 <= count <= 22_000


def test_a_generated_federation_follows_the_guideline_rules(
    tmp_path: Path, validator: Validator
) -> None:
    write(5000, tmp_path / "f.nq")
    quads = ox.parse(path=str(tmp_path / "f.nq"), format=ox.RdfFormat.N_QUADS)
    report = validator.validate(graph_from_triples(quads))
    assert report.conforms
    assert report.results == []
