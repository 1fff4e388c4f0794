"""One verdict on every path: ``samverkan validate``, ``POST /validate`` and ``POST /submissions``
give a document the same results, in the context of the same federation.

The documents are the issue's examples of rule breaks that the server once let through: a
customer value that is a plain string, a process realising a life situation instead of a
life event, a service with no Swedish name (each added to Kivra's part).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from federations import KIVRA, TURTLE, serving, turtle
from samverkan.cli import main
from samverkan.config import Settings
from samverkan.namespaces import CANONICAL_BASE, ID, SAM
from samverkan.storage import GraphLayout, OxigraphStore

PROCESS = URIRef(ID + "kivra/process/digital-mail-delivery")
SERVICE = URIRef(ID + "kivra/service/receiving-and-displaying-mail")


def customer_value_as_text(part: Graph) -> Graph:
    action = URIRef(ID + "kivra/action/read-mail")
    for triple in [
        (action, RDF.type, SAM.CustomerAction),
        (action, RDFS.label, Literal("Läsa post", lang="sv")),
        (action, RDFS.label, Literal("Read mail", lang="en")),
        (action, DCTERMS.description, Literal("Kunden läser sin post.", lang="sv")),
        (action, DCTERMS.description, Literal("The customer reads their mail.", lang="en")),
        (action, SAM.owner, ID[KIVRA]),
        (action, SAM.customerValue, Literal("Slipper pappersbrev")),
        (action, SAM.supportedBy, SERVICE),
    ]:
        part.add(triple)
    return part


def process_realising_a_situation(part: Graph) -> Graph:
    part.remove((PROCESS, SAM.realisesEvent, None))
    part.add((PROCESS, SAM.realisesEvent, URIRef(ID + "digg/life-situation/family")))
    return part


def service_without_swedish_name(part: Graph) -> Graph:
    for label in list(part.objects(SERVICE, RDFS.label)):
        if isinstance(label, Literal) and label.language == "sv":
            part.remove((SERVICE, RDFS.label, label))
    return part


BREAKS: dict[str, tuple[Callable[[Graph], Graph], str]] = {
    "customer-value-as-text": (customer_value_as_text, "6"),
    "process-realising-a-situation": (process_realising_a_situation, "2"),
    "service-without-swedish-name": (service_without_swedish_name, "9"),
}


def keys(report: dict) -> list[tuple]:
    return sorted(
        (r["rule"], r["severity"], r["focusNode"], r["path"], r["value"]) for r in report["results"]
    )


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_every_path_gives_the_same_results(
    state_copy: Settings, tmp_path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    breaking, rule = BREAKS[name]
    store = OxigraphStore(state_copy.store_path)
    document = breaking(store.graph(GraphLayout(CANONICAL_BASE).actor(KIVRA)))
    store.close()
    path = tmp_path / "part.ttl"
    path.write_bytes(turtle(document))

    where = ["--store", str(state_copy.store_path), "--base-iri", CANONICAL_BASE]
    assert main(["validate", "--format", "json", *where, str(path)]) == 1
    captured = capsys.readouterr()
    assert f"the store at {state_copy.store_path}" in captured.err
    on_the_command_line = json.loads(captured.out)

    with serving(state_copy) as federation:
        validated = federation.client().post(
            "/validate", data=turtle(document), content_type=TURTLE
        )
        submitted = federation.client().post(
            f"/submissions/{KIVRA}",
            data=turtle(document),
            content_type=TURTLE,
            headers=federation.auth(KIVRA, Accept="application/json"),
        )
    assert validated.status_code == 200
    assert submitted.status_code == 422
    found = keys(on_the_command_line)
    assert found == keys(validated.get_json()) == keys(submitted.get_json()["report"])
    assert rule in {r for r, severity, *_ in found if severity == "Violation"}


# --- results name their items by label as well as IRI -----------------------------------

DIGG_SERVICE = URIRef(ID + "digg/service/secure-digital-mail-delivery")


def named_like_diggs(part: Graph) -> Graph:
    """Kivra's logical service gets the name of DIGG's (rule 7: a warning naming DIGG's)."""
    part.remove((SERVICE, RDFS.label, None))
    part.add((SERVICE, RDFS.label, Literal("säker förmedling av myndighetspost", lang="sv-SE")))
    part.add((SERVICE, RDFS.label, Literal("Mail for the mailbox", lang="en")))
    return part


def test_reports_name_the_items_by_label_and_iri(
    state_copy: Settings, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = OxigraphStore(state_copy.store_path)
    document = named_like_diggs(store.graph(GraphLayout(CANONICAL_BASE).actor(KIVRA)))
    store.close()
    path = tmp_path / "part.ttl"
    path.write_bytes(turtle(document))
    where = ["--store", str(state_copy.store_path), "--base-iri", CANONICAL_BASE]

    assert main(["validate", *where, str(path)]) == 0
    text = capsys.readouterr().out
    assert f'"Mail for the mailbox" <{SERVICE}>' in text
    assert f'"Secure forwarding of mail from authorities" <{DIGG_SERVICE}>' in text

    main(["validate", "--format", "json", *where, str(path)])
    warnings = json.loads(capsys.readouterr().out)["results"]
    named = {(w["focusNode"], w["focusLabel"], w["value"], w["valueLabel"]) for w in warnings}
    ours, diggs = "Mail for the mailbox", "Secure forwarding of mail from authorities"
    # Both are warned: the reference validates DIGG's service too, which now has a twin.
    assert named == {
        (str(SERVICE), ours, str(DIGG_SERVICE), diggs),
        (str(DIGG_SERVICE), diggs, str(SERVICE), ours),
    }

    with serving(state_copy) as federation:
        page = federation.client().post(
            "/validate?lang=sv",
            data=turtle(document),
            content_type=TURTLE,
            headers={"Accept": "text/html"},
        )
    html = page.get_data(as_text=True)
    assert "Säker förmedling av myndighetspost" in html
    assert f'<code class="iri">{DIGG_SERVICE}</code>' in html
    assert f'<code class="iri">{SERVICE}</code>' in html
