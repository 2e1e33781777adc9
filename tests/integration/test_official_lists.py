"""A five-column province appendix against a real Saleor: every certified row imported and shown
with its group, not for sale while it has no price; the rerun writes nothing; the expiry sweep on
the day after the 36 months hides every one."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from catalog_sync.domain import FeedDefaults
from catalog_sync.models import OcopProduct
from catalog_sync.services import run_expiry_sweep, run_sync
from saleor_api import catalogue, connection
from saleor_api.client import SaleorClient
from tests.integration.conftest import SALEOR_API_URL
from tests.support import saleor as support

pytestmark = pytest.mark.django_db(transaction=True)

OUR_CHANNELS = {"vn", "intl", "eu"}
DECIDED_ON = date(2024, 11, 24)  # valid through 23/11/2027
TODAY = date(2026, 11, 23)


@pytest.fixture
def live(saleor, layout, monkeypatch):
    monkeypatch.setattr(connection, "_client", saleor)
    yield saleor
    for product in OcopProduct.objects.exclude(saleor_product_id=""):
        support.delete_product(saleor, product.saleor_product_id)


def write_appendix(path: Path, unique: str) -> str:
    rows: list[list[object]] = [
        [1, f"Trà mãng cầu {unique}", f"HTX Nông nghiệp Hòa Tân {unique} ", "Xã Hòa Tân, huyện Cầu Kè", "4 sao"],
        [2, f"Nước mắm cá cơm {unique}", f"Công ty TNHH Thủy sản {unique}", "ấp 3, xã Ninh Thới, huyện Cầu Kè", 3],
        [3, f"Bộ quà tặng {unique}", f"Hộ kinh doanh Nguyễn Văn Tư {unique}", "xã Hòa Ân, huyện Cầu Kè", 5],
        [4, f"Chiếu cói {unique}", f"Tổ hợp tác Cói {unique}", "xã Tam Ngãi, huyện Cầu Kè", 2],
        [5, f"Dừa sáp {unique}", f"HTX Dừa sáp {unique}", "xã Châu Điền, huyện Cầu Kè", 0],
        [6, f"Nước mắm cá cơm {unique}", f"Công ty TNHH Thủy sản {unique}", "ấp 3, xã Ninh Thới, huyện Cầu Kè", 3],
        [7, f"Cá khô {unique}", f"Doanh nghiệp tư nhân Ba Lộc {unique}, xã Thông Hòa, huyện Cầu Kè", "", 3],
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DANH SÁCH SẢN PHẨM OCOP HUYỆN CẦU KÈ NĂM 2024"])
        writer.writerow(["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao"])
        writer.writerows(rows)
    return str(path)


def test_a_five_column_appendix_is_listed_with_its_groups_and_expires(
    live, tmp_path, unique, settings, monkeypatch, client
):
    source = write_appendix(tmp_path / "phu-luc.csv", unique)
    defaults = FeedDefaults(
        province="Trà Vinh", decision_number="2751/QĐ-UBND", decided_on=DECIDED_ON
    )

    imported = run_sync(source, defaults=defaults, as_of=TODAY)

    assert [(e.row_number, e.kind) for e in imported.plan.rejected] == [
        (6, "not_certified"),
        (7, "not_certified"),
        (8, "duplicate"),
    ]
    assert imported.applied is not None
    assert imported.applied.failures == []
    products = {p.name.removesuffix(f" {unique}"): p for p in OcopProduct.objects.all()}
    assert set(products) == {"Trà mãng cầu", "Nước mắm cá cơm", "Bộ quà tặng", "Cá khô"}
    states = {s.name.removesuffix(f" {unique}"): s for s in support.get_products(live, [p.saleor_product_id for p in products.values()])}  # fmt: skip
    assert {name: s.category for name, s in states.items()} == {
        "Trà mãng cầu": "beverages",
        "Nước mắm cá cơm": "food",
        "Bộ quà tặng": "unclassified",
        "Cá khô": "food",
    }
    for state in states.values():
        ours = [c for c in state.channels if c.channel_slug in OUR_CHANNELS]
        assert {c.channel_slug for c in ours} == OUR_CHANNELS
        assert all(c.is_published and c.visible_in_listings for c in ours)
    assert states["Trà mãng cầu"].attributes["ocop-stars"] == ["4"]

    # Not for sale: the variant has no channel listing, so Saleor prices it nowhere. Saleor shows
    # such a product to the app (MANAGE_PRODUCTS) with no pricing; an anonymous visitor's query
    # does not find it at all (Saleor lists only products with a priced variant in the channel).
    slug = products["Cá khô"].slug
    request = catalogue.product_request("vn", "vi", slug)
    answer = live.execute(request.operation, request.variables)
    [edge] = answer["products"]["edges"]
    assert edge["node"]["pricing"] is None
    assert [e["node"]["pricing"] for e in edge["node"]["productVariants"]["edges"]] == [None]
    listings = live.execute("ProductVariantListings", {"id": products["Cá khô"].saleor_product_id})
    variants = listings["product"]["productVariants"]["edges"]
    assert [edge["node"]["channelListings"] for edge in variants] == [[]]
    visitor = SaleorClient(SALEOR_API_URL, timeout=60, version_source=live.server_version)
    try:
        assert visitor.execute(request.operation, request.variables)["products"]["edges"] == []
    finally:
        visitor.close()

    # The shop, reading the catalogue with the app's token, still shows it: not yet for sale.
    settings.SALEOR_API_URL = live.api_url
    settings.SALEOR_APP_TOKEN = live._http.headers["Authorization"].removeprefix("Bearer ")
    monkeypatch.setattr(connection, "_visitor_app_client", None)
    monkeypatch.setattr("storefront.views.ocop_today", lambda: TODAY)
    page = client.get(f"/vi/vn/products/{slug}/")
    html = page.content.decode()
    assert page.status_code == 200, html
    assert f'<h1 id="product-name">Cá khô {unique}</h1>' in html
    assert f"Doanh nghiệp tư nhân Ba Lộc {unique}" in html
    assert "Chưa mở bán" in html
    assert 'name="variant"' not in html  # no add-to-cart
    producer_page = client.get(f"/en/intl/products/?province=Tr%C3%A0+Vinh&q={unique}")
    assert (
        producer_page.content.decode().count('<span class="not-for-sale">Not yet for sale</span>')
        == 4
    )

    before = live.mutations_sent
    again = run_sync(source, defaults=defaults, as_of=TODAY)
    assert again.plan.writes == []
    assert live.mutations_sent == before

    still = run_expiry_sweep(as_of=date(2027, 11, 23))
    assert still.plan.writes == []
    swept = run_expiry_sweep(as_of=date(2027, 11, 24))
    assert swept.plan.counts()["hide"] == 4
    hidden = support.get_products(live, [p.saleor_product_id for p in products.values()])
    for state in hidden:
        ours = [c for c in state.channels if c.channel_slug in OUR_CHANNELS]
        assert not any(c.is_published or c.visible_in_listings for c in ours), state.name
