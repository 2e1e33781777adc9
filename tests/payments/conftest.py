from __future__ import annotations

import pytest
from django.core.cache import cache

from payments import services
from saleor_app import signing
from tests.fakes.saleor import FakeSaleor
from tests.fakes.saleor_signing import FakeJwksEndpoint, SaleorKey
from tests.fakes.stripe_double import StripeDouble
from tests.payments.helpers import (
    DOMAIN,
    STRIPE_PUBLISHABLE_KEY,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
)


@pytest.fixture(scope="session")
def saleor_key() -> SaleorKey:
    return SaleorKey("saleor-payments-key")


@pytest.fixture(scope="session")
def _stripe_server():
    double = StripeDouble().start()
    yield double
    double.stop()


@pytest.fixture
def stripe_double(_stripe_server: StripeDouble, settings) -> StripeDouble:
    """The Stripe test double, empty, with the app's Stripe settings pointing at it."""
    _stripe_server.reset()
    settings.STRIPE_API_BASE = _stripe_server.url
    return _stripe_server


@pytest.fixture(autouse=True)
def _payment_settings(settings, monkeypatch, saleor_key):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "payments-tests",
        }
    }
    settings.SALEOR_ALLOWED_DOMAINS = [DOMAIN]
    settings.SALEOR_API_URL = ""
    settings.STRIPE_SECRET_KEY = STRIPE_SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = STRIPE_PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # tests that reach Stripe use stripe_double
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.STRIPE_TIMEOUT_SECONDS = 5.0
    settings.PAYMENTS_COD_ENABLED = True
    settings.PAYMENTS_COD_CURRENCIES = ["VND"]
    monkeypatch.setattr(signing, "fetch_jwks", FakeJwksEndpoint(saleor_key))
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def saleor(monkeypatch) -> FakeSaleor:
    """The Saleor that transactionEventReport goes to (in memory, schema-checked)."""
    fake = FakeSaleor()
    client = fake.client(max_retries=0)
    monkeypatch.setattr(services, "get_client", lambda: client)
    return fake
