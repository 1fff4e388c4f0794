"""Validate a submission in the context of the federation, reading only what it needs.

The shapes need more than the submission: the types of the items it links to, the links
other actors state towards its items, and, for reuse-before-build, the look-alike items of
other actors. Two CONSTRUCT queries fetch exactly that, so validation costs what the
submission costs, not what the federation costs; and only results about the submission's own
items count.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from samverkan.namespaces import CANONICAL_BASE
from samverkan.rebasing import move, rebase, rebase_report
from samverkan.sparql_values import fill, iris, literal, template
from samverkan.storage import GraphLayout, Store
from samverkan.submissions.sovereignty import items
from samverkan.validation import Report, Validator

PACKAGE = "samverkan.submissions"


def context_graph(store: Store, layout: GraphLayout, slug: str | None, submission: Graph) -> Graph:
    """Return what the federation (less actor ``slug``'s current part) says that matters."""
    replaced = layout.actor(slug) if slug else URIRef(f"{layout.base_iri}graph/none")
    graphs = f"({iris({replaced})} {iris({URIRef(layout.actor_prefix)})})"
    context = Graph()
    mentioned = {t for t in submission.all_nodes() if isinstance(t, URIRef)}
    if mentioned:
        query = fill(
            template(PACKAGE, "referenced.rq"),
            layout.base_iri,
            GRAPHS=graphs,
            ITEMS=iris(mentioned),
        )
        context += store.construct(query)
    labels = {
        (str(label).lower(), label.language or "")
        for label in submission.objects(None, RDFS.label)
        if isinstance(label, Literal)
    }
    concepts = {
        c for c in submission.objects(None, layout.sam.representsConcept) if isinstance(c, URIRef)
    }
    if labels or concepts:
        query = fill(
            template(PACKAGE, "look-alikes.rq"),
            layout.base_iri,
            GRAPHS=graphs,
            LABELS=" ".join(f"({literal(k)} {literal(lang)})" for k, lang in sorted(labels)),
            CONCEPTS=iris(concepts),
        )
        context += store.construct(query)
    return context


def validate_in_context(
    validator: Validator, store: Store, layout: GraphLayout, slug: str | None, submission: Graph
) -> Report:
    """Validate ``submission`` as actor ``slug``'s new part (or as an addition when None);
    report only on its own items."""
    data = submission + context_graph(store, layout, slug, submission)
    return validate_canonically(validator, data, items(submission), layout.base_iri)


def validate_canonically(
    validator: Validator, data: Graph, focus: set[URIRef], base_iri: str
) -> Report:
    """Validate in the vocabulary the shapes are written in, answer in the deployment's.

    The shapes' SPARQL constraints and the rule annotations name terms under the canonical
    base; a deployment's data names them under its own. Data and focus nodes move to the
    canonical base for validation, and the results move back.
    """
    canonical = rebase(data, base_iri, CANONICAL_BASE)
    moved = [move(node, base_iri, CANONICAL_BASE) for node in sorted(focus)]
    report = validator.validate(canonical, focus_nodes=moved)
    return rebase_report(report, CANONICAL_BASE, base_iri)
