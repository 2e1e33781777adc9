"""Cash on delivery (thanh toán khi nhận hàng): the courier collects the money at the door.

- Paying: the transaction is *authorised* for collection (``AUTHORIZATION_SUCCESS``, reference
  ``cod-<transaction>``), whatever flow the channel asks for: no money has moved yet, and a fully
  authorised checkout can be completed into an order.
- Delivered: staff press *Capture* in the Dashboard when the cash is in (``CHARGE_SUCCESS``), for at
  most what is still to be collected.
- Not delivered: staff *Cancel* (``CANCEL_SUCCESS``) while nothing has been collected.
- Refund: only money that was collected can be given back, and only up to what was collected and
  not yet refunded; staff hand it back themselves (cash or bank transfer) and the Dashboard
  records it (``REFUND_SUCCESS``). Anything else is ``REFUND_FAILURE`` with the reason (before
  collection, *Cancel* is the right action).

Offered only in ``PAYMENTS_COD_CURRENCIES`` (VND by default: the courier collects đồng).
"""

from __future__ import annotations

from django.conf import settings

from payments.lifecycle import Status
from payments.models import PaymentRecord
from payments.protocol import (
    Action,
    ActionRequest,
    Answer,
    EventType,
    SessionRequest,
    failure,
    transaction_token,
)
from saleor_api.money import plain

COLLECT_MESSAGE = "To be paid in cash on delivery."


def is_available(currency: str) -> bool:
    return bool(settings.PAYMENTS_COD_ENABLED) and currency.upper() in {
        c.upper() for c in settings.PAYMENTS_COD_CURRENCIES
    }


def psp_reference(transaction_id: str) -> str:
    return f"cod-{transaction_token(transaction_id)}"


def _event_reference(record: PaymentRecord, result: EventType, label: str) -> str:
    """A reference of its own for each collection or refund: Saleor takes a second event with
    the same reference and type for a repeat of the first."""
    done = sum(1 for answer in record.answers.values() if answer.get("result") == result.value)
    return f"{record.psp_reference}-{label}-{done + 1}"


def _to_collect(record: PaymentRecord) -> Answer:
    return Answer(
        result=EventType.AUTHORIZATION_SUCCESS,
        amount=record.amount,
        psp_reference=record.psp_reference,
        message=COLLECT_MESSAGE,
        data={"gateway": record.gateway, "collectOnDelivery": True},
        actions=(Action.CHARGE, Action.CANCEL),
    )


class CashOnDeliveryGateway:
    def initialize(self, request: SessionRequest, record: PaymentRecord) -> Answer:
        if not is_available(request.currency):
            record.status = Status.FAILED
            record.save(update_fields=["status", "updated_at"])
            return failure(
                request.flow,
                "COD_NOT_AVAILABLE",
                f"Cash on delivery is not available for payments in {request.currency}.",
                request.amount,
            )
        record.psp_reference = psp_reference(request.transaction_id)
        record.status = Status.AUTHORIZED
        record.save(update_fields=["psp_reference", "status", "updated_at"])
        return _to_collect(record)

    def process(self, request: SessionRequest, record: PaymentRecord) -> Answer:
        if record.status == Status.AUTHORIZED:
            return _to_collect(record)
        if record.status == Status.CHARGED:
            return Answer(
                result=EventType.CHARGE_SUCCESS,
                amount=record.amount_charged,
                psp_reference=record.psp_reference,
                actions=(Action.REFUND,),
            )
        return failure(
            request.flow,
            "NOT_PAYABLE",
            "This cash-on-delivery payment was canceled.",
            request.amount,
            record.psp_reference,
        )

    def charge(self, request: ActionRequest, record: PaymentRecord) -> Answer:
        to_collect = record.amount - record.amount_charged
        refused = None
        if record.status == Status.CANCELED:
            refused = "This cash-on-delivery payment was canceled; there is nothing to collect."
        elif request.amount > to_collect:
            refused = (
                f"Only {plain(to_collect)} {record.currency} is to be collected on delivery, "
                f"not {plain(request.amount)}."
            )
        if refused:
            return Answer(
                result=EventType.CHARGE_FAILURE,
                amount=request.amount,
                psp_reference=record.psp_reference,
                message=refused,
            )
        record.amount_charged += request.amount
        if record.amount_charged >= record.amount:
            record.status = Status.CHARGED
        record.save(update_fields=["amount_charged", "status", "updated_at"])
        fully = record.status == Status.CHARGED
        return Answer(
            result=EventType.CHARGE_SUCCESS,
            amount=request.amount,
            psp_reference=_event_reference(record, EventType.CHARGE_SUCCESS, "collected"),
            message="Cash collected on delivery.",
            actions=(Action.REFUND,) if fully else (Action.CHARGE, Action.CANCEL, Action.REFUND),
        )

    def cancel(self, request: ActionRequest, record: PaymentRecord) -> Answer:
        if record.amount_charged > 0:
            return Answer(
                result=EventType.CANCEL_FAILURE,
                amount=request.amount,
                psp_reference=record.psp_reference,
                message="Cash was already collected: refund it instead of canceling.",
            )
        record.status = Status.CANCELED
        record.save(update_fields=["status", "updated_at"])
        return Answer(
            result=EventType.CANCEL_SUCCESS,
            amount=request.amount,
            psp_reference=record.psp_reference,
            message="Not delivered: nothing to collect.",
            actions=(),
        )

    def refund(self, request: ActionRequest, record: PaymentRecord) -> Answer:
        refundable = record.amount_charged - record.amount_refunded
        if record.amount_charged <= 0:
            refused = "Nothing was collected yet: cancel the payment instead of refunding it."
        elif request.amount > refundable:
            refused = (
                f"Only {plain(refundable)} {record.currency} that was collected can be refunded."
            )
        else:
            refused = ""
        if refused:
            return Answer(
                result=EventType.REFUND_FAILURE,
                amount=request.amount,
                psp_reference=record.psp_reference,
                message=refused,
            )
        record.amount_refunded += request.amount
        record.save(update_fields=["amount_refunded", "updated_at"])
        return Answer(
            result=EventType.REFUND_SUCCESS,
            amount=request.amount,
            psp_reference=_event_reference(record, EventType.REFUND_SUCCESS, "refund"),
            message="Refunded by staff (cash or bank transfer).",
            actions=(Action.REFUND,) if record.amount_refunded < record.amount_charged else (),
        )
