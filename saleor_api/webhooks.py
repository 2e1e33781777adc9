"""Saleor's webhooks: which Saleor is trusted, signature checks, and dispatch to handlers.

Other apps react to catalogue events by registering a handler::

    from saleor_api.webhooks import on

    @on("product_updated")
    def forget_product_page(payload: dict) -> None:
        ...

A handler receives the event object of ``subscriptions/catalogue_events.graphql`` (``__typename``,
``issuedAt`` and the product, variant or category). It runs after the delivery is recorded and the
transaction commits, once per delivery even when Saleor repeats it; an exception it raises is
logged, and Saleor still gets 200. Handlers run inside the request: keep them short, or hand the
work to a Celery task. Register them where Django imports them at start-up (``AppConfig.ready``).

A delivery is accepted only when its body is at most ``SALEOR_WEBHOOK_MAX_BYTES`` (1 MiB), it comes
from a Saleor this shop trusts (``SALEOR_ALLOWED_DOMAINS``), it carries a valid ``Saleor-Signature``
(a detached RS256 JWS over the raw body, with an unencoded payload as RFC 7797 describes, checked
against the keys at ``<Saleor origin>/.well-known/jwks.json``) and its ``issuedAt`` is at most
``SALEOR_WEBHOOK_MAX_AGE_SECONDS`` (300) old.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from jwcrypto.common import JWException, base64url_decode
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

from saleor_api.models import WebhookDelivery
from saleor_api.operations import load_operations

logger = logging.getLogger(__name__)

Payload = dict[str, Any]
Handler = Callable[[Payload], None]

MAX_BODY_BYTES = 1024 * 1024
MAX_AGE_SECONDS = 300
MAX_CLOCK_SKEW_SECONDS = 60  # an issuedAt this far in the future is still accepted
JWKS_PATH = "/.well-known/jwks.json"
JWKS_TIMEOUT_SECONDS = 5.0
JWKS_CACHE_SECONDS = 60 * 60
JWKS_REFRESH_INTERVAL_SECONDS = 60  # at most one JWKS download per Saleor origin in this time
SIGNATURE_ALGORITHM = "RS256"  # Saleor signs webhooks with its RSA key
DELIVERY_RETENTION = timedelta(days=1)
SUBSCRIPTIONS_DIR = Path(__file__).with_name("subscriptions")

_EVENT_NAME = re.compile(r"^[a-z0-9_]{1,100}$")


# --- which Saleor is trusted ------------------------------------------------------------------


@dataclass(frozen=True)
class SaleorSource:
    """A Saleor the shop trusts, as named by the headers of its request."""

    api_url: str  # its GraphQL endpoint, as in Saleor-Api-Url
    domain: str  # host[:port], as in Saleor-Domain

    @property
    def origin(self) -> str:
        parts = urlsplit(self.api_url)
        return f"{parts.scheme}://{parts.netloc}"


def allowed_saleor_domains() -> set[str]:
    """Hosts (``host[:port]``, as in Saleor-Domain) allowed to install the app and send webhooks.

    ``SALEOR_ALLOWED_DOMAINS``; when that is empty, the host of ``SALEOR_API_URL``; else none.
    """
    configured = {str(d).strip().lower() for d in settings.SALEOR_ALLOWED_DOMAINS or []} - {""}
    if configured:
        return configured
    if settings.SALEOR_API_URL:
        return {urlsplit(str(settings.SALEOR_API_URL)).netloc.lower()}
    return set()


def trusted_saleor(api_url: str | None, domain: str | None) -> SaleorSource | None:
    """The Saleor behind these headers when the shop trusts it, else None.

    The host of ``api_url`` decides (the signing keys are fetched from there); ``domain``, when
    given, must name the same host, as it does in every request Saleor makes.
    """
    if not api_url:
        return None
    try:
        parts = urlsplit(api_url.strip())
        host = parts.netloc.lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or "@" in host:
        return None
    if domain is not None and domain.strip().lower() != host:
        return None
    if host not in allowed_saleor_domains():
        return None
    return SaleorSource(api_url=api_url.strip(), domain=host)


# --- the subscription the webhook is created with ---------------------------------------------


def subscription_document(file_name: str) -> str:
    """A webhook's subscription (its payload) from ``subscriptions/<file_name>``, with the
    fragments it uses from the other files there, ready to give Saleor."""
    for operation in load_operations(SUBSCRIPTIONS_DIR).values():
        if operation.source.name == file_name:
            return operation.document
    raise KeyError(f"no subscription in {SUBSCRIPTIONS_DIR / file_name}")


def catalogue_subscription() -> str:
    """The GraphQL subscription of the catalogue webhook (its payload)."""
    return subscription_document("catalogue_events.graphql")


def event_typename(event: str) -> str:
    """``product_variant_updated`` → ``ProductVariantUpdated``, the payload's ``__typename``."""
    return "".join(word.capitalize() for word in event.split("_"))


