"""The sales report against a real Saleor: two products of two producers, priced in VND, USD and
EUR with stock, ordered in each channel (real orders, priced by Saleor: drafts completed as staff place them;
the checkout's cash-on-delivery path needs Saleor's payment webhooks to reach this test's server); the report of
a window around now counts exactly what was ordered, per product, producer and day, and its CSV
and XLSX carry the same figures.

With ``RECORD_REPORT_ANSWER=<path>`` set, the raw first page Saleor answered is written there
(that is how tests/reports/data/orders-3.23.json was recorded).
"""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from catalog_sync.models import OcopProduct
from catalog_sync.services import run_sync
from catalog_sync.validity import ocop_today
from events.models import Event, EventProduct
from reports.sales import ReportSpec, build_report, ocop_zone
from saleor_api import connection
from tests.portal.conftest import make_user
from tests.support import saleor as support

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal
ADDRESS = {
    "firstName": "Lan",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Trần Hưng Đạo",
    "city": "Phường Hoàn Kiếm",
    "countryArea": "Hà Nội",
    "country": "VN",
    "phone": "+84912345678",
}


@pytest.fixture
def two_products(saleor, layout, tmp_path, unique, monkeypatch, settings):
    """Two certified products of two producers, each priced in every channel with 50 in stock."""
    monkeypatch.setattr(connection, "_client", saleor)
    settings.SALEOR_API_URL = saleor.api_url
    settings.SALEOR_APP_TOKEN = saleor._http.headers["Authorization"].removeprefix("Bearer ")
    decided = (ocop_today() - timedelta(days=30)).strftime("%d/%m/%Y")
    path = tmp_path / "report.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Nhóm", "Hạng sao",
                         "Số quyết định", "Ngày quyết định", "Giá", "Giá (USD)", "Giá (EUR)",
                         "Tồn kho"])  # fmt: skip
        writer.writerow([1, f"Nước mắm {unique}", f"HTX Nước mắm {unique}", "Dương Đông, Kiên Giang",
                         "Thực phẩm", 5, "1234/QĐ-BNN", decided, 185000, "7.50", "6.50", 50])  # fmt: skip
        writer.writerow([2, f"Tiêu đen {unique}", f"Công ty Tiêu {unique}", "Dương Tơ, Kiên Giang",
                         "Thực phẩm", 4, "1234/QĐ-BNN", decided, 120000, "5.00", "4.20", 50])  # fmt: skip
    result = run_sync(str(path), client=saleor)
    assert result.applied is not None
    assert result.applied.failures == []
    products = [
        OcopProduct.objects.get(name=f"Nước mắm {unique}"),
        OcopProduct.objects.get(name=f"Tiêu đen {unique}"),
    ]
    yield products
    for product in products:
        support.delete_product(saleor, product.saleor_product_id)


def variant_of(saleor, product: OcopProduct) -> str:
    listings = saleor.execute("ProductVariantListings", {"id": product.saleor_product_id})
    [edge] = listings["product"]["productVariants"]["edges"]
    return str(edge["node"]["id"])


def vietnam_delivery(saleor) -> str:
    """The bootstrap's standard delivery in Vietnam (priced in every channel)."""
    edges = saleor.execute("ShippingZones", {"search": "Việt Nam"})["shippingZones"]["edges"]
    zone = next(e["node"] for e in edges if e["node"]["name"] == "Việt Nam")
    return str(zone["shippingMethods"][0]["id"])


def place_order(saleor, layout, channel: str, lines: list[tuple[str, int]]) -> str:
    """A real order in ``channel``, priced by Saleor (a draft completed, as staff place one)."""
    order = support.place_draft_order(
        saleor,
        layout.channel(channel).id,
        lines,
        shipping_method_id=vietnam_delivery(saleor),
        address=ADDRESS,
        email=f"guest-{uuid.uuid4().hex[:8]}@example.com",
    )
    assert order.status == "UNFULFILLED", order
    return order.id


