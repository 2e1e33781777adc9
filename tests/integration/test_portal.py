"""The portal's write paths against a real Saleor: a product a five-column list created without a
price gets prices, stock, weight, a description and translations from its producer's member;
Saleor holds each, the audit records them, and the shop sells it."""

from __future__ import annotations

import csv
import json
import re
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from accounts.models import ProducerMember
from catalog_sync.domain import FeedDefaults
from catalog_sync.models import AuditEvent, OcopProduct
from catalog_sync.services import run_sync, store_layout
from saleor_api import checkout as saleor_checkout
from saleor_api import connection, gateway
from saleor_api.connection import reset_client
from tests.portal.conftest import make_user, photo_bytes
from tests.support.checkout import fill_checkout, pay_cash_on_delivery
from tests.support.saleor import delete_product

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = date(2026, 11, 23)


@pytest.fixture
def live(saleor, layout, monkeypatch, settings):
    monkeypatch.setattr(connection, "_client", saleor)
    settings.SALEOR_API_URL = saleor.api_url
    settings.SALEOR_APP_TOKEN = saleor._http.headers["Authorization"].removeprefix("Bearer ")
    monkeypatch.setattr(connection, "_visitor_app_client", None)
    monkeypatch.setattr("storefront.views.ocop_today", lambda: TODAY)
    # Stale answers are refreshed inline.
    settings.STOREFRONT_REFRESH_INLINE = True
    cache.clear()
    yield saleor
    for product in OcopProduct.objects.exclude(saleor_product_id=""):
        delete_product(saleor, product.saleor_product_id)


def import_unpriced(tmp_path: Path, unique: str) -> OcopProduct:
    path = tmp_path / "phu-luc.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao"])
        writer.writerow(
            [1, f"Cá khô {unique}", f"HTX Cá khô {unique}", "xã Hòa Ân, huyện Cầu Kè", 4]
        )
    defaults = FeedDefaults(
        province="Trà Vinh", decision_number="2751/QĐ-UBND", decided_on=date(2024, 11, 24)
    )
    result = run_sync(str(path), defaults=defaults, as_of=TODAY)
    assert result.applied is not None
    assert result.applied.failures == []
    return OcopProduct.objects.get(name=f"Cá khô {unique}")


def test_a_member_completes_an_unpriced_product_in_a_real_saleor(live, tmp_path, unique, client):
    product = import_unpriced(tmp_path, unique)
    layout = store_layout(live)
    before = gateway.get_listing(live, layout, product.saleor_product_id)
    assert before is not None
    assert before.prices == {}
    member = make_user(f"member-{unique}@htx.vn")
    ProducerMember.objects.create(user=member, producer=product.producer)
    client.force_login(member)
    page = f"/vi/vn/products/{product.slug}/"
    assert "Chưa mở bán" in client.get(page).content.decode()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            f"/vi/portal/products/{product.pk}/",
            {
                "price_vn": "95.000",
                "price_intl": "3.90",
                "price_eu": "3,60",
                "stock": "25",
                "weight_grams": "250",
                "description": "Cá lóc đồng phơi một nắng.\nNướng hoặc chiên.",
                "description_en": "Snakehead fish, sun-dried for one day.",
                "description_fr": "Poisson tête de serpent séché un jour au soleil.",
                "description_zh_hans": "",
                "description_ko": "",
                "description_ja": "一日干しの雷魚。",
            },
        )

    assert response.status_code == 302
    after = gateway.get_listing(live, layout, product.saleor_product_id)
    assert after is not None
    assert after.prices == {"vn": Decimal("95000"), "intl": Decimal("3.9"), "eu": Decimal("3.6")}
    assert after.stock == 25
    assert after.weight_grams == 250
    assert after.description == "Cá lóc đồng phơi một nắng.\nNướng hoặc chiên."
    assert after.translations == {
        "EN": "Snakehead fish, sun-dried for one day.",
        "FR": "Poisson tête de serpent séché un jour au soleil.",
        "JA": "一日干しの雷魚。",
    }
    event = AuditEvent.objects.get(product=product, action=AuditEvent.Action.EDITED)
    assert event.user == member
    assert event.after["prices"] == {"eu": "3.60", "intl": "3.90", "vn": "95000"}
    # The shop, as a visitor sees it: on sale at that price, with its description.
    html = client.get(page).content.decode()  # the first visit after the change shows it
    assert "95.000" in html
    assert 'name="variant"' in html
    assert "Cá lóc đồng phơi một nắng." in html
    english = client.get(f"/en/intl/products/{product.slug}/").content.decode()
    assert "Snakehead fish, sun-dried for one day." in english
    # Saving again unchanged writes nothing to Saleor.
    sent = live.mutations_sent
    data = {
        "price_vn": "95000", "price_intl": "3.90", "price_eu": "3.60", "stock": "25",
        "weight_grams": "250", "description": after.description,
        "description_en": after.translations["EN"], "description_fr": after.translations["FR"],
        "description_zh_hans": "", "description_ko": "", "description_ja": after.translations["JA"],
    }  # fmt: skip
    client.post(f"/vi/portal/products/{product.pk}/", data)
    assert live.mutations_sent == sent
    assert json.loads(json.dumps(event.before)) == {
        "description": "",
        "prices": {"eu": None, "intl": None, "vn": None},
        "stock": None,
        "translations": {"EN": "", "FR": "", "JA": ""},
        "weight_grams": None,
    }


