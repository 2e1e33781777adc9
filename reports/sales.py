"""The sales report of a set of products over a window: orders, units and revenue per product,
producer and day, from Saleor's orders, beside the same number of days before.

- **Which orders**: those Saleor counts as confirmed sales, whatever became of their delivery
  (``saleor_api.sales.COUNTED_STATUSES``; drafts, unconfirmed, cancelled and expired orders are
  not sales), created in the window (``starts_at`` included, ``ends_at`` excluded).
- **Days** are Vietnamese civil days (``OCOP_TIMEZONE``). The previous period is the window moved
  back by its length rounded up to whole days, so a week is compared with the week before, day
  for day, at the same hours.
- **Revenue** is each order line's total as the buyer paid it (Saleor's ``totalPrice.gross``:
  discounts applied, taxes included, delivery excluded), in the channel's currency. Currencies are
  never added together; an approximate total in đồng is given beside them, from the rate table of
  the ``currency`` app, only when it has fresh rates for every currency.
- **Orders** of a product, producer or day count each order once, however many lines it has.

``aggregate`` is pure (orders, owners and rates in, report out); ``build_report`` reads them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from catalog_sync.public import ProductOwner, owners_of
from currency.models import ExchangeRate
from currency.rates import convert, fresh_rates
from saleor_api.connection import get_client
from saleor_api.money import decimals
from saleor_api.sales import COUNTED_STATUSES, PlacedOrder, orders_placed

APPROXIMATE_IN = "VND"
CURRENCY_ORDER = ("VND", "USD", "EUR")  # the shop's channels first, any other after them
MAX_DAYS = 366  # a report longer than a year is refused: its chart and tables would be unreadable


class ReportError(ValueError):
    """The report cannot be made as asked (the message says why, for the person who asked)."""


def ocop_zone() -> ZoneInfo:
    return ZoneInfo(settings.OCOP_TIMEZONE)


@dataclass(frozen=True)
class ReportSpec:
    """What to report on: Saleor product ids, a window of aware datetimes, and optionally the
    channels (slugs) to count; None counts every channel."""

    title: str
    product_ids: Sequence[str]
    starts_at: datetime
    ends_at: datetime
    channels: Sequence[str] | None = None

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ReportError("the window's start and end must be aware datetimes")
        if self.ends_at <= self.starts_at:
            raise ReportError("the window must end after it starts")
        if self.ends_at - self.starts_at > timedelta(days=MAX_DAYS):
            raise ReportError(f"the window is longer than {MAX_DAYS} days")
        object.__setattr__(self, "product_ids", tuple(dict.fromkeys(self.product_ids)))
        if self.channels is not None:
            object.__setattr__(self, "channels", tuple(dict.fromkeys(self.channels)))


@dataclass(frozen=True)
class Period:
    starts_at: datetime
    ends_at: datetime  # excluded

    @property
    def days(self) -> tuple[date, ...]:
        """The Vietnamese days the period touches, in order."""
        zone = ocop_zone()
        first = timezone.localtime(self.starts_at, zone).date()
        last = timezone.localtime(self.ends_at - timedelta(microseconds=1), zone).date()
        return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))

    @property
    def first_day(self) -> date:
        return self.days[0]

    @property
    def last_day(self) -> date:
        return self.days[-1]

    def holds(self, moment: datetime) -> bool:
        return self.starts_at <= moment < self.ends_at


def previous_period(window: Period) -> tuple[Period, int]:
    """The period just before ``window``, as long, moved back by whole days; and those days."""
    length = window.ends_at - window.starts_at
    shift = max(1, math.ceil(length / timedelta(days=1)))
    back = timedelta(days=shift)
    return Period(window.starts_at - back, window.ends_at - back), shift


@dataclass(frozen=True)
class Change:
    """How a figure moved from the previous period: the difference, and the percentage when the
    previous figure was not zero."""

    delta: Decimal
    percent: Decimal | None

    @classmethod
    def between(cls, current: Decimal | int, previous: Decimal | int) -> Change:
        delta = Decimal(current) - Decimal(previous)
        percent = (delta * 100 / Decimal(previous)).quantize(Decimal("0.1")) if previous else None
        return cls(delta, percent)


@dataclass(frozen=True)
class Figures:
    orders: int = 0
    units: int = 0
    revenue: Mapping[str, Decimal] = field(default_factory=dict)  # by currency

    def revenue_in(self, currency: str) -> Decimal:
        return self.revenue.get(currency, Decimal(0))


@dataclass(frozen=True)
class RevenueCompared:
    currency: str
    current: Decimal
    previous: Decimal
    change: Change


@dataclass(frozen=True)
class Compared:
    """A figure set in the window beside the previous period's."""

    current: Figures
    previous: Figures
    currencies: tuple[str, ...]  # the report's currencies: one revenue entry each

    @property
    def orders_change(self) -> Change:
        return Change.between(self.current.orders, self.previous.orders)

    @property
    def units_change(self) -> Change:
        return Change.between(self.current.units, self.previous.units)

    @property
    def revenue(self) -> tuple[RevenueCompared, ...]:
        return tuple(
            RevenueCompared(
                currency,
                self.current.revenue_in(currency),
                self.previous.revenue_in(currency),
                Change.between(
                    self.current.revenue_in(currency), self.previous.revenue_in(currency)
                ),
            )
            for currency in self.currencies
        )