def test_the_report_counts_what_was_ordered_in_every_currency(saleor, layout, two_products):
    # given: orders in the three channels
    fish, pepper = two_products
    fish_variant, pepper_variant = variant_of(saleor, fish), variant_of(saleor, pepper)
    orders = [
        place_order(saleor, layout, "vn", [(fish_variant, 2), (pepper_variant, 1)]),
        place_order(saleor, layout, "intl", [(fish_variant, 3)]),
        place_order(saleor, layout, "eu", [(fish_variant, 1), (pepper_variant, 2)]),
    ]
    assert len(set(orders)) == 3
    now = timezone.now()
    today = timezone.localtime(now, ocop_zone()).date()
    starts = datetime.combine(today, datetime.min.time(), tzinfo=ocop_zone())
    spec = ReportSpec("Tuần lễ thử", [fish.saleor_product_id, pepper.saleor_product_id],
                      starts, now + timedelta(minutes=5))  # fmt: skip
    if os.environ.get("RECORD_REPORT_ANSWER"):
        answer = saleor.execute(
            "OrdersForReport__3_22",
            {
                "first": 100,
                "where": {"createdAt": {"gte": starts.isoformat()}, "ids": orders},
            },
        )
        with open(os.environ["RECORD_REPORT_ANSWER"], "w", encoding="utf-8") as handle:
            json.dump(answer, handle, ensure_ascii=False, indent=1)

    # when
    report = build_report(spec)

    # then: per product, producer, day and in all, each currency on its own
    rows = {row.product_id: row.figures for row in report.products}
    fish_figures, pepper_figures = rows[fish.saleor_product_id], rows[pepper.saleor_product_id]
    assert (fish_figures.current.orders, fish_figures.current.units) == (3, 6)
    assert fish_figures.current.revenue == {"VND": D(370000), "USD": D("22.50"), "EUR": D("6.50")}
    assert (pepper_figures.current.orders, pepper_figures.current.units) == (2, 3)
    assert pepper_figures.current.revenue == {"VND": D(120000), "EUR": D("8.40")}
    assert [(p.name, p.figures.current.units) for p in report.producers] == [
        (fish.producer.name, 6),
        (pepper.producer.name, 3),
    ]
    assert report.days[-1].day == today
    assert report.days[-1].figures.current.units == 9
    assert report.days[-1].figures.current.orders == 3
    assert (report.totals.current.orders, report.totals.current.units) == (3, 9)
    assert report.totals.current.revenue == {
        "VND": D(490000),
        "USD": D("22.50"),
        "EUR": D("14.90"),
    }
    assert report.totals.previous.units == 0  # the products did not exist the day before

    # and the event's report page and downloads say the same (staff, a national event)
    event = Event.objects.create(slug=f"thu-{uuid.uuid4().hex[:6]}", name_vi="Tuần lễ thử",
                                 is_national=True, starts_at=starts,
                                 ends_at=now + timedelta(days=1))  # fmt: skip
    for position, product in enumerate(two_products):
        EventProduct.objects.create(event=event, product=product, position=position)
    browser = Client()
    browser.force_login(make_user(f"staff-{uuid.uuid4().hex[:6]}@shop.vn", is_staff=True))
    url = f"/en/province/events/{event.slug}/report/"
    html = browser.get(url).content.decode()
    assert "$22.50" in html
    assert "490,000\xa0₫" in html
    assert "€14.90" in html
    table = list(
        csv.reader(io.StringIO(browser.get(url + "?format=csv").content.decode("utf-8-sig")))
    )
    product_rows = {r[1]: r for r in table if r[0] == "products"}
    assert product_rows[fish.name][4:9] == ["3", "6", "370000", "22.50", "6.50"]
    assert product_rows[pepper.name][4:9] == ["2", "3", "120000", "0", "8.40"]
    book = load_workbook(io.BytesIO(browser.get(url + "?format=xlsx").content))
    products = {row[0]: row for row in book["Products"].iter_rows(min_row=2, values_only=True)}
    assert products[fish.name][3:8] == (3, 6, 370000, 22.5, 6.5)
    assert products[pepper.name][3:8] == (2, 3, 120000, 0, 8.4)
    days = list(book["Days"].iter_rows(min_row=2, values_only=True))
    assert days[-1][2:4] == (3, 9)
