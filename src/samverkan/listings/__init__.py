"""Listing keys: what the listings read, kept at write time in the graph ``<base>graph/listings``.

Every listing used to repeat a search on each read: the most specific type of each item (a
``FILTER NOT EXISTS`` over its types), the items that lack a link (``MINUS``), names lowered
for comparison. :mod:`.keys` derives these once per write, as triples in the fixed vocabulary
``LST``; :mod:`.update` keeps them up to date with each accepted version, touching only the
items the version changes, and builds them anew for a whole store. The named queries read
the keys by scans; the plain queries under ``queries/reference/`` are the reference they are
tested against.
"""

from samverkan.listings.keys import LST, listing_keys
from samverkan.listings.update import listings_change, rebuild_listings

__all__ = ["LST", "listing_keys", "listings_change", "rebuild_listings"]
