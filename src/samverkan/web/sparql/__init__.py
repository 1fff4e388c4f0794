"""SPARQL: the protocol endpoint, its service description, the query page and the named queries."""
