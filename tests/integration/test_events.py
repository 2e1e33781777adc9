"""A province event against the real Saleor: its collection is published for the event, and its
catalogue promotion puts the discounted price in the cart during the event and the full price
after it. The promotion's dates are moved (Saleor's clock is never faked).

Saleor applies a promotion to prices in its Celery beat (``handle-promotion-toggle``,
``recalculate-promotion-rules`` and ``recalculate-discounted-price-for-products``, every 30 s by
default): the Saleor under test must run them (its worker with beat); the test waits for them, up
to EVENT_PRICE_WAIT_SECONDS, and says so when they do not run.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from catalog_sync.models import OcopProduct
from events.models import Event, EventProduct
from events.sync import sync_event
from saleor_api import checkout as saleor_checkout
from saleor_api import promotions
from saleor_api.catalogue import Money
from saleor_api.connection import reset_client
from tests.support.checkout import fill_checkout, pay_cash_on_delivery

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = float(os.environ.get("EVENT_PRICE_WAIT_SECONDS", "150"))


def wait_for(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(
                f"Saleor did not apply the promotion ({what}) within {WAIT_SECONDS:.0f} s: "
                "Saleor recalculates discounted prices in its Celery beat; run its worker with "
                "beat (celery --app saleor.celeryconf:app worker -B)"
            )
        time.sleep(3)


def subtotal(client: Client, lang: str, channel: str) -> str:
    html = client.get(f"/{lang}/{channel}/cart/").content.decode()
    found = re.search(r'id="cart-subtotal">([^<]+)<', html)
    assert found, html
    return found[1]


def cart_with(variant_id: str, channel: str, lang: str) -> Client:
    """A new visitor's cart holding one unit."""
    client = Client()
    response = client.post(f"/{lang}/{channel}/cart/add/", {"variant": variant_id, "quantity": 1})
    assert response.status_code == 302
    return client


@pytest.fixture
def event(saleor, product_for_sale, unique, settings) -> Iterator[Event]:
    settings.SALEOR_API_URL = saleor.api_url
    settings.SALEOR_APP_TOKEN = saleor._http.headers["Authorization"].removeprefix("Bearer ")
    settings.STOREFRONT_CACHE_SECONDS = 0
    reset_client()
    product = OcopProduct.objects.get(name=product_for_sale.name)
    now = timezone.now().replace(microsecond=0)
    event = Event.objects.create(
        slug=f"tuan-le-{unique}",
        name_vi=f"Tuần lễ nông sản {unique}",
        name_en=f"Farm week {unique}",
        province=product.province,
        province_key=product.province_key,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(days=7),
        discount_kind=Event.Discount.PERCENTAGE,
        discount_percent=Decimal("10"),
    )
    EventProduct.objects.create(event=event, product=product)
    yield event
    event.refresh_from_db()
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    sync_event(event.pk, saleor)  # deletes the promotion and the collection it made
    reset_client()


def test_the_promotion_prices_the_cart_during_the_event_and_not_after(
    saleor, product_for_sale, event
):
    # when: the event is written to Saleor
    event = sync_event(event.pk, saleor)

    # then: its collection holds the product and is published in every channel from the start
    collection = promotions.get_collection(saleor, event.saleor_collection_id)
    assert collection is not None
    product = OcopProduct.objects.get(name=product_for_sale.name)
    assert collection.product_ids == {product.saleor_product_id}
    assert collection.channels == {slug: (True, event.starts_at) for slug in ("vn", "intl", "eu")}
    promotion = promotions.get_promotion(saleor, event.saleor_promotion_id)
    assert promotion is not None
    assert (promotion.starts_at, promotion.ends_at) == (event.starts_at, event.ends_at)
    assert {rule.channels: rule.reward.value for rule in promotion.rules if rule.reward} == {
        ("eu",): Decimal("10"),
        ("intl",): Decimal("10"),
        ("vn",): Decimal("10"),
    }

    # and a tourist's cart holds the discounted price, in VND and in USD
    wait_for(
        "166.500 ₫ in a cart",
        lambda: (
            subtotal(cart_with(product_for_sale.variant_id, "vn", "vi"), "vi", "vn")
            == "166.500\xa0₫"
        ),
    )
    tourist = cart_with(product_for_sale.variant_id, "intl", "en")
    assert subtotal(tourist, "en", "intl") == "$6.75"
    checkout = saleor_checkout.get_checkout(
        saleor, tourist.cookies["ocop_checkout_intl"].value, "en"
    )
    assert checkout is not None
    assert checkout.total == Money(Decimal("6.75"), "USD")  # Saleor's checkout total
    landing = Client().get(f"/en/intl/events/{event.slug}/").content.decode()
    assert '<s class="was-price"><span class="visually-hidden">Was </span>$7.50</s>' in landing
    assert '<span class="price">$6.75</span>' in landing

    # when: the event's dates are moved into the past (Saleor's clock is not touched)
    now = timezone.now().replace(microsecond=0)
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - timedelta(days=8), ends_at=now - timedelta(days=1)
    )
    sync_event(event.pk, saleor)

    # then: a cart made now holds the full price
    wait_for(
        "185.000 ₫ after the event",
        lambda: (
            subtotal(cart_with(product_for_sale.variant_id, "vn", "vi"), "vi", "vn")
            == "185.000\xa0₫"
        ),
    )
    assert subtotal(cart_with(product_for_sale.variant_id, "intl", "en"), "en", "intl") == "$7.50"


def test_an_order_placed_during_the_event_is_at_the_discounted_price(
    saleor, product_for_sale, event, payment_webhooks, live_server, settings
):
    # given: the event in Saleor, its discount applied to the product's price
    settings.PAYMENTS_SALEOR_GATEWAY_ID = payment_webhooks
    sync_event(event.pk, saleor)
    wait_for(
        "166.500 ₫ in a cart",
        lambda: (
            subtotal(cart_with(product_for_sale.variant_id, "vn", "vi"), "vi", "vn")
            == "166.500\xa0₫"
        ),
    )

    # when: a tourist buys one, cash on delivery
    client = cart_with(product_for_sale.variant_id, "vn", "vi")
    payment = fill_checkout(client, "/vi/vn", f"guest-{event.slug}@example.com")
    response = pay_cash_on_delivery(client, "/vi/vn", payment)

    # then: Saleor's order line is at the event's price
    assert re.fullmatch(r"/vi/vn/orders/\d+/", response["Location"]), response["Location"]
    order = saleor_checkout.order_by_number(saleor, response["Location"].split("/")[-2])
    assert order is not None
    assert [(line.product_name, line.total) for line in order.lines] == [
        (product_for_sale.name, Money(Decimal("166500"), "VND"))
    ]
