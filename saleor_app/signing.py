"""Saleor's signatures: a detached RS256 JWS over the raw body, checked against Saleor's keys.

Saleor signs every webhook it sends (``Saleor-Signature``) with an unencoded payload, as RFC 7797
describes; the keys are at ``<Saleor origin>/.well-known/jwks.json``, cached an hour.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
from django.core.cache import cache as django_cache
from jwcrypto.common import JWException, base64url_decode
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

from saleor_app.trust import SaleorSource

logger = logging.getLogger(__name__)

JWKS_PATH = "/.well-known/jwks.json"
JWKS_TIMEOUT_SECONDS = 5.0
JWKS_CACHE_SECONDS = 60 * 60
JWKS_REFRESH_INTERVAL_SECONDS = 60  # at most one JWKS download per Saleor origin in this time
SIGNATURE_ALGORITHM = "RS256"  # Saleor signs webhooks with its RSA key


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
    return f"saleor_app:jwks:{origin}"


def _jwks_refresh_key(origin: str) -> str:
    return f"saleor_app:jwks-refreshed:{origin}"


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
