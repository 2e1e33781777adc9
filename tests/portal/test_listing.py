"""A member edits its producer's listing in the portal; Saleor (in memory) receives it, the audit
records it, and the storefront shows it."""

from __future__ import annotations

import json

import pytest
from django.test import TestCase

from catalog_sync.models import AuditEvent
from saleor_api.errors import SaleorUnavailable
from tests.portal.conftest import EXPIRED, PRODUCT_A, PRODUCT_B, import_unpriced, member_of, product

pytestmark = pytest.mark.django_db

MUTATIONS = {
    "ProductUpdate",
    "ProductTranslate",
    "ProductVariantChannelListingUpdate",
    "ProductVariantStocksUpdate",
    "ProductVariantUpdate",
    "ProductChannelListingUpdate",
    "ProductMediaCreate",
    "ProductMediaReorder",
    "ProductMediaDelete",
    "ProductMediaUpdate",
}


def writes(shop) -> list[str]:
    return [c for c in shop.calls if c.split("__")[0] in MUTATIONS]


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "price_vn": "",
        "price_intl": "",
        "price_eu": "",
        "stock": "",
        "weight_grams": "",
        "description": "",
        **{f"description_{c}": "" for c in ("en", "fr", "zh_hans", "ko", "ja")},
    }
    data.update(changes)
    return data


def current_form(client, pk: int) -> dict[str, str]:
    """What the form shows now, as a browser would post it back unchanged."""
    response = client.get(f"/vi/portal/products/{pk}/")
    form = response.context["form"]
    return {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }


def test_the_home_lists_the_members_products_with_stars_and_certificate(client, member_a):
    client.force_login(member_a)

    html = client.get("/vi/portal/").content.decode()

    assert PRODUCT_A in html
    assert "Nước mắm Phú Quốc 35 độ đạm" in html
    assert PRODUCT_B not in html
    assert "5 sao" in html
    assert "Chứng nhận còn hiệu lực đến" in html


def test_anonymous_visitors_are_sent_to_sign_in(client, shop):
    response = client.get("/vi/portal/")

    assert response.status_code == 302
    assert response["Location"] == "/vi/accounts/login/?next=/vi/portal/"


def test_a_price_puts_an_unpriced_product_on_sale_and_the_shop_shows_it(
    client, shop, tmp_path, settings
):
    # given: a five-column list created the product without price; its producer's member
    listed = import_unpriced(shop, tmp_path, "Cá khô Ba Lộc", "HTX Cá khô Ba Lộc")
    member = member_of("HTX Cá khô Ba Lộc", "ba-loc@htx.vn")
    client.force_login(member)
    page = f"/vi/vn/products/{listed.slug}/"
    assert "Chưa mở bán" in client.get(page).content.decode()  # cached by the storefront
    # when: the member types prices the way people write them
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            f"/vi/portal/products/{listed.pk}/",
            form_data(price_vn="185.000 đ", price_intl="7,50", price_eu="6.50", stock="40"),
            follow=True,
        )
    # then: saved, in Saleor, audited, and the product page sells it at once
    html = response.content.decode()
    assert "Đã lưu: giá, tồn kho." in html
    variant = shop.products[listed.saleor_product_id]["variants"][0]
    by_slug = {c["id"]: s for s, c in shop.channels.items()}
    assert {by_slug[x["channelId"]]: x["price"] for x in variant["channelListings"]} == {
        "vn": "185000",
        "intl": "7.50",
        "eu": "6.50",
    }
    assert shop.stock[f"V-{listed.saleor_product_id}"] == 40
    [event] = AuditEvent.objects.filter(product=listed, action=AuditEvent.Action.EDITED)
    assert event.user == member
    assert event.actor == "ba-loc@htx.vn"
    assert event.before == {"prices": {"eu": None, "intl": None, "vn": None}, "stock": None}
    assert event.after == {
        "prices": {"eu": "6.50", "intl": "7.50", "vn": "185000"},
        "stock": 40,
    }
    # The very first visit after the change shows it (the cached copy is known out of date).
    shown = client.get(page).content.decode()
    assert "185.000" in shown
    assert 'name="variant"' in shown
    assert "Chưa mở bán" not in shown