@dataclass(frozen=True)
class ProductRow:
    product_id: str
    name: str
    code: str
    producer: str
    figures: Compared


@dataclass(frozen=True)
class ProducerRow:
    producer_id: int | None  # None: products the registry does not know
    name: str
    products: int
    figures: Compared


@dataclass(frozen=True)
class DayRow:
    day: date
    previous_day: date
    figures: Compared


@dataclass(frozen=True)
class ApproximateTotal:
    """The revenue of every currency converted into one, for an order of magnitude only."""

    currency: str
    current: Decimal
    previous: Decimal
    rates_published_at: datetime

    @property
    def change(self) -> Change:
        return Change.between(self.current, self.previous)


@dataclass(frozen=True)
class SalesReport:
    spec: ReportSpec
    window: Period
    previous: Period
    shift_days: int
    currencies: tuple[str, ...]
    totals: Compared
    days: tuple[DayRow, ...]
    products: tuple[ProductRow, ...]
    producers: tuple[ProducerRow, ...]
    approximate: ApproximateTotal | None
    generated_at: datetime
    counted_statuses: tuple[str, ...] = COUNTED_STATUSES


class _Tally:
    """Orders (distinct), units and revenue per currency, summed as lines come."""

    def __init__(self) -> None:
        self.orders: set[str] = set()
        self.units = 0
        self.revenue: dict[str, Decimal] = defaultdict(Decimal)

    def add(self, order_id: str, quantity: int, gross: Decimal, currency: str) -> None:
        self.orders.add(order_id)
        self.units += quantity
        self.revenue[currency] += gross

    def figures(self) -> Figures:
        return Figures(len(self.orders), self.units, dict(self.revenue))


def _in_minor_units(amount: Decimal, currency: str) -> Decimal:
    """Saleor's amount (a JSON number, 370000.0) to the currency's digits (370000; 22.50)."""
    return amount.quantize(Decimal(1).scaleb(-decimals(currency)))


def _sorted_currencies(currencies: Iterable[str]) -> tuple[str, ...]:
    known = [c for c in CURRENCY_ORDER if c in currencies]
    return (*known, *sorted(set(currencies) - set(CURRENCY_ORDER)))


