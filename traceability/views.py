"""/verify/<code>: the page a label's QR code opens, in the visitor's language, counted privately."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from catalog_sync import validity
from catalog_sync.models import OcopProduct
from catalog_sync.normalise import matching_key
from catalog_sync.public import PublicStatus, Verification, verify
from saleor_api import blueprint
from themes.registry import DEFAULT_THEME, load_theme
from traceability.scans import looks_like_a_bot, record_scan

MAX_CODE_LENGTH = 100


def chosen_language(request: HttpRequest) -> str:
    """``?lang=`` (the page's switcher) if the shop speaks it, else the browser's language
    (LocaleMiddleware read Accept-Language)."""
    wanted = request.GET.get("lang", "")
    offered = {code for code, _name in settings.LANGUAGES}
    if wanted in offered:
        return wanted
    return translation.get_language() or settings.LANGUAGE_CODE


@require_GET
@never_cache
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Is this certificate real and current? Judged now, in Vietnam's date.

    Never cached: a cache must not say "valid" after a revocation or the midnight of expiry.
    A scan of a known code is counted (per product and day, nothing about the visitor);
    switching the page's language is not a new scan.
    """
    language = chosen_language(request)
    today = validity.ocop_today()  # looked up per call (tests pin the day)
    verification = verify(code[:MAX_CODE_LENGTH], today)
    if (
        verification is not None
        and "lang" not in request.GET
        and not looks_like_a_bot(request.headers.get("User-Agent", ""))
    ):
        record_scan(verification.product, today)
    with translation.override(language):
        context = {
            "verification": verification,
            "code": code,
            "language_links": _language_links(request, code),
            "lookup_url": reverse("traceability:verify_lookup"),
            "language": language,
        }
        if verification is not None:
            context.update(_details(request, verification))
        response = render(
            request, "traceability/verify.html", context, status=200 if verification else 404
        )
    response["Content-Language"] = language
    return response


@require_GET
@never_cache
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """The search box of the page: /verify/?code=KG-001 → /verify/KG-001."""
    code = request.GET.get("code", "").strip()[:MAX_CODE_LENGTH]
    if not code or "/" in code:
        code = code.replace("/", "") or "-"
    target = reverse("traceability:verify", kwargs={"code": code})
    if request.GET.get("lang"):
        target += "?" + urlencode({"lang": request.GET["lang"]})
    return HttpResponseRedirect(target)


def _language_links(request: HttpRequest, code: str) -> list[tuple[str, str, str]]:
    path = reverse("traceability:verify", kwargs={"code": code})
    return [
        (language, name, f"{path}?{urlencode({'lang': language})}")
        for language, name in settings.LANGUAGES
    ]


def _details(request: HttpRequest, verification: Verification) -> dict[str, Any]:
    product = verification.product
    producer = product.producer
    others = (
        OcopProduct.objects.filter(producer=producer, shown=True).exclude(pk=product.pk).exists()
    )
    translations = product.content.get("translations") or {}
    language = translation.get_language() or "vi"
    names = translations.get(language) or translations.get(language.split("-")[0]) or {}
    return {
        "translated_name": names.get("name", ""),
        "photo_url": _photo_url(request, verification),
        "has_photo": bool(_listed_photo(product)),
        "buyable": verification.status is PublicStatus.VALID and bool(product.slug),
        "producer_slug": slugify(matching_key(producer.name)),
        "producer_has_products": product.shown or others,
        "currencies": [(channel.slug, channel.currency) for channel in blueprint.CHANNELS],
    }


def _media_origins() -> set[str]:
    """Where the shop's pages may load images from (storefront/csp.py's img-src)."""
    urls = [str(settings.SALEOR_API_URL or ""), *settings.STOREFRONT_MEDIA_ORIGINS]
    return {f"{p.scheme}://{p.netloc}" for p in map(urlsplit, urls) if p.scheme and p.netloc}


def _listed_photo(product: OcopProduct) -> str:
    """The product's first photo, if it is served from where the page may show images."""
    urls = product.content.get("image_urls") or []
    origins = _media_origins()
    for url in urls:
        parts = urlsplit(str(url))
        if f"{parts.scheme}://{parts.netloc}" in origins:
            return str(url)
    return ""


def _photo_url(request: HttpRequest, verification: Verification) -> str:
    """The photo, else the theme's drawing of the product's OCOP group (as the shop's cards)."""
    photo = _listed_photo(verification.product)
    if photo:
        return photo
    theme = load_theme(getattr(request, "theme_slug", DEFAULT_THEME))
    return static(theme.illustration(verification.certificate.group or "unclassified"))
