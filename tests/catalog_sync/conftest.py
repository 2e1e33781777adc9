from __future__ import annotations

import pytest

from saleor_api import connection
from saleor_api.bootstrap import bootstrap_store
from tests.fakes.saleor import FakeSaleor


@pytest.fixture
def saleor(monkeypatch):
    """The in-memory Saleor, bootstrapped, as the sync's client."""
    fake = FakeSaleor("3.23")
    client = fake.client()
    bootstrap_store(client)
    monkeypatch.setattr(connection, "_client", client)
    fake.client_in_use = client
    return fake
