"""Exports for neighbouring systems: the federation in the EU application profiles.

``cpsv`` gives the public services, events, organisations, channels and rules in CPSV-AP
3.2.0 and maps CPSV-AP data back into our model; ``dcat`` gives the federation's catalogs
in DCAT-AP 3.0.1. The SPARQL lives in ``queries/`` (one CONSTRUCT per part of a view).
"""
