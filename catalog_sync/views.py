from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from catalog_sync import validity
from catalog_sync.public import verify


@require_GET
@never_cache
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """The page a QR code on the package points to: is this certificate real and current?

    Never cached: a cache must not say "valid" after a revocation or the midnight of expiry.
    """
    verification = verify(code, validity.ocop_today())  # looked up per call (tests pin the day)
    return render(
        request,
        "catalog_sync/verify.html",
        {"verification": verification, "code": code},
        status=200 if verification else 404,
    )
