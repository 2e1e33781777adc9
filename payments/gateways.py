"""How the storefront names this app's ways to pay when it calls Saleor.

Saleor knows a payment app by its app identifier only (``PaymentGatewayToInitialize.id``): the
manifest's ``id`` ("ocop-shop") when Saleor installed the app from its manifest, the app's own
identifier (or id) for an app created with a token, asked of Saleor unless
``PAYMENTS_SALEOR_GATEWAY_ID`` says it. Inside that
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
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError
from saleor_app.manifest import APP_ID

STRIPE = Gateway.STRIPE.value  # "app.ocop.stripe"
COD = Gateway.COD.value  # "app.ocop.cod"


def saleor_gateway_id() -> str:
    """The id to pass as ``paymentGateway.id`` / ``paymentGateways[].id`` to Saleor:
    PAYMENTS_SALEOR_GATEWAY_ID, else what Saleor says this app is (asked once), else the
    manifest id."""
    if settings.PAYMENTS_SALEOR_GATEWAY_ID:
        return str(settings.PAYMENTS_SALEOR_GATEWAY_ID)
    return _asked_gateway_id() or APP_ID


_asked: dict[str, str] = {}


def _asked_gateway_id() -> str:
    """Saleor's answer, remembered per Saleor; a failure is not remembered (asked again later)."""
    try:
        client = get_client()
        if client.api_url not in _asked:
            app = client.execute("AppIdentifier").get("app") or {}
            _asked[client.api_url] = str(app.get("identifier") or app.get("id") or "")
    except SaleorError:
        return ""
    return _asked[client.api_url]


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
