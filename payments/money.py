"""Amounts between Saleor (decimal, in the currency's major unit) and Stripe (integer minor units).

Stripe counts most currencies in hundredths (USD 12.34 → 1234) but some have no minor unit at all:
VND 150000 is ``amount=150000``. A few count in thousandths and want the last digit to be zero.
See https://docs.stripe.com/currencies#zero-decimal.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO_DECIMAL = frozenset(
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
        "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    }
)  # fmt: skip
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def minor_unit_exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def to_minor_units(amount: Decimal, currency: str) -> int:
    """``Decimal("12.345"), "USD"`` → 1235 (half up); ``Decimal("150000"), "VND"`` → 150000."""
    exponent = minor_unit_exponent(currency)
    # Three-decimal currencies must end in zero at Stripe: round to hundredths, once.
    precision = Decimal(10) ** -min(exponent, 2)
    rounded = Decimal(amount).quantize(precision, rounding=ROUND_HALF_UP)
    return int(rounded.scaleb(exponent))


def from_minor_units(amount: int, currency: str) -> Decimal:
    """``1234, "USD"`` → ``Decimal("12.34")``; ``150000, "VND"`` → ``Decimal("150000")``."""
    exponent = minor_unit_exponent(currency)
    return Decimal(int(amount)).scaleb(-exponent)


def same_amount(a: Decimal, b: Decimal, currency: str) -> bool:
    """Whether two amounts are the same money once expressed as Stripe would charge them."""
    return to_minor_units(a, currency) == to_minor_units(b, currency)


def plain(amount: Decimal) -> str:
    """``Decimal("150000.000")`` → ``"150000"``; ``Decimal("12.50")`` → ``"12.5"``: no exponent."""
    return format(Decimal(amount).normalize(), "f")
