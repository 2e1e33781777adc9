"""A small, stateful Stripe API on 127.0.0.1, for stripe-python to talk to in tests.

It implements exactly what the payment app uses, with Stripe's documented behaviour:

- ``POST /v1/payment_intents`` (with ``confirm``), ``GET /v1/payment_intents/{id}``,
  ``POST /v1/payment_intents/{id}/confirm|capture|cancel``, ``POST /v1/refunds``;
- form-encoded parameters (``metadata[key]=...``); an unknown parameter is refused, as Stripe does;
- ``Idempotency-Key``: a repeat with the same parameters replays the first answer
  (``Idempotent-Replayed: true``) and makes nothing new; the same key with other parameters is an
  ``idempotency_error``; a key in use by a request in flight answers 409;
- the test payment methods of https://docs.stripe.com/testing: ``pm_card_visa`` succeeds,
  ``pm_card_chargeDeclined`` and ``pm_card_chargeDeclinedInsufficientFunds`` are declined (HTTP 402
  ``card_error`` carrying the PaymentIntent), ``pm_card_threeDSecure2Required`` and
  ``pm_card_authenticationRequired`` need 3-D Secure (``requires_action``, ``use_stripe_sdk``);
- the events Stripe would send (``payment_intent.succeeded``...) in ``events``, to be delivered to
  the app's webhook by the test, signed with a test secret.

localstripe (PyPI) was tried first; it lacks what these tests need: it refuses
``automatic_payment_methods``, ignores ``Idempotency-Key`` (a repeat creates a second
PaymentIntent), has no ``pm_card_chargeDeclined`` / 3-D Secure test payment methods, and keeps its
state in a shared ``/tmp/localstripe.pickle``.
"""

from __future__ import annotations

import copy
import itertools
import json
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TEST_CARDS: dict[str, dict[str, Any]] = {
    "pm_card_visa": {"brand": "visa", "last4": "4242"},
    "pm_card_mastercard": {"brand": "mastercard", "last4": "4444"},
    "pm_card_chargeDeclined": {
        "brand": "visa",
        "last4": "0002",
        "decline": ("card_declined", "generic_decline", "Your card was declined."),
    },
    "pm_card_chargeDeclinedInsufficientFunds": {
        "brand": "visa",
        "last4": "9995",
        "decline": ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
    },
    "pm_card_threeDSecure2Required": {"brand": "visa", "last4": "3220", "three_d_secure": True},
    "pm_card_authenticationRequired": {"brand": "visa", "last4": "3184", "three_d_secure": True},
}
CANCELABLE = (
    "requires_payment_method",
    "requires_capture",
    "requires_confirmation",
    "requires_action",
    "processing",
)
CANCELLATION_REASONS = ("duplicate", "fraudulent", "requested_by_customer", "abandoned")
AUTHENTICATION_FAILED = (
    "The provided PaymentMethod has failed authentication. You can provide payment_method_data "
    "or a new PaymentMethod to attempt to fulfill this PaymentIntent again."
)


class StripeApiError(Exception):
    def __init__(self, status: int, error: dict[str, Any]) -> None:
        super().__init__(error.get("message"))
        self.status = status
        self.error = error


def _invalid(message: str, param: str | None = None, code: str | None = None) -> StripeApiError:
    error: dict[str, Any] = {"type": "invalid_request_error", "message": message}
    if param:
        error["param"] = param
    if code:
        error["code"] = code
    return StripeApiError(400, error)


def parse_form(body: str) -> dict[str, Any]:
    """``metadata[a]=1&expand[0]=x`` → ``{"metadata": {"a": "1"}, "expand": {"0": "x"}}``."""
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head, _, rest = key.partition("[")
        path = [head] + [part.rstrip("]") for part in rest.split("[")] if rest else [head]
        node = params
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return params


def _bool(value: Any) -> bool:
    return str(value).lower() == "true"


