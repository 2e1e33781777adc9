"""The gateway: the only code in the project that speaks GraphQL to Saleor.

Everything else calls the plain functions of :mod:`saleor_api.gateway` with domain types.
"""
