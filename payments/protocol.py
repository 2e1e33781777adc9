"""What Saleor sends to a payment app's synchronous webhooks, and the answers it accepts.

The payloads are the subscriptions in ``saleor_api/subscriptions/payment_*.graphql``. The answers
follow Saleor's response schemas for the Transactions API: ``result`` is a TransactionEventType
name (``CHARGE_SUCCESS``, ``AUTHORIZATION_ACTION_REQUIRED``...), with ``pspReference``,
``amount``, ``time``, ``message``, ``externalUrl``, ``actions`` and, for sessions, ``data`` for
the storefront. An action answer with only a ``pspReference`` says "pending, reported later".
"""

from __future__ import annotations

import enum
from base64 import b64decode
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from saleor_api.money import Money, plain

Payload = dict[str, Any]

MAX_MESSAGE_LENGTH = 512  # Saleor truncates longer messages


class Flow(enum.StrEnum):
    """What the storefront asked for: take the money now, or only reserve it."""

    CHARGE = "CHARGE"
    AUTHORIZATION = "AUTHORIZATION"


class EventType(enum.StrEnum):
    """Saleor's TransactionEventTypeEnum names this app answers or reports with."""

    AUTHORIZATION_SUCCESS = "AUTHORIZATION_SUCCESS"
    AUTHORIZATION_FAILURE = "AUTHORIZATION_FAILURE"
    AUTHORIZATION_REQUEST = "AUTHORIZATION_REQUEST"
    AUTHORIZATION_ACTION_REQUIRED = "AUTHORIZATION_ACTION_REQUIRED"
    CHARGE_SUCCESS = "CHARGE_SUCCESS"
    CHARGE_FAILURE = "CHARGE_FAILURE"
    CHARGE_REQUEST = "CHARGE_REQUEST"
    CHARGE_ACTION_REQUIRED = "CHARGE_ACTION_REQUIRED"
    REFUND_SUCCESS = "REFUND_SUCCESS"
    REFUND_FAILURE = "REFUND_FAILURE"
    CANCEL_SUCCESS = "CANCEL_SUCCESS"
    CANCEL_FAILURE = "CANCEL_FAILURE"

    @classmethod
    def of(cls, flow: Flow, outcome: str) -> EventType:
        """``(Flow.CHARGE, "FAILURE")`` → ``CHARGE_FAILURE``."""
        return cls(f"{flow.value}_{outcome}")


class Action(enum.StrEnum):
    """What staff may do next with a transaction (Saleor's TransactionActionEnum)."""

    CHARGE = "CHARGE"
    REFUND = "REFUND"
    CANCEL = "CANCEL"


class BadPayload(ValueError):
    """The webhook's payload is not what the subscription asks for."""


@dataclass(frozen=True)
class SourceObject:
    """The checkout or order a transaction pays for, and what is still to be paid on it."""

    kind: str  # "Checkout" or "Order"
    id: str
    channel: str
    due: Money


@dataclass(frozen=True)
class SessionRequest:
    """TRANSACTION_INITIALIZE_SESSION or TRANSACTION_PROCESS_SESSION."""

    transaction_id: str
    psp_reference: str
    flow: Flow
    amount: Decimal
    currency: str
    source: SourceObject
    data: dict[str, Any]
    merchant_reference: str
    idempotency_key: str = ""  # only sent with TRANSACTION_INITIALIZE_SESSION


@dataclass(frozen=True)
class ActionRequest:
    """TRANSACTION_CHARGE_REQUESTED, TRANSACTION_REFUND_REQUESTED, TRANSACTION_CANCELATION_REQUESTED.

    ``request_key`` names this one request (Saleor's request event), so a repeat of it is
    recognised; without that event it falls back to the transaction, action and amount.
    """

    transaction_id: str
    psp_reference: str
    amount: Decimal
    currency: str
    request_key: str


@dataclass(frozen=True)
class Answer:
    """One answer to Saleor; ``as_json`` is the body of the webhook response."""

    result: EventType | None  # None: accepted, the outcome is reported later
    amount: Decimal | None = None
    psp_reference: str | None = None
    message: str = ""
    data: dict[str, Any] | None = None
    actions: tuple[Action, ...] | None = None
    external_url: str = ""
    time: datetime = field(default_factory=timezone.now)

    def as_json(self) -> dict[str, Any]:
        if self.result is None:
            body: dict[str, Any] = {"pspReference": self.psp_reference}
            if self.actions is not None:
                body["actions"] = [a.value for a in self.actions]
            return body
        body = {"result": self.result.value, "time": self.time.isoformat()}
        if self.amount is not None:
            body["amount"] = plain(self.amount)  # a string keeps every digit exact
        if self.psp_reference:
            body["pspReference"] = self.psp_reference
        if self.message:
            body["message"] = self.message[:MAX_MESSAGE_LENGTH]
        if self.external_url:
            body["externalUrl"] = self.external_url
        if self.actions is not None:
            body["actions"] = [a.value for a in self.actions]
        if self.data is not None:
            body["data"] = self.data
        return body

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Answer:
        """The answer stored by :meth:`as_json` (to repeat it for a repeated request)."""
        result = body.get("result")
        return cls(
            result=EventType(result) if result else None,
            amount=Decimal(body["amount"]) if "amount" in body else None,
            psp_reference=body.get("pspReference"),
            message=body.get("message", ""),
            data=body.get("data"),
            actions=tuple(Action(a) for a in body["actions"]) if "actions" in body else None,
            external_url=body.get("externalUrl", ""),
            time=datetime.fromisoformat(body["time"]) if "time" in body else timezone.now(),
        )


