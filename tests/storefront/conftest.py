from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache

from catalog_sync.services import run_sync
from saleor_api import connection
from saleor_api.bootstrap import bootstrap_store
from tests.fakes.saleor import FakeSaleor

SAMPLE = Path(__file__).resolve().parents[2] / "catalog_sync" / "sample" / "ocop-sample.csv"
TODAY = date(2026, 11, 23)


@pytest.fixture
def shop(db, monkeypatch, settings):
    """A Saleor (in memory) holding the sample feed, as the sync put it there on TODAY."""
    settings.STOREFRONT_REFRESH_INLINE = True
    cache.clear()
    fake = FakeSaleor("3.23")
    app_client = fake.client()
    bootstrap_store(app_client)
    monkeypatch.setattr(connection, "_client", app_client)
    run_sync(str(SAMPLE), as_of=TODAY, client=app_client)
    storefront_client = fake.client()
    monkeypatch.setattr(connection, "_storefront_client", storefront_client)
    monkeypatch.setattr("storefront.views.ocop_today", lambda: TODAY)
    monkeypatch.setattr("catalog_sync.validity.ocop_today", lambda now=None: TODAY)
    fake.storefront = storefront_client
    yield fake
    cache.clear()