@dataclass
class Charge:
    id: str
    payment_intent: str
    amount: int
    currency: str
    status: str  # succeeded | failed
    captured: bool
    amount_refunded: int = 0


class StripeDouble:
    """The state and the HTTP server; ``url`` is the value for ``stripe.api_base``."""

    def __init__(self) -> None:
        self.intents: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, Charge] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, dict[str, Any], str | None]] = []
        self.refund_status = "succeeded"  # what new refunds are: "pending" for async ones
        self._idempotent: dict[str, tuple[str, dict[str, Any], int, str]] = {}
        self._in_flight: set[str] = set()
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> StripeDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                double._serve(self, "GET")

            def do_POST(self) -> None:
                double._serve(self, "POST")

            def log_message(self, *_args: Any) -> None:  # keep test output quiet
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.intents.clear()
            self.charges.clear()
            self.refunds.clear()
            self.events.clear()
            self.requests.clear()
            self._idempotent.clear()
            self.refund_status = "succeeded"

    # --- what tests look at ------------------------------------------------------------------
    def successful_charges(self) -> list[Charge]:
        return [c for c in self.charges.values() if c.status == "succeeded"]

    def writes(
        self, path_prefix: str = "/v1/"
    ) -> list[tuple[str, str, dict[str, Any], str | None]]:
        return [r for r in self.requests if r[0] == "POST" and r[1].startswith(path_prefix)]

    def events_of(self, event_type: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == event_type]

    def make_event(
        self, event_type: str, obj: dict[str, Any], *, created: int | None = None
    ) -> dict[str, Any]:
        """An event as Stripe sends it, about a snapshot of ``obj``."""
        return {
            "id": self._new_id("evt"),
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()) if created is None else created,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
            "data": {"object": copy.deepcopy(obj)},
        }

    # --- what the browser does with Stripe.js ------------------------------------------------
    def confirm_in_browser(self, intent_id: str, payment_method: str) -> dict[str, Any]:
        """``stripe.confirmPayment`` with the Payment Element: may succeed, fail or need 3DS."""
        with self._lock:
            intent = self.intents[intent_id]
            with suppress(StripeApiError):  # the page shows a decline; the intent records it
                self._confirm(intent, payment_method)
            return copy.deepcopy(intent)

    def authenticate(self, intent_id: str, *, success: bool) -> dict[str, Any]:
        """The customer passes (or fails) the 3-D Secure challenge."""
        with self._lock:
            intent = self.intents[intent_id]
            assert intent["status"] == "requires_action", intent["status"]
            intent["next_action"] = None
            if success:
                self._charge(intent)
            else:
                intent["status"] = "requires_payment_method"
                intent["last_payment_error"] = {
                    "type": "invalid_request_error",
                    "code": "payment_intent_authentication_failure",
                    "message": AUTHENTICATION_FAILED,
                }
                intent["payment_method"] = None
                self._emit("payment_intent.payment_failed", intent)
            return copy.deepcopy(intent)

    # --- HTTP ----------------------------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        params = parse_form(body if method == "POST" else urlsplit(handler.path).query)
        key = handler.headers.get("Idempotency-Key")
        with self._lock:
            self.requests.append((method, path, params, key))
        status, answer, replayed = self._answer(handler, method, path, params, key)
        payload = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("Request-Id", self._new_id("req"))
        if key:
            handler.send_header("Idempotency-Key", key)
        if replayed:
            handler.send_header("Idempotent-Replayed", "true")
        handler.end_headers()
        handler.wfile.write(payload)

    def _answer(
        self,
        handler: BaseHTTPRequestHandler,
        method: str,
        path: str,
        params: dict[str, Any],
        key: str | None,
    ) -> tuple[int, dict[str, Any], bool]:
        auth = handler.headers.get("Authorization", "")
        if not auth.startswith("Bearer sk_test_"):
            return (
                401,
                {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}},
                False,
            )
        if method == "POST" and key:
            with self._lock:
                first = self._idempotent.get(key)
                if first is not None:
                    first_path, first_params, status, body = first
                    if (first_path, first_params) != (path, params):
                        return (
                            400,
                            {
                                "error": {
                                    "type": "idempotency_error",
                                    "message": (
                                        "Keys for idempotent requests can only be used with the "
                                        "same parameters they were first used with. Try using a "
                                        f"key other than '{key}' if you meant to execute a "
                                        "different request."
                                    ),
                                }
                            },
                            False,
                        )
                    return status, json.loads(body), True
                if key in self._in_flight:
                    return (
                        409,
                        {
                            "error": {
                                "type": "idempotency_error",
                                "code": "idempotency_key_in_use",
                                "message": (
                                    "There is currently another in-progress request using this "
                                    "Idempotency-Key. Please try again later."
                                ),
                            }
                        },
                        False,
                    )
                self._in_flight.add(key)
        try:
            try:
                status, answer = 200, self._route(method, path, params)
            except StripeApiError as exc:
                status, answer = exc.status, {"error": exc.error}
            if method == "POST" and key and status in (200, 402):
                with self._lock:
                    self._idempotent[key] = (path, params, status, json.dumps(answer))
            return status, answer, False
        finally:
            if method == "POST" and key:
                with self._lock:
                    self._in_flight.discard(key)

    def _route(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        parts = path.strip("/").split("/")
        with self._lock:
            if parts[:2] == ["v1", "payment_intents"]:
                if len(parts) == 2 and method == "POST":
                    return self._create_intent(params)
                intent = self.intents.get(parts[2]) if len(parts) > 2 else None
                if intent is None:
                    raise _invalid(
                        f"No such payment_intent: '{parts[2] if len(parts) > 2 else ''}'",
                        "intent",
                        "resource_missing",
                    )
                if len(parts) == 3 and method == "GET":
                    return copy.deepcopy(intent)
                if len(parts) == 4 and method == "POST":
                    action = parts[3]
                    if action == "confirm":
                        self._only(params, {"payment_method", "return_url", "expand"})
                        self._confirm(intent, params.get("payment_method"))
                        return copy.deepcopy(intent)
                    if action == "capture":
                        return self._capture(intent, params)
                    if action == "cancel":
                        return self._cancel(intent, params)
            if parts == ["v1", "refunds"] and method == "POST":
                return self._refund(params)
        raise StripeApiError(
            404,
            {
                "type": "invalid_request_error",
                "message": f"Unrecognized request URL ({method}: {path}).",
            },
        )

    # --- PaymentIntents ------------------------------------------------------------------------
    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):04d}{secrets.token_hex(6)}"

    @staticmethod
    def _only(params: dict[str, Any], allowed: set[str]) -> None:
        for name in params:
            if name not in allowed:
                raise _invalid(f"Received unknown parameter: {name}", name, "parameter_unknown")

    def _create_intent(self, params: dict[str, Any]) -> dict[str, Any]:
        self._only(
            params,
            {
                "amount",
                "currency",
                "capture_method",
                "automatic_payment_methods",
                "payment_method",
                "confirm",
                "return_url",
                "metadata",
                "description",
                "expand",
            },
        )
        try:
            amount = int(params.get("amount", ""))
        except ValueError:
            raise _invalid(
                "Missing required param: amount.", "amount", "parameter_missing"
            ) from None
        if amount < 1:
            raise _invalid(
                "This value must be greater than or equal to 1.", "amount", "parameter_invalid"
            )
        currency = params.get("currency")
        if not currency or currency != currency.lower():
            raise _invalid("Invalid currency.", "currency", "parameter_invalid")
        capture_method = params.get("capture_method", "automatic_async")
        if capture_method not in ("automatic", "automatic_async", "manual"):
            raise _invalid("Invalid capture_method.", "capture_method", "parameter_invalid")
        automatic = params.get("automatic_payment_methods") or {}
        confirm = _bool(params.get("confirm", "false"))
        if (
            confirm
            and _bool(automatic.get("enabled"))
            and not params.get("return_url")
            and automatic.get("allow_redirects") != "never"
        ):
            raise _invalid(
                "You must provide a `return_url` when confirming a PaymentIntent with the payment "
                "method type card, or set automatic_payment_methods[allow_redirects]=never.",
                "return_url",
            )
        intent_id = self._new_id("pi")
        intent: dict[str, Any] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": 0,
            "automatic_payment_methods": {
                "enabled": _bool(automatic.get("enabled")),
                "allow_redirects": automatic.get("allow_redirects", "always"),
            }
            if automatic
            else None,
            "canceled_at": None,
            "cancellation_reason": None,
            "capture_method": capture_method,
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "confirmation_method": "automatic",
            "created": int(time.time()),
            "currency": currency,
            "description": params.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": params.get("metadata") or {},
            "next_action": None,
            "payment_method": None,
            "payment_method_types": ["card"],
            "status": "requires_payment_method",
        }
        self.intents[intent_id] = intent
        self._emit("payment_intent.created", intent)
        if params.get("payment_method"):
            self._attach(intent, params["payment_method"])
            intent["status"] = "requires_confirmation"
        if confirm:
            self._confirm(intent, None)
        return copy.deepcopy(intent)

    def _attach(self, intent: dict[str, Any], payment_method: str) -> None:
        if payment_method not in TEST_CARDS:
            raise _invalid(
                f"No such PaymentMethod: '{payment_method}'", "payment_method", "resource_missing"
            )
        intent["payment_method"] = payment_method

    def _confirm(self, intent: dict[str, Any], payment_method: str | None) -> None:
        if payment_method:
            self._attach(intent, payment_method)
        if intent["status"] not in (
            "requires_payment_method",
            "requires_confirmation",
        ) or not intent.get("payment_method"):
            raise _invalid(
                "You cannot confirm this PaymentIntent because it "
                + (
                    "is missing a payment method."
                    if not intent.get("payment_method")
                    else f"has a status of {intent['status']}."
                ),
                code="payment_intent_unexpected_state",
            )
        card = TEST_CARDS[intent["payment_method"]]
        intent["last_payment_error"] = None
        if card.get("three_d_secure"):
            intent["status"] = "requires_action"
            intent["next_action"] = {
                "type": "use_stripe_sdk",
                "use_stripe_sdk": {"type": "three_d_secure_redirect", "stripe_js": ""},
            }
            self._emit("payment_intent.requires_action", intent)
            return
        if card.get("decline"):
            code, decline_code, message = card["decline"]
            charge = self._new_charge(intent, "failed", captured=False)
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {
                "type": "card_error",
                "charge": charge.id,
                "code": code,
                "decline_code": decline_code,
                "message": message,
            }
            failed_method = intent["payment_method"]
            intent["payment_method"] = None
            self._emit("payment_intent.payment_failed", intent)
            raise StripeApiError(
                402,
                {
                    "type": "card_error",
                    "charge": charge.id,
                    "code": code,
                    "decline_code": decline_code,
                    "doc_url": "https://docs.stripe.com/error-codes/card-declined",
                    "message": message,
                    "payment_intent": copy.deepcopy(intent),
                    "payment_method": {"id": failed_method, "object": "payment_method"},
                },
            )
        self._charge(intent)

    def _new_charge(self, intent: dict[str, Any], status: str, *, captured: bool) -> Charge:
        charge = Charge(
            id=self._new_id("ch"),
            payment_intent=intent["id"],
            amount=intent["amount"],
            currency=intent["currency"],
            status=status,
            captured=captured,
        )
        self.charges[charge.id] = charge
        intent["latest_charge"] = charge.id
        return charge

    def _charge(self, intent: dict[str, Any]) -> None:
        manual = intent["capture_method"] == "manual"
        self._new_charge(intent, "succeeded", captured=not manual)
        if manual:
            intent["status"] = "requires_capture"
            intent["amount_capturable"] = intent["amount"]
            self._emit("payment_intent.amount_capturable_updated", intent)
        else:
            intent["status"] = "succeeded"
            intent["amount_received"] = intent["amount"]
            self._emit("payment_intent.succeeded", intent)

    def _capture(self, intent: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        self._only(params, {"amount_to_capture", "expand"})
        if intent["status"] != "requires_capture":
            raise _invalid(
                "This PaymentIntent could not be captured because it has a status of "
                f"{intent['status']}. Only a PaymentIntent with one of the following statuses may "
                "be captured: requires_capture.",
                code="payment_intent_unexpected_state",
            )
        amount = int(params.get("amount_to_capture") or intent["amount_capturable"])
        if amount > intent["amount_capturable"]:
            raise _invalid(
                "The amount to capture is greater than the amount capturable.",
                "amount_to_capture",
                "amount_too_large",
            )
        charge = self.charges[intent["latest_charge"]]
        charge.captured = True
        charge.amount = amount
        intent["amount_received"] = amount
        intent["amount_capturable"] = 0
        intent["status"] = "succeeded"
        self._emit("payment_intent.succeeded", intent)
        return copy.deepcopy(intent)

    def _cancel(self, intent: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        self._only(params, {"cancellation_reason", "expand"})
        reason = params.get("cancellation_reason")
        if reason is not None and reason not in CANCELLATION_REASONS:
            raise _invalid("Invalid cancellation_reason.", "cancellation_reason")
        if intent["status"] not in CANCELABLE:
            raise _invalid(
                "You cannot cancel this PaymentIntent because it has a status of "
                f"{intent['status']}. Only a PaymentIntent with one of the following statuses may "
                f"be canceled: {', '.join(CANCELABLE)}.",
                code="payment_intent_unexpected_state",
            )
        intent["status"] = "canceled"
        intent["cancellation_reason"] = reason
        intent["canceled_at"] = int(time.time())
        intent["amount_capturable"] = 0
        intent["next_action"] = None
        self._emit("payment_intent.canceled", intent)
        return copy.deepcopy(intent)

    def _refund(self, params: dict[str, Any]) -> dict[str, Any]:
        self._only(params, {"payment_intent", "amount", "metadata", "reason", "expand"})
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            raise _invalid(
                f"No such payment_intent: '{params.get('payment_intent')}'",
                "payment_intent",
                "resource_missing",
            )
        if intent["status"] != "succeeded":
            raise _invalid(
                f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                "payment_intent",
                "charge_not_refundable",
            )
        charge = self.charges[intent["latest_charge"]]
        refundable = charge.amount - charge.amount_refunded
        amount = int(params.get("amount") or refundable)
        if amount > refundable:
            raise _invalid(
                f"Refund amount ({amount}) is greater than unrefunded amount on charge "
                f"({refundable})",
                "amount",
                "amount_too_large",
            )
        charge.amount_refunded += amount
        refund = {
            "id": self._new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge.id,
            "created": int(time.time()),
            "currency": intent["currency"],
            "metadata": params.get("metadata") or {},
            "payment_intent": intent["id"],
            "reason": params.get("reason"),
            "status": self.refund_status,
            "failure_reason": None,
        }
        self.refunds[refund["id"]] = refund
        self._emit("refund.created", refund)
        return copy.deepcopy(refund)

    def settle_refund(self, refund_id: str, status: str, failure_reason: str | None = None) -> None:
        """A pending refund ends (``succeeded`` or ``failed``), as the bank answers later."""
        with self._lock:
            refund = self.refunds[refund_id]
            refund["status"] = status
            refund["failure_reason"] = failure_reason
            self._emit("refund.updated", refund)

    def _emit(self, event_type: str, obj: dict[str, Any]) -> None:
        self.events.append(self.make_event(event_type, obj))


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 where nothing listens: Stripe is unreachable."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextmanager
def running_stripe_double() -> Iterator[StripeDouble]:
    double = StripeDouble().start()
    try:
        yield double
    finally:
        double.stop()
