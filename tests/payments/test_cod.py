"""Cash on delivery (thanh toán khi nhận hàng): authorised at checkout, charged on delivery."""

from __future__ import annotations

from decimal import Decimal

import pytest

from payments.lifecycle import Status
from payments.models import PaymentRecord
from tests.payments.helpers import (
    action_requested,
    checkout,
    initialize_session,
    process_session,
    saleor_sends,
    transaction_id,
)

pytestmark = pytest.mark.django_db

COD = {"gateway": "app.ocop.cod"}
TOKEN = "7c0e7f4c-1f5e-4f6b-9d0a-5a1c2b3d4e5f"


def order_with_cod(client, saleor_key, *, action: str = "CHARGE") -> tuple[str, dict]:
    tx = transaction_id(TOKEN)
    answer = saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(tx, action=action, data=COD),
    ).json()
    return tx, answer


def staff(client, saleor_key, event: str, tx: str, **kwargs):
    payload = action_requested(event, tx, f"cod-{TOKEN}", **kwargs)
    return saleor_sends(client, saleor_key, event, payload).json()


@pytest.mark.parametrize("action", ["CHARGE", "AUTHORIZATION"])
def test_cash_on_delivery_is_authorised_for_collection_whatever_the_flow(
    client, saleor_key, stripe_double, action
):
    tx, answer = order_with_cod(client, saleor_key, action=action)

    assert answer["result"] == "AUTHORIZATION_SUCCESS"
    assert answer["pspReference"] == f"cod-{TOKEN}"
    assert answer["amount"] == "150000"
    assert answer["actions"] == ["CHARGE", "CANCEL"]
    assert answer["message"] == "To be paid in cash on delivery."
    assert answer["data"] == {"gateway": "app.ocop.cod", "collectOnDelivery": True}
    record = PaymentRecord.objects.get()
    assert (record.gateway, record.status, record.saleor_transaction_id) == (
        "app.ocop.cod",
        Status.AUTHORIZED,
        tx,
    )
    assert stripe_double.requests == []


def test_the_same_cod_transaction_twice_gets_the_same_answer(client, saleor_key):
    tx, first = order_with_cod(client, saleor_key)

    second = saleor_sends(
        client, saleor_key, "transaction_initialize_session", initialize_session(tx, data=COD)
    ).json()

    assert {k: v for k, v in second.items() if k != "time"} == {
        k: v for k, v in first.items() if k != "time"
    }
    assert PaymentRecord.objects.count() == 1


def test_a_second_cod_order_for_the_same_cart_is_refused(client, saleor_key):
    order_with_cod(client, saleor_key)

    answer = saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(transaction_id(), data=COD, idempotency_key="click-2"),
    ).json()

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"]["code"] == "ALREADY_PAID"


def test_cod_is_offered_in_vnd_only(client, saleor_key):
    answer = saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(
            transaction_id(), amount="25.00", currency="USD", data=COD, source=checkout(25, "USD")
        ),
    ).json()

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["data"]["error"] == {
        "code": "COD_NOT_AVAILABLE",
        "message": "Cash on delivery is not available for payments in USD.",
    }


def test_a_cod_amount_that_is_not_the_cart_total_is_refused(client, saleor_key):
    answer = saleor_sends(
        client,
        saleor_key,
        "transaction_initialize_session",
        initialize_session(transaction_id(), amount=100000, data=COD, source=checkout(150000)),
    ).json()

    assert answer["data"]["error"]["code"] == "AMOUNT_MISMATCH"
    assert PaymentRecord.objects.count() == 0


def test_staff_mark_the_cash_collected_on_delivery(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)

    answer = staff(client, saleor_key, "transaction_charge_requested", tx)

    assert answer["result"] == "CHARGE_SUCCESS"
    assert answer["amount"] == "150000"
    assert answer["pspReference"] == f"cod-{TOKEN}-collected-1"
    assert answer["actions"] == ["REFUND"]
    record = PaymentRecord.objects.get()
    assert (record.status, record.amount_charged) == (Status.CHARGED, Decimal(150000))


