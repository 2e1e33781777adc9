"""How the storefront names this app's ways to pay when it calls Saleor.

Saleor knows a payment app by its app identifier only (``PaymentGatewayToInitialize.id``): the
manifest's ``id`` ("ocop-shop") when Saleor installed the app from its manifest, the app's own
identifier for an app created with a token (set ``PAYMENTS_SALEOR_GATEWAY_ID`` then). Inside that
one gateway the transaction's ``data`` picks Stripe or cash on delivery::

    transactionInitialize(
        id: $checkoutId,
        amount: $totalShownOnThePage,          # a cart that changed since is refused
        idempotencyKey: $oneKeyPerPayButtonPage,  # a double click makes one payment
        paymentGateway: {id: saleor_gateway_id(), data: transaction_data(STRIPE, "pm_...")},
    )
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from payments.models import Gateway
from saleor_api.app_views import APP_ID

STRIPE = Gateway.STRIPE.value  # "app.ocop.stripe"
COD = Gateway.COD.value  # "app.ocop.cod"


def saleor_gateway_id() -> str:
    """The id to pass as ``paymentGateway.id`` / ``paymentGateways[].id`` to Saleor."""
    return str(settings.PAYMENTS_SALEOR_GATEWAY_ID or APP_ID)


def transaction_data(
    gateway: str, payment_method_id: str | None = None, return_url: str | None = None
) -> dict[str, Any]:
    """The ``data`` of ``transactionInitialize`` for one way to pay.

    ``payment_method_id``: the ``pm_...`` that ``stripe.createPaymentMethod`` made from the
    Payment Element; without it the answer carries a ``clientSecret`` for
    ``stripe.confirmPayment``. ``return_url`` (https) only for payment methods that redirect.
    """
    if gateway not in Gateway.values:
        raise ValueError(f"unknown gateway {gateway!r}")
    data: dict[str, Any] = {"gateway": gateway}
    if payment_method_id:
        data["paymentMethodId"] = payment_method_id
    if return_url:
        data["returnUrl"] = return_url
    return data
