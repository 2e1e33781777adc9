"""Sign requests exactly as Saleor signs its webhooks, with a test RSA key.

Saleor signs with PyJWT's ``api_jws.encode(..., is_payload_detached=True)`` and ``crit: ["b64"]``:
RS256 over ``BASE64URL(header) + "." + body``, sent as ``header..signature`` in ``Saleor-Signature``.
The matching key set is served by :class:`FakeJwksEndpoint`, a stand-in for ``fetch_jwks``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from jwcrypto.common import base64url_encode
from jwcrypto.jwk import JWK


@dataclass
class SaleorKey:
    kid: str
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def public_jwk(self) -> dict[str, Any]:
        # As Saleor's /.well-known/jwks.json serves it (PyJWT's RSAAlgorithm.to_jwk, plus these).
        jwk = JWK.from_pyca(self.private.public_key()).export_public(as_dict=True)
        return {**jwk, "key_ops": ["verify"], "use": "sig", "kid": self.kid, "alg": "RS256"}


def sign_like_saleor(key: SaleorKey, body: bytes, **header_changes: Any) -> str:
    header = {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": key.kid, "typ": "JWT"}
    header.update(header_changes)
    encoded = base64url_encode(json.dumps(header, separators=(",", ":"), sort_keys=True))
    signature = key.private.sign(
        encoded.encode() + b"." + body, padding.PKCS1v15(), hashes.SHA256()
    )
    return f"{encoded}..{base64url_encode(signature)}"


class FakeJwksEndpoint:
    """Stands in for ``fetch_jwks``: serves ``keys`` and counts the downloads."""

    def __init__(self, *keys: SaleorKey) -> None:
        self.keys = list(keys)
        self.requested: list[str] = []

    def __call__(self, origin: str) -> dict[str, Any]:
        self.requested.append(origin)
        return {"keys": [key.public_jwk() for key in self.keys]}
