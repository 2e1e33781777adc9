"""Password guessing on the login form (Django admin's today, the producer portal's later) is
throttled per (username, client), counted in Redis; a Redis that is down locks nobody out."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.7"
STAFF_OFFICE = "198.51.100.9"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # quick tests
    return get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)


@pytest.fixture
def fresh_counts(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    cache.clear()
    yield
    cache.clear()


def attempt(
    client, password: str, ip: str = ATTACKER, username: str = "admin", language: str = "en"
):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_the_fifth_wrong_password_locks_the_pair_out_even_for_the_right_one(
    client, staff, fresh_counts
):
    answers = [attempt(client, f"guess-{i}") for i in range(5)]
    right = attempt(client, PASSWORD)

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert "Please enter the correct username and password" in answers[0].content.decode()
    assert right.status_code == 429
    assert right["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_speaks_the_visitors_language(client, staff, fresh_counts):
    for i in range(5):
        attempt(client, f"guess-{i}")

    vietnamese = attempt(client, PASSWORD, language="vi")
    french = attempt(client, PASSWORD, language="fr")
    english = attempt(client, PASSWORD, language="en")

    assert vietnamese.status_code == french.status_code == english.status_code == 429
    assert "Vui lòng thử lại sau 15 phút." in vietnamese.content.decode()
    assert "Veuillez réessayer dans 15 minutes." in french.content.decode()
    assert "Please try again in 15 minutes." in english.content.decode()
    assert '<html lang="fr">' in french.content.decode()


def test_another_client_and_another_account_are_not_held_back(client, staff, fresh_counts):
    get_user_model().objects.create_user("producer", "p@example.com", PASSWORD, is_staff=True)
    for i in range(5):
        attempt(client, f"guess-{i}")

    other_account = attempt(client, "wrong", username="producer")
    from_the_office = attempt(client, PASSWORD, ip=STAFF_OFFICE)

    assert other_account.status_code == 200
    assert from_the_office.status_code == 302
    assert from_the_office["Location"] == "/admin/"


def test_one_account_spelled_differently_is_counted_once(client, staff, fresh_counts):
    spellings = ["admin", "Admin", " ADMIN ", "admin", "aDmin"]
    answers = [attempt(client, "wrong", username=name) for name in spellings]

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]


def test_a_successful_login_clears_the_count(client, staff, fresh_counts):
    for i in range(4):
        attempt(client, f"guess-{i}")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()

    again = [attempt(client, f"again-{i}") for i in range(4)]

    assert [a.status_code for a in again] == [200] * 4


def test_the_lockout_lifts_after_the_cool_off(client, staff, fresh_counts, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    for i in range(5):
        attempt(client, f"guess-{i}")
    assert attempt(client, PASSWORD).status_code == 429

    time.sleep(1.3)
    after = attempt(client, PASSWORD)

    assert after.status_code == 302


def test_the_counts_are_kept_in_the_cache(client, staff, fresh_counts):
    for i in range(5):
        attempt(client, f"guess-{i}")
    assert attempt(client, PASSWORD).status_code == 429

    cache.clear()

    assert attempt(client, PASSWORD).status_code == 302


def test_with_redis_down_guesses_are_not_counted_and_the_right_password_works(
    client, staff, private_redis
):
    private_redis.stop()

    wrong = [attempt(client, f"guess-{i}") for i in range(7)]
    right = attempt(client, PASSWORD)

    assert [a.status_code for a in wrong] == [200] * 7
    assert "Please enter the correct username and password" in wrong[-1].content.decode()
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_lockout_does_not_outlive_redis_going_down(client, staff, private_redis, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for i in range(5):
        attempt(client, f"guess-{i}")
    assert attempt(client, PASSWORD).status_code == 429

    private_redis.stop()
    right = attempt(client, PASSWORD)

    assert right.status_code == 302
