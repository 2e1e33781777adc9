"""Stripe's webhook: signed events, each applied once and in order, reported to Saleor.

Events are the ones the Stripe double emitted for what happened there, signed with the test
secret the way Stripe signs them; Saleor is the in-memory FakeSaleor (schema-checked).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest

from payments.lifecycle import Status
from payments.models import PaymentRecord, StripeEvent
from payments.stripe_gateway import stripe_client
from tests.payments.helpers import (
    STRIPE_WEBHOOK_SECRET,
    initialize_session,
    saleor_sends,
    stripe_sends,
    transaction_id,
)

pytestmark = pytest.mark.django_db

CARD = {"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_visa"}


def paid(client, saleor_key, *, action: str = "CHARGE", data: dict | None = None) -> str:
    tx = transaction_id()
    saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(tx, action=action, data=CARD if data is None else data),
    )
    return tx


def iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


# --- reporting --------------------------------------------------------------------------------


def test_a_succeeded_payment_is_reported_to_saleor(client, saleor_key, stripe_double, saleor):
    tx = paid(client, saleor_key)
    (event,) = stripe_double.events_of("payment_intent.succeeded")
    intent = event["data"]["object"]

    response = stripe_sends(client, event)

    assert response.status_code == 200
    assert response.json() == {"received": True, "status": "reported"}
    assert saleor.calls == ["TransactionEventReport"]
    (report,) = saleor.transaction_reports
    assert report == {
        "id": tx,
        "pspReference": intent["id"],
        "type": "CHARGE_SUCCESS",
        "amount": "150000",
        "time": iso(event["created"]),
        "message": None,
        "externalUrl": f"https://dashboard.stripe.com/test/payments/{intent['id']}",
        "availableActions": ["REFUND"],
        "alreadyProcessed": False,
    }
    stored = StripeEvent.objects.get()
    assert (stored.event_id, stored.type, stored.outcome, stored.attempts) == (
        event["id"],
        "payment_intent.succeeded",
        "reported",
        1,
    )


def test_an_authorization_then_its_cancelation_are_reported(
    client, saleor_key, stripe_double, saleor
):
    tx = paid(client, saleor_key, action="AUTHORIZATION")
    intent_id = PaymentRecord.objects.get().psp_reference
    stripe_client().v1.payment_intents.cancel(intent_id)  # in Stripe's Dashboard

    for event in stripe_double.events_of(
        "payment_intent.amount_capturable_updated"
    ) + stripe_double.events_of("payment_intent.canceled"):
        assert stripe_sends(client, event).status_code == 200

    assert saleor.transaction_events(tx) == [
        ("AUTHORIZATION_SUCCESS", intent_id, "150000"),
        ("CANCEL_SUCCESS", intent_id, "150000"),
    ]
    assert PaymentRecord.objects.get().status == Status.CANCELED


def test_a_declined_payment_is_reported_as_a_failure_with_its_message(
    client, saleor_key, stripe_double, saleor
):
    tx = paid(client, saleor_key, data={"paymentMethodId": "pm_card_chargeDeclined"})
    (event,) = stripe_double.events_of("payment_intent.payment_failed")

    stripe_sends(client, event)

    (report,) = saleor.transaction_reports
    assert (report["id"], report["type"], report["message"]) == (
        tx,
        "CHARGE_FAILURE",
        "Your card was declined.",
    )


def test_an_abandoned_unpaid_payment_intent_is_reported_as_a_failure_not_a_cancel(
    client, saleor_key, stripe_double, saleor
):
    first = paid(client, saleor_key, data={})
    saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(transaction_id(), data={}, idempotency_key="click-2"),
    )
    (event,) = stripe_double.events_of("payment_intent.canceled")

    stripe_sends(client, event)

    (report,) = saleor.transaction_reports
    assert (report["id"], report["type"], report["message"]) == (
        first,
        "CHARGE_FAILURE",
        "The payment was canceled; nothing was charged.",
    )


def test_a_pending_refund_is_reported_when_the_bank_settles_it(
    client, saleor_key, stripe_double, saleor
):
    tx = paid(client, saleor_key)
    stripe_double.refund_status = "pending"
    saleor_sends(
        client,
        saleor_key,
        "transaction_refund_requested",
        {
            "__typename": "TransactionRefundRequested",
            "issuedAt": datetime.now(UTC).isoformat(),
            "action": {"actionType": "REFUND", "amount": 50000, "currency": "VND"},
            "transaction": {"id": tx, "pspReference": PaymentRecord.objects.get().psp_reference},
        },
    )
    (refund,) = stripe_double.refunds.values()
    stripe_double.settle_refund(refund["id"], "succeeded")
    created, updated = stripe_double.events_of("refund.created") + stripe_double.events_of(
        "refund.updated"
    )

    assert stripe_sends(client, created).json()["status"] == "ignored"  # still pending
    assert stripe_sends(client, updated).json()["status"] == "reported"

    (report,) = saleor.transaction_reports
    assert (report["id"], report["pspReference"], report["type"], report["amount"]) == (
        tx,
        refund["id"],
        "REFUND_SUCCESS",
        "50000",
    )


def test_a_refund_the_bank_refused_is_reported_as_a_refund_failure(
    client, saleor_key, stripe_double, saleor
):
    tx = paid(client, saleor_key)
    intent_id = PaymentRecord.objects.get().psp_reference
    event = stripe_double.make_event(
        "refund.failed",
        {
            "id": "re_failed_1",
            "object": "refund",
            "amount": 150000,
            "currency": "vnd",
            "payment_intent": intent_id,
            "metadata": {},  # made in Stripe's Dashboard: found by its PaymentIntent
            "status": "failed",
            "failure_reason": "expired_or_canceled_card",
        },
    )

    stripe_sends(client, event)

    (report,) = saleor.transaction_reports
    assert (report["id"], report["type"], report["message"]) == (
        tx,
        "REFUND_FAILURE",
        "expired_or_canceled_card",
    )


def test_a_payment_intent_this_app_did_not_make_is_ignored(client, stripe_double, saleor):
    event = stripe_double.make_event(
        "payment_intent.succeeded",
        {"id": "pi_other", "object": "payment_intent", "status": "succeeded", "metadata": {}},
    )

    response = stripe_sends(client, event)

    assert response.json() == {"received": True, "status": "ignored"}
    assert saleor.calls == []


def test_events_the_app_does_not_use_are_ignored(client, stripe_double, saleor):
    event = stripe_double.make_event("charge.succeeded", {"id": "ch_1", "object": "charge"})

    assert stripe_sends(client, event).json()["status"] == "ignored"
    assert saleor.calls == []


def test_an_event_for_a_forgotten_payment_still_reaches_saleor(
    client, saleor_key, stripe_double, saleor
):
    tx = paid(client, saleor_key)
    PaymentRecord.objects.all().delete()  # the app's database was restored from a backup
    (event,) = stripe_double.events_of("payment_intent.succeeded")

    stripe_sends(client, event)

    assert [r["id"] for r in saleor.transaction_reports] == [tx]
    record = PaymentRecord.objects.get()
    assert (record.saleor_transaction_id, record.status) == (tx, Status.CHARGED)


# --- replays and order ----------------------------------------------------------------------


def test_a_replayed_event_is_processed_once(client, saleor_key, stripe_double, saleor):
    paid(client, saleor_key)
    (event,) = stripe_double.events_of("payment_intent.succeeded")

    first = stripe_sends(client, event)
    second = stripe_sends(client, event)
    third = stripe_sends(client, event, timestamp=int(time.time()) + 5)

    assert first.json()["status"] == "reported"
    assert second.json() == third.json() == {"received": True, "status": "duplicate"}
    assert saleor.calls == ["TransactionEventReport"]
    assert StripeEvent.objects.count() == 1


def test_a_late_processing_event_after_success_is_ignored(
    client, saleor_key, stripe_double, saleor
):
    tx = paid(client, saleor_key)
    (succeeded,) = stripe_double.events_of("payment_intent.succeeded")
    intent = succeeded["data"]["object"]
    processing = stripe_double.make_event(
        "payment_intent.processing",
        {**intent, "status": "processing", "amount_received": 0},
        created=succeeded["created"] - 2,
    )

    stripe_sends(client, succeeded)
    late = stripe_sends(client, processing)

    assert late.json() == {"received": True, "status": "ignored"}
    assert saleor.transaction_events(tx) == [("CHARGE_SUCCESS", intent["id"], "150000")]
    assert PaymentRecord.objects.get().status == Status.CHARGED
    assert StripeEvent.objects.get(event_id=processing["id"]).outcome == "ignored"


def test_processing_then_success_in_order_are_both_reported(
    client, saleor_key, stripe_double, saleor
):
    tx = paid(client, saleor_key)
    (succeeded,) = stripe_double.events_of("payment_intent.succeeded")
    intent = succeeded["data"]["object"]
    processing = stripe_double.make_event(
        "payment_intent.processing",
        {**intent, "status": "processing", "amount_received": 0},
        created=succeeded["created"] - 2,
    )
    PaymentRecord.objects.update(status=Status.ACTION_REQUIRED)  # as if the answer was lost

    stripe_sends(client, processing)
    stripe_sends(client, succeeded)

    assert saleor.transaction_events(tx) == [
        ("CHARGE_REQUEST", intent["id"], "150000"),
        ("CHARGE_SUCCESS", intent["id"], "150000"),
    ]


def test_a_late_failure_after_a_success_does_not_undo_it(client, saleor_key, stripe_double, saleor):
    tx = paid(client, saleor_key)
    (succeeded,) = stripe_double.events_of("payment_intent.succeeded")
    intent = succeeded["data"]["object"]
    failed = stripe_double.make_event(
        "payment_intent.payment_failed",
        {
            **intent,
            "status": "requires_payment_method",
            "amount_received": 0,
            "last_payment_error": {"code": "card_declined", "message": "Your card was declined."},
        },
        created=succeeded["created"] - 1,
    )

    late = stripe_sends(client, failed)  # the app already knows the payment succeeded
    stripe_sends(client, succeeded)
    again = stripe_sends(client, failed)  # Stripe retrying the old failure

    assert late.json()["status"] == "ignored"
    assert again.json()["status"] == "duplicate"
    assert saleor.transaction_events(tx) == [("CHARGE_SUCCESS", intent["id"], "150000")]
    assert PaymentRecord.objects.get().status == Status.CHARGED


# --- signatures ---------------------------------------------------------------------------------


def test_an_event_with_a_bad_signature_is_refused_and_not_recorded(
    client, saleor_key, stripe_double, saleor, caplog
):
    paid(client, saleor_key)
    (event,) = stripe_double.events_of("payment_intent.succeeded")

    with caplog.at_level(logging.DEBUG):
        response = stripe_sends(client, event, secret="whsec_someone_else")

    assert response.status_code == 400
    assert response.json() == {"received": False, "error": "invalid signature"}
    assert StripeEvent.objects.count() == 0
    assert saleor.calls == []
    assert "refused a Stripe webhook: its signature does not verify" in caplog.text
    assert STRIPE_WEBHOOK_SECRET not in caplog.text


def test_an_old_signed_event_is_refused(client, saleor_key, stripe_double, saleor):
    paid(client, saleor_key)
    (event,) = stripe_double.events_of("payment_intent.succeeded")

    response = stripe_sends(client, event, timestamp=int(time.time()) - 3600)

    assert response.status_code == 400
    assert saleor.calls == []


def test_an_unsigned_event_is_refused(client, stripe_double, saleor):
    event = stripe_double.make_event("payment_intent.succeeded", {"id": "pi_1"})

    response = client.post("/payments/stripe/webhook", data=event, content_type="application/json")

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_without_a_webhook_secret_events_are_refused(client, stripe_double, settings, saleor):
    settings.STRIPE_WEBHOOK_SECRET = ""
    event = stripe_double.make_event("payment_intent.succeeded", {"id": "pi_1"})

    response = stripe_sends(client, event)

    assert response.status_code == 503
    assert StripeEvent.objects.count() == 0


# --- when Saleor cannot take the report ---------------------------------------------------


def test_saleor_unavailable_makes_stripe_send_the_event_again_then_it_is_reported(
    client, saleor_key, stripe_double, saleor, caplog
):
    tx = paid(client, saleor_key)
    (event,) = stripe_double.events_of("payment_intent.succeeded")
    saleor.fail_next = [503]

    with caplog.at_level(logging.ERROR):
        first = stripe_sends(client, event)
    stored = StripeEvent.objects.get()

    assert first.status_code == 503
    assert (stored.outcome, stored.attempts) == ("pending", 1)
    assert "TransactionEventReport: HTTP 503" in stored.last_error
    assert f"Stripe event {event['id']} not reported to Saleor (attempt 1)" in caplog.text

    again = stripe_sends(client, event)

    assert again.json() == {"received": True, "status": "reported"}
    assert stored.report is not None
    assert saleor.transaction_events(tx) == [
        ("CHARGE_SUCCESS", stored.report["pspReference"], "150000")
    ]
    stored.refresh_from_db()
    assert (stored.outcome, stored.attempts, stored.last_error) == ("reported", 2, "")


def test_a_report_saleor_refuses_is_kept_and_logged_as_an_error(
    client, saleor_key, stripe_double, saleor, caplog
):
    paid(client, saleor_key)
    (event,) = stripe_double.events_of("payment_intent.succeeded")
    saleor.transaction_report_errors.append(
        {"field": "id", "code": "NOT_FOUND", "message": "Couldn't resolve to a node"}
    )

    with caplog.at_level(logging.ERROR):
        response = stripe_sends(client, event)
    again = stripe_sends(client, event)

    assert response.json() == {"received": True, "status": "failed"}
    assert again.json()["status"] == "duplicate"
    stored = StripeEvent.objects.get()
    assert stored.outcome == "failed"
    assert stored.last_error == (
        "TransactionEventReport: id: NOT_FOUND (Couldn't resolve to a node)"
    )
    assert f"Saleor refused the report of Stripe event {event['id']}" in caplog.text
