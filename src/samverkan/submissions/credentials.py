"""Credentials per actor: bearer tokens, kept only as hashes.

A token is ``svk_<key id>_<secret>``; the file beside the store keeps, per actor, the key id,
the SHA-256 of the whole token and when it was made. The token itself is shown once, when
it is created. Tokens carry 256 random bits, so a plain SHA-256 is enough to keep them safe.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from samverkan.errors import InputError


@dataclass(frozen=True)
class Credential:
    """One actor's key, as stored (no secret)."""

    actor: str
    key_id: str
    digest: str
    created: str


class Credentials:
    """The credentials file: create, list, revoke and check tokens."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def create(self, actor: str) -> str:
        """Make a new token for ``actor``, store its hash, and return the token."""
        key_id = secrets.token_hex(4)
        token = f"svk_{key_id}_{secrets.token_urlsafe(32)}"
        created = datetime.now(UTC).isoformat(timespec="seconds")
        keys = [*self.all(), Credential(actor, key_id, _digest(token), created)]
        self._write(keys)
        return token

    def all(self) -> list[Credential]:
        """Return every stored credential."""
        if not self.path.exists():
            return []
        rows = json.loads(self.path.read_text(encoding="utf-8"))
        return [Credential(**row) for row in rows]

    def revoke(self, key_id: str) -> Credential:
        """Remove the credential with ``key_id``; return it."""
        keys = self.all()
        found = [key for key in keys if key.key_id == key_id]
        if not found:
            raise InputError(f"no credential with key id {key_id!r}")
        self._write([key for key in keys if key.key_id != key_id])
        return found[0]

    def actor_for(self, token: str) -> str | None:
        """Return the actor a token belongs to, or None for an unknown token."""
        digest = _digest(token)
        for key in self.all():
            if hmac.compare_digest(key.digest, digest):
                return key.actor
        return None

    def _write(self, keys: list[Credential]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump([key.__dict__ for key in keys], out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
