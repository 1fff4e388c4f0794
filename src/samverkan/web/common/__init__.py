"""What every room of the web layer uses.

Services, errors, negotiation, caching, admission, assets, the page's language, addresses.
"""
