"""A shop with something in it: the sample feed synced into the in-memory Saleor, the storefront
pointed at it, and "today" pinned so the sample's certificates are judged the same every run."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.test import TestCase

from catalog_sync.services import run_sync
from saleor_api import connection
from saleor_api.bootstrap import bootstrap_store
from tests.fakes.saleor import FakeSaleor

SAMPLE = Path(__file__).resolve().parents[2] / "catalog_sync" / "sample" / "ocop-sample.csv"
TODAY = date(2026, 11, 23)


def sample_shop(monkeypatch: Any, settings: Any, version: str = "3.23") -> FakeSaleor:
    settings.STOREFRONT_REFRESH_INLINE = True
    cache.clear()
    fake = FakeSaleor(version)
    app_client = fake.client()
    bootstrap_store(app_client)
    monkeypatch.setattr(connection, "_client", app_client)
    # Pages read the catalogue with the app's token (its own client, as in production).
    catalogue_client = fake.client()
    monkeypatch.setattr(connection, "_visitor_app_client", catalogue_client)
    # As in production, work scheduled on commit (the search index) runs after the sync.
    with TestCase.captureOnCommitCallbacks(execute=True):
        run_sync(str(SAMPLE), as_of=TODAY, client=app_client)
    storefront_client = fake.client(token="")  # carts and checkouts are anonymous
    monkeypatch.setattr(connection, "_storefront_client", storefront_client)
    monkeypatch.setattr("storefront.views.ocop_today", lambda: TODAY)
    monkeypatch.setattr("catalog_sync.validity.ocop_today", lambda now=None: TODAY)
    fake.storefront = storefront_client
    fake.catalogue = catalogue_client
    return fake
