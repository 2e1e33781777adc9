"""The endpoints of the app's installation: the manifest, and where Saleor sends the app token.

Installing from the Dashboard: Saleor reads ``/saleor/manifest``, creates the app with the
permissions and webhooks listed there, then POSTs ``{"auth_token": ...}`` to ``/saleor/register``
with the ``Saleor-Domain`` and ``Saleor-Api-Url`` headers. The token is kept when that Saleor is one
the shop trusts (``SALEOR_ALLOWED_DOMAINS``) and Saleor itself confirms the token is its app's.
"""

from __future__ import annotations

import json
import logging

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from saleor_api.connection import app_id_of_token, reset_client
from saleor_api.errors import SaleorError, SaleorUnavailable
from saleor_app.http import error_response
from saleor_app.manifest import manifest_data
from saleor_app.models import AppInstallation
from saleor_app.trust import trusted_saleor

logger = logging.getLogger(__name__)


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(manifest_data())


class AppTokenRejected(Exception):
    """Saleor did not confirm that the token is one of its app tokens."""


def verify_app_token(api_url: str, token: str) -> str:
    """The id of the app ``token`` belongs to, asked of the Saleor at ``api_url``."""
    try:
        app_id = app_id_of_token(api_url, token)
    except SaleorUnavailable as exc:
        raise AppTokenRejected(f"Saleor did not answer ({exc})") from exc
    except SaleorError as exc:
        raise AppTokenRejected(f"Saleor refused the token ({exc})") from exc
    if not app_id:
        raise AppTokenRejected("Saleor does not know the token as an app token")
    return app_id


@csrf_exempt
@require_POST
def register(request: HttpRequest) -> JsonResponse:
    domain = request.headers.get("Saleor-Domain")
    api_url = request.headers.get("Saleor-Api-Url")
    if not api_url:
        return error_response(400, "MISSING_SALEOR_API_URL", "the Saleor-Api-Url header is missing")
    source = trusted_saleor(api_url, domain)
    if source is None:
        logger.warning(
            "refused an installation from an untrusted Saleor (Saleor-Domain %r)", domain
        )
        return error_response(
            403, "SALEOR_NOT_ALLOWED", "this Saleor is not allowed to install the app"
        )

    try:
        body = json.loads(request.body)
    except ValueError:
        return error_response(400, "INVALID_BODY", "the body is not JSON")
    token = body.get("auth_token") if isinstance(body, dict) else None
    max_length = AppInstallation._meta.get_field("auth_token").max_length or 255
    if not isinstance(token, str) or not token or len(token) > max_length:
        return error_response(400, "INVALID_TOKEN", "auth_token is missing or malformed")

    try:
        app_id = verify_app_token(source.api_url, token)
    except AppTokenRejected as exc:
        logger.warning("refused an installation from %s: %s", source.domain, exc)
        return error_response(400, "TOKEN_NOT_VERIFIED", f"the token could not be verified: {exc}")

    AppInstallation.objects.update_or_create(
        saleor_domain=source.domain,
        defaults={"api_url": source.api_url, "auth_token": token},
    )
    transaction.on_commit(reset_client)
    logger.info("Saleor at %s installed the app (app %s)", source.domain, app_id)
    return JsonResponse({"success": True})
