"""The gateway reads the orders of a window from Saleor, filtered on Saleor's side by time (3.22+:
`where` with instants; 3.21: `filter` by UTC dates, finished here), page by page."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from saleor_api.bootstrap import bootstrap_store
from saleor_api.sales import orders_placed
from tests.fakes.saleor import FakeSaleor

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SINCE = datetime(2026, 12, 1, tzinfo=VN)
UNTIL = datetime(2026, 12, 8, tzinfo=VN)


def saleor(version: str) -> FakeSaleor:
    fake = FakeSaleor(version)
    bootstrap_store(fake.client())
    return fake


@pytest.mark.parametrize("version", ["3.21", "3.22", "3.23"])
def test_only_counted_orders_created_in_the_window_come_back(version):
    fake = saleor(version)
    fake.add_order(created="2026-11-30T16:59:59+00:00", channel="vn", lines=[("P1", 1, 1000)])
    inside = fake.add_order(
        created="2026-11-30T17:00:00+00:00", channel="vn", lines=[("P1", 2, 370000)]
    )
    fake.add_order(
        created="2026-12-02T10:00:00+00:00", channel="vn", lines=[("P1", 1, 1)], status="CANCELED"
    )
    fake.add_order(
        created="2026-12-02T10:00:00+00:00", channel="vn", lines=[("P1", 1, 1)], status="EXPIRED"
    )
    fake.add_order(
        created="2026-12-02T10:00:00+00:00", channel="vn", lines=[("P1", 1, 1)], status="DRAFT"
    )
    returned = fake.add_order(
        created="2026-12-03T10:00:00+00:00",
        channel="intl",
        lines=[("P1", 1, 7.5), ("P9", 4, 30)],
        status="RETURNED",
    )
    fake.add_order(created="2026-12-07T17:00:00+00:00", channel="vn", lines=[("P1", 1, 1000)])
    fake.add_order(created="2026-12-04T10:00:00+00:00", channel="vn", lines=[("P9", 1, 1000)])
    client = fake.client()

    orders = orders_placed(client, SINCE, UNTIL, product_ids=["P1"])

    assert [o.id for o in orders] == [inside["id"], returned["id"]]
    assert [(line.product_id, line.quantity, line.gross, line.currency)
            for o in orders for line in o.lines] == [
        ("P1", 2, Decimal("370000"), "VND"),
        ("P1", 1, Decimal("7.5"), "USD"),  # the other product's line is left out
    ]  # fmt: skip
    assert orders[1].channel == "intl"
    expected = "OrdersForReport" if version == "3.21" else "OrdersForReport__3_22"
    assert expected in fake.calls


@pytest.mark.parametrize("version", ["3.21", "3.23"])
def test_every_page_is_read(version):
    fake = saleor(version)
    for n in range(230):
        fake.add_order(created=f"2026-12-0{1 + n % 7}T05:00:00+00:00", channel="vn",
                       lines=[("P1", 1, 1000 + n)])  # fmt: skip

    orders = orders_placed(fake.client(), SINCE, UNTIL, product_ids=["P1"])

    assert len(orders) == 230
    assert sum(o.lines[0].gross for o in orders) == Decimal(230 * 1000 + sum(range(230)))
    assert fake.calls.count(fake.client().resolve("OrdersForReport").name) == 3


def test_channels_are_filtered_by_saleor():
    fake = saleor("3.23")
    fake.add_order(created="2026-12-02T05:00:00+00:00", channel="vn", lines=[("P1", 1, 1000)])
    euro = fake.add_order(created="2026-12-02T05:00:00+00:00", channel="eu", lines=[("P1", 1, 6)])

    assert [o.id for o in orders_placed(fake.client(), SINCE, UNTIL, product_ids=["P1"],
                                        channels=["eu"])] == [euro["id"]]  # fmt: skip
    assert orders_placed(fake.client(), SINCE, UNTIL, product_ids=["P1"], channels=["xx"]) == []


def test_no_products_or_an_empty_window_asks_nothing():
    fake = saleor("3.23")
    calls = len(fake.calls)

    assert orders_placed(fake.client(), SINCE, UNTIL, product_ids=[]) == []
    assert orders_placed(fake.client(), UNTIL, SINCE, product_ids=["P1"]) == []
    assert len(fake.calls) == calls


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        orders_placed(saleor("3.23").client(), datetime(2026, 12, 1), UNTIL, product_ids=["P1"])
