"""The shop as a Saleor App: its manifest, its installation (the app token) and Saleor's webhooks.

The gateway (:mod:`saleor_api`) speaks GraphQL to Saleor; this package is what Saleor speaks to:
``/saleor/manifest``, ``/saleor/register`` and ``/saleor/webhooks/``. Features add their webhooks
to the manifest (:func:`saleor_app.manifest.register_webhooks`) and react to Saleor's catalogue
events through the signals of :mod:`saleor_app.signals`; this package imports none of them.
"""
