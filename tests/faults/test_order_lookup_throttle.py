"""Order numbers are sequential: guessing them is throttled per client and per email."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from saleor_api import connection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters(shop):
    cache.clear()
    yield
    cache.clear()


def guess(client, number: int, email: str = "guess@example.com", ip: str = "203.0.113.7"):
    return client.post("/en/intl/orders/", {"email": email, "number": str(number)}, REMOTE_ADDR=ip)


def test_the_sixth_guess_for_one_email_is_refused_without_asking_saleor(client, shop):
    answers = [guess(client, 1000 + i) for i in range(5)]
    app_client = connection.get_visitor_app_client()
    requests_before = app_client.requests_sent
    refused = guess(client, 1005)

    assert [a.status_code for a in answers] == [200] * 5
    assert all("No order has this number and email address." in a.content.decode() for a in answers)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    assert "Too many look-ups" in refused.content.decode()
    assert app_client.requests_sent == requests_before


def test_one_client_guessing_many_emails_is_refused_after_twenty(client, shop):
    answers = [guess(client, 1000 + i, email=f"e{i}@example.com") for i in range(21)]

    assert [a.status_code for a in answers[:20]] == [200] * 20
    assert answers[20].status_code == 429


def test_another_client_and_email_are_not_held_back(client, shop):
    for i in range(6):
        guess(client, 1000 + i)

    other = guess(client, 1000, email="me@example.com", ip="198.51.100.9")

    assert other.status_code == 200
