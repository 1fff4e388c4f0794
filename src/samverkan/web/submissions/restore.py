"""Restoring an earlier version from the history page: ``/id/<actor>/version/<n>/restore``.

The page is the confirmation step: it says what restoring version n would change (the
triples added and removed against the current version), asks for the actor's credential,
and posts, as a form, to the rollback API (``POST /submissions/<actor>/rollback/<n>``,
:mod:`samverkan.web.submissions.submit`), whose answer names the new version. History is
write-once: a restore makes a new version with version n's content, derived from it; no
version is removed or changed.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from samverkan.errors import InputError
from samverkan.messages import message
from samverkan.web.common import language
from samverkan.web.common.actors import checked_slug
from samverkan.web.common.addresses import with_lang
from samverkan.web.common.services import services
from samverkan.web.submissions.shown import part_names, shown
from samverkan.web.submissions.submit import workflow

bp = Blueprint("restore", __name__)


@bp.get("/id/<actor>/version/<int:number>/restore")
def confirm(actor: str, number: int) -> Response:
    """Ask to confirm restoring version ``number``, with the actor's credential."""
    slug = checked_slug(actor)
    log = workflow().versions
    earlier = log.version(slug, number)
    history = log.history(slug)
    current = history[-1]
    if current.number == number:
        raise InputError(message("version_current", number=number, actor=slug))
    changes = log.compare(slug, current.number, number).changes
    lang = language.current()
    names = part_names(slug)
    body = render_template(
        "restore.html",
        slug=slug,
        actor=shown(services().layout.actor_iri(slug), names, lang),
        earlier=earlier,
        current=current,
        added=len(changes.added),
        removed=len(changes.removed),
        action=with_lang(f"/submissions/{slug}/rollback/{number}"),
        history_url=with_lang(f"/id/{slug}/versions"),
        compare_url=with_lang(f"/id/{slug}/versions/compare?from={current.number}&to={number}"),
        w=lambda key: language.text(key, lang),
    )
    response = Response(body, 200, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept-Language"
    response.headers["Cache-Control"] = "no-store"
    return response
