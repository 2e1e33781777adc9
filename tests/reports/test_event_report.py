"""An event's report page and downloads: its featured products' sales from Saleor's orders, for
the officers of the event's province and staff only. Every URL of the ``event_reports`` namespace
has an isolation case (an officer of another province gets a 404); a URL without one fails
test_every_event_report_url_has_an_isolation_case."""

from __future__ import annotations

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.events.conftest import KIEN_GIANG, make_event, product
from tests.portal.test_isolation import url_names

pytestmark = pytest.mark.django_db

CASES = {"event_reports:report": ["html", "csv", "xlsx"]}


def iso(moment) -> str:
    return moment.astimezone(UTC).isoformat()


@pytest.fixture
def event(shop):
    products = [product(name) for name in KIEN_GIANG]
    made = make_event(
        "Kiên Giang", products, starts=timedelta(days=-2), ends=timedelta(days=5), percent=None
    )
    now = timezone.now()
    first, second = (p.saleor_product_id for p in products)
    shop.add_order(created=iso(now - timedelta(hours=1)), channel="vn",
                   lines=[(first, 2, 370000), (second, 1, 95000)])  # fmt: skip
    shop.add_order(created=iso(now - timedelta(hours=2)), channel="intl", lines=[(first, 3, 22.5)])
    # two days before the event: the previous period
    shop.add_order(created=iso(made.starts_at - timedelta(days=1)), channel="vn",
                   lines=[(first, 1, 185000)])  # fmt: skip
    shop.add_order(created=iso(now - timedelta(hours=3)), channel="vn",
                   lines=[(first, 50, 1)], status="CANCELED")  # fmt: skip
    return made


def report_url(event, fmt: str | None = None, language: str = "vi") -> str:
    from django.utils import translation

    with translation.override(language):
        url = reverse("event_reports:report", kwargs={"slug": event.slug})
    return f"{url}?format={fmt}" if fmt else url


def test_every_event_report_url_has_an_isolation_case():
    from django.urls import get_resolver

    assert url_names(get_resolver(), ("event_reports",)) == set(CASES)


@pytest.mark.parametrize("fmt", CASES["event_reports:report"])
def test_an_officer_of_another_province_gets_404(client, event, other_officer, fmt, shop):
    client.force_login(other_officer)
    calls = len(shop.calls)

    response = client.get(report_url(event, fmt))

    assert response.status_code == 404
    assert "OrdersForReport" not in shop.calls[calls:]  # Saleor was not even asked


def test_a_visitor_is_sent_to_sign_in(client, event):
    response = client.get(report_url(event))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_national_event_is_for_staff_only(client, shop, officer, staff):
    national = make_event("Kiên Giang", [product(KIEN_GIANG[0])], slug="hoi-cho", percent=None)
    national.is_national = True
    national.province_key = ""
    national.save()

    client.force_login(officer)
    assert client.get(report_url(national)).status_code == 404
    client.force_login(staff)
    assert client.get(report_url(national)).status_code == 200


def test_the_officer_of_the_province_reads_the_report_in_vietnamese(client, event, officer):
    client.force_login(officer)

    response = client.get(report_url(event))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Tuần lễ nông sản Kiên Giang" in html
    assert 'role="img" aria-labelledby="units-per-day-title units-per-day-desc"' in html
    assert "Nước mắm Phú Quốc 40 độ đạm" in html
    # 2 + 3 units of the first product, 1 of the second; the cancelled order counts nothing
    assert '<strong class="figure">6</strong>' in html
    assert "465.000\xa0₫" in html  # 370,000 + 95,000 đồng
    assert "22,50\xa0US$" in html or "US$22,50" in html or "22,50 US$" in html
    assert f'href="{report_url(event)}?format=xlsx"' in html
    assert response["Cache-Control"] == "private, no-store"


def test_staff_read_it_in_english(client, event, staff):
    client.force_login(staff)

    html = client.get(report_url(event, language="en")).content.decode()

    assert '<html lang="en">' in html
    assert "Units sold per day" in html
    assert "$22.50" in html
    assert "185,000\xa0₫" in html  # the previous period


def test_the_downloads_carry_the_same_figures(client, event, officer):
    client.force_login(officer)

    csv_response = client.get(report_url(event, "csv", language="en"))
    xlsx_response = client.get(report_url(event, "xlsx", language="en"))

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"].startswith('attachment; filename="')
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    totals = next(r for r in rows if r[0] == "totals")
    assert totals[4:8] == ["2", "6", "465000", "22.50"]  # orders, units, VND, USD
    assert totals[8:11] == ["1", "1", "185000"]  # the previous period
    book = load_workbook(io.BytesIO(xlsx_response.content))
    sheet = book["Totals"]
    assert [c.value for c in sheet[2]][2:6] == [2, 6, 465000, 22.5]


def test_an_unknown_format_is_404(client, event, officer):
    client.force_login(officer)

    assert client.get(report_url(event, "pdf")).status_code == 404


def test_saleor_down_says_so(client, event, officer, shop):
    client.force_login(officer)
    shop.fail_next = [503] * 20

    response = client.get(report_url(event))

    assert response.status_code == 503
    assert "orders" in response.content.decode() or "đơn hàng" in response.content.decode()
