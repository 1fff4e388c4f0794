"""Credentials per actor: bearer tokens, kept only as hashes, in the store.

A token is ``svk_<key id>_<secret>``; the store keeps, per credential, the key id, the actor,
the SHA-256 of the whole token, when it was made and, once revoked, when it was revoked
(a revoked credential is refused, and its record stays as a trace). The token itself is
shown once, when it is created. Tokens carry 256 random bits, so a plain SHA-256 is enough
to keep them safe.

The records live in the store's state graph ``credentials`` (:mod:`samverkan.state`), so
every server over the store, on any machine, accepts a credential as soon as it is made.
Earlier releases kept them in ``credentials.json`` beside an embedded store; opening such
a store imports that file once (:func:`import_file`) and the file is not read again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from samverkan.errors import InputError, StoreError
from samverkan.state.records import NOW, ST, Record, Records, text
from samverkan.storage.base import Store

log = logging.getLogger(__name__)

#: The file earlier releases kept beside an embedded store.
LEGACY_FILE = "credentials.json"


@dataclass(frozen=True)
class Credential:
    """One actor's key, as stored (no secret)."""

    actor: str
    key_id: str
    digest: str
    created: str


class Credentials:
    """The credentials of a store: create, list, revoke and check tokens."""

    def __init__(self, store: Store) -> None:
        self.records = Records(store, "credentials", replicated=True)

    def create(self, actor: str) -> str:
        """Make a new token for ``actor``, store its hash, and return the token."""
        key_id = secrets.token_hex(4)
        token = f"svk_{key_id}_{secrets.token_urlsafe(32)}"
        created = datetime.now(UTC).isoformat(timespec="seconds")
        self._store(Credential(actor, key_id, _digest(token), created))
        return token

    def all(self) -> list[Credential]:
        """Return every credential in force (not revoked), oldest first."""
        found = [_credential(r) for r in self.records.find(ST.keyId) if ST.revoked not in r.values]
        return sorted(found, key=lambda key: (key.created, key.key_id))

    def revoke(self, key_id: str) -> Credential:
        """Revoke the credential with ``key_id``; return it."""
        found = [key for key in self.all() if key.key_id == key_id]
        if not found:
            raise InputError(f"no credential with key id {key_id!r}")
        self.records.add(self.records.subject(key_id), {ST.revoked: NOW})
        return found[0]

    def actor_for(self, token: str) -> str | None:
        """Return the actor a token belongs to, or None for an unknown or revoked token."""
        digest = _digest(token)
        for record in self.records.find(ST.digest, text(digest)):
            stored = record.text(ST.digest) or ""
            if hmac.compare_digest(stored, digest) and ST.revoked not in record.values:
                return record.text(ST.actor)
        return None

    def import_file(self, path: Path) -> int:
        """Import a credentials file of an earlier release, once; return how many were new.

        The file's content is recorded as imported (by its SHA-256), so it is read again
        only if it changes; a key id the store has already is left as the store has it.
        The file is kept: nothing is lost, though nothing reads it any more.
        """
        if not path.exists():
            return 0
        data = path.read_bytes()
        marker = self.records.subject("import-" + hashlib.sha256(data).hexdigest()[:32])
        if self.records.read(marker) is not None:
            return 0
        known = {record.text(ST.keyId) for record in self.records.find(ST.keyId)}
        fresh = [key for key in _read_legacy(path, data) if key.key_id not in known]
        for key in fresh:
            self._store(key)
        self.records.set(marker, {ST.importedFrom: text(str(path)), ST.importedAt: NOW})
        log.warning(
            "imported %d credential(s) from %s into the store; the file is no longer read "
            "(keep it as a backup, or remove it)",
            len(fresh),
            path,
        )
        return len(fresh)

    def _store(self, key: Credential) -> None:
        self.records.set(
            self.records.subject(key.key_id),
            {
                ST.keyId: text(key.key_id),
                ST.actor: text(key.actor),
                ST.digest: text(key.digest),
                ST.created: text(key.created),
            },
        )


def _credential(record: Record) -> Credential:
    return Credential(
        record.text(ST.actor) or "",
        record.text(ST.keyId) or "",
        record.text(ST.digest) or "",
        record.text(ST.created) or "",
    )


def _read_legacy(path: Path, data: bytes) -> list[Credential]:
    try:
        rows = json.loads(data.decode("utf-8"))
        keys = [Credential(**row) for row in rows]
    except (ValueError, TypeError) as error:
        raise StoreError(
            f"{path}: not a credentials file of an earlier release ({error})"
        ) from None
    for key in keys:
        if not key.key_id.isalnum() or len(key.digest) != 64:
            raise StoreError(f"{path}: credential {key.key_id!r} has no valid key id or digest")
    return keys


def import_beside(store: Store, folder: Path) -> int:
    """Import the credentials file an earlier release kept in ``folder``, if any, once."""
    return Credentials(store).import_file(folder / LEGACY_FILE)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
