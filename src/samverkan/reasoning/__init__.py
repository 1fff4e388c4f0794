"""Reasoning: materialise the OWL-RL entailments the ontology relies on.

The functions of :mod:`~samverkan.reasoning.rules` are the OWL 2 RL rules for the constructs
the ontology uses (sub-classes, sub-properties, inverses, transitive properties, domains and
ranges), applied until nothing new follows. A test checks that they give the same conclusions
about the federation's items as the reference reasoner ``owlrl``.
"""

from samverkan.reasoning.incremental import InferenceChange, inference_change, without_blank_nodes
from samverkan.reasoning.materialise import Clash, check_consistency, materialise

__all__ = [
    "Clash",
    "InferenceChange",
    "check_consistency",
    "inference_change",
    "materialise",
    "without_blank_nodes",
]
