"""Tourist-facing pages. Server-rendered; everything works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from catalog_sync.normalise import clean_province, matching_key
from catalog_sync.provinces import PROVINCES_BEFORE_2025, PROVINCES_SINCE_2025
from catalog_sync.public import (
    PublicStatus,
    producer_named,
    product_with_slug,
    sample_data_shown,
    shown_product_slugs,
    verify,
)
from catalog_sync.validity import ocop_today
from saleor_api.catalogue import Filters
from saleor_api.errors import SaleorError
from storefront import catalog
from storefront.channels import CHANNELS, COOKIE, language, preferred_channel
from storefront.seo import product_json_ld
from themes.selection import choose_province_theme

View = Callable[..., HttpResponse]


def in_channel(view: View) -> View:
    """Resolve the channel in the URL, remember it, and answer 503 when Saleor cannot answer.

    Pages are rendered on every request; Saleor's answers behind them come from the storefront's
    one cache (storefront/cache.py), which a webhook or our own sync makes stale.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, channel: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if channel not in CHANNELS:
            raise Http404("unknown channel")
        request.channel = CHANNELS[channel]  # type: ignore[attr-defined]
        try:
            response = view(request, channel, *args, **kwargs)
        except Http404:
            response = render(request, "404.html", status=404)
        except SaleorError:
            response = render(request, "storefront/unavailable.html", status=503)
            response["Retry-After"] = "30"
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # the page carries this visitor's CSRF token: no shared cache may keep it
            patch_cache_control(response, private=True)
        if request.COOKIES.get(COOKIE) != channel:
            response.set_cookie(
                COOKIE, channel, max_age=365 * 86400, samesite="Lax", secure=not settings.DEBUG
            )
        response["Vary"] = "Accept-Encoding"  # the URL carries language and channel
        return response

    return wrapper


@require_GET
def choose_channel(request: HttpRequest) -> HttpResponse:
    """/<lang>/ → /<lang>/<channel>/ with the visitor's remembered (or the language's) currency."""
    channel = preferred_channel(request, language())
    return HttpResponseRedirect(reverse("storefront:home", kwargs={"channel": channel}))


@require_GET
def approximate_prices(request: HttpRequest) -> HttpResponse:
    """Remember the currency the visitor wants approximate prices in ("none" for none) and go
    back to the page they came from. Payment is never in that currency."""
    from django.utils.http import url_has_allowed_host_and_scheme

    from storefront.approximate import COOKIE, NONE

    currency = request.GET.get("currency", "").upper()
    wanted = NONE if currency == NONE.upper() else currency
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("storefront:choose_channel")
    response = HttpResponseRedirect(target)
    if wanted == NONE or wanted in settings.EXCHANGE_RATES_SHOWN:
        response.set_cookie(
            COOKIE, wanted, max_age=365 * 86400, samesite="Lax", secure=not settings.DEBUG
        )
    return response


@require_GET
@in_channel
def home(request: HttpRequest, channel: str) -> HttpResponse:
    page = catalog.home(channel, language(), ocop_today())
    return render(
        # the home page says once, truthfully, that the shop shows the sample list
        request,
        "storefront/home.html",
        {"page": page, "sample_data": sample_data_shown()},
    )


def _decimal(value: str | None) -> Decimal | None:
    try:
        amount = Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None
    return amount if amount is not None and amount >= 0 else None


def province_slug(text: str) -> str:
    """The province as Saleor's attribute value slug, from a slug or the name shown on cards
    ("Kiên Giang", "kien giang", "KIEN GIANG", "tỉnh Kiên Giang" and "kien-giang" all give
    "kien-giang"), the 63 provinces before the 2025 reform and the 34 after it, as
    ``catalog_sync.provinces`` spells them (so "TP HCM" gives "ho-chi-minh")."""
    text = text[:100].strip()
    return slugify(matching_key(clean_province(text) if text else ""))


# Offered as suggestions under the province filter: every name a card can show.
PROVINCE_NAMES = sorted(set(PROVINCES_BEFORE_2025) | set(PROVINCES_SINCE_2025), key=matching_key)


def filters_from(request: HttpRequest, **fixed: str) -> Filters:
    query = request.GET
    stars = query.get("stars", "")
    return Filters(
        min_stars=int(stars) if stars in {"3", "4", "5"} else None,
        province=fixed.get("province") or province_slug(query.get("province", "")),
        producer=fixed.get("producer", query.get("producer", ""))[:200],
        group=query.get("group", "")[:100],
        price_min=_decimal(query.get("price_min")),
        price_max=_decimal(query.get("price_max")),
        available_only=query.get("available") == "1",
        search=query.get("q", "").strip()[:100],
        sort=query.get("sort") or "newest",
        sort_asked=bool(query.get("sort")),
    )


