"""Search engines and link previews: JSON-LD, canonical and alternate URLs."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from saleor_api.catalogue import ProductPage
from saleor_api.money import decimals
from storefront.channels import default_channel


def plain_amount(amount: Decimal, currency: str) -> str:
    """185000.0 VND → "185000"; 12.5 USD → "12.50" (schema.org wants a plain number)."""
    return f"{amount.quantize(Decimal(1).scaleb(-decimals(currency))):f}"


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def product_json_ld(request: HttpRequest, page: ProductPage, currency: str) -> SafeString:
    """schema.org Product with its Offer, and the OCOP rating as a Certification (not a review)."""
    card = page.card
    ocop = card.ocop
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": card.name,
        "url": absolute(request, request.path),
        "sku": page.variants[0].sku if page.variants else None,
        "description": page.description_text[:5000] or None,
        "image": [image.url for image in page.images] or None,
        "category": page.category_name or None,
    }
    if ocop.producer:
        data["brand"] = {"@type": "Brand", "name": ocop.producer.name}
    if card.price:
        data["offers"] = {
            "@type": "Offer",
            "price": plain_amount(card.price.amount, card.price.currency),
            "priceCurrency": card.price.currency,
            "availability": "https://schema.org/InStock"
            if card.available
            else "https://schema.org/OutOfStock",
            "url": absolute(request, request.path),
        }
    if ocop.stars:
        certification: dict[str, Any] = {
            "@type": "Certification",
            "name": "OCOP",
            "certificationIdentification": ocop.certificate_code or ocop.decision_number,
            "certificationRating": {
                "@type": "Rating",
                "ratingValue": ocop.stars,
                "bestRating": 5,
                "worstRating": 3,
            },
            "issuedBy": {
                "@type": "Organization",
                "name": ocop.issuing_authority or "OCOP Việt Nam",
            },
        }
        if ocop.decided_on:
            certification["validFrom"] = ocop.decided_on.isoformat()
        if ocop.valid_until:
            certification["expires"] = ocop.valid_until.isoformat()
        data["hasCertification"] = certification
    cleaned = {k: v for k, v in data.items() if v is not None}
    encoded = json.dumps(cleaned, ensure_ascii=False).replace("</", "<\\/")
    return mark_safe(encoded)  # noqa: S308 - JSON with "</" escaped, inside a script tag


def alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """(hreflang, URL) for every language, and x-default (Vietnamese), for the current page."""
    links = []
    for code, _name in settings.LANGUAGES:
        links.append((code, absolute(request, language_url(request, code))))
    links.append(("x-default", absolute(request, language_url(request, settings.LANGUAGE_CODE))))
    return links


def language_url(request: HttpRequest, code: str) -> str:
    """The current page in another language, in that language's default currency channel."""
    path = translated_path(request, code)
    query = request.META.get("QUERY_STRING", "")
    if query:
        path = f"{path}?{iri_to_uri(query)}"
    channel = getattr(request, "channel", None)
    if channel is not None:
        path = path.replace(f"/{channel.slug}/", f"/{default_channel(code)}/", 1)
    return path


def translated_path(request: HttpRequest, code: str) -> str:
    """The current page's path (without its query) in another language: reversed from the
    request's own match, as ``translate_url`` does after resolving the path again (a page links
    itself in every language a dozen times: the switcher, the alternates, the canonical URL)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return translate_url(request.path, code)
    with override(code):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path


def canonical(request: HttpRequest) -> str:
    """This page's URL in its language's default channel, without query parameters."""
    code = (request.LANGUAGE_CODE or settings.LANGUAGE_CODE).split("-")[0]
    path = translated_path(request, code)
    channel = getattr(request, "channel", None)
    if channel is not None:
        path = path.replace(f"/{channel.slug}/", f"/{default_channel(code)}/", 1)
    return absolute(request, path)
