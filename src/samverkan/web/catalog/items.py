"""Dereferenceable IRIs: every item, concept and ontology term resolves on this server.

Routes (each also with a suffix ``.html``, ``.ttl``, ``.nt``, ``.jsonld`` or ``.rdf``):

- ``/id/<actor>[/<kind>/<slug>]`` — an actor or an item of one of the catalogs;
- ``/def/concepts/<scheme>[/<code>]`` — a controlled list or one of its concepts;
- ``/def/samverkan`` — the ontology document; its terms ``/def/samverkan#Term`` resolve
  to it (the fragment never reaches the server) and the page has an anchor per term;
- ``/def/shapes`` — the guideline shapes; ``/def/shapes#Shape`` likewise.

How negotiation, suffixes and the headers work is documented in
:mod:`samverkan.web.common.representation`; what an item's description holds in
:mod:`samverkan.web.catalog.item_description`.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, render_template
from rdflib import Graph, URIRef

from samverkan.errors import NotFoundError
from samverkan.namespaces import SAM, SAMSH
from samverkan.presentation.ontology_doc import ontology_doc, shapes_doc
from samverkan.web.catalog.item_description import ItemView, Reader, describe
from samverkan.web.catalog.reach import reach
from samverkan.web.common import language
from samverkan.web.common.actors import is_slug
from samverkan.web.common.addresses import link, with_lang
from samverkan.web.common.representation import SUFFIXES, Target, respond, split_suffix
from samverkan.web.common.services import services
from samverkan.web.common.vocabulary import ontology

bp = Blueprint("resources", __name__)

#: What a path under the base may hold to name an identifier (no spaces, controls or
#: characters an IRI may not hold, RFC 3987: those below U+0021, <>"{}|\^` and U+FFF0-FFFF;
#: a ``%`` only as the start of a percent-encoding).
_IRI_PATH = re.compile(r"(?:[^\s\x00-\x20\x7f<>\"{}|\\^`\ufff0-\uffff%]|%[0-9A-Fa-f]{2})+")


@bp.route("/id/<path:rest>")
def item(rest: str) -> Response:
    """An actor or an item of the federation."""
    return _item(split_suffix("/id/" + rest))


@bp.route("/def/concepts/<path:rest>")
def concept(rest: str) -> Response:
    """A controlled list or one of its concepts."""
    return _item(split_suffix("/def/concepts/" + rest))


@bp.route("/def/<document>")
def document(document: str) -> Response:
    """The ontology or the shapes document."""
    target = split_suffix("/def/" + document)
    if target.path == "/def/samverkan":
        return _ontology(target)
    if target.path == "/def/shapes":
        return _shapes(target)
    raise NotFoundError(
        f"nothing is published at /def/{document}; the documents are /def/samverkan "
        "(the ontology), /def/shapes (the guideline shapes) and /def/spec (the specification)"
    )


def _item(target: Target) -> Response:
    iri = services().iri(target.path)
    if not _IRI_PATH.fullmatch(target.path):
        raise NotFoundError(f"{iri} is not an identifier this server publishes")
    graph = describe(URIRef(iri))
    if not len(graph):
        raise NotFoundError(f"nothing is known about {iri}")

    def page() -> str:
        lang = language.current()
        view = Reader(graph, URIRef(iri), ontology(), lang).view()
        chains = reach(URIRef(iri), ontology(), lang)
        return render_template(
            "item.html",
            item=view,
            chains=chains,
            alternates=_alternates(target),
            history=_history(view),
        )

    return respond(target, iri, lambda: _rebound(graph), page)


def _history(view: ItemView) -> str | None:
    """Return the address of the history of the actor the item is, or belongs to."""
    for iri in (view.owner.iri if view.owner else None, view.iri):
        path = services().path(iri) if iri else None
        slug = path.removeprefix("/id/") if path else ""
        if path and path.startswith("/id/") and "/" not in slug and is_slug(slug):
            return with_lang(f"/id/{slug}/versions")
    return None


def _ontology(target: Target) -> Response:
    name = services().layout.ontology
    graph = services().store.graph(name)

    def page() -> str:
        doc = ontology_doc(graph, ontology(), language.current(), link)
        return render_template("ontology.html", doc=doc, alternates=_alternates(target))

    return respond(target, services().iri(target.path), lambda: _rebound(graph), page)


def _shapes(target: Target) -> Response:
    graph = services().store.graph(services().layout.shapes)

    def page() -> str:
        rules = shapes_doc(graph, ontology(), language.current(), link)
        return render_template(
            "shapes.html",
            rules=rules,
            iri=services().iri(target.path),
            alternates=_alternates(target),
        )

    return respond(target, services().iri(target.path), lambda: _rebound(graph), page)


def _rebound(graph: Graph) -> Graph:
    """Return ``graph`` with the project's prefixes bound to the vocabulary."""
    graph.bind("sam", SAM, override=True, replace=True)
    graph.bind("samsh", SAMSH, override=True, replace=True)
    return graph


def _alternates(target: Target) -> list[tuple[str, str, str]]:
    """Return (suffix, address, media type) of each data representation."""
    return [
        (suffix, f"{target.path}.{suffix}", media_type)
        for suffix, media_type in SUFFIXES.items()
        if suffix != "html"
    ]
