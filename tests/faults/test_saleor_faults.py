"""A Saleor that hangs, trickles or is gone costs a visitor one deadline, then nothing."""

from __future__ import annotations

import time

import pytest

from saleor_api.client import SaleorClient
from saleor_api.errors import SaleorUnavailable
from search import indexer
from tests.faults.servers import free_port
from tests.search.registry import registry_product

pytestmark = pytest.mark.django_db


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_a_trickling_answer_cannot_outlast_the_deadline(trickling_saleor):
    client = SaleorClient(
        trickling_saleor.url, timeout=10.0, deadline=1.0, version_source=lambda: (3, 23)
    )

    started = time.monotonic()
    with pytest.raises(SaleorUnavailable, match="deadline"):
        client.execute("ShopInfo")

    assert time.monotonic() - started < 1.8


def test_a_hanging_saleor_is_given_up_at_the_deadline(hanging_saleor):
    client = SaleorClient(
        hanging_saleor.url, timeout=10.0, deadline=1.0, version_source=lambda: (3, 23)
    )

    started = time.monotonic()
    with pytest.raises(SaleorUnavailable):
        client.execute("ShopInfo")

    assert time.monotonic() - started < 1.5


def test_a_closed_port_is_retried_only_within_the_deadline():
    client = SaleorClient(
        f"http://127.0.0.1:{free_port()}/graphql/",
        timeout=10.0,
        deadline=1.0,
        max_retries=50,
        version_source=lambda: (3, 23),
    )

    started = time.monotonic()
    with pytest.raises(SaleorUnavailable):
        client.execute("ShopInfo")

    assert time.monotonic() - started < 1.5
    assert client.requests_sent >= 2  # it did retry, within the budget


def test_a_hanging_saleor_costs_a_page_one_deadline_then_the_breaker_answers_at_once(
    client, hanging_saleor, saleor_at
):
    saleor_at(hanging_saleor.url)
    registry_product("Nước mắm Phú Quốc")  # the registry lists a product: pages ask Saleor
    indexer.rebuild()
    client.get("/verify/WARM-UP")  # the first request of a process imports the views

    first, first_seconds = timed(lambda: client.get("/en/intl/"))
    for _ in range(2):
        client.get("/en/intl/products/")
    connections = hanging_saleor.connections
    later, later_seconds = timed(lambda: client.get("/en/intl/products/"))

    assert first.status_code == 503
    assert first_seconds < 2.5  # a 1 s deadline; the old client waited 56 s
    assert "The shop is briefly unavailable" in first.content.decode()
    assert later.status_code == 503
    assert later_seconds < 0.3
    assert hanging_saleor.connections == connections  # the breaker did not ask Saleor


def test_the_unavailable_page_speaks_the_visitors_language(client, hanging_saleor, saleor_at):
    saleor_at(hanging_saleor.url)
    registry_product("Nước mắm Phú Quốc")  # the registry lists a product: pages ask Saleor
    indexer.rebuild()

    response = client.get("/fr/eu/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "La boutique est momentanément indisponible" in response.content.decode()


def test_healthz_answers_within_two_seconds_when_saleor_hangs(client, hanging_saleor, saleor_at):
    saleor_at(hanging_saleor.url)

    response, seconds = timed(lambda: client.get("/healthz"))

    assert seconds < 2.0
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["saleor"]["ok"] is False
    assert checks["database"]["ok"] is True


def test_verify_never_waits_on_saleor(client, hanging_saleor, saleor_at):
    saleor_at(hanging_saleor.url)

    response, seconds = timed(lambda: client.get("/verify/NO-SUCH-CODE"))

    assert response.status_code == 404
    assert seconds < 0.5
    assert hanging_saleor.connections == 0
