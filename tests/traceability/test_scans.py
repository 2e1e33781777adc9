"""Scans counted privately: per product and Vietnamese day, atomically, nothing about the visitor."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from catalog_sync.models import OcopProduct
from tests.traceability.helpers import a_producer, a_product
from traceability.models import ScanCount
from traceability.scans import (
    ScanDay,
    record_scan,
    scans_for_producer,
    scans_for_province,
)

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def counts() -> list[tuple[str, date, int]]:
    return list(
        ScanCount.objects.order_by("product__code", "day").values_list(
            "product__code", "day", "count"
        )
    )


@pytest.mark.django_db
def test_each_scan_of_a_known_code_counts_on_the_vietnamese_day(client, monkeypatch):
    # given 18:30 UTC on 10 May: already 11 May, 01:30, in Vietnam
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 5, 10, 18, 30, tzinfo=UTC)
    )
    a_product("KG-40", valid_until=date(2027, 1, 1))

    client.get("/verify/KG-40", HTTP_USER_AGENT=PHONE)
    client.get("/verify/KG-40", HTTP_USER_AGENT=PHONE)

    assert counts() == [("KG-40", date(2026, 5, 11), 2)]


@pytest.mark.django_db
def test_what_is_not_a_scan_is_not_counted(client):
    a_product("KG-41")

    client.get("/verify/NOPE-41", HTTP_USER_AGENT=PHONE)  # unknown code
    client.get("/verify/KG-41", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get("/verify/KG-41", HTTP_USER_AGENT="facebookexternalhit/1.1 Facebot")
    client.get("/verify/KG-41?lang=en", HTTP_USER_AGENT=PHONE)  # a language switch
    client.post("/verify/KG-41", HTTP_USER_AGENT=PHONE)  # refused: 405

    assert counts() == []


@pytest.mark.django_db
def test_expired_and_revoked_codes_are_counted_too(client):
    a_product("KG-42", valid_until=date(2020, 1, 1))
    a_product("KG-43", status="revoked")

    client.get("/verify/KG-42", HTTP_USER_AGENT=PHONE)
    client.get("/verify/KG-43", HTTP_USER_AGENT=PHONE)

    assert [(code, n) for code, _day, n in counts()] == [("KG-42", 1), ("KG-43", 1)]


@pytest.mark.django_db
def test_a_scan_keeps_nothing_about_the_visitor(client):
    a_product("KG-44")

    response = client.get("/verify/KG-44", HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.9")

    assert response.cookies == {}
    assert [f.name for f in ScanCount._meta.get_fields()] == ["id", "product", "day", "count"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_are_all_counted():
    product = a_product("KG-45")
    day = date(2026, 11, 23)

    def scan_many() -> None:
        try:
            for _ in range(25):
                record_scan(product, day)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan_many) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ScanCount.objects.get(product=product, day=day).count == 150


@pytest.mark.django_db
def test_the_portal_and_the_province_read_counts_per_product_and_day():
    ours, theirs = a_producer(), a_producer("HTX Khác", province="An Giang")
    a, b = a_product("KG-46", producer=ours), a_product("AG-47", producer=theirs)
    for product, day in [
        (a, date(2026, 11, 1)),
        (a, date(2026, 11, 1)),
        (a, date(2026, 11, 2)),
        (b, date(2026, 11, 2)),
    ]:
        record_scan(product, day)

    assert scans_for_producer(ours) == [
        ScanDay("KG-46", "Nước mắm Phú Quốc KG-46", date(2026, 11, 2), 1),
        ScanDay("KG-46", "Nước mắm Phú Quốc KG-46", date(2026, 11, 1), 2),
    ]
    assert scans_for_province("An Giang") == [
        ScanDay("AG-47", "Nước mắm Phú Quốc AG-47", date(2026, 11, 2), 1)
    ]
    assert scans_for_producer(ours, start=date(2026, 11, 2)) == [
        ScanDay("KG-46", "Nước mắm Phú Quốc KG-46", date(2026, 11, 2), 1)
    ]


@pytest.mark.django_db
def test_staff_see_the_counts_in_the_admin(client):
    product = a_product("KG-48", name="Mật ong U Minh")
    for _ in range(3):
        record_scan(product, date(2026, 11, 20))
    staff = get_user_model().objects.create_superuser("staff", "staff@example.com", "pw")
    client.force_login(staff)

    html = client.get("/admin/traceability/scancount/").content.decode()

    assert "Mật ong U Minh" in html
    assert '<td class="field-count">3</td>' in html
    assert OcopProduct.objects.count() == 1
