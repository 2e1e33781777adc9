"""/verify tells the truth in Vietnam time and no cache can make it say "valid" after a change."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from catalog_sync.models import Certificate
from tests.catalog_sync.test_public import make_product

pytestmark = pytest.mark.django_db


def test_verify_is_never_cached(client):
    make_product("KG-101")

    response = client.get("/verify/KG-101")

    assert "public" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_an_expired_certificate_ended_the_day_after_its_last_valid_day(client):
    make_product("KG-102", valid_until=date(2024, 11, 23))

    english = client.get("/verify/KG-102", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = client.get("/verify/KG-102", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "this certificate ended on Nov. 24, 2024" in english
    assert "24/11/2024" in vietnamese


def test_a_revocation_in_the_vietnamese_evening_shows_the_vietnamese_date(client):
    product = make_product("KG-103", status="revoked")
    Certificate.objects.filter(product=product).update(
        status_changed_at=datetime(2026, 5, 10, 18, 30, tzinfo=UTC)  # 11 May, 01:30 in Vietnam
    )

    vietnamese = client.get("/verify/KG-103", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "11/05/2026" in vietnamese
    assert "10/05/2026" not in vietnamese
    assert "Ngày" not in vietnamese.split("<main", 1)[-1]  # the word was doubled ("ngày Ngày …")
