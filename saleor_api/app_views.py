"""The shop as a Saleor App: its manifest, and the endpoint Saleor sends the app token to.

Installing from the Dashboard: Saleor reads ``/saleor/manifest``, creates the app with the
permissions and webhook listed there, then POSTs ``{"auth_token": ...}`` to ``/saleor/register``
with the ``Saleor-Domain`` and ``Saleor-Api-Url`` headers. The token is kept when that Saleor is one
the shop trusts (``SALEOR_ALLOWED_DOMAINS``) and Saleor itself confirms the token is its app's.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from payments.manifest import manifest_webhooks
from saleor_api import blueprint
from saleor_api.client import SaleorClient
from saleor_api.connection import reset_client
from saleor_api.errors import SaleorError, SaleorUnavailable
from saleor_api.models import AppInstallation
from saleor_api.webhooks import catalogue_subscription, trusted_saleor

logger = logging.getLogger(__name__)

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
        "tokenTargetUrl": public_url(reverse("saleor_api:register")),
        "webhooks": [
            {
                "name": blueprint.WEBHOOK_NAME,
                "targetUrl": public_url(reverse("saleor_api:webhooks")),
                "asyncEvents": list(blueprint.WEBHOOK_EVENTS),
                "query": catalogue_subscription(),
                "isActive": True,
            },
            # The payment app (Stripe and cash on delivery): Saleor's synchronous payment webhooks.
            *manifest_webhooks(public_url),
        ],
    }


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(manifest_data())


class AppTokenRejected(Exception):
    """Saleor did not confirm that the token is one of its app tokens."""


def verify_app_token(api_url: str, token: str) -> str:
    """The id of the app ``token`` belongs to, asked of the Saleor at ``api_url``."""
    client = SaleorClient(api_url, token, timeout=float(settings.SALEOR_TIMEOUT), max_retries=0)
    try:
        app = client.execute("AppId").get("app")
    except SaleorUnavailable as exc:
        raise AppTokenRejected(f"Saleor did not answer ({exc})") from exc
    except SaleorError as exc:
        raise AppTokenRejected(f"Saleor refused the token ({exc})") from exc
    finally:
        client.close()
    app_id = app.get("id") if isinstance(app, dict) else None
    if not isinstance(app_id, str) or not app_id:
        raise AppTokenRejected("Saleor does not know the token as an app token")
    return app_id


def _error(status: int, code: str, message: str) -> JsonResponse:
    # Saleor shows error.message in the Dashboard when the installation fails.
    return JsonResponse(
        {"success": False, "error": {"code": code, "message": message}}, status=status
    )


@csrf_exempt
@require_POST
def register(request: HttpRequest) -> JsonResponse:
    domain = request.headers.get("Saleor-Domain")
    api_url = request.headers.get("Saleor-Api-Url")
    if not api_url:
        return _error(400, "MISSING_SALEOR_API_URL", "the Saleor-Api-Url header is missing")
    source = trusted_saleor(api_url, domain)
    if source is None:
        logger.warning(
            "refused an installation from an untrusted Saleor (Saleor-Domain %r)", domain
        )
        return _error(403, "SALEOR_NOT_ALLOWED", "this Saleor is not allowed to install the app")

    try:
        body = json.loads(request.body)
    except ValueError:
        return _error(400, "INVALID_BODY", "the body is not JSON")
    token = body.get("auth_token") if isinstance(body, dict) else None
    max_length = AppInstallation._meta.get_field("auth_token").max_length or 255
    if not isinstance(token, str) or not token or len(token) > max_length:
        return _error(400, "INVALID_TOKEN", "auth_token is missing or malformed")

    try:
        app_id = verify_app_token(source.api_url, token)
    except AppTokenRejected as exc:
        logger.warning("refused an installation from %s: %s", source.domain, exc)
        return _error(400, "TOKEN_NOT_VERIFIED", f"the token could not be verified: {exc}")

    AppInstallation.objects.update_or_create(
        saleor_domain=source.domain,
        defaults={"api_url": source.api_url, "auth_token": token},
    )
    transaction.on_commit(reset_client)
    logger.info("Saleor at %s installed the app (app %s)", source.domain, app_id)
    return JsonResponse({"success": True})
