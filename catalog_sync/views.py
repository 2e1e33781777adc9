from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from catalog_sync import validity
from catalog_sync.public import verify


@require_GET
@cache_control(public=True, max_age=300)
@vary_on_cookie  # the shop's header links to the visitor's currency
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """The page a QR code on the package points to: is this certificate real and current?"""
    verification = verify(code, validity.ocop_today())  # looked up per call (tests pin the day)
    return render(
        request,
        "catalog_sync/verify.html",
        {"verification": verification, "code": code},
        status=200 if verification else 404,
    )
