"""Catalogs and items: the home page, listings, browsing by type, every item's page and diagram."""
