"""Approximate prices in a currency the shop does not charge ("≈ ₩10,300 (approximate; you pay
in USD)"), for the visitor who picked one in the currency chooser.

Pages are cached by URL (views.in_channel), so a price cannot be converted into the visitor's
currency while rendering. Templates put a marker beside each price Saleor gave (the ``approx``
filter); ``fill`` replaces the markers, when the page is served, with that price converted at the
current rates, or removes them. The price charged is never computed here: only converted.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from currency.rates import convert, fresh_rates
from saleor_api.money import format_approximate

COOKIE = "ocop_approx"
NONE = "none"
MARKER = re.compile(rb"<!--ocop:approx:([A-Z]{3}):(-?[0-9]{1,18}(?:\.[0-9]{1,10})?)-->")
# Before a visitor chooses: Chinese, Korean and Japanese readers see their own currency.
DEFAULT_FOR_LANGUAGE = {"zh": "CNY", "ko": "KRW", "ja": "JPY"}


def marker(amount: Decimal, currency: str) -> str:
    return f"<!--ocop:approx:{currency.upper()}:{amount:f}-->"


def shown_currency(request: HttpRequest, language: str) -> str:
    """The currency the visitor sees approximations in, or "" for none."""
    offered = settings.EXCHANGE_RATES_SHOWN
    chosen = request.COOKIES.get(COOKIE, "")
    if chosen == NONE:
        return ""
    if chosen in offered:
        return chosen
    default = DEFAULT_FOR_LANGUAGE.get(language.split("-")[0], "")
    return default if default in offered else ""


def approximation(amount: Decimal, charged: str, shown: str, rates: dict[str, Decimal]) -> str:
    """The labelled approximation in the active language, or "" when it cannot be given."""
    if charged == shown:
        return ""
    value = convert(amount, charged, shown, rates)
    if value is None:
        return ""
    language = get_language() or settings.LANGUAGE_CODE
    text = _("≈ %(amount)s (approximate; you pay in %(currency)s)") % {
        "amount": format_approximate(value, shown, language),
        "currency": charged,
    }
    return format_html('<span class="approx">{}</span>', text)


def fill(request: HttpRequest, content: bytes) -> tuple[bytes, bool]:
    """The page with its markers replaced; True when an approximation was shown."""
    language = get_language() or settings.LANGUAGE_CODE
    shown = shown_currency(request, language)
    rates = fresh_rates() if shown else {}
    any_shown = False

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal any_shown
        if not rates:
            return b""
        try:
            amount = Decimal(match[2].decode())
        except InvalidOperation:
            return b""
        text = approximation(amount, match[1].decode(), shown, rates)
        any_shown = any_shown or bool(text)
        return text.encode()

    return MARKER.sub(replace, content), any_shown
