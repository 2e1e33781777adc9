"""Amounts for Stripe: minor units, VND without any, half-up rounding with Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_api.money import from_minor_units, plain, same_amount, to_minor_units


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("150000", "VND", 150000),
        ("150000", "vnd", 150000),
        ("150000.4", "VND", 150000),
        ("150000.5", "VND", 150001),
        ("12.34", "USD", 1234),
        ("12.345", "USD", 1235),
        ("12.344", "EUR", 1234),
        ("0.005", "USD", 1),
        ("1000", "JPY", 1000),
        ("1.234", "KWD", 1230),
        ("1.235", "KWD", 1240),
    ],
)
def test_to_minor_units(amount, currency, minor):
    assert to_minor_units(Decimal(amount), currency) == minor


@pytest.mark.parametrize(
    ("minor", "currency", "amount"),
    [(150000, "VND", "150000"), (1234, "USD", "12.34"), (5, "EUR", "0.05"), (1230, "KWD", "1.23")],
)
def test_from_minor_units(minor, currency, amount):
    assert from_minor_units(minor, currency) == Decimal(amount)


@given(minor=st.integers(min_value=0, max_value=10**12), currency=st.sampled_from(["VND", "USD"]))
def test_minor_units_go_there_and_back(minor, currency):
    assert to_minor_units(from_minor_units(minor, currency), currency) == minor


def test_same_amount_compares_what_stripe_would_charge():
    assert same_amount(Decimal("150000"), Decimal("150000.000"), "VND")
    assert same_amount(Decimal("12.3"), Decimal("12.30"), "USD")
    assert not same_amount(Decimal("12.30"), Decimal("12.31"), "USD")


@pytest.mark.parametrize(
    ("amount", "text"),
    [("150000.000", "150000"), ("12.50", "12.5"), ("0.000", "0"), ("1E+5", "100000")],
)
def test_plain_writes_amounts_without_exponent_or_trailing_zeros(amount, text):
    assert plain(Decimal(amount)) == text
