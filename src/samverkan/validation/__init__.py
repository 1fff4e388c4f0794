"""Validation: the guideline shapes applied to RDF, with results a person can act on."""

from samverkan.validation.report import Report, Result, Severity
from samverkan.validation.validator import Validator

__all__ = ["Report", "Result", "Severity", "Validator"]
