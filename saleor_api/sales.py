"""The orders Saleor took in a time window, for the sales report (``reports/``).

Saleor filters by creation time (and channel) on its side, page by page; what Saleor's filter cannot
say exactly is finished here: 3.21's ``created`` filter compares whole UTC dates, and its status
filter lacks the returned and expired statuses, so every order is checked again against the
window's instants and the counted statuses.

Counted statuses: an order counts once it is a confirmed sale, whatever became of its delivery:
``UNFULFILLED``, ``PARTIALLY_FULFILLED``, ``FULFILLED``, and ``PARTIALLY_RETURNED`` and ``RETURNED``
(the sale was made in the window; a later return is an after-sales fact, not a sale that did not
happen). Not counted: ``DRAFT`` (staff's order being written, never placed; Saleor's ``orders``
leaves drafts out anyway), ``UNCONFIRMED`` (waiting for staff to accept it: not a sale yet),
``CANCELED`` and ``EXPIRED`` (an unpaid order Saleor let lapse): none is a sale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from saleor_api.client import SaleorClient

COUNTED_STATUSES = (
    "UNFULFILLED",
    "PARTIALLY_FULFILLED",
    "FULFILLED",
    "PARTIALLY_RETURNED",
    "RETURNED",
)
NOT_COUNTED_STATUSES = ("DRAFT", "UNCONFIRMED", "CANCELED", "EXPIRED")


@dataclass(frozen=True)
class SoldLine:
    product_id: str
    product_name: str  # as the order recorded it
    quantity: int
    gross: Decimal  # the line's total as the buyer paid it, discounts applied, taxes included
    currency: str


@dataclass(frozen=True)
class PlacedOrder:
    id: str
    number: str
    created: datetime  # aware
    status: str
    channel: str  # slug
    currency: str
    lines: tuple[SoldLine, ...]


def parse_placed_order(node: dict[str, Any]) -> PlacedOrder:
    """An order as ``OrdersForReport`` reads it."""
    channel = node.get("channel") or {}
    created = datetime.fromisoformat(str(node["created"]).replace("Z", "+00:00"))
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    lines = []
    for line in node.get("lines") or []:
        product_id = ((line.get("variant") or {}).get("product") or {}).get("id")
        gross = ((line.get("totalPrice") or {}).get("gross")) or {}
        if not product_id:
            continue  # its variant was deleted since: the line cannot be told to any product
        lines.append(
            SoldLine(
                product_id=str(product_id),
                product_name=str(line.get("productName") or ""),
                quantity=int(line.get("quantity") or 0),
                gross=Decimal(str(gross.get("amount") or 0)),
                currency=str(gross.get("currency") or channel.get("currencyCode") or ""),
            )
        )
    return PlacedOrder(
        id=str(node["id"]),
        number=str(node["number"]),
        created=created,
        status=str(node.get("status") or ""),
        channel=str(channel.get("slug") or ""),
        currency=str(channel.get("currencyCode") or ""),
        lines=tuple(lines),
    )


def _channel_ids(client: SaleorClient, slugs: Sequence[str]) -> list[str]:
    channels = client.execute("StoreChannels").get("channels") or []
    wanted = set(slugs)
    return [str(c["id"]) for c in channels if c.get("slug") in wanted]


def _order_filter(
    client: SaleorClient, since: datetime, until: datetime, channel_ids: list[str] | None
) -> tuple[str, dict[str, Any]]:
    """The variable the served ``OrdersForReport`` takes, and its value."""
    if client.resolve("OrdersForReport").name == "OrdersForReport":  # 3.21: `filter`, by UTC date
        legacy: dict[str, Any] = {
            "created": {
                "gte": since.astimezone(UTC).date().isoformat(),
                "lte": until.astimezone(UTC).date().isoformat(),
            }
        }
        if channel_ids is not None:
            legacy["channels"] = channel_ids
        return "filter", legacy
    where: dict[str, Any] = {
        "createdAt": {"gte": since.isoformat(), "lte": until.isoformat()},
        "status": {"oneOf": list(COUNTED_STATUSES)},
    }
    if channel_ids is not None:
        where["channelId"] = {"oneOf": channel_ids}
    return "where", where


def orders_placed(
    client: SaleorClient,
    since: datetime,
    until: datetime,
    *,
    product_ids: Iterable[str],
    channels: Sequence[str] | None = None,
) -> list[PlacedOrder]:
    """The counted orders created from ``since`` (included) to ``until`` (excluded), with only
    their lines of ``product_ids``; orders without such a line are left out. ``channels`` (slugs)
    limits them to those channels; None: every channel."""
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("the window's times must be aware datetimes")
    wanted = set(product_ids)
    if not wanted or until <= since:
        return []
    channel_ids = None
    if channels is not None:
        channel_ids = _channel_ids(client, channels)
        if not channel_ids:
            return []
    name, value = _order_filter(client, since, until, channel_ids)
    found: list[PlacedOrder] = []
    for node in client.paginate("OrdersForReport", {name: value}, connection="orders"):
        order = parse_placed_order(node)
        if order.status not in COUNTED_STATUSES or not since <= order.created < until:
            continue
        if channels is not None and order.channel not in channels:
            continue
        lines = tuple(line for line in order.lines if line.product_id in wanted)
        if lines:
            found.append(replace(order, lines=lines))
    return found
