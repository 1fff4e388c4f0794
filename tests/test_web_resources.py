"""Dereferenceable IRIs: every item, concept and ontology term resolves on this server.

The pattern: a GET on the IRI itself negotiates (HTML for browsers, RDF for data clients)
and answers 200 directly, with ``Vary`` and ``Content-Location``; each representation also
has its own URL with a suffix (``.html``, ``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``) that wins
over ``Accept``. ``Link`` headers name the alternates and the canonical IRI; ``ETag`` makes
a repeated GET cheap. Expectations are computed from the store or the actor files.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node
from werkzeug.test import TestResponse

from samverkan.config import Settings
from samverkan.federation import build
from samverkan.metamodel import catalog_classes
from samverkan.namespaces import ID, SAM, SAMK, SAMSH
from samverkan.rdfio import format_for_media_type, parse_quads
from samverkan.sparql_values import fill, iris
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.terms import graph_from_triples
from samverkan.web import create_app
from samverkan.web.common import rq

ACTIVITY = ID["skatteverket/activity/register-newborn"]
NAVET = ID["skatteverket/service/navet"]
BIRTH = ID["skatteverket/concept/birth"]
MINA_OMBUD = ID["digg/service/mina-ombud"]
SKATTEVERKET = ID.skatteverket

#: Each RDF syntax: what a client asks for, and the suffix of its own URL.
RDF_FORMATS = [
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdf"),
]
HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}


def local(iri: URIRef) -> str:
    """Return the request path of an IRI under the canonical base."""
    return "/" + str(iri).removeprefix("https://samverkan.example.org/")


def parse(response: TestResponse) -> Graph:
    """Parse a response body in the syntax its Content-Type names."""
    syntax = format_for_media_type(response.mimetype)
    return graph_from_triples(parse_quads(response.data, syntax, response.request.path))


def fetch(client: FlaskClient, path: str, accept: str = "text/turtle") -> Graph:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.get_data(as_text=True)
    return parse(response)


def section(html: str, css_class: str) -> str:
    """Return the HTML of the first ``<section class="…">`` up to its end."""
    start = html.index(f'<section class="{css_class}"')
    return html[start : html.index("</section>", start)]


def select_column(store: OxigraphStore, query: str, item: URIRef) -> set[Node]:
    """Return the ``?x`` of a query about ``?item`` (bound, so projected too)."""
    return set(store.select(f"PREFIX sam: <{SAM}>\n{query}", {"item": item}).column("x"))


# ---------------------------------------------------------------------------------------
# Content negotiation on the IRI itself
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "suffix"), RDF_FORMATS)
def test_the_iri_answers_each_rdf_syntax_directly(
    client: FlaskClient, accept: str, suffix: str
) -> None:
    response = client.get(local(ACTIVITY), headers={"Accept": accept})
    assert response.status_code == 200  # no 303: the IRI answers itself
    assert "Location" not in response.headers
    assert response.mimetype == accept
    assert response.headers["Content-Location"] == f"{local(ACTIVITY)}.{suffix}"
    assert "Accept" in response.headers["Vary"]
    graph = parse(response)
    assert (ACTIVITY, RDF.type, SAM.Activity) in graph


def test_a_browser_gets_the_html_page_at_the_iri(client: FlaskClient) -> None:
    response = client.get(local(ACTIVITY), headers=HTML)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Content-Location"] == f"{local(ACTIVITY)}.html"
    assert {v.strip() for v in response.headers["Vary"].split(",")} == {
        "Accept",
        "Accept-Language",
    }
    assert "<h1>" in response.get_data(as_text=True)


def test_q_values_decide_between_html_and_data(client: FlaskClient) -> None:
    response = client.get(local(ACTIVITY), headers={"Accept": "text/html;q=0.5, text/turtle"})
    assert response.mimetype == "text/turtle"


def test_the_format_parameter_overrides_accept(client: FlaskClient) -> None:
    response = client.get(local(ACTIVITY) + "?format=nt", headers=HTML)
    assert response.mimetype == "application/n-triples"


def test_nothing_acceptable_is_406_and_says_what_is_offered(client: FlaskClient) -> None:
    response = client.get(local(ACTIVITY), headers={"Accept": "image/png"})
    assert response.status_code == 406
    message = response.get_data(as_text=True)
    assert "text/turtle" in message
    assert "text/html" in message


# ---------------------------------------------------------------------------------------
# Suffix URLs, Link headers, ETags
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("media_type", "suffix"), RDF_FORMATS)
def test_a_suffix_wins_over_accept(client: FlaskClient, media_type: str, suffix: str) -> None:
    response = client.get(f"{local(NAVET)}.{suffix}", headers=HTML)
    assert response.status_code == 200
    assert response.mimetype == media_type
    # Every public read names both headers: its ETag depends on them (web/caching.py).
    assert vary(response) == {"Accept", "Accept-Language"}
    graph = parse(response)
    assert (NAVET, RDF.type, SAM.RealisedService) in graph


def test_the_html_suffix_gives_the_page_to_a_data_client(client: FlaskClient) -> None:
    response = client.get(f"{local(NAVET)}.html", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/html"
    assert vary(response) == {"Accept", "Accept-Language"}


def test_link_headers_name_every_alternate_and_the_canonical_iri(client: FlaskClient) -> None:
    response = client.get(local(NAVET), headers=HTML)
    links = response.headers["Link"]
    for media_type, suffix in [("text/html", "html"), *RDF_FORMATS]:
        assert f'<{local(NAVET)}.{suffix}>; rel="alternate"; type="{media_type}"' in links
    assert f'<{NAVET}>; rel="canonical"' in links


def test_an_etag_makes_a_repeated_get_a_304(client: FlaskClient) -> None:
    first = client.get(local(NAVET), headers={"Accept": "text/turtle"})
    etag = first.headers["ETag"]
    again = client.get(local(NAVET), headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get(local(NAVET), headers={"Accept": "application/ld+json"})
    assert other.headers["ETag"] != etag  # each representation has its own
    stale = client.get(local(NAVET), headers={"Accept": "text/turtle", "If-None-Match": '"x"'})
    assert stale.status_code == 200


def test_the_html_etag_depends_on_the_language(client: FlaskClient) -> None:
    swedish = client.get(f"{local(NAVET)}.html?lang=sv")
    english = client.get(f"{local(NAVET)}.html?lang=en")
    assert swedish.headers["ETag"] != english.headers["ETag"]
    again = client.get(
        f"{local(NAVET)}.html?lang=sv", headers={"If-None-Match": swedish.headers["ETag"]}
    )
    assert again.status_code == 304


# ---------------------------------------------------------------------------------------
# Unknown IRIs
# ---------------------------------------------------------------------------------------


def test_an_unknown_iri_is_a_404_page_for_a_browser(client: FlaskClient) -> None:
    response = client.get("/id/skatteverket/service/no-such-service", headers=HTML)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "no-such-service" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/id/skatteverket/service/no-such-service",
        "/id/no-such-actor.ttl",
        "/id/",
        "/def/concepts/level/nowhere",
        "/def/nothing",
        # Found by tests/test_fuzz_endpoints.py: a % that starts no percent-encoding (500).
        "/id/kivra/version/x%25/report",
        "/id/kivra/%25zz",
    ],
)
def test_an_unknown_iri_is_a_404_for_a_script(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/plain"})
    assert response.status_code == 404
    assert response.mimetype == "text/plain"


def test_other_routes_are_not_taken_for_identifiers(client: FlaskClient) -> None:
    assert client.get("/health").status_code == 200
    assert client.get("/sparql", headers=HTML).status_code == 200
    stylesheet = client.get("/static/samverkan.css")
    assert stylesheet.status_code == 200
    stylesheet.close()


# ---------------------------------------------------------------------------------------
# What a description holds
# ---------------------------------------------------------------------------------------


def test_a_description_holds_the_items_asserted_triples(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    described = fetch(client, local(NAVET))
    asserted = store.graph(GraphLayout(settings.base_iri).actor("skatteverket"))
    own = set(asserted.triples((NAVET, None, None)))
    assert own
    assert own <= set(described)


def test_a_description_holds_the_inferred_links_both_ways(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    described = fetch(client, local(ACTIVITY))
    inferred = store.graph(GraphLayout(settings.base_iri).inferred)
    assert set(inferred.triples((ACTIVITY, None, None))) <= set(described)
    # The process states nothing about the activity; the inverse link comes from inference.
    process = described.value(ACTIVITY, SAM.partOfProcess)
    assert (process, SAM.hasActivity, ACTIVITY) not in described  # only the item's own triples
    assert (ACTIVITY, SAM.tracesTo, ID["digg/life-situation/family"]) in described
    process_description = fetch(client, local(URIRef(str(process))))
    assert (process, SAM.hasActivity, ACTIVITY) in process_description


def test_a_description_names_and_types_every_item_it_links_to(
    client: FlaskClient, store: OxigraphStore
) -> None:
    described = fetch(client, local(NAVET))
    linked = {o for o in described.objects(NAVET, None) if isinstance(o, URIRef)}
    items = {o for o in linked if str(o).startswith(str(ID))}
    assert len(items) > 5
    for item in items:
        labels = store.select(
            "SELECT ?x ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            {"x": item},
        ).column("l")
        assert set(labels) == set(described.objects(item, RDFS.label)), item
        assert any(str(t).startswith(str(SAM)) for t in described.objects(item, RDF.type)), item


def test_a_linked_item_is_given_its_asserted_types_only(client: FlaskClient) -> None:
    described = fetch(client, local(ACTIVITY))
    process = ID["skatteverket/process/population-registration-at-birth"]
    assert set(described.objects(process, RDF.type)) == {SAM.Process}


# ---------------------------------------------------------------------------------------
# The ontology, the controlled lists and the shapes
# ---------------------------------------------------------------------------------------


def test_a_hash_iri_of_the_ontology_resolves_to_the_ontology_document(
    client: FlaskClient,
) -> None:
    # A client strips "#Process" before asking; the server sees the document's address.
    response = client.get("/def/samverkan#Process", headers=HTML)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="Process"' in page
    assert 'id="tracesTo"' in page


def test_the_ontology_document_is_the_ontology_graph(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    served = fetch(client, "/def/samverkan")
    stored = store.graph(GraphLayout(settings.base_iri).ontology)
    assert len(served) == len(stored)
    assert (SAM.Process, RDF.type, OWL.Class) in served


def test_the_ontology_page_documents_every_class_and_property(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    stored = store.graph(GraphLayout(settings.base_iri).ontology)
    page = client.get("/def/samverkan?lang=en", headers=HTML).get_data(as_text=True)
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in stored.subjects(RDF.type, kind):
            if str(term).startswith(str(SAM)):
                assert f'id="{str(term).removeprefix(str(SAM))}"' in page, term
    definition = stored.value(SAM.Activity, SKOS.definition, any=True)
    english = [d for d in stored.objects(SAM.Activity, SKOS.definition) if d.language == "en"]
    assert definition is not None and str(english[0]).replace("'", "&#39;") in page


def test_the_ontology_page_shows_inverse_domain_range_and_alignment(
    client: FlaskClient,
) -> None:
    page = client.get("/def/samverkan?lang=en", headers=HTML).get_data(as_text=True)
    part_of_process = page[page.index('id="partOfProcess"') :]
    part_of_process = part_of_process[: part_of_process.index("</section>")]
    assert 'href="/def/samverkan?lang=en#hasActivity"' in part_of_process  # the inverse
    assert 'href="/def/samverkan?lang=en#Activity"' in part_of_process  # domain
    assert 'href="/def/samverkan?lang=en#tracesTo"' in part_of_process  # super-property
    life_event = page[page.index('id="LifeEvent"') :]
    life_event = life_event[: life_event.index("</section>")]
    assert "cv:LifeEvent" in life_event  # aligned to the Core Public Service Vocabulary


def test_the_ontology_page_lists_every_controlled_list_with_its_concepts(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    stored = store.graph(GraphLayout(settings.base_iri).ontology)
    page = client.get("/def/samverkan", headers=HTML).get_data(as_text=True)
    for concept in stored.subjects(SKOS.inScheme, None):
        assert f'href="{local(URIRef(str(concept)))}"' in page, concept


@pytest.mark.parametrize("path", ["service-type/shared", "level/logical", "guideline-rule/7"])
def test_a_concept_resolves_to_its_description(client: FlaskClient, path: str) -> None:
    concept = SAMK[path]
    described = fetch(client, local(concept))
    assert (concept, RDF.type, SKOS.Concept) in described
    assert {label.language for label in described.objects(concept, SKOS.prefLabel)} == {
        "sv",
        "en",
    }
    page = client.get(local(concept) + "?lang=sv", headers=HTML).get_data(as_text=True)
    swedish = [lbl for lbl in described.objects(concept, RDFS.label) if lbl.language == "sv"]
    assert f"<h1>{swedish[0]}</h1>" in page


def test_a_concept_scheme_resolves_with_its_top_concepts(client: FlaskClient) -> None:
    scheme = SAMK["channel-kind"]
    described = fetch(client, local(scheme))
    assert len(set(described.objects(scheme, SKOS.hasTopConcept))) == 4


def test_the_shapes_document_is_the_shapes_graph(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    served = fetch(client, "/def/shapes.ttl", accept="text/html")
    stored = store.graph(GraphLayout(settings.base_iri).shapes)
    assert len(served) == len(stored)


def test_the_shapes_page_lists_each_rules_shapes_with_severity_and_message(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    stored = store.graph(GraphLayout(settings.base_iri).shapes)
    response = client.get("/def/shapes#Rule2ProcessShape", headers=HTML)
    page = response.get_data(as_text=True)
    named = {s for s in stored.subjects(SAM.enforcesRule, None) if isinstance(s, URIRef)}
    for shape in named:
        assert f'id="{str(shape).removeprefix(str(SAMSH))}"' in page, shape
    shape = page[page.index('id="Rule2ProcessEventShape"') :]
    shape = shape[: shape.index("</section>")]
    assert "Violation" in shape
    assert "sam:realisesEvent | ^sam:realisedByProcess" in shape
    messages = stored.objects(SAMSH.Rule2ProcessEventShape, SH.message)
    assert any(str(m) in shape for m in messages)


# ---------------------------------------------------------------------------------------
# The item page: language, properties, traceability, owner
# ---------------------------------------------------------------------------------------


def labels(store: OxigraphStore, item: URIRef) -> dict[str, str]:
    rows = store.select(
        "SELECT ?x ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
        {"x": item},
    ).column("l")
    return {label.language: str(label) for label in rows if isinstance(label, Literal)}


def page_of(client: FlaskClient, item: URIRef, **headers: str) -> str:
    response: TestResponse = client.get(local(item), headers={**HTML, **headers})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_lang_links_switch_the_page_language(
    client: FlaskClient, store: OxigraphStore, lang: str
) -> None:
    page = client.get(f"{local(NAVET)}?lang={lang}", headers=HTML).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{labels(store, NAVET)[lang]}</h1>" in page
    assert f'href="{local(NAVET)}?lang=sv"' in page
    assert f'href="{local(NAVET)}?lang=en"' in page
    # Links to other pages keep the language asked for.
    assert f'href="/id/skatteverket?lang={lang}"' in page


@pytest.mark.parametrize(
    ("accept_language", "lang"), [("sv-SE,sv;q=0.9,en;q=0.5", "sv"), ("en-GB", "en"), ("fr", "en")]
)
def test_accept_language_chooses_the_language(
    client: FlaskClient, store: OxigraphStore, accept_language: str, lang: str
) -> None:
    page = page_of(client, NAVET, **{"Accept-Language": accept_language})
    assert f"<h1>{labels(store, NAVET)[lang]}</h1>" in page


def test_property_names_come_from_the_ontology_in_the_pages_language(
    client: FlaskClient, ontology: Graph
) -> None:
    page = client.get(f"{local(NAVET)}?lang=sv", headers=HTML).get_data(as_text=True)
    table = section(page, "properties")
    swedish = [lbl for lbl in ontology.objects(SAM.serviceType, RDFS.label) if lbl.language == "sv"]
    assert f">{swedish[0]}</a>" in table
    assert 'href="/def/concepts/service-type/shared?lang=sv"' in table


def test_derived_super_properties_stay_off_the_page(client: FlaskClient) -> None:
    table = section(page_of(client, NAVET), "properties")
    assert "#owner" in table
    assert "dc/terms/publisher" not in table  # dct:publisher follows from sam:owner


def test_an_activity_traces_up_to_its_process_event_and_life_situation(
    client: FlaskClient, store: OxigraphStore
) -> None:
    above = section(page_of(client, ACTIVITY, **{"Accept-Language": "en"}), "above")
    expected = select_column(store, "SELECT ?item ?x WHERE { ?item sam:tracesTo ?x }", ACTIVITY)
    assert len(expected) == 3
    for item in expected:
        assert f'href="{local(URIRef(str(item)))}"' in above
    headings = re.findall(r"<dt><a [^>]*>([^<]+)</a></dt>", above)
    assert headings == ["Process", "Life event", "Life situation"]  # nearest first


def test_a_concept_is_traced_down_to_its_information_and_data(
    client: FlaskClient, store: OxigraphStore
) -> None:
    below = section(page_of(client, BIRTH, **{"Accept-Language": "en"}), "below")
    expected = select_column(store, "SELECT ?item ?x WHERE { ?item sam:tracedFrom ?x }", BIRTH)
    kinds = select_column(
        store, "SELECT ?item ?x WHERE { ?item sam:tracedFrom ?y . ?y a ?x }", BIRTH
    )
    assert SAM.Information in kinds and SAM.DataElement in kinds
    for item in expected:
        assert f'href="{local(URIRef(str(item)))}"' in below
    assert "Information" in below and "Data element" in below


def test_a_service_shows_what_it_supports_and_carries_and_its_realisation_chain(
    client: FlaskClient, store: OxigraphStore
) -> None:
    page = page_of(client, MINA_OMBUD, **{"Accept-Language": "en"})
    across = section(page, "across")
    for predicate in ("supports", "carriesInformation"):
        found = select_column(
            store, f"SELECT ?item ?x WHERE {{ ?item sam:{predicate} ?x }}", MINA_OMBUD
        )
        assert found, predicate
        for item in found:
            assert f'href="{local(URIRef(str(item)))}"' in across
    above = section(page, "above")
    for service in select_column(
        store, "SELECT ?item ?x WHERE { ?item sam:tracesTo ?x }", MINA_OMBUD
    ):
        assert f'href="{local(URIRef(str(service)))}"' in above
    # The conceptual level above is a public service (a conceptual service of a public actor).
    assert "Logical service" in above and "Public service" in above


def test_an_actor_page_lists_everything_the_actor_owns(
    client: FlaskClient, store: OxigraphStore
) -> None:
    page = page_of(client, SKATTEVERKET)
    owned = page[page.index('<section class="owned"') :]
    owned = owned[: owned.index("</section>")]
    items = select_column(store, "SELECT ?item ?x WHERE { ?x sam:owner ?item }", SKATTEVERKET)
    assert len(items) > 50
    for item in items - {SKATTEVERKET}:
        assert f'href="{local(URIRef(str(item)))}"' in owned, item
    assert ">Process</a></dt>" in owned or ">Processer</a></dt>" in owned


def test_an_item_page_links_its_owner_iri_and_data(client: FlaskClient) -> None:
    page = page_of(client, NAVET)
    head = page[page.index('<header class="item-head">') :]
    assert 'class="owner"' in head and 'href="/id/skatteverket"' in head
    assert f'<code class="iri">{NAVET}</code>' in head
    for _, suffix in RDF_FORMATS:
        assert f'href="{local(NAVET)}.{suffix}"' in head


def test_a_catalog_item_links_to_its_listing(client: FlaskClient) -> None:
    page = page_of(client, ID["digg/catalog/service"])
    assert 'href="/catalogs/service"' in page


# ---------------------------------------------------------------------------------------
# The web layer's own queries, and a deployment under another base
# ---------------------------------------------------------------------------------------

#: Bindings each query of ``web/queries/`` needs, for running it once.
QUERY_BINDINGS: dict[str, dict[str, Node]] = {
    "describe": {"item": NAVET},
    "catalog-entries": {"catalogClass": SAM.ServiceCatalog, "q": Literal("")},
    "catalog-keys": {"catalogClass": SAM.ServiceCatalog, "q": Literal(""), "lang": Literal("sv")},
    "catalog-count": {"catalogClass": SAM.ServiceCatalog, "q": Literal("")},
}


@pytest.mark.parametrize("name", rq.names())
def test_every_web_query_parses_and_answers(
    store: OxigraphStore, settings: Settings, name: str
) -> None:
    text = rq.query(name)
    assert text.startswith("#"), "each query file starts with a comment saying what it answers"
    bindings = QUERY_BINDINGS.get(name, {})
    if "#ENTRIES#" in text:  # a page's entries, as the listing fills them in
        entries = store.select("SELECT ?e WHERE { ?e <http://xmlns.com/foaf/0.1/primaryTopic> ?i }")
        text = fill(text, ENTRIES=iris(URIRef(str(row["e"])) for row in entries.rows))
    if "#CATALOGS#" in text:  # the catalogs' classes, as the catalog pages fill them in
        text = fill(text, CATALOGS=catalog_classes())
    if "#ITEMS#" in text:  # the IRIs of an answer, as the query page fills them in
        text = fill(text, ITEMS=iris([NAVET]))
    if "CONSTRUCT" in text:
        assert len(store.construct(text, bindings)) > 0
    else:
        assert store.select(text, bindings).rows


def test_identifiers_resolve_under_any_configured_base(settings: Settings, tmp_path: Path) -> None:
    base = "http://localhost:5000/"
    local_settings = replace(settings, base_iri=base, store_path=tmp_path / "store")
    opened = OxigraphStore(local_settings.store_path)
    try:
        build(opened, local_settings)
        client = create_app({"TESTING": True}, settings=local_settings, store=opened).test_client()
        response = client.get("/id/skatteverket/service/navet", headers={"Accept": "text/turtle"})
        described = parse(response)
        navet = URIRef(base + "id/skatteverket/service/navet")
        assert (navet, RDF.type, SAM.RealisedService) in described
        assert f"@prefix sam: <{SAM}>" in response.get_data(as_text=True)
        assert base + "def/" not in response.get_data(as_text=True)
        page = client.get("/id/skatteverket/service/navet?lang=en", headers=HTML)
        html = page.get_data(as_text=True)
        assert 'href="/def/samverkan?lang=en#RealisedService"' in html
        assert 'href="/id/skatteverket?lang=en"' in html
    finally:
        opened.close()


def vary(response: TestResponse) -> set[str]:
    """Return the header names of the response's Vary."""
    return {name.strip() for name in response.headers["Vary"].split(",")}
