"""Terms as pages show them: an IRI by its label (or the ontology's name, or its path)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from samverkan.validation import Report
from samverkan.web.common import language, rq
from samverkan.web.common.addresses import href
from samverkan.web.common.services import services
from samverkan.web.common.vocabulary import ontology


@dataclass(frozen=True)
class Shown:
    """A term as a page shows it: its text and, for IRIs, where it links to."""

    text: str
    href: str | None = None
    iri: str | None = None


def shown(term: Node | None, names: Graph, lang: str, report: Report | None = None) -> Shown | None:
    """Return a term for a page: an IRI as a link named by its label in ``names`` (or the
    ``report``'s), else by the ontology's name for it, else by its local path."""
    if term is None:
        return None
    if not isinstance(term, URIRef):
        return Shown(str(term) if isinstance(term, Literal) else term.n3())
    label = language.pick(
        (v for v in names.objects(term, RDFS.label) if isinstance(v, Literal)), lang
    )
    named = report.label(term, lang) if report is not None else None
    text = str(label) if label is not None else named or ontology().label(term, lang)
    if text == str(term):
        text = services().path(str(term)) or str(term)
    return Shown(text, href(str(term)), str(term))


def part_names(slug: str) -> Graph:
    """Return the names of the items of actor ``slug``'s part (only its labels)."""
    part = services().layout.actor(slug)
    return services().store.construct(rq.query("part-labels"), {"part": part})
