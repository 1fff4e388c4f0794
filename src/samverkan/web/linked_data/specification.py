"""The specification as INSPEC packages it: ``/def/spec`` and the files of the package.

- ``/def/spec`` (and ``.ttl``, ``.html``, …): the specification resource. Data clients get
  its description with the Profiles Vocabulary, the PROF-INSPEC expression a harvester
  starts from; browsers get the documentation in their language.
- ``/def/spec/<file>``: each file of the package, byte for byte what ``samverkan publish
  spec`` writes (the addresses the description gives as artifacts).

The package is built once per app from the project's files, under the deployment's base.
The ontology's own page stays at ``/def/samverkan``: it is the server's, linked to the
concept and item pages; the package's documentation is self-contained, for reading
offline or after harvesting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response

from samverkan.errors import NotFoundError
from samverkan.web.common import language
from samverkan.web.common.representation import SUFFIXES, Target, respond
from samverkan.web.common.services import services

if TYPE_CHECKING:
    from samverkan.specification import Package

bp = Blueprint("specification", __name__)

PATH = "/def/spec"


@bp.route(PATH)
@bp.route(f"{PATH}.<suffix>")
def specification(suffix: str | None = None) -> Response:
    """The specification: its PROF description, or its documentation for people."""
    if suffix is not None and suffix not in SUFFIXES:
        raise NotFoundError(f"no representation .{suffix} of {services().iri(PATH)}")
    target = Target(PATH, SUFFIXES[suffix] if suffix else None)
    found = package()

    def page() -> str:
        name = f"documentation.{language.current()}.html"
        return found.files.get(name, found.files["documentation.en.html"]).decode("utf-8")

    return respond(target, services().iri(PATH), lambda: found.profile, page)


@bp.route(f"{PATH}/<path:name>")
def part(name: str) -> Response:
    """One file of the package."""
    found = package()
    if name not in found.files:
        listed = ", ".join(sorted(found.files))
        raise NotFoundError(f"the specification has no file {name!r}; its files are {listed}")
    body = found.files[name]
    media_type = found.media_type(name)
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    response = Response(body, 200, content_type=media_type)
    return response


def package() -> Package:
    """Return the app's package, building it the first time."""
    # Imported here: the package's documentation is written with the web layer's generator.
    from samverkan.specification import Package, build_package

    settings = services().settings
    return services().held(Package, lambda: build_package(settings))
