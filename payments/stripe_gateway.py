"""Stripe, through PaymentIntents, for Saleor's Transactions API.

The storefront shows Stripe's Payment Element with the publishable key (the only key that leaves
the server). Two ways to pay, both through ``transactionInitialize``:

- the page collects the card with ``stripe.createPaymentMethod`` and sends its id in the
  transaction's data (``{"gateway": "app.ocop.stripe", "paymentMethodId": "pm_..."}``): the app
  creates and confirms the PaymentIntent here, right after checking the amount against the
  checkout. 3-D Secure answers ``*_ACTION_REQUIRED`` with the ``clientSecret`` for
  ``stripe.handleNextAction``, then ``transactionProcess``;
- without ``paymentMethodId`` the app creates the PaymentIntent and answers ``*_ACTION_REQUIRED``
  with its ``clientSecret``; the page confirms it with ``stripe.confirmPayment``, then calls
  ``transactionProcess``.

Every write to Stripe carries an idempotency key made from Saleor's own identifiers, so a repeated
request (a double click, a retried webhook) never creates a second PaymentIntent, capture or
refund. Amounts go to Stripe in minor units (:mod:`saleor_api.money`: VND has none).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from payments.lifecycle import Status, may_move
from payments.models import PaymentRecord
from payments.protocol import (
    Action,
    ActionRequest,
    Answer,
    EventType,
    Flow,
    SessionRequest,
    failure,
)
from saleor_api.money import from_minor_units, plain, same_amount, to_minor_units

logger = logging.getLogger(__name__)

STRIPE_UNREACHABLE = (
    "The card payment service could not be reached; nothing was charged. "
    "Your cart is kept: please try again in a moment."
)
STRIPE_REFUSED = "The card payment service refused the payment; nothing was charged."
NOT_CONFIGURED = "Card payments are not available at the moment."


class StripeNotConfigured(Exception):
    """STRIPE_SECRET_KEY is not set."""


# --- the client ---------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _client(secret_key: str, api_base: str, timeout: float, retries: int) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key,
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def stripe_client() -> stripe.StripeClient:
    """A client from settings (STRIPE_SECRET_KEY, STRIPE_API_BASE, timeout and retries)."""
    if not settings.STRIPE_SECRET_KEY:
        raise StripeNotConfigured("STRIPE_SECRET_KEY is not set")
    return _client(
        str(settings.STRIPE_SECRET_KEY),
        str(settings.STRIPE_API_BASE or ""),
        float(settings.STRIPE_TIMEOUT_SECONDS),
        int(settings.STRIPE_MAX_NETWORK_RETRIES),
    )


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def idempotency_key(kind: str, *parts: str) -> str:
    """A Stripe idempotency key: the same Saleor request always makes the same key."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"ocop-{kind}-{digest[:48]}"


def as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return obj
    to_dict = getattr(obj, "to_dict", None)
    return to_dict() if callable(to_dict) else dict(obj)


def _error_body(exc: stripe.StripeError) -> dict[str, Any]:
    body = exc.json_body
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _log_refusal(what: str, transaction_id: str, exc: stripe.StripeError) -> None:
    # Stripe's messages are not logged: some quote (masked) keys; the code and request id suffice.
    logger.warning(
        "Stripe refused %s for transaction %s: %s %s (HTTP %s, request %s)",
        what,
        transaction_id,
        type(exc).__name__,
        exc.code or "-",
        exc.http_status,
        exc.request_id or "-",
    )


# --- PaymentIntent → Saleor ------------------------------------------------------------------


def intent_status(intent: Mapping[str, Any]) -> str:
    """The local status of a PaymentIntent."""
    status = intent.get("status")
    if status == "succeeded":
        return Status.CHARGED
    if status == "requires_capture":
        return Status.AUTHORIZED
    if status == "processing":
        return Status.PROCESSING
    if status == "canceled":
        return Status.CANCELED
    if status == "requires_payment_method" and intent.get("last_payment_error"):
        return Status.FAILED
    return Status.ACTION_REQUIRED


