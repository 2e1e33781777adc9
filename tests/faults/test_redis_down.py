"""Redis stopped mid-run: the shop keeps rendering from Saleor, carts and checkouts keep working
(their state is in Saleor, cookies and the database), and /healthz says what is down."""

from __future__ import annotations

import pytest

from tests.fakes.shop import sample_shop
from tests.storefront.test_cart import cart_rows
from tests.storefront.test_checkout import FISH_SAUCE, pay_form, through_billing

pytestmark = pytest.mark.django_db

COD = "/vi/vn/checkout/pay/cod/"


def test_pages_render_from_saleor_after_redis_stops(client, private_redis, monkeypatch, settings):
    sample_shop(monkeypatch, settings)
    before = client.get("/en/intl/products/")
    assert before.status_code == 200

    private_redis.stop()
    listing = client.get("/en/intl/products/?sort=price")
    home = client.get("/en/intl/")
    health = client.get("/healthz")

    assert listing.status_code == 200
    assert "Phu Quoc fish sauce" in listing.content.decode()
    assert home.status_code == 200
    assert health.status_code == 503
    checks = health.json()["checks"]
    assert checks["cache"]["ok"] is False
    assert checks["database"]["ok"] is True


def test_with_redis_down_a_visitor_fills_a_cart_and_orders(
    client, private_redis, monkeypatch, settings
):
    # given a shop whose Redis stops before the visitor arrives
    shop = sample_shop(monkeypatch, settings)
    settings.PAYMENTS_SALEOR_GATEWAY_ID = "ocop-shop"
    private_redis.stop()

    # when they add to the cart, look at it and go through the checkout
    added = client.post("/vi/vn/cart/add/", {"variant": shop.variant_id(FISH_SAUCE), "quantity": 2})
    cart = client.get("/vi/vn/cart/")
    start = client.get("/vi/vn/checkout/")
    through_billing(client)
    payment = client.get("/vi/vn/checkout/payment/")
    paid = client.post("/vi/vn/checkout/pay/cod/", pay_form(payment.content.decode(), COD))
    confirmation = client.get(paid["Location"])

    # then everything works from Saleor, the cookies and the database
    assert added.status_code == 302
    assert cart.status_code == 200
    assert "Đã thêm vào giỏ hàng." in cart.content.decode()
    assert [name for name, _ in cart_rows(cart.content.decode())] == [FISH_SAUCE]
    assert cart_rows(cart.content.decode())[0][1] == "2"
    assert start["Location"] == "/vi/vn/checkout/email/"
    assert payment.status_code == 200
    order = next(iter(shop.orders.values()))
    assert paid["Location"] == f"/vi/vn/orders/{order['number']}/"
    assert confirmation.status_code == 200
    assert f'<strong id="order-number">{order["number"]}</strong>' in (
        confirmation.content.decode()
    )


def test_with_redis_down_the_order_lookup_answers_unthrottled(
    client, private_redis, monkeypatch, settings
):
    sample_shop(monkeypatch, settings)
    private_redis.stop()

    answers = [
        client.post("/en/intl/orders/", {"email": "me@example.com", "number": str(1000 + i)})
        for i in range(6)
    ]

    assert [a.status_code for a in answers] == [200] * 6
    assert "No order has this number and email address." in answers[-1].content.decode()
