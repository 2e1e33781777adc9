"""A producer ships the order lines of its own products: carrier and tracking number become a
Saleor fulfilment (in memory), the buyer's order page shows it, and another producer's member
can neither see nor ship them."""

from __future__ import annotations

import pytest
from django.test import Client

from catalog_sync.models import AuditEvent
from tests.portal.conftest import PRODUCT_A, product
from tests.storefront.test_checkout import fill_cart, pay_form, through_billing

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(shop, settings):
    """A tourist ordered 2 bottles of producer A's fish sauce, paying on delivery."""
    settings.PAYMENTS_SALEOR_GATEWAY_ID = "ocop-shop"
    buyer = Client()
    fill_cart(buyer, shop, quantity=2)
    through_billing(buyer)
    html = buyer.get("/vi/vn/checkout/payment/").content.decode()
    buyer.post("/vi/vn/checkout/pay/cod/", pay_form(html, "/vi/vn/checkout/pay/cod/"))
    return next(iter(shop.orders.values())), buyer


def test_the_member_ships_its_line_and_the_buyer_sees_it(client, shop, member_a, order):
    order, buyer = order
    client.force_login(member_a)
    [line] = order["lines"]

    listed = client.get("/vi/portal/orders/").content.decode()
    response = client.post(
        f"/vi/portal/orders/{order['id']}/lines/{line['id']}/ship/",
        {"carrier": "VNPost", "tracking": "EB123456789VN"},
        follow=True,
    )

    assert f"Đơn hàng {order['number']}: 2 × {PRODUCT_A}" in listed
    assert "12 Trần Hưng Đạo" in listed
    assert f"Đã đánh dấu đơn hàng {order['number']} là đã gửi." in response.content.decode()
    [fulfilment] = order["fulfillments"]
    assert fulfilment["trackingNumber"] == "VNPost EB123456789VN"
    assert line["quantityFulfilled"] == 2
    assert order["status"] == "FULFILLED"
    event = AuditEvent.objects.get(action=AuditEvent.Action.SHIPPED)
    assert event.product == product(PRODUCT_A)
    assert event.user == member_a
    assert event.after["tracking"] == "VNPost EB123456789VN"
    buyer_page = buyer.get(f"/vi/vn/orders/{order['number']}/").content.decode()
    assert "một kiện hàng, mã vận đơn: VNPost EB123456789VN" in buyer_page
    again = client.get("/vi/portal/orders/").content.decode()
    assert "Đã gửi" in again
    assert "Không có đơn nào cần gửi lúc này." in again


def test_another_producers_member_neither_sees_nor_ships_the_line(client, shop, member_b, order):
    order, _buyer = order
    client.force_login(member_b)
    [line] = order["lines"]

    listed = client.get("/vi/portal/orders/").content.decode()
    response = client.post(
        f"/vi/portal/orders/{order['id']}/lines/{line['id']}/ship/",
        {"carrier": "VNPost", "tracking": "EB000000000VN"},
    )

    assert PRODUCT_A not in listed
    assert "Trần Hưng Đạo" not in listed
    assert response.status_code == 404
    assert order["fulfillments"] == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SHIPPED).exists()


def test_a_line_needs_a_carrier_and_a_tracking_number(client, shop, member_a, order):
    order, _buyer = order
    client.force_login(member_a)
    [line] = order["lines"]

    response = client.post(
        f"/vi/portal/orders/{order['id']}/lines/{line['id']}/ship/",
        {"carrier": "", "tracking": ""},
        follow=True,
    )

    assert "Hãy nhập hãng vận chuyển và mã vận đơn." in response.content.decode()
    assert order["fulfillments"] == []
