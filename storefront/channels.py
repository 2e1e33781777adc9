"""Channels as the storefront offers them: one per currency, chosen by the visitor, in the URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from saleor_api import blueprint as bp

COOKIE = "ocop_channel"
DEFAULT_FOR_LANGUAGE = {"vi": "vn", "en": "intl", "fr": "eu"}


@dataclass(frozen=True)
class StoreChannel:
    slug: str
    currency: str
    name: str


CHANNELS = {c.slug: StoreChannel(c.slug, c.currency, c.name) for c in bp.CHANNELS}


def preferred_channel(request: HttpRequest, language: str) -> str:
    chosen = request.COOKIES.get(COOKIE, "")
    if chosen in CHANNELS:
        return chosen
    return DEFAULT_FOR_LANGUAGE.get(language, "vn")
