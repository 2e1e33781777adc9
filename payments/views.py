"""Endpoints: Saleor's synchronous payment webhooks (JWS-verified) and Stripe's webhook (signed)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import stripe
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import services
from payments.protocol import BadPayload, Payload
from saleor_app.http import error_response
from saleor_app.webhooks import WebhookRejected, verify_webhook_request

logger = logging.getLogger(__name__)

Handler = Callable[[Payload], dict[str, Any]]


def saleor_sync_webhook(event: str, handle: Handler) -> Callable[[HttpRequest], JsonResponse]:
    """An endpoint for one synchronous Saleor webhook: verified, then answered by ``handle``."""

    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> JsonResponse:
        try:
            delivery = verify_webhook_request(request)
        except WebhookRejected as rejected:
            return rejected.response()
        if delivery.event != event:
            logger.warning("refused %s at the %s endpoint", delivery.event, event)
            return error_response(400, "WRONG_EVENT", f"this endpoint takes {event} only")
        try:
            return JsonResponse(handle(delivery.payload))
        except BadPayload as exc:
            logger.warning("refused a %s payload from %s: %s", event, delivery.source.domain, exc)
            return error_response(400, "BAD_PAYLOAD", str(exc))

    view.__name__ = f"saleor_{event}"
    return view


gateway_initialize = saleor_sync_webhook(
    "payment_gateway_initialize_session", services.gateway_configuration
)
transaction_initialize = saleor_sync_webhook(
    "transaction_initialize_session",
    lambda payload: services.initialize_transaction(payload).as_json(),
)
transaction_process = saleor_sync_webhook(
    "transaction_process_session",
    lambda payload: services.process_transaction(payload).as_json(),
)
transaction_charge = saleor_sync_webhook(
    "transaction_charge_requested",
    lambda payload: services.act_on_transaction(payload, "charge").as_json(),
)
transaction_refund = saleor_sync_webhook(
    "transaction_refund_requested",
    lambda payload: services.act_on_transaction(payload, "refund").as_json(),
)
transaction_cancel = saleor_sync_webhook(
    "transaction_cancelation_requested",
    lambda payload: services.act_on_transaction(payload, "cancel").as_json(),
)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        logger.error("STRIPE_WEBHOOK_SECRET is not set: a Stripe event was refused")
        return JsonResponse({"received": False, "error": "not configured"}, status=503)
    try:
        stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), str(secret)
        )
        event = json.loads(request.body)
    except stripe.SignatureVerificationError:
        logger.warning("refused a Stripe webhook: its signature does not verify")
        return JsonResponse({"received": False, "error": "invalid signature"}, status=400)
    except ValueError:
        return JsonResponse({"received": False, "error": "not JSON"}, status=400)
    if not isinstance(event, dict) or not {"id", "type", "created", "data"} <= event.keys():
        return JsonResponse({"received": False, "error": "not a Stripe event"}, status=400)
    try:
        outcome = services.handle_stripe_event(event)
    except services.ReportNotDelivered:
        return JsonResponse({"received": True, "status": "retry later"}, status=503)
    return JsonResponse({"received": True, "status": str(outcome)})
