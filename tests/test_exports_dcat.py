"""``/catalog``, the DCAT-AP 3.0.1 view of the federation's catalogs, conforms to the official
shapes and to DCAT-AP-SE.

The shapes are SEMICeu/DCAT-AP's hand-kept split with severities, ``releases/3.0.1/html/
shacl/``: ``shapes.ttl`` (cardinalities), ``range.ttl`` (classes of values),
``mdr-vocabularies.shape.ttl`` (EU code lists), ``shapes_recommended.ttl`` (recommended
properties, as Warnings) and ``deprecateduris.ttl``, all five merged as published.

The view has no Violation. It has Warnings of these kinds, each for data the federation
does not record (none is a mistake in the view):

- ``dct:publisher`` not in the EU corporate-body table (our actors are Swedish bodies);
- ``dcat:contactPoint`` and ``dct:temporal`` on datasets, ``dcat:contactPoint`` on the
  SPARQL service (no contact points or temporal coverage are recorded);
- ``dct:issued`` on catalogs and records, ``adms:status`` on records (only the date of the
  last change is recorded);
- ``dcatap:availability`` on distributions (no planned availability is promised);
- ``foaf:homepage`` on the four catalogs (their pages are not identified as documents);
- ``dcat:bbox`` and ``dcat:centroid`` on Sweden, the spatial coverage (no geometry given).
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from flask import Flask
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH, XSD

from samverkan.cli import main
from samverkan.config import Settings
from samverkan.storage import OxigraphStore

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
DCAT_AP = STANDARDS / "dcat-ap" / "3.0.1"
SPLIT = (
    "shapes.ttl",
    "range.ttl",
    "mdr-vocabularies.shape.ttl",
    "shapes_recommended.ttl",
    "deprecateduris.ttl",
)
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")

EXPECTED_WARNINGS = {
    (DCTERMS.publisher, "NodeConstraintComponent"),
    (DCAT.contactPoint, "MinCountConstraintComponent"),
    (DCTERMS.temporal, "MinCountConstraintComponent"),
    (DCTERMS.issued, "MinCountConstraintComponent"),
    (ADMS.status, "MinCountConstraintComponent"),
    (DCATAP.availability, "MinCountConstraintComponent"),
    (FOAF.homepage, "MinCountConstraintComponent"),
    (DCAT.bbox, "MinCountConstraintComponent"),
    (DCAT.centroid, "MinCountConstraintComponent"),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The five files of the hand-kept split, merged as published."""
    merged = Graph()
    for name in SPLIT:
        merged.parse(DCAT_AP / name)
    return merged


@pytest.fixture(scope="module")
def view(app: Flask) -> Graph:
    """The DCAT-AP view as the server sends it at /catalog."""
    response = app.test_client().get("/catalog", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.data, format="turtle")


