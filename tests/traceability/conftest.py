from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.fakes.shop import sample_shop


@pytest.fixture
def shop(db, monkeypatch, settings):
    """A Saleor (in memory) holding the sample feed, as the sync put it there."""
    yield sample_shop(monkeypatch, settings)
    cache.clear()
