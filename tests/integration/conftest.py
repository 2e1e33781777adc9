"""Integration tests run against a real Saleor named by SALEOR_API_URL and SALEOR_APP_TOKEN."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from saleor_api.bootstrap import bootstrap_store
from saleor_api.client import SaleorClient

SALEOR_API_URL = os.environ.get("SALEOR_API_URL", "")
SALEOR_APP_TOKEN = os.environ.get("SALEOR_APP_TOKEN", "")


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(
        reason="needs a real Saleor: set SALEOR_API_URL and SALEOR_APP_TOKEN (see README.md)"
    )
    for item in items:
        if "tests/integration/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.integration)
            if not (SALEOR_API_URL and SALEOR_APP_TOKEN):
                item.add_marker(skip)


@pytest.fixture
def saleor() -> Iterator[SaleorClient]:
    client = SaleorClient(SALEOR_API_URL, SALEOR_APP_TOKEN, timeout=60)
    yield client
    client.close()


@pytest.fixture
def layout(saleor):
    store_layout, _report = bootstrap_store(saleor)
    return store_layout


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]
