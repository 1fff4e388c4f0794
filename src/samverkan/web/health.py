"""``/health``: whether the store answers, for load balancers and monitoring."""

from __future__ import annotations

import os
import time

from flask import Blueprint, Response, jsonify

from samverkan.errors import SamverkanError
from samverkan.web.services import services

bp = Blueprint("health", __name__)


@bp.route("/health")
def health() -> tuple[Response, int]:
    """Answer 200 when a trivial query succeeds, 503 otherwise; name the process that
    answered (``serve --workers`` runs several)."""
    started = time.perf_counter()
    try:
        graphs = len(services().store.graph_names())
        answers = services().store.ask("ASK { ?s ?p ?o }")
    except SamverkanError as error:
        return jsonify(status="unavailable", store=str(error)), 503
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    status = 200 if answers else 503
    state = "ok" if answers else "empty"
    document = jsonify(status=state, graphs=graphs, milliseconds=elapsed, process=os.getpid())
    return document, status
