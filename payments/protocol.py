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
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.utils import timezone
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic.alias_generators import to_camel

from saleor_api.money import Money, plain

Payload = dict[str, Any]
M = TypeVar("M", bound="_Payload")

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
# The payloads as pydantic models; a payload that does not fit is a BadPayload naming the field
# ("action.amount: ...").


class _Payload(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True
    )


Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
CurrencyCode = Annotated[str, StringConstraints(min_length=3, max_length=3, to_upper=True)]


class _Money(_Payload):
    amount: Amount
    currency: CurrencyCode

    def money(self) -> Money:
        return Money(self.amount, self.currency)


class _Taxed(_Payload):
    gross: _Money


class _Channel(_Payload):
    slug: str | None = None


class _Source(_Payload):
    typename: str = Field(alias="__typename")
    id: str
    channel: _Channel | None = None
    total_price: _Taxed | None = None  # a checkout's
    total: _Taxed | None = None  # an order's
    total_charged: _Money | None = None
    total_authorized: _Money | None = None


class _Action(_Payload):
    amount: Amount
    currency: CurrencyCode
    action_type: str | None = None


class _EventAmount(_Payload):
    amount: Decimal | None = None


class _Event(_Payload):
    id: str | None = None
    type: str | None = None
    amount: _EventAmount | None = None
    created_at: str | None = None


class _Transaction(_Payload):
    id: str
    psp_reference: str | None = None
    events: list[_Event] | None = None


def _json_object(value: Any) -> Any:
    if value is not None and not isinstance(value, dict):
        raise ValueError("data must be a JSON object")
    return value


class _SessionPayload(_Payload):
    transaction: _Transaction
    action: _Action
    source_object: _Source
    data: Annotated[dict[str, Any] | None, BeforeValidator(_json_object)] = None
    merchant_reference: str | None = None
    idempotency_key: str | None = None


class _ActionPayload(_Payload):
    transaction: _Transaction
    action: _Action


def _validated(model: type[M], payload: Any) -> M:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise BadPayload(_reason(exc.errors()[0])) from exc


def _reason(error: Any) -> str:
    """A payload error as the app's log and Saleor's delivery log say it."""
    where = ".".join(str(part) for part in error["loc"])
    kind = str(error["type"])
    if kind == "missing":
        return f"the payload has no {where}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where} must be a JSON object"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if where.endswith(".amount") and kind.startswith(("decimal", "greater_than", "finite")):
        return f"{where} is not an amount"
    if where.endswith(".currency"):
        return f"{where} is not a currency code"
    return f"{where}: {error['msg']}"


def _source(source: _Source) -> SourceObject:
    channel = (source.channel.slug or "") if source.channel else ""
    if source.typename == "Checkout":
        if source.total_price is None:
            raise BadPayload("the payload has no sourceObject.totalPrice")
        due = source.total_price.gross.money()
    elif source.typename == "Order":
        if source.total is None:
            raise BadPayload("the payload has no sourceObject.total")
        total = source.total.gross.money()
        paid = sum(
            (m.amount for m in (source.total_charged, source.total_authorized) if m is not None),
            Decimal(0),
        )
        due = Money(max(total.amount - paid, Decimal(0)), total.currency)
    else:
        raise BadPayload(f"a transaction for a {source.typename!r} is not supported")
    return SourceObject(kind=source.typename, id=source.id, channel=channel, due=due)


def parse_source(payload: Payload) -> SourceObject:
    if not isinstance(payload, dict) or "sourceObject" not in payload:
        raise BadPayload("the payload has no sourceObject")
    return _source(_validated(_Source, payload["sourceObject"]))


def parse_session(payload: Payload) -> SessionRequest:
    session = _validated(_SessionPayload, payload)
    try:
        flow = Flow(session.action.action_type or "")
    except ValueError as exc:
        raise BadPayload("action.actionType is neither CHARGE nor AUTHORIZATION") from exc
    return SessionRequest(
        transaction_id=session.transaction.id,
        psp_reference=session.transaction.psp_reference or "",
        flow=flow,
        amount=session.action.amount,
        currency=session.action.currency,
        source=_source(session.source_object),
        data=session.data if session.data is not None else {},
        merchant_reference=session.merchant_reference or "",
        idempotency_key=session.idempotency_key or "",
    )


def parse_action(payload: Payload, request_type: str) -> ActionRequest:
    """An action request; ``request_type`` is Saleor's request event (``REFUND_REQUEST``...)."""
    request = _validated(_ActionPayload, payload)
    transaction, amount = request.transaction, request.action.amount
    return ActionRequest(
        transaction_id=transaction.id,
        psp_reference=transaction.psp_reference or "",
        amount=amount,
        currency=request.action.currency,
        request_key=_request_key(transaction, request_type, amount)
        or f"{transaction.id}:{request_type}:{plain(amount)}",
    )


def _request_key(transaction: _Transaction, request_type: str, amount: Decimal) -> str:
    """The id of Saleor's newest ``request_type`` event of this amount: this very request."""
    events = [e for e in transaction.events or [] if e.type == request_type and e.id]
    matching = [e for e in events if e.amount is not None and e.amount.amount == amount]
    candidates = matching or events
    if not candidates:
        return ""
    newest = max(candidates, key=lambda e: e.created_at or "")
    return str(newest.id)


def transaction_token(transaction_id: str) -> str:
    """The UUID inside a TransactionItem global id (``VHJh...`` → ``3f2b...``), else the id."""
    try:
        kind, _, token = b64decode(transaction_id, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return transaction_id
    return token if kind == "TransactionItem" and token else transaction_id
