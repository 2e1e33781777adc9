"""Saleor's payment webhooks and Stripe's events, built and delivered as the real ones are."""

from __future__ import annotations

import json
import uuid
from base64 import b64encode
from typing import Any

import stripe
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fakes.saleor_signing import SaleorKey, sign_like_saleor

DOMAIN = "saleor.test"
API_URL = "https://saleor.test/graphql/"
CHECKOUT_ID = b64encode(b"Checkout:0b1c5a3e-7d1f-4b7a-9a57-1f0e0c6f3a10").decode()
ORDER_ID = b64encode(b"Order:6a9b9c3e-2f1d-4c1e-8f3b-2d6a1e0b7c44").decode()
STRIPE_SECRET_KEY = "sk_test_ocop0secret0key0do0not0leak"
STRIPE_PUBLISHABLE_KEY = "pk_test_ocop0publishable0key"
STRIPE_WEBHOOK_SECRET = "whsec_ocop0webhook0secret0do0not0leak"

URLS = {
    "payment_gateway_initialize_session": "payments:gateway-initialize",
    "transaction_initialize_session": "payments:transaction-initialize",
    "transaction_process_session": "payments:transaction-process",
    "transaction_charge_requested": "payments:transaction-charge",
    "transaction_refund_requested": "payments:transaction-refund",
    "transaction_cancelation_requested": "payments:transaction-cancel",
}
TYPENAMES = {
    "payment_gateway_initialize_session": "PaymentGatewayInitializeSession",
    "transaction_initialize_session": "TransactionInitializeSession",
    "transaction_process_session": "TransactionProcessSession",
    "transaction_charge_requested": "TransactionChargeRequested",
    "transaction_refund_requested": "TransactionRefundRequested",
    "transaction_cancelation_requested": "TransactionCancelationRequested",
}


def transaction_id(token: str | None = None) -> str:
    return b64encode(f"TransactionItem:{token or uuid.uuid4()}".encode()).decode()


def checkout(total: float | str = 150000, currency: str = "VND", id: str = CHECKOUT_ID) -> dict:
    return {
        "__typename": "Checkout",
        "id": id,
        "channel": {"slug": currency.lower()},
        "totalPrice": {"gross": {"amount": total, "currency": currency}},
    }


def order(
    total: float | str = 150000, currency: str = "VND", charged: float | str = 0
) -> dict[str, Any]:
    return {
        "__typename": "Order",
        "id": ORDER_ID,
        "channel": {"slug": currency.lower()},
        "total": {"gross": {"amount": total, "currency": currency}},
        "totalCharged": {"amount": charged, "currency": currency},
        "totalAuthorized": {"amount": 0, "currency": currency},
    }


def initialize_session(
    transaction: str,
    *,
    amount: float | str = 150000,
    currency: str = "VND",
    action: str = "CHARGE",
    data: dict[str, Any] | None = None,
    source: dict[str, Any] | None = None,
    idempotency_key: str = "pay-0001",
) -> dict[str, Any]:
    return {
        "__typename": "TransactionInitializeSession",
        "issuedAt": timezone.now().isoformat(),
        "idempotencyKey": idempotency_key,
        "merchantReference": "OCOP-1001",
        "data": data,
        "action": {"amount": amount, "currency": currency, "actionType": action},
        "transaction": {"id": transaction, "pspReference": ""},
        "sourceObject": source or checkout(amount, currency),
    }


def process_session(
    transaction: str,
    psp_reference: str,
    *,
    amount: float | str = 150000,
    currency: str = "VND",
    action: str = "CHARGE",
    source: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "__typename": "TransactionProcessSession",
        "issuedAt": timezone.now().isoformat(),
        "merchantReference": "OCOP-1001",
        "data": data,
        "action": {"amount": amount, "currency": currency, "actionType": action},
        "transaction": {"id": transaction, "pspReference": psp_reference},
        "sourceObject": source or checkout(amount, currency),
    }


def action_requested(
    event: str,
    transaction: str,
    psp_reference: str,
    *,
    amount: float | str = 150000,
    currency: str = "VND",
    request_event_id: str | None = "VHJhbnNhY3Rpb25FdmVudDox",
) -> dict[str, Any]:
    """TRANSACTION_CHARGE_REQUESTED / _REFUND_REQUESTED / _CANCELATION_REQUESTED."""
    request_type = {
        "transaction_charge_requested": "CHARGE_REQUEST",
        "transaction_refund_requested": "REFUND_REQUEST",
        "transaction_cancelation_requested": "CANCEL_REQUEST",
    }[event]
    action_type = request_type.removesuffix("_REQUEST")
    events = []
    if request_event_id:
        events.append(
            {
                "id": request_event_id,
                "type": request_type,
                "pspReference": "",
                "createdAt": timezone.now().isoformat(),
                "amount": {"amount": amount, "currency": currency},
            }
        )
    return {
        "__typename": TYPENAMES[event],
        "issuedAt": timezone.now().isoformat(),
        "action": {"actionType": action_type, "amount": amount, "currency": currency},
        "transaction": {
            "id": transaction,
            "pspReference": psp_reference,
            "authorizedAmount": {"amount": 0, "currency": currency},
            "chargedAmount": {"amount": 0, "currency": currency},
            "refundedAmount": {"amount": 0, "currency": currency},
            "events": events,
        },
    }


def saleor_sends(
    client: Client,
    key: SaleorKey,
    event: str,
    payload: dict[str, Any],
    *,
    signature: str | None = None,
    url_event: str | None = None,
):
    """Saleor delivers ``payload`` for ``event`` to the app's endpoint, signed with ``key``."""
    body = json.dumps(payload).encode()
    headers = {
        "Saleor-Event": event,
        "Saleor-Domain": DOMAIN,
        "Saleor-Api-Url": API_URL,
        "Saleor-Signature": sign_like_saleor(key, body) if signature is None else signature,
    }
    return client.post(
        reverse(URLS[url_event or event]),
        data=body,
        content_type="application/json",
        headers=headers,
    )


def stripe_sends(
    client: Client,
    event: dict[str, Any],
    *,
    secret: str = STRIPE_WEBHOOK_SECRET,
    timestamp: int | None = None,
):
    """Stripe delivers ``event`` to the app's webhook, signed with the test secret."""
    body = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp)
    return client.post(
        reverse("payments:stripe-webhook"),
        data=body,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )
