"""Exchange rates for approximate prices: loaded from a configured source, shown only while fresh.

The shop charges in its channels' currencies (VND, USD, EUR), at the prices Saleor gives. A tourist
may also see such a price converted into a currency the shop does not charge ("≈ ₩10,300"): this
module keeps the rate table for that and converts, and nothing else. A rate older than
``EXCHANGE_RATES_MAX_AGE_HOURS`` converts nothing: better no approximation than a stale one.

The source (``EXCHANGE_RATES_URL``, or a path given to ``manage.py exchange_rates``) is JSON::

    {
      "base": "USD",                             # or "base_code"
      "published_at": "2026-12-01T00:00:00Z",    # optional; or "time_last_update_unix", or "date"
      "rates": {"VND": 26350, "EUR": 0.94, "KRW": 1465.2, "CNY": 7.24, "JPY": 155.3, "THB": 35.9}
    }

each rate being how many units of that currency one unit of the base buys. Without a publication
time the rates are taken as published when fetched.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from currency.models import ExchangeRate

CODE = re.compile(r"^[A-Z]{3}$")
MAX_RATE = Decimal("1e12")


class RatesError(Exception):
    """The source could not be read or is not a rate table; the table in use is kept."""


@dataclass(frozen=True)
class LoadResult:
    base: str
    count: int
    published_at: datetime
    source: str
    missing: tuple[str, ...]  # currencies the shop charges or shows that the source lacks


def read_source(source: str) -> bytes:
    """The bytes of a local path or an http(s) URL, bounded in size and time."""
    limit = settings.EXCHANGE_RATES_MAX_BYTES
    if source.startswith(("https://", "http://")):
        try:
            with httpx.stream(
                "GET",
                source,
                timeout=settings.EXCHANGE_RATES_TIMEOUT_SECONDS,
                follow_redirects=False,
                headers={"Accept": "application/json"},
            ) as response:
                if response.status_code != 200:
                    raise RatesError(f"{source} answered HTTP {response.status_code}")
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise RatesError(f"{source} sent more than {limit} bytes")
                return body
        except httpx.HTTPError as error:
            raise RatesError(f"could not read {source}: {error}") from error
    path = Path(source)
    if not path.is_file():
        raise RatesError(f"no file at {source}")
    if path.stat().st_size > limit:
        raise RatesError(f"{source} is larger than {limit} bytes")
    return path.read_bytes()


def parse(body: bytes, fetched_at: datetime) -> tuple[str, datetime, dict[str, Decimal]]:
    """(base, published_at, rates) from a source's JSON; RatesError says what is wrong."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RatesError(f"not JSON: {error}") from error
    if not isinstance(data, dict):
        raise RatesError("not a JSON object with a base and rates")
    base = str(data.get("base") or data.get("base_code") or "").upper()
    if not CODE.match(base):
        raise RatesError(f"the base currency {base or '(none)'!r} is not a 3-letter code")
    raw_rates = data.get("rates")
    if not isinstance(raw_rates, dict) or not raw_rates:
        raise RatesError('no "rates" object')
    rates: dict[str, Decimal] = {base: Decimal(1)}
    for code, value in raw_rates.items():
        currency = str(code).upper()
        if not CODE.match(currency):
            raise RatesError(f"{code!r} is not a 3-letter currency code")
        rates[currency] = _positive(value, currency)
    if rates[base] != 1:
        raise RatesError(f"the base {base} must be worth 1 {base}, not {rates[base]}")
    return base, _published_at(data, fetched_at), rates


def _positive(value: Any, currency: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RatesError(f"the rate of {currency} is not a number: {value!r}")
    try:
        rate = Decimal(str(value))
    except InvalidOperation as error:
        raise RatesError(f"the rate of {currency} is not a number: {value!r}") from error
    if not rate.is_finite() or rate <= 0 or rate > MAX_RATE:
        raise RatesError(f"the rate of {currency} is not a positive amount: {value!r}")
    return rate


def _published_at(data: dict[str, Any], fetched_at: datetime) -> datetime:
    try:
        if data.get("published_at"):
            moment = datetime.fromisoformat(str(data["published_at"]).replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
        elif data.get("time_last_update_unix") is not None:
            seconds = float(data["time_last_update_unix"])
            if not math.isfinite(seconds):
                raise ValueError(seconds)
            moment = datetime.fromtimestamp(seconds, tz=UTC)
        elif data.get("date"):
            moment = datetime.combine(date.fromisoformat(str(data["date"])), datetime.min.time())
            moment = moment.replace(tzinfo=UTC)
        else:
            return fetched_at
    except (ValueError, OverflowError, OSError) as error:
        raise RatesError(f"the publication time is not a date: {error}") from error
    if moment > fetched_at + timedelta(hours=1):
        raise RatesError(f"the rates claim to be published in the future ({moment.isoformat()})")
    return moment


def load(source: str, now: datetime | None = None) -> LoadResult:
    """Replace the rate table with the source's; on any error the table in use is kept."""
    fetched_at = now or timezone.now()
    base, published_at, rates = parse(read_source(source), fetched_at)
    with transaction.atomic():
        ExchangeRate.objects.all().delete()
        ExchangeRate.objects.bulk_create(
            ExchangeRate(
                currency=currency,
                base=base,
                rate=rate,
                source=source[:500],
                published_at=published_at,
                fetched_at=fetched_at,
            )
            for currency, rate in sorted(rates.items())
        )
    wanted = {"VND", "USD", "EUR", *settings.EXCHANGE_RATES_SHOWN}
    return LoadResult(
        base=base,
        count=len(rates),
        published_at=published_at,
        source=source,
        missing=tuple(sorted(wanted - set(rates))),
    )


def fresh_rates(now: datetime | None = None) -> dict[str, Decimal]:
    """The rates young enough to show (all, or none: they were loaded together)."""
    oldest = (now or timezone.now()) - timedelta(hours=settings.EXCHANGE_RATES_MAX_AGE_HOURS)
    rows = ExchangeRate.objects.filter(published_at__gte=oldest).values_list("currency", "rate")
    return {currency: Decimal(rate) for currency, rate in rows}


def convert(amount: Decimal, charged: str, shown: str, rates: dict[str, Decimal]) -> Decimal | None:
    """The price Saleor gave in ``charged`` expressed in ``shown``; None without both rates."""
    if charged not in rates or shown not in rates:
        return None
    return amount * rates[shown] / rates[charged]