def failure(
    flow: Flow, code: str, message: str, amount: Decimal, psp_reference: str | None = None
) -> Answer:
    """A refused session: Saleor records the failure, the storefront gets ``data.error``."""
    return Answer(
        result=EventType.of(flow, "FAILURE"),
        amount=amount,
        psp_reference=psp_reference,
        message=message,
        data={"error": {"code": code, "message": message}},
        actions=(),
    )


# --- parsing ------------------------------------------------------------------------------------


def _get(payload: Any, *path: str) -> Any:
    value = payload
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise BadPayload(f"the payload has no {'.'.join(path)}")
        value = value[key]
    return value


def _decimal(value: Any, what: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise BadPayload(f"{what} is not an amount") from exc
    if not amount.is_finite() or amount < 0:
        raise BadPayload(f"{what} is not an amount")
    return amount


def _money(value: Any, what: str) -> Money:
    currency = _get(value, "currency")
    if not isinstance(currency, str) or len(currency) != 3:
        raise BadPayload(f"{what} has no currency")
    return Money(_decimal(_get(value, "amount"), what), currency.upper())


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadPayload(f"{what} must be a JSON object")
    return value


def parse_source(payload: Payload) -> SourceObject:
    source = _object(_get(payload, "sourceObject"), "sourceObject")
    kind = _get(source, "__typename")
    channel_object = source.get("channel")
    channel = (
        str(_object(channel_object, "sourceObject.channel").get("slug") or "")
        if channel_object
        else ""
    )
    if kind == "Checkout":
        due = _money(_get(source, "totalPrice", "gross"), "the checkout total")
    elif kind == "Order":
        total = _money(_get(source, "total", "gross"), "the order total")
        paid = Decimal(0)
        for key in ("totalCharged", "totalAuthorized"):
            if isinstance(source.get(key), dict):
                paid += _money(source[key], f"the order's {key}").amount
        due = Money(max(total.amount - paid, Decimal(0)), total.currency)
    else:
        raise BadPayload(f"a transaction for a {kind!r} is not supported")
    return SourceObject(kind=kind, id=str(_get(source, "id")), channel=channel, due=due)


def parse_session(payload: Payload) -> SessionRequest:
    action = _get(payload, "action")
    try:
        flow = Flow(_get(action, "actionType"))
    except ValueError as exc:
        raise BadPayload("action.actionType is neither CHARGE nor AUTHORIZATION") from exc
    data = payload.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadPayload("data must be a JSON object")
    currency = _get(action, "currency")
    if not isinstance(currency, str) or len(currency) != 3:
        raise BadPayload("action.currency is not a currency code")
    return SessionRequest(
        transaction_id=str(_get(payload, "transaction", "id")),
        psp_reference=str(
            _object(_get(payload, "transaction"), "transaction").get("pspReference") or ""
        ),
        flow=flow,
        amount=_decimal(_get(action, "amount"), "action.amount"),
        currency=currency.upper(),
        source=parse_source(payload),
        data=data,
        merchant_reference=str(payload.get("merchantReference") or ""),
        idempotency_key=str(payload.get("idempotencyKey") or ""),
    )


def parse_action(payload: Payload, request_type: str) -> ActionRequest:
    """An action request; ``request_type`` is Saleor's request event (``REFUND_REQUEST``...)."""
    transaction = _get(payload, "transaction")
    if not isinstance(transaction, dict):
        raise BadPayload("the payload has no transaction")
    action = _get(payload, "action")
    transaction_id = str(_get(transaction, "id"))
    amount = _decimal(_get(action, "amount"), "action.amount")
    currency = _get(action, "currency")
    if not isinstance(currency, str) or len(currency) != 3:
        raise BadPayload("action.currency is not a currency code")
    return ActionRequest(
        transaction_id=transaction_id,
        psp_reference=str(transaction.get("pspReference") or ""),
        amount=amount,
        currency=currency.upper(),
        request_key=_request_key(transaction, request_type, amount)
        or f"{transaction_id}:{request_type}:{plain(amount)}",
    )


def _request_key(transaction: dict[str, Any], request_type: str, amount: Decimal) -> str:
    """The id of Saleor's newest ``request_type`` event of this amount: this very request."""
    events = [
        e
        for e in transaction.get("events") or []
        if isinstance(e, dict) and e.get("type") == request_type and e.get("id")
    ]
    matching = [
        e
        for e in events
        if (e.get("amount") or {}).get("amount") is not None
        and Decimal(str(e["amount"]["amount"])) == amount
    ]
    candidates = matching or events
    if not candidates:
        return ""
    newest = max(candidates, key=lambda e: str(e.get("createdAt") or ""))
    return str(newest["id"])


def transaction_token(transaction_id: str) -> str:
    """The UUID inside a TransactionItem global id (``VHJh...`` → ``3f2b...``), else the id."""
    try:
        kind, _, token = b64decode(transaction_id, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return transaction_id
    return token if kind == "TransactionItem" and token else transaction_id
