"""The webhook receiver: Saleor's signature, trust, staleness, de-duplication and dispatch.

Deliveries are signed here exactly as Saleor signs them (PyJWT's ``api_jws.encode`` with
``is_payload_detached=True`` and ``crit: ["b64"]``): RS256 over ``BASE64URL(header) + "." + body``,
sent as ``header..signature``. The key set is served by a stand-in for ``fetch_jwks``.
Handlers are receivers of the event's signal (``saleor_app.signals``).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import respx
from django.core.cache import cache
from django.dispatch import Signal, receiver
from django.urls import reverse
from django.utils import timezone
from jwcrypto.common import base64url_encode
from jwcrypto.jwk import JWK

from saleor_api import blueprint
from saleor_app import signals, signing
from saleor_app.models import WebhookDelivery
from saleor_app.signals import WEBHOOK_SIGNALS, webhook_signal
from saleor_app.signing import InvalidSignature, verify_detached_jws
from saleor_app.trust import SaleorSource, trusted_saleor
from tests.fakes.saleor_signing import FakeJwksEndpoint, SaleorKey, sign_like_saleor

DOMAIN = "saleor.test"
API_URL = "https://saleor.test/graphql/"
ORIGIN = "https://saleor.test"
URL = "/saleor/webhooks/"


@pytest.fixture(scope="module")
def saleor_key() -> SaleorKey:
    return SaleorKey("saleor-key-1")


@pytest.fixture(scope="module")
def rotated_key() -> SaleorKey:
    return SaleorKey("saleor-key-2")


@pytest.fixture(scope="module")
def stranger_key() -> SaleorKey:
    return SaleorKey("saleor-key-1")  # claims Saleor's kid, signs with its own private key


def _disconnect_all(signal: Signal) -> None:
    with signal.lock:
        signal.receivers = []
        signal.sender_receivers_cache.clear()


@pytest.fixture(autouse=True)
def _no_handlers_but_the_tests():
    """Other apps connect receivers at start-up (the storefront's cache, the search index); these
    tests need the signals to themselves."""
    saved = {signal: list(signal.receivers) for signal in WEBHOOK_SIGNALS.values()}
    for signal in saved:
        _disconnect_all(signal)
    yield
    for signal, receivers in saved.items():
        _disconnect_all(signal)
        signal.receivers = receivers


def handlers_for(event: str) -> tuple[object, ...]:
    """The receivers an event runs (each called once, with an empty payload, to list it)."""
    signal = webhook_signal(event)
    assert signal is not None
    return tuple(handler for handler, _ in signal.send_robust(sender=event, payload={}))


@pytest.fixture(autouse=True)
def _saleor_settings(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "saleor-webhook-tests",
        }
    }
    settings.SALEOR_ALLOWED_DOMAINS = [DOMAIN]
    settings.SALEOR_API_URL = ""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jwks(monkeypatch, saleor_key) -> FakeJwksEndpoint:
    endpoint = FakeJwksEndpoint(saleor_key)
    monkeypatch.setattr(signing, "fetch_jwks", endpoint)
    return endpoint


@pytest.fixture
def received():
    """What a handler of product_updated was called with."""
    calls: list[dict[str, Any]] = []

    def remember(payload: dict[str, Any], **_: Any) -> None:
        calls.append(payload)

    signals.product_updated.connect(remember)
    yield calls
    signals.product_updated.disconnect(remember)


def product_updated(issued_at: datetime | None = None, **changes: Any) -> dict[str, Any]:
    return {
        "__typename": "ProductUpdated",
        "issuedAt": (issued_at or timezone.now()).isoformat(),
        "product": {
            "id": "UHJvZHVjdDo0Mg==",
            "slug": "nuoc-mam-phu-quoc",
            "externalReference": "OCOP-KG-2023-0042",
        },
        **changes,
    }


def deliver(
    client,
    body: bytes,
    signature: str | None,
    *,
    event: str = "product_updated",
    api_url: str = API_URL,
    domain: str = DOMAIN,
):
    headers = {"Saleor-Event": event, "Saleor-Domain": domain, "Saleor-Api-Url": api_url}
    if signature is not None:
        headers["Saleor-Signature"] = signature
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def encode(payload: object) -> bytes:
    return json.dumps(payload).encode()


# --- the happy path ---------------------------------------------------------------------------


def test_the_receiver_is_at_saleor_webhooks():
    assert reverse("saleor_app:webhooks") == URL


@pytest.mark.django_db
def test_a_signed_delivery_reaches_its_handler_once_with_the_payload(
    client, django_capture_on_commit_callbacks, jwks, saleor_key, received
):
    payload = product_updated()
    body = encode(payload)

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 200
    assert response.json() == {"success": True, "status": "accepted"}
    assert received == [payload]
    assert jwks.requested == [ORIGIN]
    assert WebhookDelivery.objects.get().event == "product_updated"


@pytest.mark.django_db
def test_the_same_delivery_twice_is_handled_once(
    client, django_capture_on_commit_callbacks, jwks, saleor_key, received
):
    body = encode(product_updated())
    signature = sign_like_saleor(saleor_key, body)

    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(client, body, signature)
    with django_capture_on_commit_callbacks(execute=True):
        second = deliver(client, body, signature)

    assert first.json() == {"success": True, "status": "accepted"}
    assert second.status_code == 200
    assert second.json() == {"success": True, "status": "duplicate"}
    assert len(received) == 1
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.django_db
def test_the_key_set_is_downloaded_once_for_many_deliveries(
    client, django_capture_on_commit_callbacks, jwks, saleor_key, received
):
    bodies = [encode(product_updated(product={"id": str(n)})) for n in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [deliver(client, b, sign_like_saleor(saleor_key, b)).status_code for b in bodies]

    assert statuses == [200, 200, 200]
    assert len(received) == 3
    assert jwks.requested == [ORIGIN]


@pytest.mark.django_db
def test_the_event_name_is_matched_whatever_its_case(
    client, django_capture_on_commit_callbacks, jwks, saleor_key, received
):
    body = encode(product_updated())

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(
            client, body, sign_like_saleor(saleor_key, body), event="PRODUCT_UPDATED"
        )

    assert response.status_code == 200
    assert len(received) == 1


# --- signatures -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_delivery_signed_by_another_key_is_refused(
    client, jwks, saleor_key, stranger_key, received, caplog
):
    body = encode(product_updated())

    with caplog.at_level(logging.WARNING, logger="saleor_app.webhooks"):
        response = deliver(client, body, sign_like_saleor(stranger_key, body))

    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": {"code": "INVALID_SIGNATURE", "message": "the Saleor-Signature does not verify"},
    }
    assert received == []
    assert "refused a webhook from saleor.test: the signature does not match" in caplog.text


@pytest.mark.django_db
def test_a_delivery_without_signature_is_refused(client, jwks, received, caplog):
    body = encode(product_updated())

    with caplog.at_level(logging.WARNING, logger="saleor_app.webhooks"):
        response = deliver(client, body, None)

    assert response.status_code == 401
    assert received == []
    assert jwks.requested == []
    assert "no Saleor-Signature header" in caplog.text


@pytest.mark.django_db
def test_a_tampered_body_is_refused(client, jwks, saleor_key, received):
    signed = encode(product_updated())
    tampered = signed.replace(b"OCOP-KG-2023-0042", b"OCOP-KG-2023-0043")

    response = deliver(client, tampered, sign_like_saleor(saleor_key, signed))

    assert response.status_code == 401
    assert received == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "signature",
    ["", "garbage", "a.b", "...", "eyJhbGciOiJSUzI1NiJ9..c2ln", "bm90IGpzb24..c2ln"],
    ids=["empty", "one-part", "two-parts", "all-empty", "no-kid", "header-not-json"],
)
def test_malformed_signatures_are_refused(client, jwks, received, signature):
    body = encode(product_updated())

    response = deliver(client, body, signature)

    assert response.status_code == 401
    assert received == []


@pytest.mark.django_db
def test_a_rotated_key_is_downloaded_once_then_verifies(
    client, django_capture_on_commit_callbacks, monkeypatch, saleor_key, rotated_key, received
):
    cache.set(f"saleor_app:jwks:{ORIGIN}", FakeJwksEndpoint(saleor_key)(ORIGIN), 3600)
    endpoint = FakeJwksEndpoint(saleor_key, rotated_key)
    monkeypatch.setattr(signing, "fetch_jwks", endpoint)
    first, second = encode(product_updated()), encode(product_updated(product={"id": "2"}))

    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            deliver(client, first, sign_like_saleor(rotated_key, first)),
            deliver(client, second, sign_like_saleor(rotated_key, second)),
        ]

    assert [r.status_code for r in responses] == [200, 200]
    assert endpoint.requested == [ORIGIN]
    assert len(received) == 2


@pytest.mark.django_db
def test_unknown_keys_download_the_key_set_at_most_once_a_minute(
    client, jwks, saleor_key, received
):
    forgers = [SaleorKey(f"forged-{n}") for n in range(3)]
    body = encode(product_updated())

    statuses = [deliver(client, body, sign_like_saleor(k, body)).status_code for k in forgers]

    assert statuses == [401, 401, 401]
    assert jwks.requested == [ORIGIN]
    assert received == []


@pytest.mark.django_db
def test_an_unreachable_key_set_refuses_the_delivery(client, monkeypatch, saleor_key, received):
    def unreachable(origin: str) -> dict[str, Any]:
        raise httpx.ConnectError("connection refused")

    monkeypatch.setattr(signing, "fetch_jwks", unreachable)
    body = encode(product_updated())

    response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 401
    assert received == []


def test_fetch_jwks_reads_the_key_set_at_the_saleor_origin(saleor_key):
    key_set = {"keys": [saleor_key.public_jwk()]}
    with respx.mock(assert_all_called=True) as saleor:
        route = saleor.get(f"{ORIGIN}/.well-known/jwks.json").mock(
            return_value=httpx.Response(200, json=key_set)
        )

        fetched = signing.fetch_jwks(ORIGIN)
        downloads = route.call_count

    assert fetched == key_set
    assert downloads == 1


def test_fetch_jwks_refuses_what_is_not_a_key_set():
    with respx.mock() as saleor:
        saleor.get(f"{ORIGIN}/.well-known/jwks.json").mock(
            return_value=httpx.Response(200, json={"keys": "none"})
        )

        with pytest.raises(ValueError, match="not a JSON Web Key Set"):
            signing.fetch_jwks(ORIGIN)


def test_verify_detached_jws_accepts_saleors_format(saleor_key):
    body = b'{"issuedAt": "2026-11-23T14:02:00+00:00"}'
    key = JWK(**saleor_key.public_jwk())

    verify_detached_jws(sign_like_saleor(saleor_key, body), body, key)


@pytest.mark.parametrize(
    ("header_changes", "reason"),
    [
        ({"alg": "RS512"}, "algorithm 'RS512' is not RS256"),
        ({"alg": "none"}, "algorithm 'none' is not RS256"),
        ({"b64": True}, "not declared unencoded"),
        ({"crit": []}, "not declared unencoded"),
    ],
    ids=["rs512", "none", "b64-true", "b64-not-critical"],
)
def test_verify_detached_jws_refuses_other_formats(saleor_key, header_changes, reason):
    body = b"{}"
    key = JWK(**saleor_key.public_jwk())

    with pytest.raises(InvalidSignature, match=reason):
        verify_detached_jws(sign_like_saleor(saleor_key, body, **header_changes), body, key)


def test_verify_detached_jws_refuses_an_attached_payload(saleor_key):
    body = b"{}"
    header, _, signature = sign_like_saleor(saleor_key, body).split(".")
    key = JWK(**saleor_key.public_jwk())

    with pytest.raises(InvalidSignature, match="not a detached compact JWS"):
        verify_detached_jws(f"{header}.{base64url_encode(body)}.{signature}", body, key)


# --- trust, size, staleness -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("api_url", "domain"),
    [
        ("https://evil.test/graphql/", "evil.test"),
        ("https://saleor.test:8443/graphql/", "saleor.test:8443"),
        ("https://evil.test/graphql/", DOMAIN),
        (API_URL, "evil.test"),
        ("ftp://saleor.test/graphql/", DOMAIN),
        ("", DOMAIN),
    ],
    ids=["other-host", "other-port", "api-url-elsewhere", "domain-elsewhere", "ftp", "no-api-url"],
)
def test_a_delivery_from_a_saleor_not_allowed_is_refused(
    client, jwks, saleor_key, received, api_url, domain
):
    body = encode(product_updated())

    response = deliver(
        client, body, sign_like_saleor(saleor_key, body), api_url=api_url, domain=domain
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNTRUSTED_SALEOR"
    assert jwks.requested == []
    assert received == []


@pytest.mark.django_db
def test_a_stale_delivery_is_refused(client, jwks, saleor_key, received, caplog):
    body = encode(product_updated(issued_at=timezone.now() - timedelta(seconds=301)))

    with caplog.at_level(logging.WARNING, logger="saleor_app.webhooks"):
        response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "STALE"
    assert received == []
    assert "too old or in the future" in caplog.text


@pytest.mark.django_db
def test_a_delivery_from_the_future_is_refused(client, jwks, saleor_key, received):
    body = encode(product_updated(issued_at=timezone.now() + timedelta(minutes=5)))

    response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 401
    assert received == []


@pytest.mark.django_db
def test_the_maximum_age_is_a_setting(
    client, django_capture_on_commit_callbacks, settings, jwks, saleor_key, received
):
    settings.SALEOR_WEBHOOK_MAX_AGE_SECONDS = 3600
    body = encode(product_updated(issued_at=timezone.now() - timedelta(minutes=30)))

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 200
    assert len(received) == 1


@pytest.mark.django_db
def test_a_payload_without_issued_at_is_refused(client, jwks, saleor_key, received):
    payload = product_updated()
    del payload["issuedAt"]
    body = encode(payload)

    response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "the payload has no issuedAt"
    assert received == []


@pytest.mark.django_db
def test_a_legacy_list_payload_is_refused(client, jwks, saleor_key, received):
    body = encode([{"type": "Product", "id": "UHJvZHVjdDo0Mg==", "meta": {"issued_at": "x"}}])

    response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 400
    assert received == []


@pytest.mark.django_db
def test_an_event_header_that_does_not_match_the_signed_payload_is_refused(
    client, jwks, saleor_key, received
):
    deleted: list[dict[str, Any]] = []

    def remember_deleted(payload: dict[str, Any], **_: Any) -> None:
        deleted.append(payload)

    signals.product_deleted.connect(remember_deleted)
    body = encode(product_updated())
    try:
        response = deliver(
            client, body, sign_like_saleor(saleor_key, body), event="product_deleted"
        )
    finally:
        signals.product_deleted.disconnect(remember_deleted)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "EVENT_MISMATCH"
    assert deleted == []
    assert received == []


@pytest.mark.django_db
def test_an_oversized_body_is_refused_with_413(client, jwks, saleor_key, received):
    body = b" " * (1024 * 1024 - 2) + b"{}" + b" "

    response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert jwks.requested == []
    assert received == []


@pytest.mark.django_db
def test_the_size_limit_is_a_setting(client, settings, jwks, saleor_key, received):
    settings.SALEOR_WEBHOOK_MAX_BYTES = 100
    body = encode(product_updated())

    response = deliver(client, body, sign_like_saleor(saleor_key, body))

    assert response.status_code == 413


@pytest.mark.django_db
def test_only_post_is_accepted(client):
    response = client.get(URL)

    assert response.status_code == 405


# --- dispatch ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failing_handler_is_logged_and_saleor_still_gets_200(
    client, django_capture_on_commit_callbacks, jwks, saleor_key, received, caplog
):
    def broken(payload: dict[str, Any], **_: Any) -> None:
        raise RuntimeError("cache is down")

    signals.product_updated.connect(broken)
    body = encode(product_updated())
    try:
        with (
            caplog.at_level(logging.ERROR, logger="saleor_app.webhooks"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = deliver(client, body, sign_like_saleor(saleor_key, body))
    finally:
        signals.product_updated.disconnect(broken)

    assert response.status_code == 200
    assert len(received) == 1  # registered before the broken one, so it ran
    failure = next(
        r for r in caplog.records if r.levelno == logging.ERROR and r.name == "saleor_app.webhooks"
    )
    assert failure.getMessage() == (
        "Saleor webhook handler test_a_failing_handler_is_logged_and_saleor_still_gets_200."
        "<locals>.broken failed on product_updated"
    )
    assert failure.exc_info is not None
    assert str(failure.exc_info[1]) == "cache is down"


@pytest.mark.django_db
def test_handlers_run_only_after_the_transaction_commits(
    client, django_capture_on_commit_callbacks, jwks, saleor_key, received
):
    body = encode(product_updated())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deliver(client, body, sign_like_saleor(saleor_key, body))

    assert received == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_an_event_without_handlers_is_answered_200_and_not_recorded(
    client, jwks, saleor_key, caplog
):
    payload = {"__typename": "CategoryUpdated", "issuedAt": timezone.now().isoformat()}
    body = encode(payload)

    with caplog.at_level(logging.DEBUG, logger="saleor_app.webhooks"):
        response = deliver(
            client, body, sign_like_saleor(saleor_key, body), event="category_updated"
        )

    assert response.status_code == 200
    assert response.json() == {"success": True, "status": "ignored"}
    assert WebhookDelivery.objects.count() == 0
    assert "no handler for Saleor webhook category_updated from saleor.test" in caplog.text


@pytest.mark.django_db
def test_old_deliveries_are_pruned(
    client, django_capture_on_commit_callbacks, jwks, saleor_key, received
):
    old = WebhookDelivery.objects.create(
        key="0" * 64, event="product_updated", saleor_domain=DOMAIN
    )
    WebhookDelivery.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=2))
    body = encode(product_updated())

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, body, sign_like_saleor(saleor_key, body))

    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["product_updated"]
    assert not WebhookDelivery.objects.filter(pk=old.pk).exists()


def test_every_catalogue_event_has_its_signal_in_any_case():
    assert sorted(WEBHOOK_SIGNALS) == sorted(e.lower() for e in blueprint.WEBHOOK_EVENTS)
    assert webhook_signal("CATEGORY_UPDATED") is signals.category_updated
    assert webhook_signal("order_created") is None


def test_the_receiver_decorator_connects_and_returns_the_handler():
    def forget_page(payload: dict[str, Any], **_: Any) -> None:
        return None

    try:
        decorated = receiver(webhook_signal("CATEGORY_UPDATED"))(forget_page)  # type: ignore[arg-type]

        assert decorated is forget_page
        assert handlers_for("category_updated") == (forget_page,)
    finally:
        signals.category_updated.disconnect(forget_page)
    assert handlers_for("category_updated") == ()


def test_registering_a_handler_twice_keeps_one():
    def forget_page(payload: dict[str, Any], **_: Any) -> None:
        return None

    signals.product_deleted.connect(forget_page)
    signals.product_deleted.connect(forget_page)
    try:
        assert handlers_for("product_deleted") == (forget_page,)
    finally:
        signals.product_deleted.disconnect(forget_page)


# --- which Saleor is trusted ------------------------------------------------------------------


def test_the_allowed_domains_decide_which_saleor_is_trusted(settings):
    settings.SALEOR_ALLOWED_DOMAINS = ["Saleor.test", "127.0.0.1:8100"]

    assert trusted_saleor(API_URL, "saleor.test") == SaleorSource(API_URL, "saleor.test")
    assert trusted_saleor("http://127.0.0.1:8100/graphql/", None) == SaleorSource(
        "http://127.0.0.1:8100/graphql/", "127.0.0.1:8100"
    )
    assert trusted_saleor("http://127.0.0.1:8000/graphql/", "127.0.0.1:8000") is None
    assert trusted_saleor("https://user@saleor.test/graphql/", None) is None


def test_without_allowed_domains_only_the_configured_saleor_is_trusted(settings):
    settings.SALEOR_ALLOWED_DOMAINS = []
    settings.SALEOR_API_URL = "http://127.0.0.1:8100/graphql/"

    assert trusted_saleor("http://127.0.0.1:8100/graphql/", "127.0.0.1:8100") is not None
    assert trusted_saleor(API_URL, DOMAIN) is None


def test_without_any_configuration_no_saleor_is_trusted(settings):
    settings.SALEOR_ALLOWED_DOMAINS = []
    settings.SALEOR_API_URL = ""

    assert trusted_saleor(API_URL, DOMAIN) is None


def test_the_origin_of_a_saleor_is_where_its_keys_are():
    assert SaleorSource("http://127.0.0.1:8100/graphql/", "127.0.0.1:8100").origin == (
        "http://127.0.0.1:8100"
    )
