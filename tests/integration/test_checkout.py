"""A full cash-on-delivery checkout against the real Saleor creates an order.

Saleor sends `transactionInitialize` to the payments app's TRANSACTION_INITIALIZE_SESSION webhook;
for the test that webhook points at the live server (and back afterwards). The test imports its
own priced product (tests/integration/conftest.py), so it needs nothing run by hand first.
"""

from __future__ import annotations

import re
import uuid

import pytest

from saleor_api import checkout as saleor_checkout
from saleor_api.connection import reset_client
from tests.support.checkout import fill_checkout, pay_cash_on_delivery

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cash_on_delivery_checkout_creates_an_order(
    saleor, product_for_sale, payment_webhooks, live_server, settings, client
):
    # given: the shop pointed at the real Saleor, and a product priced and in stock
    settings.SALEOR_API_URL = saleor.api_url
    settings.SALEOR_APP_TOKEN = saleor._http.headers["Authorization"].removeprefix("Bearer ")
    settings.PAYMENTS_SALEOR_GATEWAY_ID = payment_webhooks  # an app created with a token
    reset_client()
    variant = product_for_sale.variant_id
    PRODUCT = product_for_sale.name
    email = f"guest-{uuid.uuid4().hex[:8]}@example.com"

    # when: a visitor buys it through the storefront's pages
    assert client.post("/vi/vn/cart/add/", {"variant": variant, "quantity": 2}).status_code == 302
    cart = client.get("/vi/vn/cart/").content.decode()
    assert PRODUCT in cart
    payment = fill_checkout(client, "/vi/vn", email)
    response = pay_cash_on_delivery(client, "/vi/vn", payment)

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
