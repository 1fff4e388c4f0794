"""Samverkan: a linked-data knowledge graph for digital collaboration in the public sector."""

__version__ = "0.1.0"
