"""When a rating is valid: 36 months (configurable) from its decision, judged in Vietnam's time zone."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=4096)  # a list's decisions share few dates
def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_valid_until(decided_on: date, months: int | None = None) -> date:
    """The last day a rating is valid: the day before the 36 months from its decision end.

    A decision of 24/11/2021 is valid through 23/11/2024 and has expired from 24/11/2024 00:00 in
    Vietnam.
    """
    months = settings.OCOP_VALIDITY_MONTHS if months is None else months
    return add_months(decided_on, months) - timedelta(days=1)


def ocop_today(now: datetime | None = None) -> date:
    """Today's civil date in OCOP_TIMEZONE (Asia/Ho_Chi_Minh), where expiry is judged."""
    moment = now or timezone.now()
    return moment.astimezone(ZoneInfo(settings.OCOP_TIMEZONE)).date()


def is_valid_on(valid_until: date, day: date) -> bool:
    return day <= valid_until
