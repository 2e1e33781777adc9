from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language

from storefront.channels import CHANNELS, preferred_channel
from storefront.seo import alternates, canonical, translated_path


def storefront(request: HttpRequest) -> dict[str, Any]:
    channel = getattr(request, "channel", None)
    match = getattr(request, "resolver_match", None)
    if channel is None and match is not None and match.namespace == "traceability":
        # /verify (the QR code's page) gets the shop's header too, in the visitor's currency
        channel = CHANNELS[preferred_channel(request, (get_language() or "vi").split("-")[0])]
    if channel is None:
        return {}
    full_path = request.get_full_path()
    approximate_url = reverse("storefront:approximate")
    return {
        "channel": channel,
        "language_links": [
            (code, name, _in_language(request, code)) for code, name in settings.LANGUAGES
        ],
        "currency_links": [
            (c.slug, c.currency, full_path.replace(f"/{channel.slug}/", f"/{c.slug}/", 1))
            for c in CHANNELS.values()
        ],
        "approximate_links": [
            (code, f"{approximate_url}?{urlencode({'currency': code, 'next': full_path})}")
            for code in [*settings.EXCHANGE_RATES_SHOWN, "none"]
        ]
        if settings.EXCHANGE_RATES_SHOWN
        else [],
        "alternates": alternates(request),
        "canonical_url": canonical(request),
    }


def _in_language(request: HttpRequest, code: str) -> str:
    """The current page, with its query, in another language (and the same currency)."""
    query = request.META.get("QUERY_STRING", "")
    path = translated_path(request, code)
    return f"{path}?{iri_to_uri(query)}" if query else path
