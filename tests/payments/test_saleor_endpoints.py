"""The sync webhook endpoints: every Saleor call is verified (JWS) before anything happens."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from payments.models import PaymentRecord
from tests.fakes.saleor_signing import SaleorKey, sign_like_saleor
from tests.payments.helpers import (
    STRIPE_PUBLISHABLE_KEY,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    URLS,
    action_requested,
    checkout,
    initialize_session,
    process_session,
    saleor_sends,
    transaction_id,
)

pytestmark = pytest.mark.django_db

CARD = {"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_visa"}


def gateway_initialize(currency: str = "VND", total: float = 150000) -> dict:
    return {
        "__typename": "PaymentGatewayInitializeSession",
        "issuedAt": timezone.now().isoformat(),
        "amount": total,
        "data": None,
        "sourceObject": checkout(total, currency),
    }


def payload_for(event: str) -> dict:
    tx = transaction_id()
    if event == "payment_gateway_initialize_session":
        return gateway_initialize()
    if event == "transaction_initialize_session":
        return initialize_session(tx, data=CARD)
    if event == "transaction_process_session":
        return process_session(tx, "pi_123")
    return action_requested(event, tx, "pi_123")


def test_the_endpoints_live_under_payments():
    assert [reverse(name) for name in URLS.values()] == [
        "/payments/saleor/gateway-initialize/",
        "/payments/saleor/transaction-initialize/",
        "/payments/saleor/transaction-process/",
        "/payments/saleor/transaction-charge/",
        "/payments/saleor/transaction-refund/",
        "/payments/saleor/transaction-cancel/",
    ]
    assert reverse("payments:stripe-webhook") == "/payments/stripe/webhook"


# --- PAYMENT_GATEWAY_INITIALIZE_SESSION ----------------------------------------------------------


def test_the_payment_page_gets_the_publishable_key_and_cod_for_a_vnd_cart(client, saleor_key):
    response = saleor_sends(
        client, saleor_key, "payment_gateway_initialize_session", gateway_initialize("VND")
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "gateways": [
                {"id": "app.ocop.stripe", "publishableKey": STRIPE_PUBLISHABLE_KEY},
                {"id": "app.ocop.cod"},
            ]
        }
    }
    assert STRIPE_SECRET_KEY not in response.content.decode()
    assert STRIPE_WEBHOOK_SECRET not in response.content.decode()


def test_a_usd_cart_is_offered_cards_only(client, saleor_key):
    response = saleor_sends(
        client, saleor_key, "payment_gateway_initialize_session", gateway_initialize("USD", 25)
    )

    assert response.json() == {
        "data": {"gateways": [{"id": "app.ocop.stripe", "publishableKey": STRIPE_PUBLISHABLE_KEY}]}
    }


def test_without_stripe_keys_only_cash_on_delivery_is_offered(client, saleor_key, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""

    response = saleor_sends(
        client, saleor_key, "payment_gateway_initialize_session", gateway_initialize()
    )

    assert response.json() == {"data": {"gateways": [{"id": "app.ocop.cod"}]}}


# --- verification ---------------------------------------------------------------------------


@pytest.mark.parametrize("event", list(URLS))
def test_a_call_with_a_bad_signature_is_refused_with_401(client, saleor_key, stripe_double, event):
    payload = payload_for(event)
    other_body = json.dumps({**payload, "issuedAt": "2020-01-01T00:00:00+00:00"}).encode()

    response = saleor_sends(
        client, saleor_key, event, payload, signature=sign_like_saleor(saleor_key, other_body)
    )

    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": {"code": "INVALID_SIGNATURE", "message": "the Saleor-Signature does not verify"},
    }
    assert stripe_double.requests == []
    assert PaymentRecord.objects.count() == 0


@pytest.mark.parametrize("event", list(URLS))
def test_a_call_signed_by_another_key_is_refused_with_401(client, stripe_double, event):
    stranger = SaleorKey("saleor-payments-key")  # Saleor's kid, someone else's private key

    response = saleor_sends(client, stranger, event, payload_for(event))

    assert response.status_code == 401
    assert stripe_double.requests == []


def test_a_call_without_a_signature_is_refused_with_401(client, saleor_key, stripe_double):
    response = saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        payload_for("transaction_initialize_session"),
        signature="",
    )

    assert response.status_code == 401
    assert stripe_double.requests == []


def test_a_call_from_a_saleor_not_allowed_is_refused_with_401(client, saleor_key, settings):
    settings.SALEOR_ALLOWED_DOMAINS = ["other-saleor.test"]

    response = saleor_sends(
        client, saleor_key, "payment_gateway_initialize_session", gateway_initialize()
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNTRUSTED_SALEOR"


def test_a_replayed_old_call_is_refused_with_401(client, saleor_key, stripe_double):
    payload = initialize_session(transaction_id(), data=CARD)
    payload["issuedAt"] = (timezone.now() - timedelta(hours=1)).isoformat()

    response = saleor_sends(client, saleor_key, "transaction_initialize_session", payload)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "STALE"
    assert stripe_double.requests == []


def test_an_event_sent_to_the_wrong_endpoint_is_refused(client, saleor_key, stripe_double):
    event = "transaction_refund_requested"

    response = saleor_sends(
        client,
        saleor_key,
        event,
        payload_for(event),
        url_event="transaction_initialize_session",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "WRONG_EVENT"
    assert stripe_double.requests == []


def test_a_header_that_does_not_match_the_signed_payload_is_refused(client, saleor_key):
    payload = payload_for("transaction_refund_requested")

    response = saleor_sends(
        client,
        saleor_key,
        "transaction_charge_requested",
        payload,
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "EVENT_MISMATCH"


def test_a_payload_without_an_action_is_a_bad_request(client, saleor_key, stripe_double):
    payload = initialize_session(transaction_id(), data=CARD)
    del payload["action"]

    response = saleor_sends(client, saleor_key, "transaction_initialize_session", payload)

    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": {"code": "BAD_PAYLOAD", "message": "the payload has no action"},
    }
    assert stripe_double.requests == []


def test_data_that_is_not_an_object_is_a_bad_request(client, saleor_key):
    payload = initialize_session(transaction_id())
    payload["data"] = "pm_card_visa"

    response = saleor_sends(client, saleor_key, "transaction_initialize_session", payload)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "data must be a JSON object"


@pytest.mark.parametrize("event", list(URLS))
def test_only_post_is_accepted(client, event):
    assert client.get(reverse(URLS[event])).status_code == 405