# --- handlers ---------------------------------------------------------------------------------

_handlers: dict[str, list[Handler]] = {}
_handlers_lock = threading.Lock()


def _event_key(event_name: str) -> str:
    return event_name.strip().lower()


def register_handler(event_name: str, handler: Handler) -> None:
    """Call ``handler(payload)`` for every verified delivery of ``event_name`` (any case)."""
    with _handlers_lock:
        handlers = _handlers.setdefault(_event_key(event_name), [])
        if handler not in handlers:
            handlers.append(handler)


def unregister_handler(event_name: str, handler: Handler) -> None:
    with _handlers_lock:
        handlers = _handlers.get(_event_key(event_name), [])
        if handler in handlers:
            handlers.remove(handler)


def handlers_for(event_name: str) -> tuple[Handler, ...]:
    with _handlers_lock:
        return tuple(_handlers.get(_event_key(event_name), ()))


def on(event_name: str) -> Callable[[Handler], Handler]:
    """Decorator form of :func:`register_handler`: ``@on("product_updated")``."""

    def decorate(handler: Handler) -> Handler:
        register_handler(event_name, handler)
        return handler

    return decorate


def dispatch(event_name: str, payload: Payload) -> None:
    """Run every handler of ``event_name``; a failing handler is logged and the others still run."""
    for handler in handlers_for(event_name):
        try:
            handler(payload)
        except Exception:
            logger.exception(
                "Saleor webhook handler %s failed on %s",
                getattr(handler, "__qualname__", repr(handler)),
                event_name,
            )


# --- signature ----------------------------------------------------------------------------------


class InvalidSignature(Exception):
    """The Saleor-Signature header does not prove that this Saleor sent this body."""


def fetch_jwks(origin: str) -> dict[str, Any]:
    """The JSON Web Key Set Saleor signs with, from ``<origin>/.well-known/jwks.json``."""
    response = httpx.get(origin + JWKS_PATH, timeout=JWKS_TIMEOUT_SECONDS, follow_redirects=False)
    response.raise_for_status()
    jwks = response.json()
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ValueError("not a JSON Web Key Set")
    return jwks


def _jwks_cache_key(origin: str) -> str:
    return f"saleor_api:jwks:{origin}"


def _jwks_refresh_key(origin: str) -> str:
    return f"saleor_api:jwks-refreshed:{origin}"


def _find_key(jwks: dict[str, Any] | None, kid: str) -> JWK | None:
    for candidate in (jwks or {}).get("keys", []):
        if isinstance(candidate, dict) and candidate.get("kid") == kid:
            if candidate.get("kty") != "RSA" or candidate.get("use", "sig") != "sig":
                return None
            try:
                return JWK(**candidate)
            except (JWException, ValueError, TypeError):
                logger.warning("Saleor key %s is not a usable JSON Web Key", kid)
                return None
    return None


def signing_key(origin: str, kid: str) -> JWK | None:
    """The public key ``kid`` of the Saleor at ``origin``, or None when it has no such key.

    The key set is cached for an hour. A ``kid`` missing from the cached set (Saleor rotated its
    key) downloads the set again, at most once a minute per origin, so forged ``kid`` values
    cannot make the shop hammer Saleor.
    """
    cached = django_cache.get(_jwks_cache_key(origin))
    key = _find_key(cached, kid)
    if key is not None:
        return key
    if not django_cache.add(_jwks_refresh_key(origin), True, JWKS_REFRESH_INTERVAL_SECONDS):
        logger.warning("Saleor key %s of %s is unknown; keys were fetched recently", kid, origin)
        return None
    try:
        jwks = fetch_jwks(origin)
    except (httpx.HTTPError, ValueError) as exc:
        logger.warning("cannot fetch the signing keys of %s: %s", origin, exc)
        return None
    django_cache.set(_jwks_cache_key(origin), jwks, JWKS_CACHE_SECONDS)
    return _find_key(jwks, kid)