def test_a_member_ships_a_cash_on_delivery_order_in_a_real_saleor(
    saleor, product_for_sale, payment_webhooks, live_server, settings, client
):
    # given: a tourist's cash-on-delivery order of the product (as tests/integration/test_checkout)
    settings.SALEOR_API_URL = saleor.api_url
    settings.SALEOR_APP_TOKEN = saleor._http.headers["Authorization"].removeprefix("Bearer ")
    settings.PAYMENTS_SALEOR_GATEWAY_ID = payment_webhooks
    reset_client()
    client.post("/vi/vn/cart/add/", {"variant": product_for_sale.variant_id, "quantity": 2})
    payment = fill_checkout(client, "/vi/vn")
    placed = pay_cash_on_delivery(client, "/vi/vn", payment)["Location"]
    number = placed.split("/")[-2]
    product = OcopProduct.objects.get(name=product_for_sale.name)
    member = make_user(f"ship-{uuid.uuid4().hex[:8]}@htx.vn")
    ProducerMember.objects.create(user=member, producer=product.producer)
    portal = Client()
    portal.force_login(member)

    # when: the producer's member finds the line and marks it sent
    listed = portal.get("/vi/portal/orders/").content.decode()
    ship = re.search(r'action="(/vi/portal/orders/[^"]+/ship/)"', listed)
    assert ship is not None, listed
    assert f"Đơn hàng {number}: 2 × {product_for_sale.name}" in listed
    response = portal.post(ship[1], {"carrier": "VNPost", "tracking": "EB123456789VN"})

    # then: Saleor has the fulfilment; the buyer's order page says it is on its way
    assert response.status_code == 302
    order = saleor_checkout.order_by_number(saleor, number)
    assert order is not None
    assert order.status == "FULFILLED"
    assert order.shipments == ("VNPost EB123456789VN",)
    assert "mã vận đơn: VNPost EB123456789VN" in client.get(placed).content.decode()
    assert AuditEvent.objects.filter(product=product, action=AuditEvent.Action.SHIPPED).count() == 1


def test_a_member_adds_orders_describes_and_deletes_photos_in_a_real_saleor(
    live, tmp_path, unique, client, s3_uploads, settings
):
    """One photo through the presigned S3 path (moto's server), two sent to the shop; then the
    photos are reordered, described and one deleted: Saleor's media follow, the shop shows them."""
    product = import_unpriced(tmp_path, unique)
    layout = store_layout(live)
    member = make_user(f"photos-{unique}@htx.vn")
    ProducerMember.objects.create(user=member, producer=product.producer)
    client.force_login(member)
    base = f"/vi/portal/products/{product.pk}/photos/"

    answer = client.post(base + "presign/", {"content_type": "image/jpeg"}).json()
    stored = httpx.post(
        answer["url"],
        data=answer["fields"],
        files={"file": ("a.jpg", photo_bytes((3000, 2000), gps=True), "image/jpeg")},
    )
    assert stored.status_code in (200, 201, 204), stored.text
    with TestCase.captureOnCommitCallbacks(execute=True):
        taken = client.post(base + "uploaded/", {"token": answer["token"], "name": "a.jpg"})
        client.post(
            base,
            {
                "photos": [
                    SimpleUploadedFile("b.jpg", photo_bytes(), "image/jpeg"),
                    SimpleUploadedFile("c.png", photo_bytes(kind="PNG"), "image/png"),
                ]
            },
        )
    assert taken.status_code == 200, taken.content
    listing = gateway.get_listing(live, layout, product.saleor_product_id)
    assert listing is not None
    first, second, third = (photo.id for photo in listing.photos)
    assert all(photo.alt == product.name for photo in listing.photos)
    client.post(f"{base}{third}/move/", {"direction": "earlier"})
    client.post(f"{base}{first}/alt/", {"alt": "Cá khô trong túi giấy"})
    client.post(f"{base}{second}/delete/")

    listing = gateway.get_listing(live, layout, product.saleor_product_id)
    assert listing is not None
    assert [(p.id, p.alt) for p in listing.photos] == [
        (first, "Cá khô trong túi giấy"),
        (third, product.name),
    ]
    events = AuditEvent.objects.filter(product=product, user=member).order_by("pk")
    assert [e.action for e in events] == [AuditEvent.Action.EDITED] * 5
    assert [p["id"] for p in events[len(events) - 1].after["photos"]] == [first, third]
    page = f"/vi/vn/products/{product.slug}/"
    client.get(page)
    assert "Cá khô trong túi giấy" in client.get(page).content.decode()
