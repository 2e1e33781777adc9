"""The app manifest Saleor reads at ``/saleor/manifest`` when the app is installed.

The manifest holds the app's permissions and its catalogue webhook; a feature that needs webhooks
of its own (the payment app's synchronous ones) registers them at start-up, from its
``AppConfig.ready``, with :func:`register_webhooks`. This package imports no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse

from saleor_api import blueprint
from saleor_app.webhooks import catalogue_subscription

PublicUrl = Callable[[str], str]
# Given public_url (a path → an absolute URL of this shop), the manifest's entries of a feature.
WebhookSource = Callable[[PublicUrl], list[dict[str, Any]]]

APP_ID = "ocop-shop"
APP_NAME = "OCOP shop"
APP_VERSION = "0.1.0"
APP_ABOUT = (
    "Vietnam's OCOP products for tourists: keeps the catalogue in step with the official OCOP "
    "certificate registry and sells it through Saleor's channels, checkout and payments."
)
REQUIRED_SALEOR_VERSION = ">=3.21"

# The least the shop needs from Saleor, and why.
APP_PERMISSIONS: tuple[str, ...] = (
    # Catalogue sync: products, variants, prices, stock, images; bootstrap: warehouse, categories.
    # Also what the catalogue webhook's product and category events require.
    "MANAGE_PRODUCTS",
    # Bootstrap: the OCOP product type and its attributes (stars, certificate code, province...).
    "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES",
    # Bootstrap: one channel per currency (VND, USD, EUR).
    "MANAGE_CHANNELS",
    # Bootstrap: shipping zones and delivery methods with their prices per channel.
    "MANAGE_SHIPPING",
    # Catalogue sync: English and French names and descriptions of products.
    "MANAGE_TRANSLATIONS",
    # Checkout app: read and update the checkouts the storefront creates for shoppers.
    "MANAGE_CHECKOUTS",
    # Checkout app: act on a shopper's checkout (complete it into an order).
    "HANDLE_CHECKOUTS",
    # Checkout app: read orders for confirmation pages and follow them up.
    "MANAGE_ORDERS",
    # Payment app: Stripe through Saleor's Transactions API (transactions and their events).
    "HANDLE_PAYMENTS",
    # Province campaigns as Saleor promotions and vouchers.
    "MANAGE_DISCOUNTS",
)


_webhook_sources: list[WebhookSource] = []


def register_webhooks(source: WebhookSource) -> None:
    """Add a feature's webhooks to the manifest, after the catalogue webhook, in the order the
    features register (registering the same source again changes nothing)."""
    if source not in _webhook_sources:
        _webhook_sources.append(source)


def public_url(path: str) -> str:
    """An absolute URL of this shop, as Saleor reaches it (``APP_PUBLIC_URL``)."""
    return str(settings.APP_PUBLIC_URL).rstrip("/") + path


def manifest_data() -> dict[str, Any]:
    """The app manifest, in Saleor's format."""
    home = public_url("/")
    return {
        "id": APP_ID,
        "version": APP_VERSION,
        "name": APP_NAME,
        "about": APP_ABOUT,
        "author": APP_NAME,
        "requiredSaleorVersion": REQUIRED_SALEOR_VERSION,
        "permissions": list(APP_PERMISSIONS),
        "appUrl": home,
        "homepageUrl": home,
        "tokenTargetUrl": public_url(reverse("saleor_app:register")),
        "webhooks": [
            {
                "name": blueprint.WEBHOOK_NAME,
                "targetUrl": public_url(reverse("saleor_app:webhooks")),
                "asyncEvents": list(blueprint.WEBHOOK_EVENTS),
                "query": catalogue_subscription(),
                "isActive": True,
            },
            # The features' own webhooks (the payment app's synchronous payment webhooks).
            *(entry for webhooks in _webhook_sources for entry in webhooks(public_url)),
        ],
    }
