"""Saleor's webhooks: the receiver of the catalogue events, and the checks every delivery passes.

A delivery is accepted only when its body is at most ``SALEOR_WEBHOOK_MAX_BYTES`` (1 MiB), it comes
from a Saleor this shop trusts (``SALEOR_ALLOWED_DOMAINS``, :mod:`saleor_app.trust`), it carries a
valid ``Saleor-Signature`` (:mod:`saleor_app.signing`) and its ``issuedAt`` is at most
``SALEOR_WEBHOOK_MAX_AGE_SECONDS`` (300) old. The payment app's synchronous webhooks pass the same
checks (:func:`verify_webhook_request`).

A verified catalogue event is announced once, after the transaction commits, by the event's
signal in :mod:`saleor_app.signals`, sent robustly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from saleor_api.operations import subscription_document
from saleor_app.http import error_response
from saleor_app.models import WebhookDelivery
from saleor_app.signals import webhook_signal
from saleor_app.signing import InvalidSignature, verify_saleor_signature
from saleor_app.trust import SaleorSource, trusted_saleor

logger = logging.getLogger(__name__)

Payload = dict[str, Any]

MAX_CLOCK_SKEW_SECONDS = 60  # an issuedAt this far in the future is still accepted
DELIVERY_RETENTION = timedelta(days=1)

_EVENT_NAME = re.compile(r"^[a-z0-9_]{1,100}$")


# --- the subscription the webhook is created with ---------------------------------------------


def catalogue_subscription() -> str:
    """The GraphQL subscription of the catalogue webhook (its payload)."""
    return subscription_document("catalogue_events.graphql")


def event_typename(event: str) -> str:
    """``product_variant_updated`` → ``ProductVariantUpdated``, the payload's ``__typename``."""
    return "".join(word.capitalize() for word in event.split("_"))


# --- dispatch -----------------------------------------------------------------------------------


def has_receivers(event_name: str) -> bool:
    signal = webhook_signal(event_name)
    return signal is not None and signal.has_listeners(sender=event_name)


def dispatch(event_name: str, payload: Payload, *, saleor_domain: str = "") -> None:
    """Send the event's signal robustly: a failing receiver is logged and the others still run."""
    signal = webhook_signal(event_name)
    if signal is None:
        return
    outcomes = signal.send_robust(sender=event_name, payload=payload, saleor_domain=saleor_domain)
    for receiver, outcome in outcomes:
        if isinstance(outcome, Exception):
            logger.error(
                "Saleor webhook handler %s failed on %s",
                getattr(receiver, "__qualname__", repr(receiver)),
                event_name,
                exc_info=outcome,
            )


# --- the receiver -----------------------------------------------------------------------------


def max_body_bytes() -> int:
    return int(settings.SALEOR_WEBHOOK_MAX_BYTES)


def max_age() -> timedelta:
    return timedelta(seconds=int(settings.SALEOR_WEBHOOK_MAX_AGE_SECONDS))


def issued_at(payload: Payload) -> datetime | None:
    """When Saleor issued the event (the subscription asks for ``issuedAt``), or None."""
    raw = payload.get("issuedAt")
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def delivery_key(event_name: str, body: bytes) -> str:
    return hashlib.sha256(event_name.encode() + b"\n" + body).hexdigest()


def _ok(status: str) -> JsonResponse:
    return JsonResponse({"success": True, "status": status})


