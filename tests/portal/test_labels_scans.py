"""A member downloads its OCOP labels (one product's, or all on A4 sheets) and sees how often
each product's QR code was scanned."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.fakes.shop import TODAY
from tests.portal.conftest import EXPIRED, PRODUCT_A, PRODUCT_B, member_of, product
from traceability.models import ScanCount

pytestmark = pytest.mark.django_db

MO_CAY = "HTX Kẹo dừa Mỏ Cày"


def test_a_product_label_downloads_as_pdf_and_svg(client, shop, member_a):
    client.force_login(member_a)
    listed = product(PRODUCT_A)

    pdf = client.get(f"/vi/portal/products/{listed.pk}/label.pdf")
    svg = client.get(f"/vi/portal/products/{listed.pk}/label.svg")

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f'filename="ocop-label-{listed.code}.pdf"' in pdf["Content-Disposition"]
    assert svg["Content-Type"] == "image/svg+xml"
    assert f"/verify/{listed.code}" in svg.content.decode()
    assert "Có hiệu lực đến" in svg.content.decode()
    assert client.get(f"/vi/portal/products/{listed.pk}/label.png").status_code == 404


def test_all_labels_are_the_members_valid_products_on_a_sheet(client, shop, monkeypatch):
    member = member_of(MO_CAY, "mocay@htx.vn")
    client.force_login(member)
    drawn: list = []

    def sheet(labels, title=""):
        drawn.extend(labels)
        return b"%PDF-1.4 sheet"

    monkeypatch.setattr("portal.views.sheet_pdf", sheet)
    page = client.get("/vi/portal/labels/").content.decode()
    response = client.get("/vi/portal/labels/all.pdf")

    assert response.status_code == 200
    assert 'filename="ocop-labels.pdf"' in response["Content-Disposition"]
    assert {label.producer_name for label in drawn} == {MO_CAY}
    assert EXPIRED not in {label.product_name for label in drawn}  # its certificate ended
    assert "Kẹo dừa sầu riêng" in page
    assert EXPIRED in page.split("Không có tem nhãn")[1]  # listed under "No label", with why


def test_a_product_whose_certificate_ended_has_no_label_and_says_why(client, shop):
    client.force_login(member_of(MO_CAY, "mocay@htx.vn"))

    response = client.get(f"/vi/portal/products/{product(EXPIRED).pk}/label.pdf", follow=True)

    assert response.redirect_chain[-1][0] == "/vi/portal/labels/"
    assert "chứng nhận hôm nay không còn hiệu lực" in response.content.decode()


def test_scans_are_counted_per_product_for_7_and_30_days_and_in_all(client, shop, member_a):
    listed = product(PRODUCT_A)
    for days_ago, count in ((0, 3), (6, 2), (20, 5), (90, 40)):
        ScanCount.objects.create(product=listed, day=TODAY - timedelta(days=days_ago), count=count)
    ScanCount.objects.create(product=product(PRODUCT_B), day=TODAY, count=99)
    client.force_login(member_a)

    response = client.get("/vi/portal/scans/")

    [row] = [r for r in response.context["rows"] if r.product == listed]
    assert (row.week, row.month, row.total) == (5, 10, 50)
    assert row.days[-1] == 3
    assert len(row.days) == 30
    html = response.content.decode()
    assert "10 lượt quét trong 30 ngày" in html
    assert PRODUCT_B not in html
    assert all(r.product.producer_id == listed.producer_id for r in response.context["rows"])
