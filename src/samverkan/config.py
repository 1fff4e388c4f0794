"""Settings: defaults here, then ``SAMVERKAN_*`` environment variables, then explicit overrides."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from samverkan.errors import ConfigurationError

ENV_PREFIX = "SAMVERKAN_"
#: The package's own ontology/, shapes/, queries/ and data/ (package data of the wheel; in a
#: checkout, symlinks to the repository's top-level folders of those names).
BUNDLED = Path(__file__).resolve().parent / "bundled"


@dataclass(frozen=True)
class Settings:
    """Everything a deployment may choose; immutable once built."""

    #: The folder whose ontology/, shapes/, queries/ and data/ are read.
    project_dir: Path = BUNDLED
    #: Relative to the working directory, checkout and installed package alike (nothing is
    #: written beside the package).
    store_path: Path = Path("var") / "store"
    #: "embedded" (Oxigraph in ``store_path``) or "remote" (a SPARQL 1.1 endpoint).
    store_kind: str = "embedded"
    store_query_url: str = ""
    #: Where updates go; empty means the query URL.
    store_update_url: str = ""
    store_user: str = ""
    store_password: str = dataclasses.field(default="", repr=False)
    #: What the remote engine needs beyond the standard: "standard" or "virtuoso".
    store_dialect: str = "standard"
    #: Every identifier lives under it; empty means ``http://localhost:<port>/``, or the
    #: base a store records once it is built (:mod:`samverkan.storage.identity`).
    base_iri: str = ""
    #: Whether ``base_iri`` was given (environment or option) rather than left to the
    #: default; a store built for another base refuses given settings, takes default ones.
    base_iri_given: bool = False
    host: str = "127.0.0.1"
    port: int = 8080
    query_timeout: float = 10.0
    query_workers: int = 2
    #: Address space each query worker may use (``RLIMIT_AS``); a query past it is stopped
    #: (503) and its worker replaced. 0: no cap.
    query_memory_bytes: int = 1024**3
    #: Public queries (``/sparql``, ``/queries/…``) one client may have under way at once,
    #: and all anonymous clients together; beyond either, 429 with ``Retry-After``. A
    #: request with a valid actor credential counts against its actor's own share only.
    client_queries: int = 4
    anonymous_queries: int = 6
    #: Validations (``POST /validate``) one client, and all anonymous clients together, may
    #: have under way; what is left of the server's jobs is kept for actors' submissions.
    client_jobs: int = 2
    anonymous_jobs: int = 12
    #: Whether the last ``X-Forwarded-For`` entry names the client (only behind a proxy
    #: that sets it); otherwise the client is the connection's remote address.
    trust_forwarded_for: bool = False
    #: Server processes (``serve --workers``): above 1, one writer and this many readers.
    workers: int = 1
    max_body_bytes: int = 10 * 1024 * 1024
    #: What one document sent to the server may hold and cost (samverkan.limits.Limits).
    max_triples: int = 100_000
    max_nesting: int = 64
    max_expansion: int = 32
    parse_memory_mib: int = 512
    parse_cpu_seconds: int = 30
    #: The validation worker's address space, and the wall-clock time of one validation
    #: (samverkan.validation.isolated); validation_isolated false validates in the server.
    validation_memory_mib: int = 768
    validation_seconds: float = 60.0
    validation_isolated: bool = True
    languages: tuple[str, ...] = ("sv", "en")
    page_size: int = 25
    #: "native" (samverkan.validation.native: set-based, the default), "pyshacl" (the
    #: reference) or "turbo" (pyshacl-turbo, a Rust engine; the extra [fast]). The others give
    #: pySHACL's results on every shape of shapes/ (tests/test_validation_engines.py,
    #: tests/test_validation_differential.py).
    validation_engine: str = "native"
    #: Seconds a cache may serve a public answer without asking again (``SAMVERKAN_
    #: CACHE_MAX_AGE``). 0, the default, makes every cache revalidate each answer (a 304
    #: while the store is unchanged), so none is served stale after a write
    #: (:mod:`samverkan.web.common.caching`).
    cache_max_age: int = 0
    #: Seconds a lock or a running job's claim stays live unrenewed, in the store
    #: (:mod:`samverkan.state.leases`): how long a server that died holds things up.
    lease_seconds: float = 30.0

    @property
    def state_dir(self) -> Path:
        """Return the folder beside an embedded store (version archives; the credentials
        file of earlier releases, imported into the store once: :mod:`samverkan.state`)."""
        return self.store_path.parent

    @property
    def transport_body_bytes(self) -> int:
        """Return the largest body the HTTP server (waitress) reads: twice
        ``max_body_bytes``, so that a body somewhat over the limit still reaches the app,
        which refuses it in the client's language (waitress's own 413 is English only)."""
        return 2 * self.max_body_bytes

    @property
    def ontology_dir(self) -> Path:
        return self.project_dir / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.project_dir / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def queries_dir(self) -> Path:
        return self.project_dir / "queries"


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build settings: defaults, then the environment, then ``overrides`` (None skipped)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for field in fields(Settings):
        raw = env.get(ENV_PREFIX + field.name.upper())
        if raw is not None:
            values[field.name] = _coerce(field.name, raw)
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = _coerce(name, value) if isinstance(value, str) else value
    settings = replace(Settings(), **values)
    settings = replace(settings, base_iri_given=bool(settings.base_iri))
    if not settings.base_iri:
        settings = replace(settings, base_iri=f"http://localhost:{settings.port}/")
    _check(settings)
    return settings


def _coerce(name: str, raw: str) -> Any:
    default = getattr(Settings(), name, None)
    try:
        if isinstance(default, Path):
            return Path(raw).expanduser()
        if isinstance(default, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, tuple):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
    except ValueError as error:
        raise ConfigurationError(f"setting {name!r}: cannot read {raw!r} ({error})") from error
    return raw


def _check(settings: Settings) -> None:
    if not settings.base_iri.startswith(("http://", "https://")) or not settings.base_iri.endswith(
        "/"
    ):
        raise ConfigurationError(
            f"base IRI {settings.base_iri!r} must be an http(s) IRI ending in '/'"
        )
    if not 0 < settings.port < 65536:
        raise ConfigurationError(f"port {settings.port} is outside 1-65535")
    _check_store(settings)
    if settings.workers < 1:
        raise ConfigurationError(f"workers must be 1 or more, not {settings.workers}")
    for name in ("client_queries", "anonymous_queries", "client_jobs", "anonymous_jobs"):
        if getattr(settings, name) < 1:
            raise ConfigurationError(f"{name} must be 1 or more, not {getattr(settings, name)}")
    if settings.query_memory_bytes < 0:
        raise ConfigurationError("query memory must be 0 (no cap) or a number of bytes")
    if settings.query_timeout <= 0:
        raise ConfigurationError("query timeout must be a positive number of seconds")
    if settings.cache_max_age < 0:
        raise ConfigurationError(
            f"cache max age must be 0 or more seconds, not {settings.cache_max_age}"
        )
    if settings.lease_seconds < 1:
        raise ConfigurationError(f"lease seconds must be 1 or more, not {settings.lease_seconds}")
    if settings.validation_seconds <= 0 or settings.validation_memory_mib <= 0:
        raise ConfigurationError("validation seconds and memory must be positive numbers")
    if settings.validation_engine not in {"native", "pyshacl", "turbo"}:
        raise ConfigurationError(
            f"validation engine {settings.validation_engine!r} is unknown; use 'native', "
            "'pyshacl' or 'turbo'"
        )


def _check_store(settings: Settings) -> None:
    if settings.store_kind not in {"embedded", "remote"}:
        raise ConfigurationError(
            f"store kind {settings.store_kind!r} is unknown; use 'embedded' or 'remote'"
        )
    if settings.store_kind == "remote" and not settings.store_query_url.startswith(
        ("http://", "https://")
    ):
        raise ConfigurationError(
            "a remote store needs its SPARQL query URL (SAMVERKAN_STORE_QUERY_URL), "
            f"an http(s) URL, not {settings.store_query_url!r}"
        )
