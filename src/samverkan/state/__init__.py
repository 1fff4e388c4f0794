"""What a server keeps besides the federation, kept in the store itself.

Credentials (:mod:`samverkan.submissions.credentials`), locks
(:mod:`samverkan.state.leases`) and jobs (:mod:`samverkan.state.jobs`) live in named graphs
``urn:x-samverkan:state:<name>`` of the store the servers share, so that any number of
``samverkan serve`` processes, on any number of machines, serve one store with no shared
filesystem (:mod:`samverkan.state.records`).
"""
