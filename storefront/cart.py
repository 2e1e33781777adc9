"""The cart: one Saleor checkout per channel, its id in an HttpOnly cookie per channel.

Saleor decides stock, availability and prices; its refusals are shown in the visitor's language.
The shop adds one rule Saleor has no notion of: a product whose OCOP certificate has lapsed cannot
be bought, so such lines are taken out of the cart (when added, when the cart is shown, and again
before an order is placed).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from catalog_sync.validity import ocop_today
from saleor_api import checkout as saleor_checkout
from saleor_api.checkout import Checkout
from saleor_api.connection import get_storefront_client
from saleor_api.errors import FieldError, SaleorError, SaleorGraphQLError, SaleorMutationError
from storefront.channels import CHANNELS, language
from storefront.forms import AddToCartForm, LineForm, LineQuantityForm
from storefront.personal import count_cookie, remember_count

logger = logging.getLogger(__name__)

COOKIE_PREFIX = "ocop_checkout_"
COOKIE_MAX_AGE = 30 * 86400
GONE_CODES = {"NOT_FOUND", "GRAPHQL_ERROR"}  # the checkout was completed, expired or deleted

View = Callable[..., HttpResponse]


def cookie_name(channel: str) -> str:
    return COOKIE_PREFIX + channel


def checkout_id(request: HttpRequest, channel: str) -> str:
    return request.COOKIES.get(cookie_name(channel), "")[:200]


def remember(response: HttpResponse, channel: str, checkout: str) -> None:
    response.set_cookie(
        cookie_name(channel),
        checkout,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def forget(response: HttpResponse, channel: str) -> None:
    response.delete_cookie(cookie_name(channel), samesite="Lax")
    response.delete_cookie(count_cookie(channel), samesite="Lax")


def shop_page(view: View) -> View:
    """A page of the cart or checkout: the channel from the URL, never cached anywhere, and a
    503 page when Saleor cannot answer."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, channel: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if channel not in CHANNELS:
            raise Http404("unknown channel")
        request.channel = CHANNELS[channel]  # type: ignore[attr-defined]
        try:
            return view(request, channel, *args, **kwargs)
        except SaleorError as exc:
            logger.warning("Saleor failed on %s: %s", request.path, exc)
            response = render(request, "storefront/unavailable.html", status=503)
            response["Retry-After"] = "30"
            return response

    return wrapper


# --- messages in the visitor's language --------------------------------------------------------

_REMAINING = re.compile(r"Only (\d+) remaining")


def describe(error: FieldError) -> str:
    """One of Saleor's refusals, said in the visitor's language."""
    code = error.code
    if code == "INSUFFICIENT_STOCK":
        remaining = _REMAINING.search(error.message)
        if remaining and int(remaining[1]) > 0:
            return _("Only %(count)s left in stock: please choose a smaller quantity.") % {
                "count": remaining[1]
            }
        return _("Sorry, this product is out of stock.")
    if code in {"PRODUCT_NOT_PUBLISHED", "UNAVAILABLE_VARIANT_IN_CHANNEL"}:
        return _("Sorry, this product is not sold in this currency.")
    if code == "PRODUCT_UNAVAILABLE_FOR_PURCHASE":
        return _("Sorry, this product cannot be bought at the moment.")
    if code == "QUANTITY_GREATER_THAN_LIMIT":
        return _("Sorry, you cannot buy that many of this product.")
    if code in {"ZERO_QUANTITY", "INVALID"} and error.field == "quantity":
        return _("Please enter a quantity of at least 1.")
    if code == "EMAIL_NOT_SET":
        return _("Please enter your email address.")
    if code in {"SHIPPING_ADDRESS_NOT_SET", "BILLING_ADDRESS_NOT_SET"}:
        return _("Please enter your address.")
    if code in {"SHIPPING_METHOD_NOT_SET", "DELIVERY_METHOD_NOT_APPLICABLE"}:
        return _("Please choose a delivery method.")
    if code in {"CHECKOUT_NOT_FULLY_PAID"}:
        return _("The payment does not cover the total: please try again.")
    if code == "INVALID" and error.field:
        return _("Please check this field: %(field)s.") % {"field": error.field}
    return _("Sorry, this could not be done (%(code)s).") % {"code": code}


def describe_all(exc: SaleorMutationError) -> list[str]:
    seen: list[str] = []
    for error in exc.errors:
        text = describe(error)
        if text not in seen:
            seen.append(text)
    return seen


def lapsed_message(names: list[str]) -> str:
    return _(
        "The OCOP certificate of %(names)s has expired: it can no longer be sold and was "
        "removed from your cart."
    ) % {"names": ", ".join(names)}