def signature_header(signature: str) -> dict[str, Any]:
    """The protected header of a detached compact JWS (``header..signature``), unverified."""
    parts = signature.split(".")
    if len(parts) != 3 or not parts[0] or parts[1] or not parts[2]:
        raise InvalidSignature("not a detached compact JWS")
    try:
        header = json.loads(base64url_decode(parts[0]))
    except ValueError as exc:
        raise InvalidSignature("unreadable JWS header") from exc
    if not isinstance(header, dict):
        raise InvalidSignature("unreadable JWS header")
    return header


def verify_detached_jws(signature: str, payload: bytes, key: JWK) -> None:
    """Check a Saleor signature: RS256, unencoded detached payload (RFC 7797, ``b64: false``).

    The signing input is ``BASE64URL(protected header) || "." || payload`` with the raw body as
    the payload; jwcrypto builds it that way when the header says ``"b64": false``.
    """
    header = signature_header(signature)
    if header.get("alg") != SIGNATURE_ALGORITHM:
        raise InvalidSignature(f"algorithm {header.get('alg')!r} is not {SIGNATURE_ALGORITHM}")
    if header.get("b64") is not False or "b64" not in (header.get("crit") or []):
        raise InvalidSignature("the JWS payload is not declared unencoded (b64: false)")
    jws = JWS()
    try:
        jws.deserialize(signature)
        jws.verify(key, alg=SIGNATURE_ALGORITHM, detached_payload=payload)
    except JWException as exc:
        raise InvalidSignature("the signature does not match the body") from exc


def verify_saleor_signature(source: SaleorSource, signature: str, body: bytes) -> None:
    """Raise :class:`InvalidSignature` unless ``signature`` is the Saleor's over ``body``."""
    kid = signature_header(signature).get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidSignature("the JWS header names no key (kid)")
    key = signing_key(source.origin, kid)
    if key is None:
        raise InvalidSignature(f"{source.origin} has no signing key {kid!r}")
    verify_detached_jws(signature, body, key)


# --- the receiver -----------------------------------------------------------------------------


def max_body_bytes() -> int:
    return int(getattr(settings, "SALEOR_WEBHOOK_MAX_BYTES", MAX_BODY_BYTES))


def max_age() -> timedelta:
    return timedelta(
        seconds=int(getattr(settings, "SALEOR_WEBHOOK_MAX_AGE_SECONDS", MAX_AGE_SECONDS))
    )


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


def _error(status: int, code: str, message: str) -> JsonResponse:
    # The shape Saleor's app tooling uses; Saleor shows error.message in its delivery log.
    return JsonResponse(
        {"success": False, "error": {"code": code, "message": message}}, status=status
    )


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
        return _error(self.status, self.code, self.message)


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
        logger.warning("refused a webhook from an untrusted Saleor (Saleor-Domain %r)", domain)
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

    if not handlers_for(event_name):
        logger.debug("no handler for Saleor webhook %s from %s", event_name, source.domain)
        return _ok("ignored")

    key = delivery_key(event_name, body)
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(key=key, event=event_name, saleor_domain=source.domain)
            transaction.on_commit(partial(dispatch, event_name, payload))
    except IntegrityError:
        logger.info("webhook %s from %s was already received", event_name, source.domain)
        return _ok("duplicate")
    _prune_deliveries()
    return _ok("accepted")


def _prune_deliveries() -> None:
    """Forget old deliveries (at most once an hour): stale repeats are refused by issuedAt."""
    if not django_cache.add("saleor_api:webhook-deliveries-pruned", True, 60 * 60):
        return
    keep = max(DELIVERY_RETENTION, 2 * max_age())
    WebhookDelivery.objects.received_before(timezone.now() - keep).delete()
