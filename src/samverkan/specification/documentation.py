"""The HTML documentation of the specification, one self-contained page per language.

Written by the same generator as the server's ontology page
(:mod:`samverkan.presentation.ontology_doc`), so the two never disagree, into a page of its
own that needs no server: the specification's metadata and parts, the diagram, every class
and property, every controlled list and every guideline rule with its shapes. Names of the
ontology, its lists and its shapes link to their sections of the page; other IRIs link to
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROF

from samverkan.namespaces import INSPEC, SAM, SAMK, SAMSH
from samverkan.presentation.links import Link
from samverkan.presentation.ontology import build
from samverkan.presentation.ontology_doc import Linker, ontology_doc, shapes_doc
from samverkan.presentation.texts import pick, text
from samverkan.specification.profile import Part, artifact
from samverkan.specification.sources import Sources

#: The page's own words (the ontology's sections use the server's, from ``language.TEXTS``).
WORDS: dict[str, dict[str, str]] = {
    "specification": {"sv": "Specifikation", "en": "Specification"},
    "parts": {"sv": "Specifikationens delar", "en": "Parts of the specification"},
    "part": {"sv": "Del", "en": "Part"},
    "role": {"sv": "Roll", "en": "Role"},
    "conforms": {"sv": "Följer", "en": "Conforms to"},
    "format": {"sv": "Format", "en": "Format"},
    "file": {"sv": "Fil", "en": "File"},
    "diagram": {"sv": "Översiktsbild", "en": "Diagram"},
    "rules": {"sv": "Vägledningsregler och former", "en": "Guideline rules and shapes"},
    "shape": {"sv": "Form", "en": "Shape"},
    "targets": {"sv": "Gäller", "en": "Applies to"},
    "path": {"sv": "Egenskap", "en": "Path"},
    "severity": {"sv": "Allvarlighet", "en": "Severity"},
    "reused": {"sv": "Återanvända termer", "en": "Reused terms"},
    "reused_intro": {
        "sv": "Klasser och egenskaper från andra vokabulär som ontologin bygger på eller "
        "som formerna använder.",
        "en": "Classes and properties of other vocabularies that the ontology builds on or "
        "that the shapes use.",
    },
    "publisher": {"sv": "Utgivare", "en": "Publisher"},
    "licence": {"sv": "Licens", "en": "Licence"},
    "issued": {"sv": "Utfärdad", "en": "Issued"},
    "modified": {"sv": "Ändrad", "en": "Modified"},
    "inherited": {"sv": "återanvänds från", "en": "reused from"},
    "other_language": {"sv": "In English", "en": "På svenska"},
    "generated": {
        "sv": "Skriven av samverkan publish spec enligt DIGG:s profil för interoperabla "
        "specifikationer (INSPEC).",
        "en": "Written by samverkan publish spec per DIGG's Interoperable Specifications "
        "profile (INSPEC).",
    },
}


@dataclass(frozen=True)
class PartRow:
    """One row of the table of parts."""

    title: str
    roles: str
    conforms_to: str
    media_type: str
    href: str


def linker(sources: Sources) -> Linker:
    """Link the ontology's terms, lists and shapes to their sections of the page."""
    sam, shapes, concepts = str(SAM), str(SAMSH), str(SAMK)

    def make(iri: str, label: str) -> Link:
        if iri.startswith(sam):
            return Link("#" + iri[len(sam) :], label, iri)
        if iri.startswith(shapes):
            return Link("#shape-" + iri[len(shapes) :], label, iri)
        if iri.startswith(concepts):
            return Link("#" + anchor_of_concept(iri[len(concepts) :]), label, iri)
        return Link(iri, label, iri)

    return make


def anchor_of_concept(local: str) -> str:
    """Return the anchor of a list (``level``) or concept (``level/logical``)."""
    return "list-" + local.replace("/", "--")


def render(sources: Sources, profile: Graph, parts: list[Part], svg: str, lang: str) -> str:
    """Write the documentation page in ``lang``."""
    merged = sources.merged()
    ontology = build(merged)
    links = linker(sources)
    spec = sources.spec
    context: dict[str, Any] = {
        "lang": lang,
        "other": "en" if lang == "sv" else "sv",
        "spec": str(spec),
        "meta": _metadata(profile, spec, lang),
        "parts": [_row(spec, part, lang) for part in parts],
        "inherited": _inherited(profile, spec, lang),
        "doc": ontology_doc(merged, ontology, lang, links),
        "rules": shapes_doc(sources.shapes, ontology, lang, links),
        "reused": sorted(
            (ontology.curie(t), str(t))
            for t in profile.objects(spec, INSPEC.reuses)
            if isinstance(t, URIRef)
        ),
        "svg": Markup(svg),  # our own drawing, every text in it escaped
        "artifact": lambda path: str(artifact(spec, path)),
        "anchor_of": lambda iri: links(iri, "").href.lstrip("#"),
        "t": lambda key: WORDS[key][lang] if key in WORDS else text(key, lang),
    }
    return _environment().get_template("documentation.html").render(context)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("samverkan.specification", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _metadata(profile: Graph, spec: URIRef, lang: str) -> dict[str, str | None]:
    def one(predicate: URIRef) -> str | None:
        values = [v for v in profile.objects(spec, predicate) if isinstance(v, Literal)]
        found = pick(values, lang)
        return str(found) if found is not None else None

    return {
        "title": one(DCTERMS.title),
        "description": one(DCTERMS.description),
        "version": one(OWL.versionInfo),
        "issued": one(DCTERMS.issued),
        "modified": one(DCTERMS.modified),
        "publisher": str(profile.value(spec, DCTERMS.publisher) or ""),
        "licence": str(profile.value(spec, DCTERMS.license) or ""),
    }


def _row(spec: URIRef, part: Part, lang: str) -> PartRow:
    return PartRow(
        title=part.title.get(lang) or next(iter(part.title.values())),
        roles=", ".join(part.roles),
        conforms_to=_short(part.conforms_to),
        media_type=part.media_type,
        href=str(artifact(spec, part.path)),
    )


def _inherited(profile: Graph, spec: URIRef, lang: str) -> list[tuple[str, str, str]]:
    """Return (title, vocabulary, specification) of each reused vocabulary."""
    rows = []
    for node in profile.objects(spec, PROF.hasResource):
        source = profile.value(node, PROF.isInheritedFrom)
        if source is None:
            continue
        titles = [t for t in profile.objects(node, DCTERMS.title) if isinstance(t, Literal)]
        title = pick(titles, lang)
        rows.append((str(title or node), str(profile.value(node, DCTERMS.subject)), str(source)))
    return sorted(rows)


def _short(term: URIRef | None) -> str:
    if term is None:
        return ""
    return "inspec:" + str(term).rpartition("/")[2]