# --- the cart's rules --------------------------------------------------------------------------


def load(request: HttpRequest, channel: str) -> Checkout | None:
    """The visitor's checkout in this channel, None when there is none (any more)."""
    found = checkout_id(request, channel)
    if not found:
        return None
    try:
        return saleor_checkout.get_checkout(get_storefront_client(), found, language())
    except SaleorGraphQLError:
        return None  # a malformed or foreign id: start afresh


def drop_lapsed(checkout: Checkout, today: date | None = None) -> tuple[Checkout, list[str]]:
    """Take lines whose certificate lapsed out of the checkout; the checkout as it is now and the
    names of the products taken out."""
    lapsed = checkout.lapsed_lines(today or ocop_today())
    if not lapsed:
        return checkout, []
    client = get_storefront_client()
    saleor_checkout.delete_lines(client, checkout.id, [line.id for line in lapsed])
    fresh = saleor_checkout.get_checkout(client, checkout.id, language()) or checkout
    return fresh, [line.product_name for line in lapsed]


def cart_url(channel: str) -> str:
    return reverse("storefront:cart", kwargs={"channel": channel})


# --- views -------------------------------------------------------------------------------------


@require_GET
@shop_page
def cart(request: HttpRequest, channel: str) -> HttpResponse:
    checkout = load(request, channel)
    if checkout is not None:
        checkout, removed = drop_lapsed(checkout)
        if removed:
            messages.error(request, lapsed_message(removed))
    response = render(
        request,
        "storefront/cart.html",
        {"checkout": checkout if checkout and checkout.lines else None},
    )
    if checkout is None and checkout_id(request, channel):
        forget(response, channel)
    remember_count(request, response, channel, checkout.quantity if checkout else 0)
    return response


@require_POST
@shop_page
def add(request: HttpRequest, channel: str) -> HttpResponse:
    form = AddToCartForm(request.POST)
    response = HttpResponseRedirect(cart_url(channel))
    if not form.is_valid():
        messages.error(request, _("Please enter a quantity between 1 and 99."))
        return response
    variant, quantity = form.cleaned_data["variant"], form.cleaned_data["quantity"]
    client = get_storefront_client()
    existing = checkout_id(request, channel)
    try:
        try:
            if not existing:
                raise _NoCheckout
            saleor_checkout.add_line(client, existing, variant, quantity)
            current = existing
        except (_NoCheckout, SaleorGraphQLError):
            current = _create(client, channel, variant, quantity)
        except SaleorMutationError as exc:
            if not exc.codes & GONE_CODES:
                raise
            current = _create(client, channel, variant, quantity)
    except SaleorMutationError as exc:
        for text in describe_all(exc):
            messages.error(request, text)
        return response
    remember(response, channel, current)
    checkout = saleor_checkout.get_checkout(client, current, language())
    if checkout is not None:
        checkout, removed = drop_lapsed(checkout)
        remember_count(request, response, channel, checkout.quantity)
        if removed:
            messages.error(request, lapsed_message(removed))
            return response
    messages.success(request, _("Added to your cart."))
    return response


class _NoCheckout(Exception):
    pass


def _create(client: Any, channel: str, variant: str, quantity: int) -> str:
    return saleor_checkout.create_checkout(client, channel, variant, quantity, language())


@require_POST
@shop_page
def update(request: HttpRequest, channel: str) -> HttpResponse:
    form = LineQuantityForm(request.POST)
    current = checkout_id(request, channel)
    if not current:
        return HttpResponseRedirect(cart_url(channel))
    if not form.is_valid():
        messages.error(request, _("Please enter a quantity between 0 and 99."))
        return HttpResponseRedirect(cart_url(channel))
    client = get_storefront_client()
    line, quantity = form.cleaned_data["line"], form.cleaned_data["quantity"]
    try:
        if quantity == 0:
            saleor_checkout.delete_lines(client, current, [line])
        else:
            saleor_checkout.update_line(client, current, line, quantity)
    except SaleorMutationError as exc:
        for text in describe_all(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("Your cart was updated."))
    return HttpResponseRedirect(cart_url(channel))


@require_POST
@shop_page
def remove(request: HttpRequest, channel: str) -> HttpResponse:
    form = LineForm(request.POST)
    current = checkout_id(request, channel)
    if current and form.is_valid():
        try:
            saleor_checkout.delete_lines(
                get_storefront_client(), current, [form.cleaned_data["line"]]
            )
        except SaleorMutationError as exc:
            for text in describe_all(exc):
                messages.error(request, text)
        else:
            messages.success(request, _("The product was removed from your cart."))
    return HttpResponseRedirect(cart_url(channel))
