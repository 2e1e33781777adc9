import pytest

from config import health


@pytest.mark.django_db
def test_healthz_is_unhealthy_without_a_saleor(client, settings):
    settings.SALEOR_API_URL = ""
    settings.SALEOR_APP_TOKEN = ""

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert body["checks"]["saleor"]["ok"] is False
    assert "SALEOR_API_URL is not set" in body["checks"]["saleor"]["error"]


@pytest.mark.django_db
def test_healthz_is_ok_when_every_check_passes(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "saleor", lambda: {"version": "3.23.0"})

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["saleor"] == {
        "ok": True,
        "version": "3.23.0",
        "ms": pytest.approx(0, abs=50),
    }
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_cache(client, settings, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "saleor", lambda: {})
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
