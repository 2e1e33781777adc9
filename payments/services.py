"""The payment app's use cases: Saleor's payment webhooks in, answers out; Stripe's news to Saleor.

Gateways (``payments.models.Gateway``): Saleor knows this whole app as *one* payment gateway, by
its app identifier (the manifest's ``id``). The storefront picks the way to pay in the
transaction's data: ``{"gateway": "app.ocop.stripe"}`` (the default) or
``{"gateway": "app.ocop.cod"}``.

Checks before any money moves:
- the amount and currency are exactly what the checkout (or the order) still has to pay; a cart
  that changed since the page showed its total is refused, and nothing is created;
- one checkout is paid once: while a payment for it is under way, a second one waits for it; when
  one holds the money, a second is refused; an older unpaid attempt is canceled at Stripe so
  only one PaymentIntent of a checkout can ever be paid.

Stripe's webhook events are recorded once by their id, applied only when they move a payment
forward (:mod:`payments.lifecycle`), and reported to Saleor with ``transactionEventReport``. A
report Saleor could not take is kept and retried: the webhook answers 503 and Stripe sends the
event again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

import stripe
from django.conf import settings
from django.db import transaction

from payments import cod, stripe_gateway
from payments.cod import CashOnDeliveryGateway
from payments.lifecycle import Status, may_move
from payments.locks import LockTimeout, advisory_lock
from payments.models import Gateway, PaymentRecord, StripeEvent
from payments.protocol import (
    ActionRequest,
    Answer,
    BadPayload,
    EventType,
    Payload,
    SessionRequest,
    failure,
    parse_action,
    parse_session,
)
from payments.stripe_gateway import StripeGateway, StripeNotConfigured
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError, SaleorMutationError
from saleor_api.money import from_minor_units, plain, same_amount

logger = logging.getLogger(__name__)


class PaymentGateway(Protocol):
    def initialize(self, request: SessionRequest, record: PaymentRecord) -> Answer: ...
    def process(self, request: SessionRequest, record: PaymentRecord) -> Answer: ...
    def charge(self, request: ActionRequest, record: PaymentRecord) -> Answer: ...
    def refund(self, request: ActionRequest, record: PaymentRecord) -> Answer: ...
    def cancel(self, request: ActionRequest, record: PaymentRecord) -> Answer: ...


STRIPE = StripeGateway()
GATEWAYS: dict[str, PaymentGateway] = {Gateway.STRIPE: STRIPE, Gateway.COD: CashOnDeliveryGateway()}


# --- PAYMENT_GATEWAY_INITIALIZE_SESSION -----------------------------------------------------


def gateway_configuration(payload: Payload) -> dict[str, Any]:
    """What the payment page needs: the publishable key, and whether COD is offered.

    ``{"data": {"gateways": [{"id": "app.ocop.stripe", "publishableKey": "pk_..."},
    {"id": "app.ocop.cod"}]}}``. Nothing secret is in it.
    """
    source = payload.get("sourceObject") or {}
    if not isinstance(source, dict):
        raise BadPayload("sourceObject must be a JSON object")
    total = source.get("totalPrice") or source.get("total") or {}
    gross = total.get("gross") if isinstance(total, dict) else None
    currency = str(gross.get("currency") or "") if isinstance(gross, dict) else ""
    gateways: list[dict[str, Any]] = []
    if stripe_gateway.is_configured():
        gateways.append(
            {"id": Gateway.STRIPE.value, "publishableKey": str(settings.STRIPE_PUBLISHABLE_KEY)}
        )
    if currency and cod.is_available(currency):
        gateways.append({"id": Gateway.COD.value})
    return {"data": {"gateways": gateways}}


# --- TRANSACTION_INITIALIZE_SESSION ---------------------------------------------------------


def initialize_transaction(payload: Payload) -> Answer:
    request = parse_session(payload)
    gateway_id = request.data.get("gateway") or Gateway.STRIPE.value
    if gateway_id not in Gateway.values:
        return failure(
            request.flow,
            "UNKNOWN_GATEWAY",
            f"Unknown payment method {str(gateway_id)[:50]!r}.",
            request.amount,
        )
    refused = _refuse_wrong_amount(request)
    if refused is not None:
        return refused
    try:
        with advisory_lock(f"payments:source:{request.source.id}"):
            return _initialize_locked(request, Gateway(gateway_id))
    except LockTimeout:
        return failure(
            request.flow,
            "PAYMENT_IN_PROGRESS",
            "Another payment for this cart is under way; please wait a moment.",
            request.amount,
        )


def _refuse_wrong_amount(request: SessionRequest) -> Answer | None:
    due = request.source.due
    if request.currency != due.currency:
        logger.warning(
            "transaction %s refused: %s asked for a %s cart",
            request.transaction_id,
            request.currency,
            due.currency,
        )
        return failure(
            request.flow,
            "CURRENCY_MISMATCH",
            f"The payment is in {request.currency} but the cart is in {due.currency}.",
            request.amount,
        )
    if not same_amount(request.amount, due.amount, due.currency):
        logger.warning(
            "transaction %s refused: %s %s asked, %s due",
            request.transaction_id,
            request.amount,
            request.currency,
            due.amount,
        )
        return failure(
            request.flow,
            "AMOUNT_MISMATCH",
            f"The amount to pay ({plain(request.amount)} {request.currency}) is not the cart "
            f"total ({plain(due.amount)} {due.currency}): the cart may have changed. "
            "Please review it.",
            request.amount,
        )
    return None


def _initialize_locked(request: SessionRequest, gateway_id: Gateway) -> Answer:
    record = PaymentRecord.objects.filter(saleor_transaction_id=request.transaction_id).first()
    if record is not None:  # the same transaction again: the same answer, no second payment
        gateway = GATEWAYS[record.gateway]
        if record.gateway == Gateway.COD:
            return gateway.process(request, record)
        return gateway.initialize(request, record)

    refused = _refuse_second_payment(request)
    if refused is not None:
        return refused
    record = PaymentRecord.objects.create(
        saleor_transaction_id=request.transaction_id,
        gateway=gateway_id,
        source_id=request.source.id,
        flow=request.flow.value,
        amount=request.amount,
        currency=request.currency,
    )
    answer = GATEWAYS[gateway_id].initialize(request, record)
    logger.info(
        "transaction %s (%s) initialized: %s",
        request.transaction_id,
        gateway_id.value,
        answer.result,
    )
    return answer


def _refuse_second_payment(request: SessionRequest) -> Answer | None:
    others = PaymentRecord.objects.for_source(request.source.id).exclude(
        saleor_transaction_id=request.transaction_id
    )
    already_paid = failure(
        request.flow,
        "ALREADY_PAID",
        "This cart is already paid, or its payment is being processed.",
        request.amount,
    )
    if others.settled_or_settling().exists():
        return already_paid
    stale = others.filter(
        gateway=Gateway.STRIPE, status__in=(*Status.open(), Status.FAILED)
    ).exclude(psp_reference="")
    for record in stale:
        try:
            status = STRIPE.retire(record)
        except (StripeNotConfigured, stripe.APIConnectionError):
            logger.error("cannot retire PaymentIntent %s: Stripe unreachable", record)
            return failure(
                request.flow,
                "STRIPE_UNAVAILABLE",
                stripe_gateway.STRIPE_UNREACHABLE,
                request.amount,
            )
        except stripe.StripeError as exc:
            logger.warning("cannot retire %s: %s %s", record, type(exc).__name__, exc.code)
            if exc.code == "resource_missing":  # Stripe has no such PaymentIntent: none to pay
                record.status = Status.CANCELED
                record.save(update_fields=["status", "updated_at"])
            continue
        if status in Status.holding_money():
            return already_paid
    return None


# --- TRANSACTION_PROCESS_SESSION ------------------------------------------------------------


def process_transaction(payload: Payload) -> Answer:
    request = parse_session(payload)
    try:
        with advisory_lock(f"payments:source:{request.source.id}"):
            return _process_locked(request)
    except LockTimeout:
        return Answer(
            result=EventType.of(request.flow, "ACTION_REQUIRED"),
            amount=request.amount,
            psp_reference=request.psp_reference or None,
            message="Another payment for this cart is under way; please wait a moment.",
            data={"error": {"code": "PAYMENT_IN_PROGRESS", "message": "Please try again."}},
        )


def _process_locked(request: SessionRequest) -> Answer:
    record = PaymentRecord.objects.filter(saleor_transaction_id=request.transaction_id).first()
    if record is None:
        if not request.psp_reference.startswith("pi_"):
            return failure(
                request.flow,
                "UNKNOWN_PAYMENT",
                "This app has no record of this payment.",
                request.amount,
                request.psp_reference or None,
            )
        record = _record_for_intent(request.transaction_id, request.psp_reference, request)
    return GATEWAYS[record.gateway].process(request, record)


def _record_for_intent(
    transaction_id: str, intent_id: str, request: SessionRequest | ActionRequest
) -> PaymentRecord:
    """A record for a PaymentIntent this app made but forgot (its database was restored)."""
    source_id = request.source.id if isinstance(request, SessionRequest) else ""
    flow = request.flow.value if isinstance(request, SessionRequest) else "CHARGE"
    record, _ = PaymentRecord.objects.get_or_create(
        saleor_transaction_id=transaction_id,
        defaults={
            "gateway": Gateway.STRIPE,
            "source_id": source_id,
            "flow": flow,
            "psp_reference": intent_id,
            "amount": request.amount,
            "currency": request.currency,
        },
    )
    return record


# --- TRANSACTION_CHARGE_REQUESTED, _REFUND_REQUESTED, _CANCELATION_REQUESTED ----------------

REQUEST_EVENT = {"charge": "CHARGE_REQUEST", "refund": "REFUND_REQUEST", "cancel": "CANCEL_REQUEST"}
FAILED = {
    "charge": EventType.CHARGE_FAILURE,
    "refund": EventType.REFUND_FAILURE,
    "cancel": EventType.CANCEL_FAILURE,
}


def act_on_transaction(payload: Payload, action: str) -> Answer:
    """Staff asked to charge, refund or cancel; a repeat of the same request gets the same answer."""
    request = parse_action(payload, REQUEST_EVENT[action])
    try:
        with advisory_lock(f"payments:transaction:{request.transaction_id}"):
            return _act_locked(request, action)
    except LockTimeout:
        return Answer(
            result=FAILED[action],
            amount=request.amount,
            message="Another action on this payment is under way; try again in a moment.",
        )


def _act_locked(request: ActionRequest, action: str) -> Answer:
    record = PaymentRecord.objects.filter(saleor_transaction_id=request.transaction_id).first()
    if record is None and request.psp_reference.startswith("pi_"):
        record = _record_for_intent(request.transaction_id, request.psp_reference, request)
    if record is None:
        return Answer(
            result=FAILED[action],
            amount=request.amount,
            psp_reference=request.psp_reference or None,
            message="This app has no record of this payment.",
        )
    previous = record.answers.get(request.request_key)
    if previous is not None:
        logger.info("transaction %s: %s request repeated", request.transaction_id, action)
        return Answer.from_json(previous)
    gateway = GATEWAYS[record.gateway]
    answer: Answer = getattr(gateway, action)(request, record)
    if answer.result is None or answer.result.value.endswith("_SUCCESS"):
        # Money moved (or is moving): a repeat must not move it again. A refusal is not kept,
        # so the same request can be tried again once the cause is gone.
        record.answers = {**record.answers, request.request_key: answer.as_json()}
        record.save(update_fields=["answers", "updated_at"])
    logger.info(
        "transaction %s: %s %s %s → %s",
        request.transaction_id,
        action,
        request.amount,
        request.currency,
        answer.result or "pending",
    )
    return answer


# --- Stripe's webhook events ------------------------------------------------------------------


class ReportNotDelivered(Exception):
    """Saleor could not take a report now; Stripe is asked to send the event again."""


INTENT_EVENTS = frozenset(
    {
        "payment_intent.succeeded",
        "payment_intent.amount_capturable_updated",
        "payment_intent.processing",
        "payment_intent.requires_action",
        "payment_intent.payment_failed",
        "payment_intent.canceled",
    }
)
REFUND_EVENTS = frozenset(
    {"refund.created", "refund.updated", "refund.failed", "charge.refund.updated"}
)


def handle_stripe_event(event: Mapping[str, Any]) -> str:
    """Apply a (verified) Stripe event once; its outcome: reported, ignored, duplicate, failed."""
    event_id = str(event["id"])
    created = datetime.fromtimestamp(int(event["created"]), UTC)
    with transaction.atomic():
        row, is_new = StripeEvent.objects.select_for_update().get_or_create(
            event_id=event_id, defaults={"type": str(event["type"]), "created": created}
        )
        if not is_new and row.outcome != StripeEvent.Outcome.PENDING:
            logger.info("Stripe event %s (%s) was already handled", event_id, row.type)
            return "duplicate"
        if is_new:
            report = _news_for_saleor(event, created)
            if report is None:
                row.outcome = StripeEvent.Outcome.IGNORED
                row.save(update_fields=["outcome"])
                return StripeEvent.Outcome.IGNORED
            row.report = report
            row.save(update_fields=["report"])
    return _send_report(row)


def _news_for_saleor(event: Mapping[str, Any], at: datetime) -> dict[str, Any] | None:
    kind = str(event["type"])
    obj = (event.get("data") or {}).get("object") or {}
    if kind in INTENT_EVENTS:
        return _intent_news(obj, at)
    if kind in REFUND_EVENTS:
        return _refund_news(obj, at)
    return None


def _intent_news(intent: Mapping[str, Any], at: datetime) -> dict[str, Any] | None:
    transaction_id = str((intent.get("metadata") or {}).get("saleor_transaction_id") or "")
    if not transaction_id:
        return None  # a PaymentIntent this app did not make
    news = stripe_gateway.intent_status(intent)
    flow = stripe_gateway.intent_flow(intent)
    record, _ = PaymentRecord.objects.select_for_update().get_or_create(
        saleor_transaction_id=transaction_id,
        defaults={
            "gateway": Gateway.STRIPE,
            "source_id": str((intent.get("metadata") or {}).get("saleor_source_id") or ""),
            "flow": flow.value,
            "psp_reference": str(intent["id"]),
            "amount": from_minor_units(int(intent["amount"]), str(intent["currency"])),
            "currency": str(intent["currency"]).upper(),
        },
    )
    if record.psp_reference and record.psp_reference != intent["id"]:
        logger.warning(
            "Stripe event on %s ignored: transaction %s is paid by %s",
            intent["id"],
            transaction_id,
            record.psp_reference,
        )
        return None
    if not may_move(record.status, news, last_event_at=record.last_stripe_event_at, event_at=at):
        logger.info(
            "late Stripe news for %s ignored: %s after %s", intent["id"], news, record.status
        )
        return None
    previous = record.status
    record.status = news
    record.psp_reference = str(intent["id"])
    record.last_stripe_event_at = max(filter(None, (record.last_stripe_event_at, at)))
    if news == Status.CHARGED:
        record.amount_charged = from_minor_units(
            int(intent.get("amount_received") or 0), str(intent["currency"])
        )
    record.save()

    answer = stripe_gateway.answer_for_intent(intent, flow)
    if news == Status.CANCELED and previous == Status.AUTHORIZED:
        answer = Answer(
            result=EventType.CANCEL_SUCCESS,
            amount=from_minor_units(int(intent["amount"]), str(intent["currency"])),
            psp_reference=str(intent["id"]),
            external_url=stripe_gateway.external_url(intent),
            actions=(),
        )
    return _report(transaction_id, answer, at)


def _refund_news(refund: Mapping[str, Any], at: datetime) -> dict[str, Any] | None:
    status = refund.get("status")
    if status == "succeeded":
        result = EventType.REFUND_SUCCESS
    elif status in ("failed", "canceled"):
        result = EventType.REFUND_FAILURE
    else:
        return None  # pending: its outcome comes in a later event
    transaction_id = str((refund.get("metadata") or {}).get("saleor_transaction_id") or "")
    if not transaction_id and refund.get("payment_intent"):
        record = PaymentRecord.objects.filter(psp_reference=str(refund["payment_intent"])).first()
        transaction_id = record.saleor_transaction_id if record else ""
    if not transaction_id:
        return None
    answer = Answer(
        result=result,
        amount=from_minor_units(int(refund["amount"]), str(refund["currency"])),
        psp_reference=str(refund["id"]),
        message=str(refund.get("failure_reason") or ""),
    )
    return _report(transaction_id, answer, at)


def _report(transaction_id: str, answer: Answer, at: datetime) -> dict[str, Any]:
    """The variables of ``transactionEventReport`` for this answer."""
    if answer.result is None:
        raise ValueError("a report needs a result")
    variables: dict[str, Any] = {
        "id": transaction_id,
        "pspReference": answer.psp_reference,
        "type": answer.result.value,
        "amount": plain(answer.amount if answer.amount is not None else Decimal(0)),
        "time": at.isoformat(),
        "message": answer.message or None,
        "externalUrl": answer.external_url or None,
    }
    if answer.actions is not None:
        variables["availableActions"] = [a.value for a in answer.actions]
    return variables


def _send_report(row: StripeEvent) -> str:
    report = row.report or {}
    try:
        payload = get_client().mutate(
            "TransactionEventReport", report, result="transactionEventReport"
        )
    except SaleorMutationError as exc:
        # Saleor refused this report for good (an unknown transaction, amounts that disagree):
        # sending it again cannot help. Kept on the event for staff, and logged as an error.
        row.outcome = StripeEvent.Outcome.FAILED
        row.attempts += 1
        row.last_error = str(exc)[:2000]
        row.save(update_fields=["outcome", "attempts", "last_error"])
        logger.error("Saleor refused the report of Stripe event %s: %s", row.event_id, exc)
        return StripeEvent.Outcome.FAILED
    except SaleorError as exc:
        row.attempts += 1
        row.last_error = str(exc)[:2000]
        row.save(update_fields=["attempts", "last_error"])
        logger.error(
            "Stripe event %s not reported to Saleor (attempt %d), Stripe will resend it: %s",
            row.event_id,
            row.attempts,
            exc,
        )
        raise ReportNotDelivered(row.event_id) from exc
    row.outcome = StripeEvent.Outcome.REPORTED
    row.attempts += 1
    row.last_error = ""
    row.save(update_fields=["outcome", "attempts", "last_error"])
    logger.info(
        "Stripe event %s reported to Saleor as %s%s",
        row.event_id,
        report.get("type"),
        " (already known)" if payload.get("alreadyProcessed") else "",
    )
    return StripeEvent.Outcome.REPORTED
