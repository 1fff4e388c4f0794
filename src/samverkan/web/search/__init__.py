"""Search: the search page and suggestions as one types."""
