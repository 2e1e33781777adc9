"""Prices as each language writes them; VND has no decimals. The currency is always stated."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DECIMALS = {"VND": 0, "USD": 2, "EUR": 2}
SYMBOLS = {"VND": "₫", "USD": "$", "EUR": "€"}
# (thousands separator, decimal separator, symbol before the amount?) per language
STYLE = {
    "vi": (".", ",", False),
    "en": (",", ".", True),
    "fr": ("\u202f", ",", False),
}


def format_money(amount: Decimal, currency: str, language: str) -> str:
    decimals = DECIMALS.get(currency, 2)
    quantum = Decimal(1).scaleb(-decimals)
    value = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    thousands, point, before = STYLE.get(language, STYLE["en"])
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    number = thousands.join(groups) + (point + fraction if decimals else "")
    symbol = SYMBOLS.get(currency, currency)
    if before and currency != "VND":
        return f"{sign}{symbol}{number}"
    return f"{sign}{number}\u00a0{symbol}"