def listing_context(request: HttpRequest, channel: str, **fixed: str) -> dict[str, Any]:
    filters = filters_from(request, **fixed)
    after = request.GET.get("after") or None
    result = catalog.products(channel, language(), ocop_today(), filters, after=after)
    query = request.GET.copy()
    query.pop("after", None)
    next_query = query.copy()
    if result.next_cursor:
        next_query["after"] = result.next_cursor
    return {
        "result": result,
        "filters": filters,
        "query_string": query.urlencode(),
        "next_query": next_query.urlencode() if result.next_cursor else "",
        "is_first_page": after is None,
        "province_text": request.GET.get("province", "")[:100],
        "province_names": PROVINCE_NAMES,
    }


@require_GET
@in_channel
def products(request: HttpRequest, channel: str) -> HttpResponse:
    return render(request, "storefront/products.html", listing_context(request, channel))


@require_GET
@in_channel
def province(request: HttpRequest, channel: str, slug: str) -> HttpResponse:
    choose_province_theme(request, slug)  # drawn in its province's theme when one names it
    context = listing_context(request, channel, province=slug)
    cards = context["result"].products
    if not cards:
        raise Http404("no certified products in this province")
    context["province_name"] = cards[0].ocop.province.name if cards[0].ocop.province else slug
    return render(request, "storefront/province.html", context)


@require_GET
@in_channel
def producer(request: HttpRequest, channel: str, slug: str) -> HttpResponse:
    context = listing_context(request, channel, producer=slug)
    cards = context["result"].products
    if not cards:
        raise Http404("no certified products of this producer")
    name = cards[0].ocop.producer.name if cards[0].ocop.producer else slug
    context["producer_name"] = name
    context["producer"] = producer_named(name)
    return render(request, "storefront/producer.html", context)


@require_GET
@in_channel
def product(request: HttpRequest, channel: str, slug: str) -> HttpResponse:
    today = ocop_today()
    page = catalog.product(channel, language(), slug, today)
    if page is not None and page.card.ocop.certified_on(today):
        return render(
            request,
            "storefront/product.html",
            {
                "page": page,
                "product": page.card,
                "related": [card for card in page.related if card.ocop.certified_on(today)],
                "json_ld": product_json_ld(request, page, CHANNELS[channel].currency),
                "buy_variant": _buyable_variant(page),
            },
        )
    return _gone_or_missing(request, slug, page)


def _buyable_variant(page: Any) -> Any:
    """The variant the add-to-cart form offers: the first one priced in this channel."""
    if not page.card.available:
        return None
    return next((variant for variant in page.variants if variant.price is not None), None)


def _gone_or_missing(request: HttpRequest, slug: str, page: Any) -> HttpResponse:
    """A certificate that ended answers 410 with the date; an unknown product 404."""
    record = product_with_slug(slug)
    verification = verify(record.code, ocop_today()) if record else None
    ended_on = verification.ended_on if verification else None
    if verification is None and page is not None:
        # Saleor still shows it; its dates say it ended (the day after its last valid day)
        ended_on = page.card.ocop.valid_until + timedelta(days=1)
    if verification is None and page is None:
        raise Http404("no such product")
    status = verification.status if verification else PublicStatus.EXPIRED
    if status is PublicStatus.VALID:
        raise Http404("not in this channel")
    name = record.name if record else page.card.name
    return render(
        request,
        "storefront/product_gone.html",
        {
            "name": name,
            "ended_on": ended_on,
            "status": status.value,
            "code": record.code if record else "",
        },
        status=410,
    )


@require_GET
@in_channel
def stars(request: HttpRequest, channel: str) -> HttpResponse:
    return render(request, "storefront/stars.html")


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every shown product in every language (in that language's default channel), from the
    registry: no Saleor query."""
    from django.utils import translation

    from storefront.channels import default_channel

    urls = []
    slugs = shown_product_slugs()
    for code, _name in settings.LANGUAGES:
        channel = default_channel(code)
        with translation.override(code):
            urls.append(reverse("storefront:home", kwargs={"channel": channel}))
            urls.append(reverse("storefront:products", kwargs={"channel": channel}))
            urls.extend(
                reverse("storefront:product", kwargs={"channel": channel, "slug": slug})
                for slug in slugs
            )
    return render(
        request,
        "storefront/sitemap.xml",
        {"urls": [request.build_absolute_uri(u) for u in urls]},
        content_type="application/xml",
    )
