"""The payment app's synchronous webhooks, as the app manifest registers them in Saleor.

One webhook per event, each with its subscription (the payload) from
``saleor_api/subscriptions/payment_*.graphql`` and its own endpoint under ``/payments/saleor/``.
``PaymentsConfig.ready`` registers them with the app's manifest (``saleor_app.manifest``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from saleor_api.operations import subscription_document

WEBHOOK_NAME_PREFIX = "OCOP shop payments"


@dataclass(frozen=True)
class SyncWebhook:
    event: str  # Saleor's WebhookEventTypeSyncEnum value; its lower case is the Saleor-Event header
    url_name: str
    subscription_file: str

    @property
    def header_event(self) -> str:
        return self.event.lower()

    @property
    def name(self) -> str:
        return f"{WEBHOOK_NAME_PREFIX}: {self.event.lower().replace('_', ' ')}"


SYNC_WEBHOOKS: tuple[SyncWebhook, ...] = (
    SyncWebhook(
        "PAYMENT_GATEWAY_INITIALIZE_SESSION",
        "payments:gateway-initialize",
        "payment_gateway_initialize_session.graphql",
    ),
    SyncWebhook(
        "TRANSACTION_INITIALIZE_SESSION",
        "payments:transaction-initialize",
        "payment_transaction_initialize_session.graphql",
    ),
    SyncWebhook(
        "TRANSACTION_PROCESS_SESSION",
        "payments:transaction-process",
        "payment_transaction_process_session.graphql",
    ),
    SyncWebhook(
        "TRANSACTION_CHARGE_REQUESTED",
        "payments:transaction-charge",
        "payment_transaction_charge_requested.graphql",
    ),
    SyncWebhook(
        "TRANSACTION_REFUND_REQUESTED",
        "payments:transaction-refund",
        "payment_transaction_refund_requested.graphql",
    ),
    SyncWebhook(
        "TRANSACTION_CANCELATION_REQUESTED",
        "payments:transaction-cancel",
        "payment_transaction_cancelation_requested.graphql",
    ),
)


def subscription(file_name: str) -> str:
    return subscription_document(file_name)


def manifest_webhooks(public_url: Callable[[str], str]) -> list[dict[str, Any]]:
    """The manifest's entries for the payment webhooks; ``public_url`` makes a path absolute."""
    return [
        {
            "name": webhook.name,
            "targetUrl": public_url(reverse(webhook.url_name)),
            "syncEvents": [webhook.event],
            "query": subscription(webhook.subscription_file),
            "isActive": True,
        }
        for webhook in SYNC_WEBHOOKS
    ]
