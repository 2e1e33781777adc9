"""Saleor's payloads read into requests, and answers written as Saleor's response schemas want."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from payments.protocol import (
    Action,
    Answer,
    BadPayload,
    EventType,
    Flow,
    parse_action,
    parse_session,
    transaction_token,
)
from tests.payments.helpers import (
    CHECKOUT_ID,
    ORDER_ID,
    action_requested,
    initialize_session,
    order,
    transaction_id,
)

MOMENT = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)


def test_a_session_payload_is_read_with_decimal_amounts():
    tx = transaction_id("0f9c")

    request = parse_session(
        initialize_session(tx, amount=12.34, currency="usd", action="AUTHORIZATION", data={"a": 1})
    )

    assert request.transaction_id == tx
    assert request.flow is Flow.AUTHORIZATION
    assert (request.amount, request.currency) == (Decimal("12.34"), "USD")
    assert (request.source.kind, request.source.id, request.source.due.amount) == (
        "Checkout",
        CHECKOUT_ID,
        Decimal("12.34"),
    )
    assert request.data == {"a": 1}
    assert request.idempotency_key == "pay-0001"


def test_an_order_is_due_what_is_not_yet_charged_or_authorised():
    request = parse_session(
        initialize_session(transaction_id(), source=order(total=150000, charged=20000))
    )

    assert (request.source.kind, request.source.id) == ("Order", ORDER_ID)
    assert request.source.due.amount == Decimal(130000)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"action": {"amount": -1, "currency": "VND", "actionType": "CHARGE"}}, "action.amount"),
        ({"action": {"amount": 1, "currency": "VND", "actionType": "X"}}, "actionType"),
        ({"action": {"amount": 1, "currency": "DONG", "actionType": "CHARGE"}}, "currency"),
        ({"sourceObject": {"__typename": "Voucher", "id": "x"}}, "Voucher"),
        ({"data": [1, 2]}, "data must be a JSON object"),
    ],
)
def test_bad_session_payloads_are_refused(change, message):
    payload = {**initialize_session(transaction_id()), **change}

    with pytest.raises(BadPayload, match=message):
        parse_session(payload)


def test_an_action_request_is_named_by_saleors_request_event():
    payload = action_requested(
        "transaction_refund_requested", "VHg=", "pi_1", amount=500, request_event_id="RXY6OQ=="
    )
    payload["transaction"]["events"].append(
        {
            "id": "RXY6MQ==",
            "type": "REFUND_REQUEST",
            "createdAt": "2020-01-01T00:00:00+00:00",
            "amount": {"amount": 500, "currency": "VND"},
        }
    )

    request = parse_action(payload, "REFUND_REQUEST")

    assert (request.transaction_id, request.psp_reference, request.amount) == (
        "VHg=",
        "pi_1",
        Decimal(500),
    )
    assert request.request_key == "RXY6OQ=="  # the newest request of that amount


def test_without_its_request_event_an_action_is_named_by_transaction_and_amount():
    payload = action_requested(
        "transaction_charge_requested", "VHg=", "pi_1", amount="150000.000", request_event_id=None
    )

    assert parse_action(payload, "CHARGE_REQUEST").request_key == "VHg=:CHARGE_REQUEST:150000"


def test_a_session_answer_has_saleors_field_names():
    answer = Answer(
        result=EventType.CHARGE_ACTION_REQUIRED,
        amount=Decimal("150000.000"),
        psp_reference="pi_1",
        message="3-D Secure authentication is required.",
        data={"clientSecret": "pi_1_secret_x"},
        actions=(Action.CANCEL,),
        external_url="https://dashboard.stripe.com/test/payments/pi_1",
        time=MOMENT,
    )

    assert answer.as_json() == {
        "result": "CHARGE_ACTION_REQUIRED",
        "time": "2026-11-01T08:30:00+00:00",
        "amount": "150000",
        "pspReference": "pi_1",
        "message": "3-D Secure authentication is required.",
        "externalUrl": "https://dashboard.stripe.com/test/payments/pi_1",
        "actions": ["CANCEL"],
        "data": {"clientSecret": "pi_1_secret_x"},
    }
    assert Answer.from_json(answer.as_json()) == answer


def test_a_pending_action_answer_is_only_its_reference():
    assert Answer(result=None, psp_reference="re_1").as_json() == {"pspReference": "re_1"}


def test_messages_are_cut_to_saleors_limit():
    answer = Answer(result=EventType.CHARGE_FAILURE, message="x" * 600, time=MOMENT)

    assert len(answer.as_json()["message"]) == 512


def test_the_transaction_token_is_read_from_its_global_id():
    assert transaction_token(transaction_id("3f2b-uuid")) == "3f2b-uuid"
    assert transaction_token("not-base64!") == "not-base64!"
