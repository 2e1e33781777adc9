"""Integration tests run against a real Saleor named by SALEOR_API_URL and SALEOR_APP_TOKEN."""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from catalog_sync.models import OcopProduct
from catalog_sync.services import run_sync
from catalog_sync.validity import ocop_today
from saleor_api.bootstrap import bootstrap_store
from saleor_api.client import SaleorClient
from saleor_app.manifest import manifest_data
from tests.support import saleor as support

SALEOR_API_URL = os.environ.get("SALEOR_API_URL", "")
SALEOR_APP_TOKEN = os.environ.get("SALEOR_APP_TOKEN", "")


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(
        reason="needs a real Saleor: set SALEOR_API_URL and SALEOR_APP_TOKEN (see README.md)"
    )
    for item in items:
        if "tests/integration/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.integration)
            if not (SALEOR_API_URL and SALEOR_APP_TOKEN):
                item.add_marker(skip)


@pytest.fixture
def saleor() -> Iterator[SaleorClient]:
    client = SaleorClient(SALEOR_API_URL, SALEOR_APP_TOKEN, timeout=60)
    yield client
    client.close()


@pytest.fixture
def layout(saleor):
    """The store as `saleor_bootstrap` leaves it, webhooks included: a fresh Saleor needs no
    step run by hand first."""
    store_layout, _report = bootstrap_store(saleor, webhooks=manifest_data()["webhooks"])
    return store_layout


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


PAYMENT_EVENTS = {
    "TRANSACTION_INITIALIZE_SESSION": "transaction-initialize",
    "TRANSACTION_PROCESS_SESSION": "transaction-process",
    "TRANSACTION_REFUND_REQUESTED": "transaction-refund",
}


@pytest.fixture
def payment_webhooks(saleor, layout, live_server) -> Iterator[str]:
    """The app's payment webhooks (made by the bootstrap), pointed at the live server for the
    test and back afterwards; yields the app's id (the payment gateway's id in Saleor)."""
    app = saleor.execute("AppWebhooks")["app"]
    hooks = [
        (hook, event)
        for hook in app["webhooks"]
        for event in PAYMENT_EVENTS
        if {"eventType": event} in hook["syncEvents"]
    ]
    assert {event for _hook, event in hooks} == set(PAYMENT_EVENTS), app["webhooks"]

    def point(hook: dict, event: str, url: str) -> None:
        saleor.mutate(
            "WebhookUpdate",
            {
                "id": hook["id"],
                "input": {
                    "targetUrl": url,
                    "isActive": True,
                    "query": hook["subscriptionQuery"],
                    "syncEvents": [event],
                },
            },
            result="webhookUpdate",
        )

    for hook, event in hooks:
        point(hook, event, f"{live_server.url}/payments/saleor/{PAYMENT_EVENTS[event]}/")
    yield app["id"]
    for hook, event in hooks:
        point(hook, event, hook["targetUrl"])


@dataclass(frozen=True)
class ProductForSale:
    name: str
    slug: str
    variant_id: str


@pytest.fixture
def product_for_sale(saleor, layout, tmp_path, unique) -> Iterator[ProductForSale]:
    """A certified product priced in every channel (185,000 ₫, $7.50, 6.50 €) with 50 in stock,
    imported by the sync from a list as a cooperative's prices come; deleted afterwards."""
    name = f"Nước mắm Phú Quốc {unique}"
    decided = (ocop_today() - timedelta(days=30)).strftime("%d/%m/%Y")
    path = tmp_path / "priced.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Nhóm", "Hạng sao", "Số quyết định",
             "Ngày quyết định", "Giá", "Giá (USD)", "Giá (EUR)", "Tồn kho", "Khối lượng"]
        )  # fmt: skip
        writer.writerow(
            [1, name, f"HTX Nước mắm {unique}", "Dương Đông, Kiên Giang", "Thực phẩm", 5,
             "1234/QĐ-BNN", decided, 185000, "7.50", "6.50", 50, 750]
        )  # fmt: skip
    result = run_sync(str(path), client=saleor)
    assert result.applied is not None
    assert result.applied.failures == []
    product = OcopProduct.objects.get(name=name)
    listings = saleor.execute("ProductVariantListings", {"id": product.saleor_product_id})
    [variant] = listings["product"]["productVariants"]["edges"]
    yield ProductForSale(name, product.slug, variant["node"]["id"])
    support.delete_product(saleor, product.saleor_product_id)
