"""Prices as each language writes them (Unicode CLDR, through Babel). The currency is always stated.

The đồng is written after the amount in every language ("185.000 ₫", "185,000 ₫"), as Vietnam
writes it and as the shop's receipts and Saleor's own pages show it; other currencies follow the
language's own pattern ("$7.50", "6,50 €", "US$7.50" in Chinese and Korean, where "$" alone is
ambiguous).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision
from django.utils.translation import to_locale

DONG_PATTERN = "#,##0\u00a0¤"


def decimals(currency: str) -> int:
    """Minor-unit digits: VND, KRW and JPY none, USD, EUR and CNY two."""
    return int(get_currency_precision(currency.upper()))


@cache
def babel_locale(language: str) -> Locale:
    """The CLDR locale of a Django language code ("zh-hans" → zh_Hans); English if unknown."""
    try:
        return Locale.parse(to_locale(language or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_money(amount: Decimal, currency: str, language: str) -> str:
    currency = currency.upper()
    value = amount.quantize(Decimal(1).scaleb(-decimals(currency)), rounding=ROUND_HALF_UP)
    locale = babel_locale(language)
    if currency == "VND":
        return format_currency(value, currency, format=DONG_PATTERN, locale=locale)
    return format_currency(value, currency, locale=locale)


def format_approximate(amount: Decimal, currency: str, language: str) -> str:
    """An approximation in whole units ("₩10,300", "¥54"): cents would claim a precision that a
    converted price does not have."""
    currency = currency.upper()
    value = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    locale = babel_locale(language)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    whole = pattern.replace(".00", "").replace(",00", "")
    if currency == "VND":
        whole = DONG_PATTERN
    text = format_currency(value, currency, format=whole, locale=locale, currency_digits=False)
    if text.startswith(currency) and text[len(currency) : len(currency) + 1].isdigit():
        text = f"{currency}\u00a0{text[len(currency) :]}"  # "THB 250", not "THB250"
    return text
