"""The report's figures from orders shaped as Saleor gives them: per product, producer and day,
beside the previous period, revenue per currency never summed across currencies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from reports.sales import (
    Change,
    Period,
    ReportError,
    ReportSpec,
    aggregate,
    previous_period,
)
from tests.reports.conftest import ENDS, OWNERS, P1, P2, P3, P4, STARTS, VN, days

D = Decimal


def spec(**changes: Any) -> ReportSpec:
    values: dict[str, Any] = {
        "title": "Tuần lễ nông sản",
        "product_ids": [P1, P2, P4],
        "starts_at": STARTS,
        "ends_at": ENDS,
        "channels": None,
    }
    values.update(changes)
    return ReportSpec(**values)


def test_totals_count_sales_of_the_window_and_of_the_week_before(orders):
    report = aggregate(spec(), orders, OWNERS)

    assert report.currencies == ("VND", "USD", "EUR")
    assert (report.totals.current.orders, report.totals.current.units) == (4, 8)
    assert report.totals.current.revenue == {"VND": D("610000"), "USD": D("22.5"), "EUR": D("6.5")}
    assert (report.totals.previous.orders, report.totals.previous.units) == (1, 1)
    assert report.totals.previous.revenue == {"VND": D("185000")}
    assert report.totals.units_change == Change(D(7), D("700.0"))
    assert [(r.currency, r.current, r.previous) for r in report.totals.revenue] == [
        ("VND", D("610000"), D("185000")),
        ("USD", D("22.5"), D(0)),
        ("EUR", D("6.5"), D(0)),
    ]
    usd = report.totals.revenue[1]
    assert usd.change == Change(D("22.5"), None)  # nothing to compare with


def test_each_product_is_listed_busiest_first_even_without_sales(orders):
    report = aggregate(spec(), orders, OWNERS)

    rows = {row.product_id: row for row in report.products}
    assert [row.product_id for row in report.products] == [P1, P2, P4]
    p1 = rows[P1].figures
    assert (p1.current.orders, p1.current.units) == (3, 6)
    assert p1.current.revenue == {"VND": D("370000"), "USD": D("22.5"), "EUR": D("6.5")}
    assert (p1.previous.orders, p1.previous.units, p1.previous.revenue) == (
        1,
        1,
        {"VND": D("185000")},
    )
    assert (rows[P2].figures.current.orders, rows[P2].figures.current.units) == (2, 2)
    assert rows[P2].figures.current.revenue == {"VND": D("240000")}
    assert rows[P4].figures.current.units == 0
    assert [r.current for r in rows[P4].figures.revenue] == [D(0), D(0), D(0)]
    assert (rows[P1].name, rows[P1].code, rows[P1].producer) == (
        "Nước mắm Phú Quốc",
        "KG-001",
        "HTX Nước mắm Khải Hoàn",
    )


def test_producers_sum_their_products_and_count_an_order_once(orders):
    report = aggregate(spec(), orders, OWNERS)

    assert [(r.name, r.products, r.figures.current.orders, r.figures.current.units)
            for r in report.producers] == [
        ("HTX Nước mắm Khải Hoàn", 2, 3, 6),
        ("Công ty TNHH Tiêu", 1, 2, 2),
    ]  # fmt: skip
    # order 1 has lines of both producers: one order for each, one for the totals
    assert report.totals.current.orders == 4


def test_days_are_vietnamese_days_beside_the_same_day_a_week_before(orders):
    report = aggregate(spec(), orders, OWNERS)

    assert [row.day for row in report.days] == [date(2026, 12, n) for n in range(1, 8)]
    assert [row.previous_day for row in report.days] == [date(2026, 11, n) for n in range(24, 31)]
    assert [row.figures.current.units for row in report.days] == [3, 0, 3, 0, 1, 0, 1]
    assert [row.figures.previous.units for row in report.days] == [0, 1, 0, 0, 0, 0, 0]
    first = report.days[0].figures.current
    assert (first.orders, first.revenue) == (1, {"VND": D("490000")})
    assert report.days[2].figures.current.revenue == {"USD": D("22.5")}


def test_orders_not_sold_or_outside_both_periods_or_of_other_products_count_nothing(orders):
    report = aggregate(spec(product_ids=[P3]), orders, OWNERS)

    # only order 9 has P3; the cancelled, unconfirmed, expired and late orders are elsewhere
    assert (report.totals.current.orders, report.totals.current.units) == (1, 7)
    assert report.products[0].name == "Sản phẩm 103"  # as the order line named it
    assert report.products[0].producer == ""  # not in the registry
    assert report.producers[0].producer_id is None


def test_channels_limit_the_report(orders):
    report = aggregate(spec(channels=["intl", "eu"]), orders, OWNERS)

    assert report.currencies == ("USD", "EUR")
    assert (report.totals.current.orders, report.totals.current.units) == (2, 4)
    assert report.totals.previous.units == 0


def test_an_approximate_total_in_dong_needs_a_rate_for_every_currency(orders):
    published = datetime(2026, 12, 1, tzinfo=VN)
    rates = {"USD": D(1), "VND": D(26350), "EUR": D("0.94")}

    report = aggregate(spec(), orders, OWNERS, rates=rates, rates_published_at=published)

    assert report.approximate is not None
    expected = D(610000) + D("22.5") * D(26350) + D("6.5") * D(26350) / D("0.94")
    assert report.approximate.current == expected
    assert report.approximate.previous == D(185000)
    assert report.approximate.rates_published_at == published
    without_euro = {"USD": D(1), "VND": D(26350)}
    assert (
        aggregate(
            spec(), orders, OWNERS, rates=without_euro, rates_published_at=published
        ).approximate
        is None
    )
    assert aggregate(spec(), orders, OWNERS).approximate is None


def test_a_window_of_hours_is_compared_with_the_same_hours_whole_days_before():
    window = Period(datetime(2026, 12, 1, 10, tzinfo=VN), datetime(2026, 12, 3, 18, tzinfo=VN))

    previous, shift = previous_period(window)

    assert shift == 3
    assert previous == Period(
        datetime(2026, 11, 28, 10, tzinfo=VN), datetime(2026, 11, 30, 18, tzinfo=VN)
    )
    assert window.days == (date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3))


def test_no_sales_at_all_gives_zeros_and_no_currency():
    report = aggregate(spec(), [], OWNERS)

    assert report.currencies == ()
    assert report.totals.current.units == 0
    assert report.totals.units_change == Change(D(0), None)
    assert len(report.days) == 7


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        (datetime(2026, 12, 1), datetime(2026, 12, 8)),  # naive
        (ENDS, STARTS),  # backwards
        (STARTS, STARTS),  # empty
        (STARTS, STARTS + days(400)),  # too long to read
    ],
)
def test_a_window_that_cannot_be_reported_is_refused(starts_at, ends_at):
    with pytest.raises(ReportError):
        spec(starts_at=starts_at, ends_at=ends_at)


def test_repeated_product_ids_are_reported_once(orders):
    report = aggregate(spec(product_ids=[P1, P1, P2]), orders, OWNERS)

    assert [row.product_id for row in report.products] == [P1, P2]
    assert report.totals.current.units == 8


def test_a_page_recorded_from_a_real_saleor_3_23_is_read_as_it_came():
    """tests/reports/data/orders-3.23.json: Saleor 3.23.28's answer to OrdersForReport__3_22 for
    the three orders of tests/integration/test_reports.py (amounts as JSON floats, times in UTC
    with microseconds, global ids)."""
    import json
    from pathlib import Path

    from saleor_api.sales import parse_placed_order

    answer = json.loads((Path(__file__).parent / "data" / "orders-3.23.json").read_text())
    orders = [parse_placed_order(edge["node"]) for edge in answer["orders"]["edges"]]
    fish, pepper = "UHJvZHVjdDoxMQ==", "UHJvZHVjdDoxMA=="
    first = orders[0].created
    window = ReportSpec("recorded", [fish, pepper], first - timedelta(hours=1), first + days(1))

    report = aggregate(window, orders, {})

    rows = {row.product_id: row.figures.current for row in report.products}
    assert (rows[fish].orders, rows[fish].units) == (3, 6)
    assert rows[fish].revenue == {"VND": D(370000), "USD": D("22.50"), "EUR": D("6.50")}
    assert (rows[pepper].orders, rows[pepper].units) == (2, 3)
    assert rows[pepper].revenue == {"VND": D(120000), "EUR": D("8.40")}
    assert report.totals.current.revenue == {"VND": D(490000), "USD": D("22.50"), "EUR": D("14.90")}
    assert {o.channel for o in orders} == {"vn", "intl", "eu"}
