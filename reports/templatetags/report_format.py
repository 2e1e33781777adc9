"""Figures as the page's language writes them (Unicode CLDR through Babel)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.core import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal
from django import template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.sales import Change, ocop_zone
from saleor_api.money import babel_locale, format_approximate, format_money

register = template.Library()


def _locale() -> Locale:
    return babel_locale(get_language() or "vi")


@register.filter
def count(value: int | Decimal) -> str:
    return format_decimal(value, locale=_locale())


@register.filter
def money(value: Decimal, currency: str) -> str:
    return format_money(Decimal(value), currency, get_language() or "vi")


@register.filter
def approximate_money(value: Decimal, currency: str) -> str:
    return format_approximate(Decimal(value), currency, get_language() or "vi")


@register.filter
def day(value: date) -> str:
    """A day with its weekday, short ("Th 4, 2 thg 12" / "Wed, Dec 2")."""
    return format_skeleton("MMMEd", value, locale=_locale())


@register.filter
def full_day(value: date) -> str:
    return format_date(value, format="medium", locale=_locale())


@register.filter
def moment(value: datetime) -> str:
    """A time in Vietnam, as the language writes it."""
    return format_datetime(
        timezone.localtime(value, ocop_zone()), format="medium", locale=_locale()
    )


@register.filter
def percent(change: Change) -> str:
    """ "+12.5 %", "−3 %"; "—" when there is nothing to compare with."""
    if change.percent is None:
        return "—" if change.delta == 0 else _("new")
    signed = format_decimal(change.percent, format="+#,##0.#;−#,##0.#", locale=_locale())
    return "±0 %" if change.percent == 0 else f"{signed} %"


@register.filter
def delta(change: Change) -> str:
    """ "+3", "−2", "±0"."""
    if change.delta == 0:
        return "±0"
    return format_decimal(change.delta, format="+#,##0.##;−#,##0.##", locale=_locale())


@register.filter
def trend(change: Change) -> str:
    """A class for the direction of a change (up, down, same)."""
    return "up" if change.delta > 0 else "down" if change.delta < 0 else "same"