class WebhookRejected(Exception):
    """A request that is not a verified delivery from a trusted Saleor; ``response()`` says why."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def response(self) -> JsonResponse:
        return error_response(self.status, self.code, self.message)


@dataclass(frozen=True)
class VerifiedWebhook:
    """A delivery that passed every check of :func:`verify_webhook_request`."""

    source: SaleorSource
    event: str  # the Saleor-Event header, lower case
    payload: Payload
    body: bytes


def verify_webhook_request(request: HttpRequest) -> VerifiedWebhook:
    """Check a request Saleor sent (async or sync webhook); raise :class:`WebhookRejected`.

    Size, trusted Saleor, ``Saleor-Signature`` over the raw body, the event name, a subscription
    payload whose ``__typename`` matches the event, and an ``issuedAt`` that is not stale.
    """
    limit = max_body_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise WebhookRejected(400, "BAD_REQUEST", "Content-Length is not a number") from exc
    if declared > limit or len(request.body) > limit:
        raise WebhookRejected(413, "PAYLOAD_TOO_LARGE", f"the body is larger than {limit} bytes")

    domain = request.headers.get("Saleor-Domain")
    source = trusted_saleor(request.headers.get("Saleor-Api-Url"), domain)
    if source is None:
        logger.warning(
            "refused a webhook from an untrusted Saleor (Saleor-Domain %r): Saleor names itself by its "
            "PUBLIC_URL (else its Site domain, 'localhost:8000' on a fresh install); set that to the "
            "host in SALEOR_API_URL, or list the domain in SALEOR_ALLOWED_DOMAINS",
            domain,
        )
        raise WebhookRejected(
            401, "UNTRUSTED_SALEOR", "this Saleor is not allowed to send webhooks"
        )

    body = request.body
    signature = request.headers.get("Saleor-Signature", "")
    try:
        if not signature:
            raise InvalidSignature("no Saleor-Signature header")
        verify_saleor_signature(source, signature, body)
    except InvalidSignature as exc:
        logger.warning("refused a webhook from %s: %s", source.domain, exc)
        raise WebhookRejected(
            401, "INVALID_SIGNATURE", "the Saleor-Signature does not verify"
        ) from exc

    event_name = request.headers.get("Saleor-Event", "").strip().lower()
    if not _EVENT_NAME.match(event_name):
        raise WebhookRejected(400, "BAD_REQUEST", "missing or malformed Saleor-Event header")
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise WebhookRejected(400, "BAD_REQUEST", "the body is not JSON") from exc
    if not isinstance(payload, dict):
        logger.warning(
            "webhook %s from %s has a legacy payload; give the webhook a subscription query",
            event_name,
            source.domain,
        )
        raise WebhookRejected(400, "BAD_REQUEST", "the payload is not a subscription event object")

    # The signature covers the body, not the headers: the event must be the one the body is about.
    typename = payload.get("__typename")
    if typename is not None and typename != event_typename(event_name):
        logger.warning(
            "refused webhook %s from %s: its payload is a %s", event_name, source.domain, typename
        )
        raise WebhookRejected(
            401, "EVENT_MISMATCH", "Saleor-Event does not match the signed payload"
        )

    issued = issued_at(payload)
    if issued is None:
        raise WebhookRejected(400, "BAD_REQUEST", "the payload has no issuedAt")
    now = timezone.now()
    if issued < now - max_age() or issued > now + timedelta(seconds=MAX_CLOCK_SKEW_SECONDS):
        logger.warning(
            "refused webhook %s from %s issued at %s: too old or in the future",
            event_name,
            source.domain,
            issued.isoformat(),
        )
        raise WebhookRejected(401, "STALE", "the event was issued too long ago")
    return VerifiedWebhook(source=source, event=event_name, payload=payload, body=body)


@csrf_exempt
@require_POST
def receive_webhook(request: HttpRequest) -> JsonResponse:
    try:
        delivery = verify_webhook_request(request)
    except WebhookRejected as rejected:
        return rejected.response()
    source, event_name, payload, body = (
        delivery.source,
        delivery.event,
        delivery.payload,
        delivery.body,
    )

    if not has_receivers(event_name):
        logger.debug("no handler for Saleor webhook %s from %s", event_name, source.domain)
        return _ok("ignored")

    key = delivery_key(event_name, body)
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(key=key, event=event_name, saleor_domain=source.domain)
            transaction.on_commit(
                partial(dispatch, event_name, payload, saleor_domain=source.domain)
            )
    except IntegrityError:
        logger.info("webhook %s from %s was already received", event_name, source.domain)
        return _ok("duplicate")
    _prune_deliveries()
    return _ok("accepted")


def _prune_deliveries() -> None:
    """Forget old deliveries (at most once an hour): stale repeats are refused by issuedAt."""
    if not django_cache.add("saleor_app:webhook-deliveries-pruned", True, 60 * 60):
        return
    keep = max(DELIVERY_RETENTION, 2 * max_age())
    WebhookDelivery.objects.received_before(timezone.now() - keep).delete()
