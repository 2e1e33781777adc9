"""Content-Security-Policy for the shop's pages: our own origin, Stripe.js, the photo bucket and
nothing else.

Stripe's Payment Element needs its script (js.stripe.com), its API (api.stripe.com) and its frames
(js.stripe.com, hooks.stripe.com for 3-D Secure). Producers' photos go from the browser straight to
the S3 bucket (portal.uploads): its origin may be reached (connect-src) when uploads go there.
Product images come from Saleor's media origin. Inline scripts run only with the per-request nonce (``request.csp_nonce``); the theme's inline
``<style>`` of design tokens needs 'unsafe-inline' for styles.

It is in ``MIDDLEWARE`` (after XFrameOptionsMiddleware). The end-to-end tests' browser contexts
set it aside (``bypass_csp=True``: axe-core is injected as an inline script, which it refuses),
except the one of the photo upload test, which keeps it as a producer's phone does.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from portal.uploads import upload_origin

HEADER = "Content-Security-Policy"
STRIPE_JS = "https://js.stripe.com"
STRIPE_API = "https://api.stripe.com"
STRIPE_HOOKS = "https://hooks.stripe.com"
EXEMPT_PREFIXES = ("/admin/",)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def policy(nonce: str) -> str:
    media = " ".join(
        origin
        for origin in (
            _origin(str(settings.SALEOR_API_URL or "")),
            *settings.STOREFRONT_MEDIA_ORIGINS,
        )
        if origin
    )
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}' {STRIPE_JS}",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: {media}".strip(),
        "font-src": "'self'",
        "connect-src": f"'self' {STRIPE_API} {upload_origin()}".strip(),
        "frame-src": f"{STRIPE_JS} {STRIPE_HOOKS}",
        "form-action": "'self'",
        "base-uri": "'self'",
        "object-src": "'none'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.path.startswith(EXEMPT_PREFIXES) or HEADER in response:
            return response
        if response.get("Content-Type", "").startswith("text/html"):
            response[HEADER] = policy(nonce)
        return response
