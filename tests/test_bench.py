"""The benchmark harness runs end to end: a quick run at about 5 k triples writes its table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.run import QUICK, run


@pytest.mark.slow
def test_a_quick_run_writes_the_table_and_the_answers_agree(tmp_path: Path) -> None:
    plan = replace(QUICK, sizes=(5000,), work=tmp_path / "work", out=tmp_path / "table.md")
    out, figures = run(plan, ["--quick", "--sizes", "5k"])
    text = out.read_text()
    assert "## Named queries over HTTP, 5k" in text
    assert "## Targets (at 5k)" in text
    (size,) = figures
    ours, rdflib, engine, raw = size.systems
    assert [s.name for s in size.systems] == [
        "Samverkan",
        "rdflib",
        "oxigraph serve",
        "pyoxigraph in-process",
    ]
    assert set(ours.queries) == set(QUICK.queries or ())
    for name, series in ours.queries.items():
        assert series.error is None and rdflib.queries[name].error is None
        assert series.rows is not None and series.rows > 0
        for peer in (rdflib, engine, raw):
            assert peer.queries[name].error is None, (peer.name, name)
            assert series.rows == peer.queries[name].rows, (peer.name, name)
        first = size.first_page[name]
        assert first.rows == min(series.rows, QUICK.first_page), name
    assert "**no**" not in text.split("## Targets")[0]
    assert size.submission is not None and size.submission.rebuild_equal
