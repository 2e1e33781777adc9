"""Money, once: the amount and currency Saleor gives, its minor units (Unicode CLDR through
Babel, the one table of decimals), and how each language writes it.

Saleor counts in the currency's major unit (a Decimal); Stripe in integer minor units: USD 12.34
is 1234, VND 150000 is 150000 (no minor unit), and three-decimal currencies (KWD) must end in a
zero (https://docs.stripe.com/currencies#zero-decimal: its zero- and three-decimal lists agree
with CLDR's).

The đồng is written after the amount in every language ("185.000 ₫", "185,000 ₫"), as Vietnam
writes it and as the shop's receipts and Saleor's own pages show it; other currencies follow the
language's own pattern ("$7.50", "6,50 €", "US$7.50" in Chinese and Korean, where "$" alone is
ambiguous).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision
from django.utils.translation import to_locale

DONG_PATTERN = "#,##0\u00a0¤"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


def decimals(currency: str) -> int:
    """Minor-unit digits: VND, KRW and JPY none, USD, EUR and CNY two, KWD three."""
    return int(get_currency_precision(currency.upper()))


# --- minor units (Stripe) ------------------------------------------------------------------------


def to_minor_units(amount: Decimal, currency: str) -> int:
    """``Decimal("12.345"), "USD"`` → 1235 (half up); ``Decimal("150000"), "VND"`` → 150000."""
    exponent = decimals(currency)
    # Three-decimal currencies must end in zero at Stripe: round to hundredths, once.
    precision = Decimal(10) ** -min(exponent, 2)
    rounded = Decimal(amount).quantize(precision, rounding=ROUND_HALF_UP)
    return int(rounded.scaleb(exponent))


def from_minor_units(amount: int, currency: str) -> Decimal:
    """``1234, "USD"`` → ``Decimal("12.34")``; ``150000, "VND"`` → ``Decimal("150000")``."""
    return Decimal(int(amount)).scaleb(-decimals(currency))


def same_amount(a: Decimal, b: Decimal, currency: str) -> bool:
    """Whether two amounts are the same money once expressed as Stripe would charge them."""
    return to_minor_units(a, currency) == to_minor_units(b, currency)


def plain(amount: Decimal) -> str:
    """``Decimal("150000.000")`` → ``"150000"``; ``Decimal("12.50")`` → ``"12.5"``: no exponent."""
    return format(Decimal(amount).normalize(), "f")


# --- as each language writes it ------------------------------------------------------------------


@cache
def babel_locale(language: str) -> Locale:
    """The CLDR locale of a Django language code ("zh-hans" → zh_Hans); English if unknown."""
    try:
        return Locale.parse(to_locale(language or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@lru_cache(maxsize=8192)
def format_money(amount: Decimal, currency: str, language: str) -> str:
    """A price as the language writes it (memoised: a listing formats the same few prices again
    and again, and Babel's formatting is a good part of rendering a card)."""
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