def external_url(intent: Mapping[str, Any]) -> str:
    mode = "" if intent.get("livemode") else "test/"
    return f"https://dashboard.stripe.com/{mode}payments/{intent['id']}"


def intent_flow(intent: Mapping[str, Any]) -> Flow:
    return Flow.AUTHORIZATION if intent.get("capture_method") == "manual" else Flow.CHARGE


def _amount(intent: Mapping[str, Any], key: str = "amount") -> Decimal:
    return from_minor_units(int(intent.get(key) or 0), str(intent["currency"]))


def failure_message(intent: Mapping[str, Any]) -> tuple[str, str]:
    """The (code, message) of a PaymentIntent's last failed attempt, shown to the customer."""
    error = intent.get("last_payment_error") or {}
    code = str(error.get("decline_code") or error.get("code") or "payment_failed")
    message = str(error.get("message") or "The payment failed.")
    return code, message


def answer_for_intent(intent: Mapping[str, Any], flow: Flow) -> Answer:
    """What a PaymentIntent's state means to Saleor, for a session webhook or a report."""
    status = intent_status(intent)
    psp, url = str(intent["id"]), external_url(intent)
    data: dict[str, Any] = {"paymentIntentId": intent["id"], "status": intent.get("status")}
    if status == Status.CHARGED:
        return Answer(
            result=EventType.CHARGE_SUCCESS,
            amount=_amount(intent, "amount_received"),
            data=data,
            actions=(Action.REFUND,),
            psp_reference=psp,
            external_url=url,
        )
    if status == Status.AUTHORIZED:
        return Answer(
            result=EventType.AUTHORIZATION_SUCCESS,
            amount=_amount(intent, "amount_capturable"),
            data=data,
            actions=(Action.CHARGE, Action.CANCEL),
            psp_reference=psp,
            external_url=url,
        )
    if status == Status.PROCESSING:
        return Answer(
            result=EventType.of(flow, "REQUEST"),
            amount=_amount(intent),
            data=data,
            actions=(),
            psp_reference=psp,
            external_url=url,
        )
    if status == Status.FAILED:
        code, message = failure_message(intent)
        return Answer(
            result=EventType.of(flow, "FAILURE"),
            amount=_amount(intent),
            message=message,
            data={**data, "error": {"code": code, "message": message}},
            actions=(),
            psp_reference=psp,
            external_url=url,
        )
    if status == Status.CANCELED:
        message = "The payment was canceled; nothing was charged."
        return Answer(
            result=EventType.of(flow, "FAILURE"),
            amount=_amount(intent),
            message=message,
            data={**data, "error": {"code": "canceled", "message": message}},
            actions=(),
            psp_reference=psp,
            external_url=url,
        )
    # The customer must act: pay in the Payment Element, or finish 3-D Secure.
    next_action = intent.get("next_action") or {}
    return Answer(
        result=EventType.of(flow, "ACTION_REQUIRED"),
        amount=_amount(intent),
        message="3-D Secure authentication is required." if next_action else "",
        data={
            **data,
            "clientSecret": intent.get("client_secret"),
            "nextAction": next_action.get("type"),
        },
        actions=(Action.CANCEL,),
        psp_reference=psp,
        external_url=url,
    )


def record_intent(record: PaymentRecord, intent: Mapping[str, Any]) -> None:
    """Keep what Stripe said of the PaymentIntent on the record, never moving it backwards.

    The stored record is read again under a lock: Stripe's webhook may have moved it meanwhile.
    """
    news = intent_status(intent)
    with transaction.atomic():
        stored = PaymentRecord.objects.select_for_update().get(pk=record.pk)
        stored.psp_reference = str(intent["id"])
        if may_move(stored.status, news, last_event_at=None, event_at=timezone.now()):
            stored.status = news
            if news == Status.CHARGED:
                stored.amount_charged = _amount(intent, "amount_received")
        stored.save(update_fields=["psp_reference", "status", "amount_charged", "updated_at"])
    record.psp_reference, record.status = stored.psp_reference, stored.status
    record.amount_charged = stored.amount_charged


