from __future__ import annotations

import pytest
from django.core.cache import cache

from saleor_api.connection import reset_client


@pytest.fixture(autouse=True)
def _fresh_saleor_client():
    reset_client()
    yield
    reset_client()


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()
