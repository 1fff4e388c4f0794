"""Linked data in bulk: VoID and dumps, the Graph Store protocol, the specification package."""