# --- the gateway --------------------------------------------------------------------------------


class StripeGateway:
    def initialize(self, request: SessionRequest, record: PaymentRecord) -> Answer:
        try:
            client = stripe_client()
        except StripeNotConfigured:
            logger.error("Stripe is not configured: transaction %s refused", record)
            return failure(request.flow, "GATEWAY_UNAVAILABLE", NOT_CONFIGURED, request.amount)
        params = self._intent_params(request)
        key = idempotency_key(
            "intent", request.transaction_id, request.flow.value, request.idempotency_key
        )
        try:
            intent = as_dict(
                client.v1.payment_intents.create(
                    params=params,  # type: ignore[arg-type]
                    options={"idempotency_key": key},
                )
            )
        except stripe.CardError as exc:
            # Confirmed here and declined: the PaymentIntent exists and stays unpaid.
            error = _error_body(exc)
            intent = error.get("payment_intent") or {}
            _log_refusal("a card", request.transaction_id, exc)
            if intent.get("id"):
                record_intent(record, intent)
            else:
                record.status = Status.FAILED
                record.save(update_fields=["status", "updated_at"])
            message = str(error.get("message") or exc.user_message or STRIPE_REFUSED)
            code = str(error.get("decline_code") or error.get("code") or "card_error")
            return failure(request.flow, code, message, request.amount, intent.get("id"))
        except stripe.APIConnectionError:
            logger.error(
                "Stripe could not be reached for transaction %s: nothing was charged",
                request.transaction_id,
            )
            record.status = Status.FAILED
            record.save(update_fields=["status", "updated_at"])
            return failure(request.flow, "STRIPE_UNAVAILABLE", STRIPE_UNREACHABLE, request.amount)
        except stripe.IdempotencyError as exc:
            _log_refusal("a repeated payment", request.transaction_id, exc)
            return failure(
                request.flow,
                "PAYMENT_IN_PROGRESS",
                "This payment is already being processed.",
                request.amount,
            )
        except stripe.StripeError as exc:
            _log_refusal("a PaymentIntent", request.transaction_id, exc)
            record.status = Status.FAILED
            record.save(update_fields=["status", "updated_at"])
            return failure(request.flow, "STRIPE_ERROR", STRIPE_REFUSED, request.amount)
        record_intent(record, intent)
        logger.info(
            "transaction %s: PaymentIntent %s is %s",
            request.transaction_id,
            intent["id"],
            intent.get("status"),
        )
        return answer_for_intent(intent, request.flow)

    @staticmethod
    def _intent_params(request: SessionRequest) -> dict[str, Any]:
        params: dict[str, Any] = {
            "amount": to_minor_units(request.amount, request.currency),
            "currency": request.currency.lower(),
            "capture_method": "manual" if request.flow is Flow.AUTHORIZATION else "automatic",
            "automatic_payment_methods": {"enabled": True},
            "metadata": {
                "saleor_transaction_id": request.transaction_id,
                "saleor_source_id": request.source.id,
                "saleor_channel": request.source.channel,
                "saleor_merchant_reference": request.merchant_reference,
            },
        }
        payment_method = request.data.get("paymentMethodId")
        if isinstance(payment_method, str) and payment_method:
            params["payment_method"] = payment_method
            params["confirm"] = True
            return_url = request.data.get("returnUrl")
            if isinstance(return_url, str) and return_url.startswith("https://"):
                params["return_url"] = return_url
            else:  # cards only need Stripe.js for 3-D Secure, never a redirect
                params["automatic_payment_methods"]["allow_redirects"] = "never"
        return params

    def process(self, request: SessionRequest, record: PaymentRecord) -> Answer:
        intent_id = record.psp_reference or request.psp_reference
        if not intent_id:
            return failure(
                request.flow, "UNKNOWN_PAYMENT", "This payment was never started.", request.amount
            )
        try:
            client = stripe_client()
            intent = as_dict(client.v1.payment_intents.retrieve(intent_id))
        except StripeNotConfigured:
            logger.error("Stripe is not configured: transaction %s not processed", record)
            return failure(request.flow, "GATEWAY_UNAVAILABLE", NOT_CONFIGURED, request.amount)
        except stripe.APIConnectionError:
            # The customer may have paid: not a failure, only "ask again" (Stripe's webhook
            # reports the outcome meanwhile).
            logger.error("Stripe could not be reached for transaction %s", request.transaction_id)
            message = "The payment could not be checked just now; please try again in a moment."
            return Answer(
                result=EventType.of(request.flow, "ACTION_REQUIRED"),
                amount=request.amount,
                psp_reference=intent_id,
                message=message,
                data={"error": {"code": "STRIPE_UNAVAILABLE", "message": message}},
            )
        except stripe.StripeError as exc:
            _log_refusal("reading a PaymentIntent", request.transaction_id, exc)
            return failure(request.flow, "STRIPE_ERROR", STRIPE_REFUSED, request.amount)

        due = request.source.due
        still_open = intent_status(intent) in (Status.ACTION_REQUIRED, Status.FAILED)
        if (
            still_open
            and request.source.kind == "Checkout"
            and (
                str(intent.get("currency", "")).upper() != due.currency
                or not same_amount(_amount(intent), due.amount, due.currency)
            )
        ):
            # The cart changed after the payment started: never let the old amount be paid.
            canceled = self._cancel_quietly(client, intent_id, request.transaction_id)
            if canceled is not None:
                record_intent(record, canceled)
            message = (
                f"Your cart changed (the total is now {plain(due.amount)} {due.currency}); "
                "nothing was charged. Please review it and pay again."
            )
            return failure(request.flow, "CHECKOUT_CHANGED", message, request.amount, intent_id)

        record_intent(record, intent)
        return answer_for_intent(intent, intent_flow(intent))

    @staticmethod
    def _cancel_quietly(
        client: stripe.StripeClient, intent_id: str, transaction_id: str
    ) -> dict[str, Any] | None:
        """Cancel an unpaid PaymentIntent; None when Stripe refused (its webhook tells the rest)."""
        try:
            return as_dict(
                client.v1.payment_intents.cancel(
                    intent_id,
                    params={"cancellation_reason": "abandoned"},
                    options={"idempotency_key": idempotency_key("cancel", intent_id, "abandoned")},
                )
            )
        except stripe.StripeError as exc:
            _log_refusal("canceling a stale PaymentIntent", transaction_id, exc)
            return None

    def retire(self, record: PaymentRecord) -> str:
        """Cancel the open PaymentIntent of a superseded attempt; its status once Stripe answered.

        A new attempt to pay the same checkout makes the older one unusable, so at most one
        PaymentIntent per checkout can ever be paid. An older one Stripe reports as paid (or
        being paid) wins instead: the new attempt is then refused as already paid.
        """
        client = stripe_client()
        intent = as_dict(client.v1.payment_intents.retrieve(record.psp_reference))
        if intent_status(intent) in (Status.ACTION_REQUIRED, Status.FAILED):
            intent = as_dict(
                client.v1.payment_intents.cancel(
                    record.psp_reference,
                    params={"cancellation_reason": "duplicate"},
                    options={
                        "idempotency_key": idempotency_key(
                            "cancel", record.psp_reference, "duplicate"
                        )
                    },
                )
            )
        record_intent(record, intent)
        return record.status

    # --- staff actions from the Dashboard ----------------------------------------------------

    def charge(self, request: ActionRequest, record: PaymentRecord) -> Answer:
        def capture(client: stripe.StripeClient) -> Answer:
            intent = as_dict(
                client.v1.payment_intents.capture(
                    record.psp_reference,
                    params={"amount_to_capture": to_minor_units(request.amount, request.currency)},
                    options={"idempotency_key": idempotency_key("capture", request.request_key)},
                )
            )
            record_intent(record, intent)
            answer = answer_for_intent(intent, Flow.CHARGE)
            if answer.result is EventType.CHARGE_SUCCESS:
                return answer
            return Answer(
                result=EventType.CHARGE_FAILURE,
                amount=request.amount,
                psp_reference=record.psp_reference,
                message=f"The payment could not be captured (it is {intent.get('status')}).",
            )

        return self._staff_action("capture", request, record, EventType.CHARGE_FAILURE, capture)

    def refund(self, request: ActionRequest, record: PaymentRecord) -> Answer:
        def refund(client: stripe.StripeClient) -> Answer:
            refund = as_dict(
                client.v1.refunds.create(
                    params={
                        "payment_intent": record.psp_reference,
                        "amount": to_minor_units(request.amount, request.currency),
                        "metadata": {"saleor_transaction_id": request.transaction_id},
                    },
                    options={"idempotency_key": idempotency_key("refund", request.request_key)},
                )
            )
            status = refund.get("status")
            if status == "succeeded":
                return Answer(
                    result=EventType.REFUND_SUCCESS,
                    amount=from_minor_units(int(refund["amount"]), str(refund["currency"])),
                    psp_reference=str(refund["id"]),
                    actions=(Action.REFUND,),
                )
            if status in ("failed", "canceled"):
                return Answer(
                    result=EventType.REFUND_FAILURE,
                    amount=request.amount,
                    psp_reference=str(refund["id"]),
                    message=f"Stripe could not refund ({refund.get('failure_reason') or status}).",
                )
            # pending: Stripe's refund.updated webhook reports the outcome.
            return Answer(result=None, psp_reference=str(refund["id"]))

        return self._staff_action("refund", request, record, EventType.REFUND_FAILURE, refund)

    def cancel(self, request: ActionRequest, record: PaymentRecord) -> Answer:
        def cancel(client: stripe.StripeClient) -> Answer:
            try:
                intent = as_dict(
                    client.v1.payment_intents.cancel(
                        record.psp_reference,
                        params={"cancellation_reason": "requested_by_customer"},
                        options={
                            "idempotency_key": idempotency_key(
                                "cancel", record.psp_reference, request.request_key
                            )
                        },
                    )
                )
            except stripe.InvalidRequestError:
                intent = as_dict(client.v1.payment_intents.retrieve(record.psp_reference))
            if intent.get("status") != "canceled":
                return Answer(
                    result=EventType.CANCEL_FAILURE,
                    amount=request.amount,
                    psp_reference=record.psp_reference,
                    message=f"The payment cannot be canceled (it is {intent.get('status')}).",
                )
            record_intent(record, intent)
            return Answer(
                result=EventType.CANCEL_SUCCESS,
                amount=request.amount,
                psp_reference=record.psp_reference,
                external_url=external_url(intent),
                actions=(),
            )

        return self._staff_action("cancel", request, record, EventType.CANCEL_FAILURE, cancel)

    @staticmethod
    def _staff_action(
        what: str,
        request: ActionRequest,
        record: PaymentRecord,
        failed: EventType,
        act: Callable[[stripe.StripeClient], Answer],
    ) -> Answer:
        if not record.psp_reference:
            return Answer(
                result=failed,
                amount=request.amount,
                message="This payment has no PaymentIntent at Stripe.",
            )
        try:
            return act(stripe_client())
        except StripeNotConfigured:
            logger.error("Stripe is not configured: %s of %s refused", what, record)
            message = NOT_CONFIGURED
        except stripe.APIConnectionError:
            logger.error("Stripe could not be reached to %s transaction %s", what, record)
            message = f"Stripe could not be reached; nothing was done ({what}). Try again."
        except (stripe.InvalidRequestError, stripe.CardError) as exc:
            # Stripe's explanation ("...has a status of canceled") helps staff; it is not logged.
            _log_refusal(what, request.transaction_id, exc)
            message = str(_error_body(exc).get("message") or f"Stripe refused the {what}.")
        except stripe.StripeError as exc:
            _log_refusal(what, request.transaction_id, exc)
            message = f"Stripe refused the {what}."
        return Answer(
            result=failed,
            amount=request.amount,
            psp_reference=record.psp_reference,
            message=message,
        )