@pytest.fixture(scope="module")
def report(view: Graph, shapes: Graph) -> Graph:
    _, found, _ = pyshacl.validate(
        view, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(found, Graph)
    return found


def results(report: Graph, severity: URIRef) -> set[tuple[str, str, str]]:
    """Return the top-level results of ``severity`` as (focus, path, constraint component)."""
    return {
        (
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        )
        for r in report.objects(None, SH.result)
        if report.value(r, SH.resultSeverity) == severity
    }


# --- the shapes as published ----------------------------------------------------------


def test_the_split_uses_sh_shape_which_is_not_a_shacl_term() -> None:
    """Five property shapes say ``sh:shape :DateOrDateTimeDataType_Shape`` (meant:
    ``sh:node``). SHACL has no ``sh:shape``, so those dates (e.g. a record's
    ``dct:modified``) go unchecked as published; our dates are ``xsd:date`` anyway."""
    text = (DCAT_AP / "shapes.ttl").read_text(encoding="utf-8")
    assert text.count("sh:shape :DateOrDateTimeDataType_Shape") == 5


def test_the_split_names_its_shapes_after_release_3_0_0_in_two_namespaces(
    shapes: Graph,
) -> None:
    """``shapes.ttl`` and ``range.ttl`` name shapes under ``…/releases/3.0.0/html/shacl/``,
    the other three under ``http://data.europa.eu/r5r#``: shapes of the same name in the
    latter (``:Distribution_ShapeCV``, ``:DcatResource_Shape`` …) merge into one."""
    names = {str(s) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert any("/releases/3.0.0/html/shacl/shapes.ttl#" in n for n in names)
    assert any(n.startswith("http://data.europa.eu/r5r#") for n in names)


def test_a_distribution_status_is_always_reported(shapes: Graph) -> None:
    """``mdr-vocabularies`` wants a distribution's ``adms:status`` from the EU
    distribution-status table (Violation), ``deprecateduris`` from the ADMS status list
    (Warning), on the same merged shape: any value breaks one of them, so the view gives
    distributions no status."""
    data = Graph()
    distribution = URIRef("http://example.org/distribution")
    status = URIRef(
        "http://publications.europa.eu/resource/authority/distribution-status/COMPLETED"
    )
    data.add((distribution, RDF.type, DCAT.Distribution))
    data.add((distribution, DCAT.accessURL, URIRef("http://example.org/")))
    data.add((distribution, ADMS.status, status))
    data.add(
        (
            status,
            URIRef("http://www.w3.org/2004/02/skos/core#inScheme"),
            URIRef("http://publications.europa.eu/resource/authority/distribution-status"),
        )
    )
    _, found, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert isinstance(found, Graph)
    warnings = results(found, SH.Warning)
    assert (str(distribution), str(ADMS.status), "NodeConstraintComponent") in warnings


# --- the view --------------------------------------------------------------------------


def test_the_view_has_no_violation(report: Graph) -> None:
    assert results(report, SH.Violation) == set()


def test_the_view_has_only_the_warnings_listed_above(report: Graph) -> None:
    kinds = {(URIRef(path), component) for _, path, component in results(report, SH.Warning)}
    assert kinds == {(URIRef(str(path)), component) for path, component in EXPECTED_WARNINGS}


def test_the_four_catalogs_are_part_of_the_federation_catalog(
    view: Graph, settings: Settings
) -> None:
    top = URIRef(settings.base_iri + "catalog")
    parts = set(view.objects(top, DCTERMS.hasPart))
    assert parts == set(view.objects(top, DCAT.catalog))
    assert len(parts) == 4
    for catalog in parts:
        assert view.value(catalog, DCTERMS.modified) == Literal("2026-11-30", datatype=XSD.date)
        assert (view.value(catalog, DCTERMS.publisher), RDF.type, FOAF.Agent) in view


def test_every_entry_is_a_record_of_the_items_description(
    view: Graph, store: OxigraphStore
) -> None:
    entries = set(
        store.select(
            "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
            "SELECT ?e WHERE { ?e a sam:CatalogEntry }"
        ).column("e")
    )
    assert len(entries) == 124
    assert set(view.subjects(RDF.type, DCAT.CatalogRecord)) == entries
    for entry in entries:
        dataset = view.value(entry, FOAF.primaryTopic)
        item = view.value(dataset, FOAF.primaryTopic)
        assert str(dataset) == f"{item}#description"
        assert (dataset, RDF.type, DCAT.Dataset) in view
        assert view.value(view.value(dataset, DCAT.distribution), DCAT.accessURL) == item


def test_exports_dcat_ap_redirects_to_the_one_description_at_catalog(app: Flask) -> None:
    response = app.test_client().get("/exports/dcat-ap?format=nt")
    assert response.status_code == 301
    assert response.headers["Location"] == "/catalog?format=nt"
    followed = app.test_client().get("/exports/dcat-ap?format=nt", follow_redirects=True)
    assert followed.status_code == 200
    assert followed.content_type.startswith("application/n-triples")


def test_the_command_line_writes_the_view(tmp_path: Path) -> None:
    output = tmp_path / "dcat.nt"
    store = str(tmp_path / "store")
    arguments = ["export", "dcat-ap", "--store", store, "--format", "nt", "--output", str(output)]
    assert main(arguments) == 0
    written = Graph().parse(output, format="nt")
    assert len(set(written.subjects(RDF.type, DCAT.CatalogRecord))) == 124
