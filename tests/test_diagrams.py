"""Diagrams: the SVG builders on plain data, and the diagrams of item pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from flask.testing import FlaskClient
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from samverkan.config import Settings
from samverkan.namespaces import ID, SAM
from samverkan.presentation.diagrams import (
    Arrow,
    Box,
    Grid,
    Lane,
    ProcessMap,
    process_map_svg,
    rank,
    trace_svg,
    wrap,
)
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.web import create_app

SVG = "{http://www.w3.org/2000/svg}"
PROCESS = "/id/skatteverket/process/population-registration-at-birth"
AREA = "/id/digg/collaboration-area/having-a-baby"


def parse(svg: str) -> ET.Element:
    """Parse SVG text as XML (it must be well-formed)."""
    return ET.fromstring(svg)


def box_links(root: ET.Element) -> dict[str, str]:
    """Return each box's address and the text it shows."""
    return {
        a.attrib["href"]: " ".join(part for t in a.iter(f"{SVG}text") for part in t.itertext())
        for a in root.iter(f"{SVG}a")
        if a.attrib.get("class") == "box"
    }


def svg_of(html: str) -> ET.Element:
    found = re.search(r"<svg.*?</svg>", html, re.S)
    assert found, "the page holds an inline SVG diagram"
    return parse(found.group())


def grid(boxes: list[Box], arrows: tuple[Arrow, ...] = ()) -> Grid:
    return Grid("T <&>", ("P", "I"), ("why", "how", "with what"), tuple(boxes), arrows)


def test_a_trace_diagram_is_well_formed_and_every_box_links() -> None:
    boxes = [
        Box("a", "Alpha", "/id/a", "Process", 0, 1, current=True),
        Box("b", "Beta", "/id/b", "Activity", 0, 2),
        Box("c", "Gamma", "/id/c", "Information", 1, 1),
    ]
    root = parse(trace_svg(grid(boxes, (Arrow("b", "a"), Arrow("b", "c", "uses")))))
    assert set(box_links(root)) == {"/id/a", "/id/b", "/id/c"}
    assert [a.attrib.get("aria-current") for a in root.iter(f"{SVG}a")].count("page") == 1
    assert len(root.findall(f"{SVG}path")) == 2


def test_texts_are_escaped() -> None:
    svg = trace_svg(grid([Box("x", 'A <&> "B"', '/id/x?a=1&b="2"', "K<i>", 0, 0)]))
    assert "<i>" not in svg and "A &lt;&amp;&gt;" in svg
    root = parse(svg)
    assert box_links(root) == {'/id/x?a=1&b="2"': 'K<i> A <&> "B"'}
    assert root.find(f"{SVG}title").text == "T <&>"  # type: ignore[union-attr]


def test_a_full_cell_says_how_many_more() -> None:
    boxes = [Box(f"k{i}", f"Item {i}", f"/id/{i}", "Activity", 0, 2) for i in range(7)]
    svg = trace_svg(grid([*boxes, Box("me", "Zed", "/id/me", "", 0, 2, current=True)]), 4)
    root = parse(svg)
    assert len(box_links(root)) == 4 and "/id/me" in box_links(root)
    texts = list(root.itertext())
    assert "+4 more" in texts
    assert "with what" in texts and "why" not in texts, "only rows with boxes have headings"


def test_long_names_wrap_onto_two_lines_and_are_cut() -> None:
    assert wrap("short") == ["short"]
    lines = wrap("a rather long name that goes on and on and on past two lines", 20)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(x) <= 20 for x in lines)


def test_processes_are_ranked_along_the_exchanges_even_in_a_cycle() -> None:
    boxes = [Box(k, k, "/" + k) for k in "abcd"]
    arrows = [Arrow("a", "b"), Arrow("b", "c"), Arrow("c", "b"), Arrow("a", "c")]
    ranks = rank(boxes, arrows)
    assert ranks["a"] == 0 and ranks["d"] == 0
    assert 0 < ranks["b"] != ranks["c"] > 0


