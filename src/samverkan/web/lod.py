"""Placeholder blueprint; filled in by the pages, dereferencing and linked-open-data work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lod", __name__)
