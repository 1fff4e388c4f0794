"""Submissions and history.

Submitting and validating, jobs, reports, versions, restores; CPSV-AP and DCAT-AP exchange.
"""