def test_marking_it_collected_twice_by_the_same_request_counts_once(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)

    first = staff(client, saleor_key, "transaction_charge_requested", tx)
    second = staff(client, saleor_key, "transaction_charge_requested", tx)

    assert first == second
    assert PaymentRecord.objects.get().amount_charged == Decimal(150000)


def test_collecting_more_than_the_order_is_refused(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)

    answer = staff(client, saleor_key, "transaction_charge_requested", tx, amount=200000)

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["message"] == "Only 150000 VND is to be collected on delivery, not 200000."
    assert PaymentRecord.objects.get().amount_charged == Decimal(0)


def test_an_undelivered_order_is_canceled(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)

    answer = staff(client, saleor_key, "transaction_cancelation_requested", tx)

    assert answer["result"] == "CANCEL_SUCCESS"
    assert answer["amount"] == "150000"
    assert answer["actions"] == []
    assert PaymentRecord.objects.get().status == Status.CANCELED


def test_collecting_a_canceled_order_is_refused(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)
    staff(client, saleor_key, "transaction_cancelation_requested", tx, request_event_id="RXY6MQ==")

    answer = staff(client, saleor_key, "transaction_charge_requested", tx)

    assert answer["result"] == "CHARGE_FAILURE"
    assert answer["message"] == (
        "This cash-on-delivery payment was canceled; there is nothing to collect."
    )


def test_canceling_after_the_cash_was_collected_is_refused(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)
    staff(client, saleor_key, "transaction_charge_requested", tx, request_event_id="RXY6MQ==")

    answer = staff(client, saleor_key, "transaction_cancelation_requested", tx)

    assert answer["result"] == "CANCEL_FAILURE"
    assert answer["message"] == "Cash was already collected: refund it instead of canceling."


def test_collected_cash_can_be_refunded_up_to_what_was_collected(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)
    staff(client, saleor_key, "transaction_charge_requested", tx, request_event_id="RXY6MQ==")

    first = staff(
        client,
        saleor_key,
        "transaction_refund_requested",
        tx,
        amount=50000,
        request_event_id="RXY6Mg==",
    )
    second = staff(
        client,
        saleor_key,
        "transaction_refund_requested",
        tx,
        amount=100000,
        request_event_id="RXY6Mw==",
    )
    third = staff(
        client,
        saleor_key,
        "transaction_refund_requested",
        tx,
        amount=1,
        request_event_id="RXY6NA==",
    )

    assert (first["result"], first["pspReference"], first["actions"]) == (
        "REFUND_SUCCESS",
        f"cod-{TOKEN}-refund-1",
        ["REFUND"],
    )
    assert (second["result"], second["pspReference"], second["actions"]) == (
        "REFUND_SUCCESS",
        f"cod-{TOKEN}-refund-2",
        [],
    )
    assert third["result"] == "REFUND_FAILURE"
    assert third["message"] == "Only 0 VND that was collected can be refunded."
    assert PaymentRecord.objects.get().amount_refunded == Decimal(150000)


def test_nothing_collected_cannot_be_refunded(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)

    answer = staff(client, saleor_key, "transaction_refund_requested", tx)

    assert answer["result"] == "REFUND_FAILURE"
    assert answer["message"] == (
        "Nothing was collected yet: cancel the payment instead of refunding it."
    )


def test_transaction_process_for_cod_tells_the_current_state(client, saleor_key):
    tx, _ = order_with_cod(client, saleor_key)

    answer = saleor_sends(
        client, saleor_key, "transaction_process_session", process_session(tx, f"cod-{TOKEN}")
    ).json()

    assert answer["result"] == "AUTHORIZATION_SUCCESS"
    assert answer["pspReference"] == f"cod-{TOKEN}"


def test_cod_can_be_switched_off(client, saleor_key, settings):
    settings.PAYMENTS_COD_ENABLED = False

    _, answer = order_with_cod(client, saleor_key)

    assert answer["data"]["error"]["code"] == "COD_NOT_AVAILABLE"
