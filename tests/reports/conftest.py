"""Orders shaped as Saleor answers ``OrdersForReport`` (see data/orders-3.23.json, a page recorded
from a real Saleor 3.23), a week's window in Vietnam and the registry owners of the products."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from catalog_sync.public import ProductOwner
from saleor_api.sales import PlacedOrder, parse_placed_order
from tests.events.conftest import officer, other_officer, shop, staff  # noqa: F401 - event reports

VN = ZoneInfo("Asia/Ho_Chi_Minh")
STARTS = datetime(2026, 12, 1, tzinfo=VN)
ENDS = datetime(2026, 12, 8, tzinfo=VN)  # a week: 1 to 7 December, Vietnam time
P1, P2, P3, P4 = (f"UHJvZHVjdDo{n}" for n in (101, 102, 103, 104))  # Saleor product ids


def node(
    number: int,
    created: str,
    channel: str,
    lines: list[tuple[str, int, str]],
    status: str = "UNFULFILLED",
) -> dict[str, Any]:
    """An order node as Saleor's ``OrdersForReport`` returns it."""
    currency = {"vn": "VND", "intl": "USD", "eu": "EUR"}[channel]
    return {
        "id": f"T3JkZXI6{number}",
        "number": str(number),
        "created": created,
        "status": status,
        "channel": {"slug": channel, "currencyCode": currency},
        "lines": [
            {
                "id": f"T3JkZXJMaW5lOj{number}{index}",
                "productName": f"Sản phẩm {product_id[-3:]}",
                "quantity": quantity,
                "variant": {"product": {"id": product_id}},
                "totalPrice": {"gross": {"amount": float(total), "currency": currency}},
            }
            for index, (product_id, quantity, total) in enumerate(lines)
        ],
    }


def week_orders() -> list[PlacedOrder]:
    nodes = [
        # 00:30 on 1 December in Vietnam is still 30 November in UTC: a window day all the same
        node(1, "2026-11-30T17:30:00.123456+00:00", "vn", [(P1, 2, "370000"), (P2, 1, "120000")]),
        # 23:30 on 3 December in Vietnam (16:30 UTC)
        node(2, "2026-12-03T16:30:00+00:00", "intl", [(P1, 3, "22.50")]),
        # the last minute of the window
        node(3, "2026-12-07T16:59:59+00:00", "eu", [(P1, 1, "6.50")]),
        # the previous period (25 November), compared with 2 December
        node(4, "2026-11-25T03:00:00+00:00", "vn", [(P1, 1, "185000")]),
        # the end of the window is excluded
        node(5, "2026-12-07T17:00:00+00:00", "vn", [(P1, 9, "999")]),
        # not sales
        node(6, "2026-12-02T03:00:00+00:00", "vn", [(P1, 5, "925000")], status="CANCELED"),
        node(7, "2026-11-30T16:59:00+00:00", "vn", [(P2, 4, "480000")], status="UNCONFIRMED"),
        node(8, "2026-12-02T05:00:00+00:00", "vn", [(P2, 4, "480000")], status="EXPIRED"),
        # another product only
        node(9, "2026-12-02T04:00:00+00:00", "vn", [(P3, 7, "700000")]),
        # returned after the sale: still a sale of the window
        node(10, "2026-12-05T04:00:00+00:00", "vn", [(P2, 1, "120000")], status="RETURNED"),
    ]
    return [parse_placed_order(n) for n in nodes]


OWNERS = {
    P1: ProductOwner(P1, "Nước mắm Phú Quốc", "KG-001", 1, "HTX Nước mắm Khải Hoàn", "Kiên Giang"),
    P2: ProductOwner(P2, "Tiêu đen Phú Quốc", "KG-002", 2, "Công ty TNHH Tiêu", "Kiên Giang"),
    P4: ProductOwner(P4, "Mật ong rừng", "KG-004", 1, "HTX Nước mắm Khải Hoàn", "Kiên Giang"),
}


@pytest.fixture
def orders() -> list[PlacedOrder]:
    return week_orders()


def days(n: int) -> timedelta:
    return timedelta(days=n)
