"""A full cash-on-delivery checkout against the real Saleor creates an order.

Saleor sends `transactionInitialize` to the payments app's TRANSACTION_INITIALIZE_SESSION webhook;
for the test that webhook points at the live server (and back afterwards). The sample products
have no stock in a fresh Saleor, so the test gives its variant stock in the "ocop-vn" warehouse.
"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from saleor_api import blueprint as bp
from saleor_api import checkout as saleor_checkout
from saleor_api.client import SaleorClient
from saleor_api.connection import reset_client

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCT = "Nước mắm Phú Quốc 40 độ đạm"


def _sample_variant(saleor: SaleorClient) -> tuple[str, str]:
    """(product slug, variant id) of a sample product sold in the vn channel."""
    query = """query($search: String!) { products(first: 1, channel: "vn", search: $search) {
      edges { node { slug productVariants(first: 1) { edges { node { id } } } } } } }"""
    answer = httpx.post(
        saleor.api_url, json={"query": query, "variables": {"search": PRODUCT}}, timeout=60
    ).json()
    edges = answer["data"]["products"]["edges"]
    if not edges:
        pytest.skip(f"the sample product {PRODUCT!r} is not in this Saleor (run ocop_sync)")
    node = edges[0]["node"]
    return node["slug"], node["productVariants"]["edges"][0]["node"]["id"]


def _warehouse_id(saleor: SaleorClient) -> str:
    data = saleor.execute("WarehousesBySlug", {"slugs": [bp.WAREHOUSE_SLUG]})
    return data["warehouses"]["edges"][0]["node"]["id"]


@pytest.fixture
def payments_webhook(saleor, live_server):
    """The app's transaction-initialize webhook, pointed at the live server for the test."""
    app = saleor.execute("AppWebhooks")["app"]
    hook = next(
        w
        for w in app["webhooks"]
        if {"eventType": "TRANSACTION_INITIALIZE_SESSION"} in w["syncEvents"]
    )

    def point_at(url: str) -> None:
        saleor.mutate(
            "WebhookUpdate",
            {
                "id": hook["id"],
                "input": {
                    "targetUrl": url,
                    "isActive": True,
                    "query": hook["subscriptionQuery"],
                    "syncEvents": ["TRANSACTION_INITIALIZE_SESSION"],
                },
            },
            result="webhookUpdate",
        )

    point_at(f"{live_server.url}/payments/saleor/transaction-initialize/")
    yield app["id"]
    point_at(hook["targetUrl"])


def test_a_cash_on_delivery_checkout_creates_an_order(
    saleor, layout, payments_webhook, live_server, settings, client
):
    # given: the shop pointed at the real Saleor, and the variant in stock
    settings.SALEOR_API_URL = saleor.api_url
    settings.SALEOR_APP_TOKEN = saleor._http.headers["Authorization"].removeprefix("Bearer ")
    settings.PAYMENTS_SALEOR_GATEWAY_ID = payments_webhook  # an app created with a token
    reset_client()
    _slug, variant = _sample_variant(saleor)
    assert saleor_checkout.set_stock(saleor, variant, _warehouse_id(saleor), 50) >= 1
    email = f"guest-{uuid.uuid4().hex[:8]}@example.com"

    # when: a visitor buys it through the storefront's pages
    assert client.post("/vi/vn/cart/add/", {"variant": variant, "quantity": 2}).status_code == 302
    cart = client.get("/vi/vn/cart/").content.decode()
    assert PRODUCT in cart
    client.post("/vi/vn/checkout/email/", {"email": email})
    client.post(
        "/vi/vn/checkout/address/",
        {
            "first_name": "Lan",
            "last_name": "Nguyễn",
            "phone": "0912345678",
            "street_address_1": "12 Trần Hưng Đạo",
            "city": "Phường Hoàn Kiếm",
            "country_area": "Hà Nội",
            "country": "VN",
        },
    )
    delivery = client.get("/vi/vn/checkout/delivery/").content.decode()
    option = re.search(r'name="option" id="[^"]+" value="([^"]+)"', delivery)
    assert option is not None, delivery
    client.post("/vi/vn/checkout/delivery/", {"option": option[1]})
    client.post("/vi/vn/checkout/billing/", {"same_as_shipping": "on"})
    payment = client.get("/vi/vn/checkout/payment/").content.decode()
    form = dict(re.findall(r'name="(total|idempotency_key)" value="(cod-[^"]+|[\d.]+)"', payment))
    response = client.post("/vi/vn/checkout/pay/cod/", form)

    # then: Saleor holds the order, authorised for collection on delivery
    assert re.fullmatch(r"/vi/vn/orders/\d+/", response["Location"]), response["Location"]
    number = response["Location"].split("/")[-2]
    order = saleor_checkout.order_by_number(saleor, number)
    assert order is not None
    assert order.email == email
    assert order.authorize_status == "FULL"
    assert [(line.product_name, line.quantity) for line in order.lines] == [(PRODUCT, 2)]
    assert order.total is not None
    assert order.total.currency == "VND"
    confirmation = client.get(response["Location"]).content.decode()
    assert f'<strong id="order-number">{number}</strong>' in confirmation
