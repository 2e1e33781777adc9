from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.shop import sample_shop
from tests.faults.servers import MisbehavingServer, PrivateRedis, misbehaving


@pytest.fixture
def shop(db, monkeypatch, settings):
    """A Saleor (in memory) holding the sample feed, as the sync put it there."""
    return sample_shop(monkeypatch, settings)


@pytest.fixture
def hanging_saleor() -> Iterator[MisbehavingServer]:
    with misbehaving("hang") as server:
        yield server


@pytest.fixture
def trickling_saleor() -> Iterator[MisbehavingServer]:
    with misbehaving("trickle") as server:
        yield server


@pytest.fixture
def saleor_at(settings):
    """Point the shop's Saleor clients at ``url`` with a short page deadline."""

    def point(url: str) -> None:
        settings.SALEOR_API_URL = url
        settings.SALEOR_APP_TOKEN = "test-token"
        settings.SALEOR_PAGE_DEADLINE = 1.0
        settings.SALEOR_HEALTH_DEADLINE = 1.0
        settings.SALEOR_BREAKER_FAILURES = 3
        settings.SALEOR_BREAKER_SECONDS = 60.0

    return point


@pytest.fixture
def private_redis(tmp_path, settings) -> Iterator[PrivateRedis]:
    """The shop's cache on a redis-server of the test's own, which the test may stop."""
    redis = PrivateRedis(tmp_path)
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": redis.url,
            "KEY_PREFIX": "faults-test",
        }
    }
    yield redis
    redis.stop()