def test_a_process_map_has_a_lane_per_actor_and_an_arrow_per_exchange() -> None:
    chart = ProcessMap(
        "Map",
        (Lane("x", "X & co", "/id/x"), Lane("y", "Y", "/id/y"), Lane("z", "Z", "/id/z")),
        (Box("p", "P", "/id/x/p", row=0), Box("q", "Q", "/id/y/q", row=1)),
        (Arrow("p", "q", "P→Q", "/id/x/e1"), Arrow("q", "p", "Q→P", "/id/y/e2")),
    )
    root = parse(process_map_svg(chart))
    lanes = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "lane"]
    assert [g.attrib["data-lane"] for g in lanes] == ["x", "y", "z"]
    exchanges = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "exchange"]
    assert [(g.attrib["data-source"], g.attrib["data-target"]) for g in exchanges] == [
        ("p", "q"),
        ("q", "p"),
    ]
    hrefs = {a.attrib["href"] for a in root.iter(f"{SVG}a")}
    assert {"/id/x", "/id/x/p", "/id/y/q", "/id/x/e1", "/id/y/e2"} <= hrefs


def test_a_process_page_draws_its_chain_and_neighbours(client: FlaskClient) -> None:
    html = client.get(PROCESS, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="diagram"' in html
    links = box_links(svg_of(html))
    chain = {
        PROCESS,
        "/id/digg/life-event/having-a-baby",
        "/id/digg/life-situation/family",
        "/id/skatteverket/activity/receive-birth-notification",
        "/id/skatteverket/activity/register-newborn",
        "/id/skatteverket/activity/register-childs-name",
    }
    assert chain <= set(links)
    assert "/id/skatteverket/information/birth-notification" in links
    assert all(href.startswith("/id/") for href in links)
    assert (
        "Population registration of newborn children" in links[PROCESS]
        or "Folkbokföring" in (links[PROCESS])
    )


def test_links_in_diagrams_keep_the_page_language(client: FlaskClient) -> None:
    html = client.get(PROCESS + ".html?lang=sv").get_data(as_text=True)
    assert all(href.endswith("?lang=sv") for href in box_links(svg_of(html)))
    assert "Folkbokföring av nyfödda" in box_links(svg_of(html))[PROCESS + "?lang=sv"]


def test_a_collaboration_area_draws_its_process_map(
    client: FlaskClient, store: OxigraphStore
) -> None:
    root = svg_of(client.get(AREA, headers={"Accept": "text/html"}).get_data(as_text=True))
    area = ID["digg/collaboration-area/having-a-baby"]
    participants = {str(o) for o in store.graph(GraphLayout(str(ID)[:-3]).actor("digg")).objects(
        area, SAM.participant
    )}  # fmt: skip
    lanes = {g.attrib["data-lane"] for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "lane"}
    assert participants and participants <= lanes
    assert lanes - participants == {str(ID["digg/customer/citizen"])}, "plus the customer's lane"
    exchanges = store.select(
        "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
        "SELECT DISTINCT ?area ?e WHERE { ?c sam:collaborationProcessOf ?area . "
        "?e sam:withinCollaborationProcess ?c }",
        {"area": area},
    ).rows
    drawn = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "exchange"]
    assert len(drawn) == len(exchanges) == 8


def test_an_item_without_a_place_in_the_metamodel_has_no_diagram(client: FlaskClient) -> None:
    html = client.get("/id/skatteverket", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="diagram"' not in html


def test_labels_from_the_store_are_escaped(settings: Settings, tmp_path: Path) -> None:
    store = OxigraphStore(None)
    layout = GraphLayout(settings.base_iri)
    store.replace_graph(layout.ontology, _ontology(settings))
    process, activity = ID["acme/process/p"], ID["acme/activity/a"]
    part = Graph()
    part.add((process, RDF.type, SAM.Process))
    part.add((process, RDFS.label, Literal("Tom <&> Jerry", lang="en")))
    part.add((activity, RDF.type, SAM.Activity))
    part.add((activity, RDFS.label, Literal("<script>x</script>", lang="en")))
    inferred = Graph()
    inferred.add((activity, SAM.tracesTo, process))
    inferred.add((process, SAM.tracedFrom, activity))
    store.replace_graphs({layout.actor("acme"): part, layout.inferred: inferred})
    app = create_app({"TESTING": True}, settings=replace(settings, store_path=tmp_path / "s"),
                     store=store)  # fmt: skip
    html = app.test_client().get("/id/acme/process/p.html?lang=en").get_data(as_text=True)
    assert "<script>x" not in html
    links = box_links(svg_of(html))
    assert links == {"/id/acme/process/p?lang=en": "Process Tom <&> Jerry",
                     "/id/acme/activity/a?lang=en": "Activity <script>x</script>"}  # fmt: skip


def _ontology(settings: Settings) -> Graph:
    graph = Graph()
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        graph.parse(path)
    return graph
