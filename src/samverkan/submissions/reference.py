"""The reference verdict on a submission: standard SHACL over the whole federation.

The federation as it would be after acceptance (every actor's part, the replaced actors'
parts swapped for the submission) is validated with the ontology, plainly: no focus nodes,
no context. The results kept are those about the submission's items, and those about other
items that the change brings about (not found when the federation as it is now is validated
the same way). :mod:`samverkan.submissions.context` must reach the same results from the
neighbourhood of the change; the tests compare the two on generated cases. This costs what
the federation costs, so it is for tests and benchmarks, not for serving.
"""

from __future__ import annotations

from rdflib import Graph

from samverkan.storage import GraphLayout, Store
from samverkan.submissions.context import replaced_actors
from samverkan.validation import Report, Validator


def federations(
    store: Store, layout: GraphLayout, slug: str | None, submission: Graph
) -> tuple[Graph, Graph]:
    """Return the federation (every actor's part) as it is, and as it would be after
    ``submission`` replaced actor ``slug``'s part (each described actor's, without one)."""
    actors = {slug} if slug else replaced_actors(layout, submission)
    before, after = Graph(), Graph()
    for name in sorted(store.graph_names()):
        actor = layout.actor_slug(name)
        if actor is None:
            continue
        part = store.graph(name)
        before += part
        if actor not in actors:
            after += part
    return before, after + submission


def validate_whole(
    validator: Validator,
    before: Graph,
    after: Graph,
    submission: Graph,
    earlier: Report | None = None,
) -> Report:
    """Validate the federation ``after`` the change whole; keep the results about the
    submission's items and the others' results that the federation ``before`` had not
    (``earlier``, when given, is the report on ``before``, kept from a previous call)."""
    own = set(submission.subjects())
    later = validator.validate(after)
    earlier = earlier if earlier is not None else validator.validate(before)
    brought = {r.node for r in later.keeping(lambda r: r.focus not in own).without(earlier).results}
    return later.keeping(lambda r: r.focus in own or r.node in brought)
