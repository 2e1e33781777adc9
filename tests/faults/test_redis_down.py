"""Redis stopped mid-run: the shop keeps rendering from Saleor, and /healthz says what is down."""

from __future__ import annotations

import pytest

from tests.fakes.shop import sample_shop

pytestmark = pytest.mark.django_db


def test_pages_render_from_saleor_after_redis_stops(client, private_redis, monkeypatch, settings):
    sample_shop(monkeypatch, settings)
    before = client.get("/en/intl/products/")
    assert before.status_code == 200

    private_redis.stop()
    listing = client.get("/en/intl/products/?sort=price")
    home = client.get("/en/intl/")
    health = client.get("/healthz")

    assert listing.status_code == 200
    assert "Phu Quoc fish sauce" in listing.content.decode()
    assert home.status_code == 200
    assert health.status_code == 503
    checks = health.json()["checks"]
    assert checks["cache"]["ok"] is False
    assert checks["database"]["ok"] is True
