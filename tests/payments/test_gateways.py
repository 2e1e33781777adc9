"""What the storefront sends to Saleor to pay with this app."""

from __future__ import annotations

import pytest

from payments.gateways import COD, STRIPE, saleor_gateway_id, transaction_data


@pytest.mark.django_db
def test_saleor_knows_the_app_by_its_manifest_id(settings):
    settings.PAYMENTS_SALEOR_GATEWAY_ID = ""

    assert saleor_gateway_id() == "ocop-shop"


def test_an_app_created_with_a_token_is_known_by_its_identifier(settings):
    settings.PAYMENTS_SALEOR_GATEWAY_ID = "QXBwOjE="

    assert saleor_gateway_id() == "QXBwOjE="


def test_transaction_data_names_the_way_to_pay():
    assert (STRIPE, COD) == ("app.ocop.stripe", "app.ocop.cod")
    assert transaction_data(COD) == {"gateway": "app.ocop.cod"}
    assert transaction_data(STRIPE, "pm_123") == {
        "gateway": "app.ocop.stripe",
        "paymentMethodId": "pm_123",
    }
    assert transaction_data(STRIPE, return_url="https://shop.test/vi/checkout/done") == {
        "gateway": "app.ocop.stripe",
        "returnUrl": "https://shop.test/vi/checkout/done",
    }


def test_an_unknown_way_to_pay_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown gateway 'paypal'"):
        transaction_data("paypal")


def test_without_the_setting_saleor_is_asked_who_the_app_is(settings, monkeypatch):
    from saleor_api import connection
    from tests.fakes.saleor import FakeSaleor

    settings.PAYMENTS_SALEOR_GATEWAY_ID = ""
    monkeypatch.setattr(connection, "_client", FakeSaleor().client())

    assert saleor_gateway_id() == "QXBwOjE="  # a token-created app has no identifier: its id