def aggregate(
    spec: ReportSpec,
    orders: Iterable[PlacedOrder],
    owners: Mapping[str, ProductOwner],
    *,
    rates: Mapping[str, Decimal] | None = None,
    rates_published_at: datetime | None = None,
    now: datetime | None = None,
) -> SalesReport:
    """The report of ``orders`` (any, in any period: those outside both periods and lines of
    other products are ignored), products told to producers by ``owners``. A product the
    registry does not know has the name its order lines gave and no producer (``""``)."""
    window = Period(spec.starts_at, spec.ends_at)
    previous, shift = previous_period(window)
    zone = ocop_zone()
    wanted = set(spec.product_ids)
    channels = set(spec.channels) if spec.channels is not None else None
    # (period, key) -> tally; period 0 the window, 1 the previous period
    by_product: dict[tuple[int, str], _Tally] = defaultdict(_Tally)
    by_producer: dict[tuple[int, int | None], _Tally] = defaultdict(_Tally)
    by_day: dict[tuple[int, date], _Tally] = defaultdict(_Tally)
    total: dict[int, _Tally] = defaultdict(_Tally)
    line_names: dict[str, str] = {}
    currencies: set[str] = set()
    for order in orders:
        if order.status not in COUNTED_STATUSES:
            continue
        if channels is not None and order.channel not in channels:
            continue
        if window.holds(order.created):
            period = 0
        elif previous.holds(order.created):
            period = 1
        else:
            continue
        day = timezone.localtime(order.created, zone).date()
        if period == 1:
            day += timedelta(days=shift)  # told to the window's day it is compared with
        for line in order.lines:
            if line.product_id not in wanted:
                continue
            line_names.setdefault(line.product_id, line.product_name)
            owner = owners.get(line.product_id)
            producer_id = owner.producer_id if owner else None
            currencies.add(line.currency)
            for tally in (
                by_product[(period, line.product_id)],
                by_producer[(period, producer_id)],
                by_day[(period, day)],
                total[period],
            ):
                tally.add(
                    order.id,
                    line.quantity,
                    _in_minor_units(line.gross, line.currency),
                    line.currency,
                )
    report_currencies = _sorted_currencies(currencies)

    def compared(current: _Tally | None, before: _Tally | None) -> Compared:
        return Compared(
            (current or _Tally()).figures(), (before or _Tally()).figures(), report_currencies
        )

    products = []
    for product_id in spec.product_ids:
        owner = owners.get(product_id)
        products.append(
            ProductRow(
                product_id=product_id,
                name=owner.product_name if owner else line_names.get(product_id, product_id),
                code=owner.product_code if owner else "",
                producer=owner.producer_name if owner else "",
                figures=compared(by_product.get((0, product_id)), by_product.get((1, product_id))),
            )
        )
    products.sort(key=lambda row: (-row.figures.current.units, row.name.casefold()))

    producers_seen: dict[int | None, tuple[str, int]] = {}
    for product_id in spec.product_ids:
        owner = owners.get(product_id)
        key = owner.producer_id if owner else None
        name = owner.producer_name if owner else ""
        producers_seen[key] = (name, producers_seen.get(key, (name, 0))[1] + 1)
    producers = [
        ProducerRow(
            producer_id=key,
            name=name,
            products=count,
            figures=compared(by_producer.get((0, key)), by_producer.get((1, key))),
        )
        for key, (name, count) in producers_seen.items()
    ]
    producers.sort(key=lambda row: (-row.figures.current.units, row.name.casefold()))

    days = tuple(
        DayRow(
            day, day - timedelta(days=shift), compared(by_day.get((0, day)), by_day.get((1, day)))
        )
        for day in window.days
    )
    totals = compared(total.get(0), total.get(1))
    approximate = None
    if rates and rates_published_at is not None:
        approximate = _approximate(totals, report_currencies, rates, rates_published_at)
    return SalesReport(
        spec=spec,
        window=window,
        previous=previous,
        shift_days=shift,
        currencies=report_currencies,
        totals=totals,
        days=days,
        products=tuple(products),
        producers=tuple(producers),
        approximate=approximate,
        generated_at=now or timezone.now(),
    )


def _approximate(
    totals: Compared,
    currencies: Sequence[str],
    rates: Mapping[str, Decimal],
    published_at: datetime,
) -> ApproximateTotal | None:
    if not currencies:
        return None
    sums = []
    for figures in (totals.current, totals.previous):
        converted = Decimal(0)
        for currency in currencies:
            value = convert(figures.revenue_in(currency), currency, APPROXIMATE_IN, dict(rates))
            if value is None:
                return None  # a currency without a rate: no total rather than a partial one
            converted += value
        sums.append(converted)
    return ApproximateTotal(APPROXIMATE_IN, sums[0], sums[1], published_at)


def build_report(spec: ReportSpec) -> SalesReport:
    """The report, from Saleor's orders of the window and of the previous period, the registry's
    producers and the rate table (raises ``saleor_api.errors.SaleorError`` when Saleor fails)."""
    window = Period(spec.starts_at, spec.ends_at)
    previous, _shift = previous_period(window)
    orders = orders_placed(
        get_client(),
        previous.starts_at,
        window.ends_at,
        product_ids=spec.product_ids,
        channels=spec.channels,
    )
    owners = owners_of(list(spec.product_ids))
    rates, published_at = _fresh_rate_table()
    return aggregate(spec, orders, owners, rates=rates, rates_published_at=published_at)


def _fresh_rate_table() -> tuple[dict[str, Decimal], datetime | None]:
    rates = fresh_rates()
    if not rates:
        return {}, None
    newest = ExchangeRate.objects.order_by("-published_at").values_list("published_at", flat=True)
    return rates, newest.first()
