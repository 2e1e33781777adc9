"""Certificate mails to producers: 60 and 30 days before the end and on the day the product is
hidden, once each, in each member's language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from catalog_sync.models import Certificate
from portal.models import CertificateNotice
from portal.notices import send_due
from portal.tasks import certificate_notices
from tests.portal.conftest import PRODUCT_A, member_of, product

pytestmark = pytest.mark.django_db


def ending(name: str, on: date) -> Certificate:
    certificate = product(name).current_certificate()
    assert certificate is not None
    Certificate.objects.filter(product__producer=certificate.product.producer).update(
        valid_until=date(2030, 1, 1)
    )
    certificate.refresh_from_db()
    certificate.valid_until = on
    certificate.save()
    return certificate


def test_sixty_then_thirty_days_before_then_hidden_each_once(shop, member_a):
    today = date(2026, 11, 23)
    certificate = ending(PRODUCT_A, today + timedelta(days=60))

    assert send_due(today) == 1
    assert send_due(today) == 0
    assert send_due(today + timedelta(days=1)) == 0
    [warning] = mail.outbox
    assert warning.to == ["a@htx-a.vn"]
    assert (
        warning.subject == "Chứng nhận OCOP của Nước mắm Phú Quốc 40 độ đạm hết hạn ngày 22/01/2027"
    )
    assert "còn 60 ngày" in warning.body
    assert "1234/QĐ-BNN" in warning.body

    assert send_due(today + timedelta(days=31)) == 1  # 29 days left: the 30-day mail
    assert send_due(today + timedelta(days=32)) == 0
    assert "còn 29 ngày" in mail.outbox[1].body

    assert send_due(today + timedelta(days=61)) == 1  # the day after the last valid day
    assert send_due(today + timedelta(days=62)) == 0
    assert "bị ẩn khỏi cửa hàng OCOP" in mail.outbox[2].subject
    assert list(
        CertificateNotice.objects.filter(certificate=certificate).values_list("kind", flat=True)
    ) == ["60d", "30d", "hidden"]


def test_each_member_reads_it_in_their_language(shop, member_a):
    english = member_of("HTX Nước mắm Phú Quốc Khải Hoàn", "export@htx-a.vn")
    english.producer_member.language = "en"
    english.producer_member.save()
    today = date(2026, 11, 23)
    ending(PRODUCT_A, today + timedelta(days=10))

    assert send_due(today) == 1

    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["export@htx-a.vn"].subject == (
        "The OCOP certificate of Nước mắm Phú Quốc 40 độ đạm ends on Dec. 3, 2026"
    )
    assert "in 10 days" in by_address["export@htx-a.vn"].body
    assert "còn 10 ngày" in by_address["a@htx-a.vn"].body


def test_producers_without_members_and_old_endings_get_nothing(shop, monkeypatch):
    # the sample's certificates of 2021 ended long ago; no producer has a member
    monkeypatch.setattr("portal.tasks.ocop_today", lambda: date(2026, 11, 23))

    assert certificate_notices() == 0
    assert mail.outbox == []


def test_the_portal_warns_before_the_end(client, shop, member_a):
    ending(PRODUCT_A, date(2026, 11, 23) + timedelta(days=20))
    client.force_login(member_a)

    home = client.get("/vi/portal/").content.decode()
    page = client.get(f"/vi/portal/products/{product(PRODUCT_A).pk}/").content.decode()

    assert "Chứng nhận hết hạn ngày 13/12/2026, còn 20 ngày: hãy gia hạn" in home
    assert "Hãy xin đánh giá lại ngay với văn phòng OCOP của tỉnh" in page
