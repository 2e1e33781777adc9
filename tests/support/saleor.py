"""Saleor operations the integration tests need and the shop does not: reading products back,
deleting them, refunding as staff and reading an order's payments. They use the operations of
``saleor_api/operations`` (contract-tested like the rest)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from saleor_api.catalogue import parse_money
from saleor_api.client import SaleorClient, chunked
from saleor_api.money import Money
from saleor_api.types import ProductState

IDS_PAGE = 100


def get_products(client: SaleorClient, ids: Iterable[str]) -> list[ProductState]:
    states: list[ProductState] = []
    for batch in chunked(ids, IDS_PAGE):
        nodes = client.paginate("ProductsByIds", {"ids": batch}, connection="products")
        states.extend(ProductState.from_graphql(node) for node in nodes)
    return states


def delete_product(client: SaleorClient, product_id: str) -> None:
    client.mutate("ProductDelete", {"id": product_id}, result="productDelete")


@dataclass(frozen=True)
class OrderTransaction:
    id: str
    psp_reference: str
    charged: Money | None
    refunded: Money | None
    events: tuple[str, ...]  # TransactionEvent types, as Saleor lists them


@dataclass(frozen=True)
class OrderPayments:
    charge_status: str  # NONE, PARTIAL, FULL, OVERCHARGED
    total_charged: Money | None
    total_refunded: Money | None
    transactions: tuple[OrderTransaction, ...]


def request_refund(
    client: SaleorClient, transaction_id: str, amount: Decimal | None = None
) -> None:
    """A staff refund of a transaction (the app token, HANDLE_PAYMENTS):
    Saleor asks the payments app through TRANSACTION_REFUND_REQUESTED. None: all that is left."""
    client.mutate(
        "TransactionRequestRefund",
        {"transactionId": transaction_id, "amount": None if amount is None else str(amount)},
        result="transactionRequestAction",
    )


def order_payments(client: SaleorClient, order_id: str) -> OrderPayments | None:
    """What Saleor knows of an order's payments (the app token)."""
    node = client.execute("OrderPayments", {"id": order_id}).get("order")
    if not node:
        return None
    return OrderPayments(
        charge_status=str(node.get("chargeStatus") or ""),
        total_charged=parse_money(node.get("totalCharged")),
        total_refunded=parse_money(node.get("totalRefunded")),
        transactions=tuple(
            OrderTransaction(
                id=str(item["id"]),
                psp_reference=str(item.get("pspReference") or ""),
                charged=parse_money(item.get("chargedAmount")),
                refunded=parse_money(item.get("refundedAmount")),
                events=tuple(str(event.get("type") or "") for event in item.get("events") or []),
            )
            for item in node.get("transactions") or []
        ),
    )


@dataclass(frozen=True)
class PlacedDraft:
    id: str
    number: str
    status: str


def place_draft_order(
    client: SaleorClient,
    channel_id: str,
    lines: list[tuple[str, int]],
    *,
    shipping_method_id: str,
    address: dict[str, str],
    email: str,
) -> PlacedDraft:
    """An order as staff make one (a draft of these variant lines, completed): Saleor prices it
    from the channel's listings and confirms it (UNFULFILLED) when the channel confirms orders
    automatically, as the bootstrap leaves it."""
    draft = client.mutate(
        "DraftOrderCreate",
        {
            "input": {
                "channelId": channel_id,
                "userEmail": email,
                "shippingAddress": address,
                "billingAddress": address,
                "shippingMethod": shipping_method_id,
                "lines": [{"variantId": v, "quantity": q} for v, q in lines],
            }
        },
        result="draftOrderCreate",
    )["order"]
    order = client.mutate("DraftOrderComplete", {"id": draft["id"]}, result="draftOrderComplete")[
        "order"
    ]
    return PlacedDraft(str(order["id"]), str(order["number"]), str(order["status"]))
