"""Channels as the storefront offers them: one per currency, chosen by the visitor, in the URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import get_language

from saleor_api import blueprint as bp

COOKIE = "ocop_channel"


def language() -> str:
    """The page's language as the storefront asks Saleor for it and picks channels: "vi", "en",
    "fr", "zh" (zh-hans), "ko", "ja"."""
    return (get_language() or "vi").split("-")[0]


# The channel (so the currency charged) a visitor lands on before choosing one: đồng for
# Vietnamese, euros for French, US dollars for everyone else, Chinese, Korean and Japanese
# visitors included (the shop charges no yuan, won or yen; their prices can be shown
# approximately in those currencies, see storefront/rates.py). A language not listed gets "intl".
DEFAULT_FOR_LANGUAGE = {
    "vi": "vn",
    "en": "intl",
    "fr": "eu",
    "zh": "intl",
    "ko": "intl",
    "ja": "intl",
}


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
    return default_channel(language)


def default_channel(language: str) -> str:
    """The channel of a Django language code ("zh-hans" and "zh" alike)."""
    return DEFAULT_FOR_LANGUAGE.get((language or "vi").split("-")[0].lower(), "intl")
