"""Saleor's catalogue events, as Django signals: what the app tells the rest of the project.

A feature reacts to an event by connecting a receiver, where Django imports it at start-up
(``AppConfig.ready``)::

    from saleor_app.signals import product_updated

    def forget_product_page(sender: str, payload: dict, **kwargs) -> None:
        ...

    product_updated.connect(forget_product_page, dispatch_uid="storefront-product-page")

``sender`` is the event name (``"product_updated"``); ``payload`` is the event object of
``saleor_api/subscriptions/catalogue_events.graphql`` (``__typename``, ``issuedAt`` and the
product, variant or category); ``saleor_domain`` is the Saleor that sent it. Receivers run after
the delivery is recorded and the transaction commits, once per delivery even when Saleor repeats
it. The signal is sent robustly: a receiver's exception is logged and the others still run, and
Saleor still gets 200. Receivers run inside the request: keep them short, or hand the work to a
Celery task.
"""

from __future__ import annotations

from django.dispatch import Signal

# One signal per event of the catalogue webhook (saleor_api.blueprint.WEBHOOK_EVENTS).
product_updated = Signal()
product_deleted = Signal()
product_variant_updated = Signal()
product_variant_stock_updated = Signal()
category_updated = Signal()

WEBHOOK_SIGNALS: dict[str, Signal] = {
    "product_updated": product_updated,
    "product_deleted": product_deleted,
    "product_variant_updated": product_variant_updated,
    "product_variant_stock_updated": product_variant_stock_updated,
    "category_updated": category_updated,
}


def webhook_signal(event_name: str) -> Signal | None:
    """The signal of a Saleor event (any case: ``PRODUCT_UPDATED`` or the header's
    ``product_updated``), or None for an event the app does not announce."""
    return WEBHOOK_SIGNALS.get(event_name.strip().lower())
