"""What pages, exports and the specification show alike, without Flask: texts, links, diagrams.

Below ``web/``: nothing here imports Flask or ``samverkan.web`` (``tests/test_architecture.py``).
"""