def test_description_translations_and_weight_are_written(client, shop, member_a):
    client.force_login(member_a)
    listed = product(PRODUCT_A)
    data = current_form(client, listed.pk)
    data.update(
        description="Nước mắm nhĩ cá cơm.\nỦ chượp 12 tháng.",
        description_en="Anchovy fish sauce.",
        description_ja="カタクチイワシの魚醤。",
        weight_grams="800",
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/vi/portal/products/{listed.pk}/", data)

    saleor_product = shop.products[listed.saleor_product_id]
    blocks = json.loads(saleor_product["description"])["blocks"]
    assert [b["data"]["text"] for b in blocks] == ["Nước mắm nhĩ cá cơm.", "Ủ chượp 12 tháng."]
    english = json.loads(shop.translations[(listed.saleor_product_id, "EN")]["description"])
    assert english["blocks"][0]["data"]["text"] == "Anchovy fish sauce."
    assert (listed.saleor_product_id, "JA") in shop.translations
    assert saleor_product["variants"][0]["weight"] == 0.8
    event = AuditEvent.objects.get(product=listed, action=AuditEvent.Action.EDITED)
    assert event.after["weight_grams"] == 800
    assert event.before["weight_grams"] == 750
    assert set(event.after["translations"]) == {"EN", "JA"}
    page = client.get(f"/en/intl/products/{listed.slug}/").content.decode()
    assert "Anchovy fish sauce." in page


def test_saving_the_form_unchanged_writes_nothing(client, shop, member_a):
    client.force_login(member_a)
    listed = product(PRODUCT_A)
    before = len(writes(shop))

    response = client.post(
        f"/vi/portal/products/{listed.pk}/", current_form(client, listed.pk), follow=True
    )

    assert "Không có gì thay đổi." in response.content.decode()
    assert len(writes(shop)) == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EDITED).exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("price_vn", "mười nghìn", "Nhập giá bằng đồng, chỉ dùng chữ số, ví dụ 185000."),
        ("price_vn", "0", "Giá phải lớn hơn không."),
        ("price_intl", "7.5.0", "Nhập giá bằng chữ số, ví dụ 7.50."),
        ("stock", "-3", "Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written_or_lost(
    client, shop, member_a, field, typed, message
):
    client.force_login(member_a)
    listed = product(PRODUCT_A)
    data = current_form(client, listed.pk)
    data.update({field: typed, "description": "Mô tả mới chưa lưu"})
    before = len(writes(shop))

    response = client.post(f"/vi/portal/products/{listed.pk}/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Mô tả mới chưa lưu" in html  # what was typed is kept
    assert len(writes(shop)) == before


def test_no_portal_edit_makes_a_product_with_an_ended_certificate_visible(client, shop):
    member = member_of("HTX Kẹo dừa Mỏ Cày", "mocay@htx.vn")
    client.force_login(member)
    expired = product(EXPIRED)
    page = client.get(f"/vi/portal/products/{expired.pk}/").content.decode()
    assert "bị ẩn khỏi cửa hàng vì chứng nhận OCOP" in page
    data = current_form(client, expired.pk)
    data.update(price_vn="99000", description="Kẹo dừa mới")

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/vi/portal/products/{expired.pk}/", data)

    listings = shop.products[expired.saleor_product_id]["channelListings"]
    assert not any(x["isPublished"] or x["visibleInListings"] for x in listings.values())
    assert "ProductChannelListingUpdate" not in writes(shop)[-3:]
    shop.requestor_is_app = False
    assert not shop._visible(shop.products[expired.saleor_product_id], "vn", listing_query=False)


def test_a_saleor_failure_keeps_the_form_and_is_audited(client, shop, member_a, monkeypatch):
    client.force_login(member_a)
    listed = product(PRODUCT_A)
    data = current_form(client, listed.pk)
    data.update(price_vn="199000", stock="12")

    def unavailable(*_args, **_kwargs):
        raise SaleorUnavailable("ProductVariantChannelListingUpdate", "HTTP 503")

    monkeypatch.setattr("saleor_api.gateway.set_prices", unavailable)

    response = client.post(f"/vi/portal/products/{listed.pk}/", data)

    html = response.content.decode()
    assert "Cửa hàng chưa lưu được thay đổi của bạn lúc này." in html
    assert 'value="199000"' in html
    assert 'value="12"' in html
    event = AuditEvent.objects.get(product=listed, user=member_a)
    assert event.action == AuditEvent.Action.FAILED
    assert (
        event.reason
        == "portal: nothing written; then failed: ProductVariantChannelListingUpdate: HTTP 503"
    )
    assert event.before == {}
    assert event.after == {}
    assert f"V-{listed.saleor_product_id}" not in shop.stock  # stopped at the first failure
