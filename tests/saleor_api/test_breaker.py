from __future__ import annotations

from saleor_api.breaker import CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_breaker_opens_after_the_threshold_and_lets_one_trial_through_after_the_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=3, cooldown=10, clock=clock)

    for _ in range(2):
        breaker.record_failure()
    assert breaker.allow() is True
    breaker.record_failure()
    assert breaker.allow() is False
    assert breaker.seconds_until_retry() == 10

    clock.now += 10
    assert breaker.allow() is True  # the trial
    assert breaker.allow() is False  # only one at a time
    breaker.record_failure()
    assert breaker.allow() is False  # open again for a cooldown

    clock.now += 10
    assert breaker.allow() is True
    breaker.record_success()
    assert breaker.allow() is True
    assert breaker.is_open is False


def test_a_success_resets_the_count_of_failures():
    breaker = CircuitBreaker(failure_threshold=2, cooldown=10, clock=Clock())

    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()

    assert breaker.allow() is True


def test_a_trial_without_a_verdict_lets_the_next_trial_through():
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, cooldown=5, clock=clock)
    breaker.record_failure()
    clock.now += 5

    assert breaker.allow() is True
    breaker.release_trial()
    assert breaker.allow() is True


def test_a_gzipped_answer_is_read_once_decoded():
    import gzip
    import json

    import httpx

    from saleor_api.client import SaleorClient

    body = gzip.compress(
        json.dumps({"data": {"shop": {"name": "S", "version": "3.23.1"}}}).encode()
    )

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    client = SaleorClient(
        "http://saleor.test/graphql/",
        transport=httpx.MockTransport(answer),
        version_source=lambda: (3, 23),
    )

    assert client.execute("ShopInfo") == {"shop": {"name": "S", "version": "3.23.1"}}
