"""Paying by card: TRANSACTION_INITIALIZE_SESSION and TRANSACTION_PROCESS_SESSION for Stripe.

stripe-python talks to the Stripe test double on 127.0.0.1; Saleor's requests are signed with a
test RSA key exactly as Saleor signs them.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from payments.lifecycle import Status
from payments.models import PaymentRecord
from tests.fakes.stripe_double import closed_port_url
from tests.payments.helpers import (
    CHECKOUT_ID,
    ORDER_ID,
    STRIPE_PUBLISHABLE_KEY,
    STRIPE_SECRET_KEY,
    checkout,
    initialize_session,
    order,
    process_session,
    saleor_sends,
    transaction_id,
)

pytestmark = pytest.mark.django_db

CARD = {"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_visa"}


def pay(client, saleor_key, transaction: str, **kwargs):
    return saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(transaction, **kwargs),
    )


# --- a card that pays --------------------------------------------------------------------------


def test_a_card_payment_in_vnd_is_charged_once_for_the_exact_amount(
    client, saleor_key, stripe_double
):
    tx = transaction_id()

    response = pay(client, saleor_key, tx, amount=150000, data=CARD)

    assert response.status_code == 200
    answer = response.json()
    (intent,) = stripe_double.intents.values()
    assert answer["result"] == "CHARGE_SUCCESS"
    assert answer["pspReference"] == intent["id"]
    assert answer["amount"] == "150000"
    assert answer["actions"] == ["REFUND"]
    assert answer["externalUrl"] == f"https://dashboard.stripe.com/test/payments/{intent['id']}"
    assert (intent["amount"], intent["currency"], intent["capture_method"]) == (
        150000,
        "vnd",
        "automatic",
    )
    assert intent["automatic_payment_methods"] == {"enabled": True, "allow_redirects": "never"}
    assert intent["metadata"] == {
        "saleor_transaction_id": tx,
        "saleor_source_id": CHECKOUT_ID,
        "saleor_channel": "vnd",
        "saleor_merchant_reference": "OCOP-1001",
    }
    assert [c.amount for c in stripe_double.successful_charges()] == [150000]
    record = PaymentRecord.objects.get()
    assert (record.saleor_transaction_id, record.gateway, record.status, record.psp_reference) == (
        tx,
        "app.ocop.stripe",
        Status.CHARGED,
        intent["id"],
    )
    assert (record.amount, record.currency, record.amount_charged) == (
        Decimal(150000),
        "VND",
        Decimal(150000),
    )


def test_usd_amounts_go_to_stripe_in_cents_rounded_half_up(client, saleor_key, stripe_double):
    response = pay(
        client,
        saleor_key,
        transaction_id(),
        amount="12.345",
        currency="USD",
        data=CARD,
        source=checkout("12.345", "USD"),
    )

    (intent,) = stripe_double.intents.values()
    assert (intent["amount"], intent["currency"]) == (1235, "usd")
    assert response.json()["amount"] == "12.35"


def test_an_authorization_is_captured_later_by_staff(client, saleor_key, stripe_double):
    response = pay(client, saleor_key, transaction_id(), action="AUTHORIZATION", data=CARD)

    answer = response.json()
    (intent,) = stripe_double.intents.values()
    assert intent["capture_method"] == "manual"
    assert answer["result"] == "AUTHORIZATION_SUCCESS"
    assert answer["amount"] == "150000"
    assert answer["actions"] == ["CHARGE", "CANCEL"]
    assert PaymentRecord.objects.get().status == Status.AUTHORIZED
    assert [c.captured for c in stripe_double.successful_charges()] == [False]


def test_without_a_payment_method_the_page_gets_the_client_secret_to_confirm(
    client, saleor_key, stripe_double
):
    tx = transaction_id()

    response = pay(client, saleor_key, tx, data={"gateway": "app.ocop.stripe"})

    answer = response.json()
    (intent,) = stripe_double.intents.values()
    assert answer["result"] == "CHARGE_ACTION_REQUIRED"
    assert answer["pspReference"] == intent["id"]
    assert answer["data"] == {
        "paymentIntentId": intent["id"],
        "status": "requires_payment_method",
        "clientSecret": intent["client_secret"],
        "nextAction": None,
    }
    assert intent["automatic_payment_methods"] == {"enabled": True, "allow_redirects": "always"}
    assert stripe_double.charges == {}


def test_stripe_is_the_default_when_the_page_names_no_gateway(client, saleor_key, stripe_double):
    response = pay(client, saleor_key, transaction_id(), data=None)

    assert response.json()["result"] == "CHARGE_ACTION_REQUIRED"
    assert PaymentRecord.objects.get().gateway == "app.ocop.stripe"


def test_after_the_page_confirms_transaction_process_reports_the_charge(
    client, saleor_key, stripe_double
):
    tx = transaction_id()
    intent_id = pay(client, saleor_key, tx, data={}).json()["pspReference"]
    stripe_double.confirm_in_browser(intent_id, "pm_card_visa")

    response = saleor_sends(
        client, saleor_key, "transaction_process_session", process_session(tx, intent_id)
    )

    answer = response.json()
    assert answer["result"] == "CHARGE_SUCCESS"
    assert answer["pspReference"] == intent_id
    assert answer["amount"] == "150000"
    assert PaymentRecord.objects.get().status == Status.CHARGED


def test_an_unpaid_order_can_be_paid_for_what_remains(client, saleor_key, stripe_double):
    response = pay(
        client,
        saleor_key,
        transaction_id(),
        amount=100000,
        data=CARD,
        source=order(total=150000, charged=50000),
    )

    assert response.json()["result"] == "CHARGE_SUCCESS"
    (intent,) = stripe_double.intents.values()
    assert intent["amount"] == 100000
    assert intent["metadata"]["saleor_source_id"] == ORDER_ID


# --- declined card, 3-D Secure ---------------------------------------------------------------


def test_a_declined_card_is_a_charge_failure_with_the_banks_message(
    client, saleor_key, stripe_double
):
    tx = transaction_id()

    response = pay(
        client,
        saleor_key,
        tx,
        data={"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_chargeDeclined"},
    )

    answer = response.json()
    (intent,) = stripe_double.intents.values()
    assert response.status_code == 200
    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["pspReference"] == intent["id"]
    assert answer["amount"] == "150000"
    assert answer["message"] == "Your card was declined."
    assert answer["data"] == {
        "error": {"code": "generic_decline", "message": "Your card was declined."}
    }
    assert answer["actions"] == []
    assert stripe_double.successful_charges() == []
    assert PaymentRecord.objects.get().status == Status.FAILED


def test_a_card_declined_in_the_page_is_reported_as_a_failure_by_transaction_process(
    client, saleor_key, stripe_double
):
    tx = transaction_id()
    intent_id = pay(client, saleor_key, tx, data={}).json()["pspReference"]
    stripe_double.confirm_in_browser(intent_id, "pm_card_chargeDeclinedInsufficientFunds")

    response = saleor_sends(
        client, saleor_key, "transaction_process_session", process_session(tx, intent_id)
    )

    answer = response.json()
    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["message"] == "Your card has insufficient funds."
    assert answer["data"]["error"] == {
        "code": "insufficient_funds",
        "message": "Your card has insufficient funds.",
    }
    assert stripe_double.successful_charges() == []


def test_3d_secure_asks_the_page_to_authenticate_then_process_reports_the_charge(
    client, saleor_key, stripe_double
):
    tx = transaction_id()
    first = pay(
        client,
        saleor_key,
        tx,
        data={"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_threeDSecure2Required"},
    ).json()
    intent_id = first["pspReference"]
    intent = stripe_double.intents[intent_id]

    assert first["result"] == "CHARGE_ACTION_REQUIRED"
    assert first["message"] == "3-D Secure authentication is required."
    assert first["data"]["clientSecret"] == intent["client_secret"]
    assert first["data"]["nextAction"] == "use_stripe_sdk"
    assert first["actions"] == ["CANCEL"]
    assert stripe_double.charges == {}
    assert PaymentRecord.objects.get().status == Status.ACTION_REQUIRED

    stripe_double.authenticate(intent_id, success=True)
    second = saleor_sends(
        client, saleor_key, "transaction_process_session", process_session(tx, intent_id)
    ).json()

    assert second["result"] == "CHARGE_SUCCESS"
    assert second["amount"] == "150000"
    assert len(stripe_double.successful_charges()) == 1


def test_a_failed_3d_secure_challenge_is_a_charge_failure(client, saleor_key, stripe_double):
    tx = transaction_id()
    intent_id = pay(
        client,
        saleor_key,
        tx,
        data={"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_authenticationRequired"},
    ).json()["pspReference"]
    stripe_double.authenticate(intent_id, success=False)

    answer = saleor_sends(
        client, saleor_key, "transaction_process_session", process_session(tx, intent_id)
    ).json()

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"]["code"] == "payment_intent_authentication_failure"
    assert stripe_double.successful_charges() == []


# --- amounts that do not match -----------------------------------------------------------------


def test_an_amount_that_is_not_the_cart_total_is_refused_and_nothing_is_created(
    client, saleor_key, stripe_double
):
    response = pay(
        client,
        saleor_key,
        transaction_id(),
        amount=1000,
        data=CARD,
        source=checkout(150000, "VND"),
    )

    answer = response.json()
    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["amount"] == "1000"
    assert "pspReference" not in answer
    assert answer["data"]["error"]["code"] == "AMOUNT_MISMATCH"
    assert answer["message"] == (
        "The amount to pay (1000 VND) is not the cart total (150000 VND): the cart may have "
        "changed. Please review it."
    )
    assert stripe_double.writes() == []
    assert PaymentRecord.objects.count() == 0


def test_a_currency_that_is_not_the_carts_is_refused_and_nothing_is_created(
    client, saleor_key, stripe_double
):
    response = pay(
        client,
        saleor_key,
        transaction_id(),
        amount=150000,
        currency="USD",
        action="AUTHORIZATION",
        data=CARD,
        source=checkout(150000, "VND"),
    )

    answer = response.json()
    assert answer["result"] == "AUTHORIZATION_FAILURE"
    assert answer["data"]["error"] == {
        "code": "CURRENCY_MISMATCH",
        "message": "The payment is in USD but the cart is in VND.",
    }
    assert stripe_double.writes() == []
    assert PaymentRecord.objects.count() == 0


def test_a_cart_that_changed_before_the_page_confirmed_is_not_paid_at_the_old_amount(
    client, saleor_key, stripe_double
):
    # Given a payment started for a 150 000 VND cart, then an item was added (200 000 VND)
    tx = transaction_id()
    intent_id = pay(
        client,
        saleor_key,
        tx,
        data={"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_threeDSecure2Required"},
    ).json()["pspReference"]

    # When the page comes back after 3-D Secure with the cart now at 200 000 VND
    response = saleor_sends(
        client,
        saleor_key,
        "transaction_process_session",
        process_session(tx, intent_id, source=checkout(200000, "VND")),
    )

    # Then the old PaymentIntent is canceled and nothing is charged
    answer = response.json()
    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"]["code"] == "CHECKOUT_CHANGED"
    assert answer["message"] == (
        "Your cart changed (the total is now 200000 VND); nothing was charged. "
        "Please review it and pay again."
    )
    assert stripe_double.intents[intent_id]["status"] == "canceled"
    assert stripe_double.intents[intent_id]["cancellation_reason"] == "abandoned"
    assert stripe_double.successful_charges() == []
    assert PaymentRecord.objects.get().status == Status.CANCELED


# --- double clicks -----------------------------------------------------------------------------


def test_the_same_transaction_twice_makes_one_payment_intent_and_one_charge(
    client, saleor_key, stripe_double
):
    tx = transaction_id()

    first = pay(client, saleor_key, tx, data=CARD, idempotency_key="click-1").json()
    second = pay(client, saleor_key, tx, data=CARD, idempotency_key="click-1").json()

    assert first["result"] == second["result"] == "CHARGE_SUCCESS"
    assert first["pspReference"] == second["pspReference"]
    assert len(stripe_double.intents) == 1
    assert len(stripe_double.successful_charges()) == 1
    keys = {key for _, path, _, key in stripe_double.writes("/v1/payment_intents")}
    assert len(keys) == 1
    assert next(iter(keys)).startswith("ocop-intent-")
    assert PaymentRecord.objects.count() == 1


def test_a_second_transaction_for_a_paid_cart_is_refused_and_not_charged(
    client, saleor_key, stripe_double
):
    pay(client, saleor_key, transaction_id(), data=CARD, idempotency_key="click-1")

    answer = pay(client, saleor_key, transaction_id(), data=CARD, idempotency_key="click-2").json()

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"]["code"] == "ALREADY_PAID"
    assert len(stripe_double.intents) == 1
    assert len(stripe_double.successful_charges()) == 1


def test_a_new_attempt_cancels_the_older_unpaid_payment_intent(client, saleor_key, stripe_double):
    first = pay(client, saleor_key, transaction_id(), data={}, idempotency_key="click-1").json()

    second = pay(client, saleor_key, transaction_id(), data={}, idempotency_key="click-2").json()

    assert second["result"] == "CHARGE_ACTION_REQUIRED"
    assert first["pspReference"] != second["pspReference"]
    assert stripe_double.intents[first["pspReference"]]["status"] == "canceled"
    assert stripe_double.intents[first["pspReference"]]["cancellation_reason"] == "duplicate"
    # the page that still holds the first client secret can no longer pay with it
    stripe_double.confirm_in_browser(first["pspReference"], "pm_card_visa")
    stripe_double.confirm_in_browser(second["pspReference"], "pm_card_visa")
    assert [c.payment_intent for c in stripe_double.successful_charges()] == [
        second["pspReference"]
    ]


def test_an_older_attempt_paid_meanwhile_makes_the_new_one_refused(
    client, saleor_key, stripe_double
):
    first = pay(client, saleor_key, transaction_id(), data={}, idempotency_key="click-1").json()
    stripe_double.confirm_in_browser(first["pspReference"], "pm_card_visa")  # paid in another tab

    second = pay(client, saleor_key, transaction_id(), data=CARD, idempotency_key="click-2").json()

    assert second["data"]["error"]["code"] == "ALREADY_PAID"
    assert len(stripe_double.intents) == 1
    assert len(stripe_double.successful_charges()) == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_charge_the_card_once(saleor_key, stripe_double):
    answers: list[dict] = []

    def click(n: int) -> None:
        try:
            response = pay(
                Client(), saleor_key, transaction_id(), data=CARD, idempotency_key=f"c{n}"
            )
            answers.append(response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(a["result"] for a in answers) == ["CHARGE_FAILURE", "CHARGE_SUCCESS"]
    assert [a["data"]["error"]["code"] for a in answers if a["result"] == "CHARGE_FAILURE"] == [
        "ALREADY_PAID"
    ]
    assert len(stripe_double.successful_charges()) == 1


# --- Stripe unreachable, not configured ------------------------------------------------------


def test_stripe_unreachable_is_a_clear_failure_and_nothing_is_charged(
    client, saleor_key, settings, saleor, stripe_double
):
    settings.STRIPE_API_BASE = closed_port_url()

    response = pay(client, saleor_key, transaction_id(), data=CARD)

    answer = response.json()
    assert response.status_code == 200
    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"] == {
        "code": "STRIPE_UNAVAILABLE",
        "message": (
            "The card payment service could not be reached; nothing was charged. "
            "Your cart is kept: please try again in a moment."
        ),
    }
    assert stripe_double.requests == []
    assert saleor.calls == []  # the checkout is not touched: the cart is kept
    assert PaymentRecord.objects.get().status == Status.FAILED


def test_after_stripe_comes_back_the_customer_pays_with_a_new_attempt(
    client, saleor_key, settings, stripe_double
):
    settings.STRIPE_API_BASE = closed_port_url()
    pay(client, saleor_key, transaction_id(), data=CARD, idempotency_key="try-1")
    settings.STRIPE_API_BASE = stripe_double.url

    answer = pay(client, saleor_key, transaction_id(), data=CARD, idempotency_key="try-2").json()

    assert answer["result"] == "CHARGE_SUCCESS"
    assert len(stripe_double.successful_charges()) == 1


def test_without_stripe_keys_card_payments_are_refused(client, saleor_key, settings):
    settings.STRIPE_SECRET_KEY = ""

    answer = pay(client, saleor_key, transaction_id(), data=CARD).json()

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"]["code"] == "GATEWAY_UNAVAILABLE"


def test_an_unknown_gateway_is_refused(client, saleor_key, stripe_double):
    answer = pay(client, saleor_key, transaction_id(), data={"gateway": "app.other"}).json()

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"]["code"] == "UNKNOWN_GATEWAY"
    assert stripe_double.requests == []


# --- secrets ------------------------------------------------------------------------------------


def test_no_secret_reaches_the_logs_or_the_answers(client, saleor_key, stripe_double, caplog):
    caplog.set_level("DEBUG")
    tx = transaction_id()
    answers = [
        pay(client, saleor_key, tx, data={}).json(),
        pay(client, saleor_key, transaction_id(), data=CARD, idempotency_key="x").json(),
        pay(
            client,
            saleor_key,
            transaction_id(),
            data={"paymentMethodId": "pm_card_chargeDeclined"},
            idempotency_key="y",
        ).json(),
    ]

    client_secrets = [i["client_secret"] for i in stripe_double.intents.values()]
    assert STRIPE_SECRET_KEY not in caplog.text
    assert "sk_test" not in caplog.text
    assert not any(secret in caplog.text for secret in client_secrets)
    assert "sk_test" not in str(answers)
    assert STRIPE_PUBLISHABLE_KEY not in str(answers)
    # only the answer that needs it carries a client secret, for the Payment Element
    assert [("clientSecret" in a.get("data", {})) for a in answers] == [True, False, False]


def test_stripe_unreachable_while_processing_asks_the_page_to_try_again_not_a_failure(
    client, saleor_key, settings, stripe_double
):
    tx = transaction_id()
    intent_id = pay(client, saleor_key, tx, data={}).json()["pspReference"]
    stripe_double.confirm_in_browser(intent_id, "pm_card_visa")  # the customer did pay
    settings.STRIPE_API_BASE = closed_port_url()

    answer = saleor_sends(
        client, saleor_key, "transaction_process_session", process_session(tx, intent_id)
    ).json()

    assert answer["result"] == "CHARGE_ACTION_REQUIRED"
    assert answer["pspReference"] == intent_id
    assert answer["data"]["error"]["code"] == "STRIPE_UNAVAILABLE"
    assert PaymentRecord.objects.get().status == Status.ACTION_REQUIRED
