"""Staff in the Dashboard: TRANSACTION_CHARGE_REQUESTED, _REFUND_REQUESTED, _CANCELATION_REQUESTED
for card payments (capture, refund, cancel at Stripe, each with an idempotency key)."""

from __future__ import annotations

import pytest

from payments.lifecycle import Status
from payments.models import PaymentRecord
from payments.stripe_gateway import stripe_client
from tests.fakes.stripe_double import closed_port_url
from tests.payments.helpers import (
    action_requested,
    initialize_session,
    saleor_sends,
    transaction_id,
)

pytestmark = pytest.mark.django_db

CARD = {"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_visa"}


def paid(client, saleor_key, *, action: str = "CHARGE") -> tuple[str, str]:
    tx = transaction_id()
    answer = saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(tx, action=action, data=CARD),
    ).json()
    return tx, answer["pspReference"]


def staff(client, saleor_key, event: str, tx: str, psp: str, **kwargs):
    return saleor_sends(client, saleor_key, event, action_requested(event, tx, psp, **kwargs))


def test_capturing_an_authorization_charges_the_card(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key, action="AUTHORIZATION")

    response = staff(client, saleor_key, "transaction_charge_requested", tx, intent_id)

    answer = response.json()
    assert response.status_code == 200
    assert answer["result"] == "CHARGE_SUCCESS"
    assert answer["pspReference"] == intent_id
    assert answer["amount"] == "150000"
    assert answer["actions"] == ["REFUND"]
    assert stripe_double.intents[intent_id]["status"] == "succeeded"
    assert [c.captured for c in stripe_double.successful_charges()] == [True]
    assert PaymentRecord.objects.get().status == Status.CHARGED


def test_a_partial_capture_takes_only_the_amount_asked(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key, action="AUTHORIZATION")

    answer = staff(
        client, saleor_key, "transaction_charge_requested", tx, intent_id, amount=100000
    ).json()

    assert answer["result"] == "CHARGE_SUCCESS"
    assert answer["amount"] == "100000"
    assert stripe_double.intents[intent_id]["amount_received"] == 100000


def test_a_repeated_capture_request_captures_once(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key, action="AUTHORIZATION")

    first = staff(client, saleor_key, "transaction_charge_requested", tx, intent_id).json()
    second = staff(client, saleor_key, "transaction_charge_requested", tx, intent_id).json()

    assert first == second
    assert len(stripe_double.writes("/v1/payment_intents/" + intent_id + "/capture")) == 1


def test_capturing_a_card_payment_already_charged_is_a_charge_failure(
    client, saleor_key, stripe_double
):
    tx, intent_id = paid(client, saleor_key)

    answer = staff(client, saleor_key, "transaction_charge_requested", tx, intent_id).json()

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["message"].startswith(
        "This PaymentIntent could not be captured because it has a status of succeeded."
    )


def test_a_refund_refunds_the_card_once_with_its_own_reference(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key)

    first = staff(
        client, saleor_key, "transaction_refund_requested", tx, intent_id, amount=50000
    ).json()
    repeat = staff(
        client, saleor_key, "transaction_refund_requested", tx, intent_id, amount=50000
    ).json()

    (refund,) = stripe_double.refunds.values()
    assert first == repeat
    assert first["result"] == "REFUND_SUCCESS"
    assert first["pspReference"] == refund["id"]
    assert first["amount"] == "50000"
    assert (refund["amount"], refund["payment_intent"]) == (50000, intent_id)
    assert refund["metadata"] == {"saleor_transaction_id": tx}


def test_two_different_refund_requests_make_two_refunds(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key)

    first = staff(
        client,
        saleor_key,
        "transaction_refund_requested",
        tx,
        intent_id,
        amount=50000,
        request_event_id="VHJhbnNhY3Rpb25FdmVudDox",
    ).json()
    second = staff(
        client,
        saleor_key,
        "transaction_refund_requested",
        tx,
        intent_id,
        amount=50000,
        request_event_id="VHJhbnNhY3Rpb25FdmVudDoy",
    ).json()

    assert first["pspReference"] != second["pspReference"]
    assert [r["amount"] for r in stripe_double.refunds.values()] == [50000, 50000]


def test_a_refund_still_pending_at_stripe_is_answered_as_pending(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key)
    stripe_double.refund_status = "pending"

    answer = staff(client, saleor_key, "transaction_refund_requested", tx, intent_id).json()

    (refund,) = stripe_double.refunds.values()
    assert answer == {"pspReference": refund["id"]}


def test_refunding_more_than_was_paid_is_a_refund_failure(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key)

    answer = staff(
        client, saleor_key, "transaction_refund_requested", tx, intent_id, amount=200000
    ).json()

    assert answer["result"] == "REFUND_FAILURE"
    assert answer["message"] == (
        "Refund amount (200000) is greater than unrefunded amount on charge (150000)"
    )
    assert stripe_double.refunds == {}


def test_canceling_an_authorization_releases_it(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key, action="AUTHORIZATION")

    answer = staff(client, saleor_key, "transaction_cancelation_requested", tx, intent_id).json()

    assert answer["result"] == "CANCEL_SUCCESS"
    assert answer["pspReference"] == intent_id
    assert answer["actions"] == []
    assert stripe_double.intents[intent_id]["status"] == "canceled"
    assert PaymentRecord.objects.get().status == Status.CANCELED


def test_canceling_a_charged_payment_is_a_cancel_failure(client, saleor_key, stripe_double):
    tx, intent_id = paid(client, saleor_key)

    answer = staff(client, saleor_key, "transaction_cancelation_requested", tx, intent_id).json()

    assert answer["result"] == "CANCEL_FAILURE"
    assert answer["message"] == "The payment cannot be canceled (it is succeeded)."
    assert stripe_double.intents[intent_id]["status"] == "succeeded"


def test_stripe_unreachable_during_a_refund_is_a_refund_failure_that_can_be_retried(
    client, saleor_key, settings, stripe_double
):
    tx, intent_id = paid(client, saleor_key)
    settings.STRIPE_API_BASE = closed_port_url()

    down = staff(
        client,
        saleor_key,
        "transaction_refund_requested",
        tx,
        intent_id,
        request_event_id="VHJhbnNhY3Rpb25FdmVudDo3",
    ).json()
    settings.STRIPE_API_BASE = stripe_double.url
    retried = staff(
        client,
        saleor_key,
        "transaction_refund_requested",
        tx,
        intent_id,
        request_event_id="VHJhbnNhY3Rpb25FdmVudDo4",
    ).json()

    assert down["result"] == "REFUND_FAILURE"
    assert down["message"] == "Stripe could not be reached; nothing was done (refund). Try again."
    assert retried["result"] == "REFUND_SUCCESS"
    assert len(stripe_double.refunds) == 1


def test_an_action_on_a_payment_this_app_never_made_is_refused(client, saleor_key):
    answer = staff(
        client, saleor_key, "transaction_refund_requested", transaction_id(), "ext-123"
    ).json()

    assert answer["result"] == "REFUND_FAILURE"
    assert answer["message"] == "This app has no record of this payment."


def test_canceling_an_authorization_already_released_at_stripe_is_a_success(
    client, saleor_key, stripe_double
):
    tx, intent_id = paid(client, saleor_key, action="AUTHORIZATION")
    stripe_client().v1.payment_intents.cancel(intent_id)  # released in Stripe's Dashboard

    answer = staff(client, saleor_key, "transaction_cancelation_requested", tx, intent_id).json()

    assert answer["result"] == "CANCEL_SUCCESS"
    assert PaymentRecord.objects.get().status == Status.CANCELED
