"""Checkout steps (email → shipping address → delivery → billing → payment → confirmation) and
the order pages. Every step reads the checkout from Saleor and writes it back there; nothing about
the checkout is kept in this shop. Works without JavaScript (except Stripe's own card form)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from payments import cod
from payments.gateways import COD, STRIPE, saleor_gateway_id, transaction_data
from saleor_api import checkout as saleor_checkout
from saleor_api.checkout import Checkout, PaymentResult
from saleor_api.connection import get_storefront_client, get_visitor_app_client
from saleor_api.errors import SaleorMutationError
from storefront.cache import CACHE_DOWN, cache_down
from storefront.cart import (
    cart_url,
    describe_all,
    drop_lapsed,
    forget,
    lapsed_message,
    load,
    shop_page,
)
from storefront.channels import language
from storefront.forms import (
    AddressForm,
    BillingChoiceForm,
    DeliveryForm,
    EmailForm,
    OrderLookupForm,
    PaymentForm,
    countries,
)

SESSION_ORDERS = "ocop_orders"  # order numbers → ids this browser placed: it may see them
SESSION_STRIPE = "ocop_stripe_payment"  # {checkout id: Saleor transaction id} on Stripe's page

CART_CHANGED = gettext_noop("Your cart changed since this page was shown: please check the total.")
PAYMENT_ERRORS = {
    "AMOUNT_MISMATCH": CART_CHANGED,
    "CURRENCY_MISMATCH": CART_CHANGED,
    "CHECKOUT_CHANGED": CART_CHANGED,
    "COD_NOT_AVAILABLE": gettext_noop(
        "Cash on delivery is only available for payments in đồng (VND)."
    ),
    "ALREADY_PAID": gettext_noop("This cart is already paid."),
    "PAYMENT_IN_PROGRESS": gettext_noop(
        "A payment for this cart is in progress: please wait a moment."
    ),
}


def _url(name: str, channel: str) -> str:
    return reverse(f"storefront:{name}", kwargs={"channel": channel})


def _redirect(name: str, channel: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(_url(name, channel))


def _next_step(checkout: Checkout) -> str:
    if not checkout.email:
        return "checkout_email"
    if checkout.is_shipping_required and checkout.shipping_address is None:
        return "checkout_shipping"
    if checkout.is_shipping_required and not checkout.delivery_id:
        return "checkout_delivery"
    if checkout.billing_address is None:
        return "checkout_billing"
    return "checkout_payment"


def _current(request: HttpRequest, channel: str) -> Checkout | None:
    checkout = load(request, channel)
    if checkout is None or not checkout.lines:
        return None
    return checkout


def _steps(current: str) -> list[tuple[str, str, bool]]:
    names = [
        ("checkout_email", _("Email")),
        ("checkout_shipping", _("Address")),
        ("checkout_delivery", _("Delivery")),
        ("checkout_billing", _("Billing")),
        ("checkout_payment", _("Payment")),
    ]
    return [(name, label, name == current) for name, label in names]


def _page(
    request: HttpRequest, template: str, checkout: Checkout, step: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {"checkout": checkout, "steps": _steps(step), **context},
    )


def _refused(request: HttpRequest, exc: SaleorMutationError) -> None:
    for text in describe_all(exc):
        messages.error(request, text)


@shop_page
def start(request: HttpRequest, channel: str) -> HttpResponse:
    checkout = _current(request, channel)
    if checkout is None:
        return HttpResponseRedirect(cart_url(channel))
    return _redirect(_next_step(checkout), channel)


@require_http_methods(["GET", "POST"])
@shop_page
def email(request: HttpRequest, channel: str) -> HttpResponse:
    checkout = _current(request, channel)
    if checkout is None:
        return HttpResponseRedirect(cart_url(channel))
    form = EmailForm(request.POST or None, initial={"email": checkout.email})
    if request.method == "POST" and form.is_valid():
        try:
            saleor_checkout.set_email(
                get_storefront_client(), checkout.id, form.cleaned_data["email"]
            )
        except SaleorMutationError as exc:
            _refused(request, exc)
        else:
            return _redirect("checkout_shipping", channel)
    return _page(request, "storefront/checkout_email.html", checkout, "checkout_email", form=form)


def _country(request: HttpRequest, default: str) -> str:
    return (request.POST.get("country") or request.GET.get("country") or default)[:2].upper()


@require_http_methods(["GET", "POST"])
@shop_page
def shipping(request: HttpRequest, channel: str) -> HttpResponse:
    checkout = _current(request, channel)
    if checkout is None:
        return HttpResponseRedirect(cart_url(channel))
    saved = checkout.shipping_address
    country = _country(request, saved.country if saved else "VN")
    initial = AddressForm.initial_from(saved) if saved and saved.country == country else {}
    form = AddressForm(request.POST or None, initial=initial, country=country)
    if request.method == "POST" and form.is_valid():
        try:
            saleor_checkout.set_shipping_address(
                get_storefront_client(), checkout.id, form.address()
            )
        except SaleorMutationError as exc:
            _refused(request, exc)
        else:
            return _redirect("checkout_delivery", channel)
    return _page(
        request,
        "storefront/checkout_address.html",
        checkout,
        "checkout_shipping",
        form=form,
        country=form.country_code,
        countries=countries(language()),
    )


@require_http_methods(["GET", "POST"])
@shop_page
def delivery(request: HttpRequest, channel: str) -> HttpResponse:
    checkout = _current(request, channel)
    if checkout is None:
        return HttpResponseRedirect(cart_url(channel))
    if checkout.shipping_address is None:
        return _redirect("checkout_shipping", channel)
    client = get_storefront_client()
    options = saleor_checkout.delivery_options(client, checkout.id, language())
    choices = [(option.id, option.name) for option in options]
    form = DeliveryForm(
        request.POST or None, options=choices, initial={"option": checkout.delivery_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saleor_checkout.set_delivery(client, checkout.id, form.cleaned_data["option"])
        except SaleorMutationError as exc:
            _refused(request, exc)
        else:
            return _redirect("checkout_billing", channel)
    return _page(
        request,
        "storefront/checkout_delivery.html",
        checkout,
        "checkout_delivery",
        form=form,
        options=options,
    )


@require_http_methods(["GET", "POST"])
@shop_page
def billing(request: HttpRequest, channel: str) -> HttpResponse:
    checkout = _current(request, channel)
    if checkout is None:
        return HttpResponseRedirect(cart_url(channel))
    shipping_address = checkout.shipping_address
    choice = BillingChoiceForm(request.POST or None)
    saved = checkout.billing_address
    country = (
        request.POST.get("billing-country")
        or request.GET.get("country")
        or (saved.country if saved else "VN")
    )[:2].upper()
    address_form = AddressForm(
        request.POST or None,
        initial=AddressForm.initial_from(saved) if saved else {},
        country=country,
        prefix="billing",
    )
    if request.method == "POST" and choice.is_valid():
        same = choice.cleaned_data["same_as_shipping"] and shipping_address is not None
        if same or address_form.is_valid():
            address = shipping_address if same and shipping_address else address_form.address()
            try:
                saleor_checkout.set_billing_address(get_storefront_client(), checkout.id, address)
            except SaleorMutationError as exc:
                _refused(request, exc)
            else:
                return _redirect("checkout_payment", channel)
    elif request.method != "POST":
        address_form = AddressForm(
            initial=AddressForm.initial_from(saved) if saved else {},
            country=country,
            prefix="billing",
        )
    return _page(
        request,
        "storefront/checkout_billing.html",
        checkout,
        "checkout_billing",
        choice=choice,
        form=address_form,
        country=address_form.country_code,
        countries=countries(language()),
    )


def _payment_context(checkout: Checkout) -> dict[str, Any]:
    currency = checkout.total.currency if checkout.total else ""
    return {
        "cod_available": cod.is_available(currency),
        "stripe_available": bool(settings.STRIPE_PUBLISHABLE_KEY),
        "idempotency_key": uuid.uuid4().hex,
    }


@shop_page
def payment(request: HttpRequest, channel: str) -> HttpResponse:
    checkout = _current(request, channel)
    if checkout is None:
        return HttpResponseRedirect(cart_url(channel))
    step = _next_step(checkout)
    if step != "checkout_payment":
        return _redirect(step, channel)
    return _page(
        request,
        "storefront/checkout_payment.html",
        checkout,
        "checkout_payment",
        **_payment_context(checkout),
    )


def _ready_to_pay(
    request: HttpRequest, channel: str
) -> tuple[Checkout | None, HttpResponse | None]:
    """The checkout, if it can be paid now; else where to send the visitor."""
    checkout = _current(request, channel)
    if checkout is None:
        return None, HttpResponseRedirect(cart_url(channel))
    checkout, removed = drop_lapsed(checkout)
    if removed:
        messages.error(request, lapsed_message(removed))
        return None, HttpResponseRedirect(cart_url(channel))
    if checkout.has_problems:
        messages.error(request, _("Some products in your cart are no longer available."))
        return None, HttpResponseRedirect(cart_url(channel))
    step = _next_step(checkout)
    if step != "checkout_payment":
        return None, _redirect(step, channel)
    return checkout, None


def _payment_refused(request: HttpRequest, result: PaymentResult) -> None:
    text = PAYMENT_ERRORS.get(result.error_code)
    messages.error(request, _(text) if text else _("The payment was refused: please try again."))


@require_POST
@shop_page
def pay_cod(request: HttpRequest, channel: str) -> HttpResponse:
    checkout, elsewhere = _ready_to_pay(request, channel)
    if elsewhere is not None or checkout is None:
        return elsewhere or HttpResponseRedirect(cart_url(channel))
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _redirect("checkout_payment", channel)
    client = get_storefront_client()
    try:
        result = saleor_checkout.initialize_payment(
            client,
            checkout.id,
            form.cleaned_data["total"],
            form.cleaned_data["idempotency_key"],
            saleor_gateway_id(),
            transaction_data(COD),
        )
    except SaleorMutationError as exc:
        _refused(request, exc)
        return _redirect("checkout_payment", channel)
    if not result.succeeded:
        _payment_refused(request, result)
        return _redirect("checkout_payment", channel)
    return _complete(request, channel, checkout)


def _complete(request: HttpRequest, channel: str, checkout: Checkout) -> HttpResponse:
    try:
        order = saleor_checkout.complete(get_storefront_client(), checkout.id)
    except SaleorMutationError as exc:
        _refused(request, exc)
        return _redirect("checkout_payment", channel)
    placed = dict(request.session.get(SESSION_ORDERS) or {})
    placed[order.number] = order.id
    request.session[SESSION_ORDERS] = placed
    response = HttpResponseRedirect(
        reverse("storefront:order", kwargs={"channel": channel, "number": order.number})
    )
    forget(response, channel)
    return response


@require_POST
@shop_page
def pay_stripe(request: HttpRequest, channel: str) -> HttpResponse:
    """Stripe's Payment Element: Saleor (through the payments app) creates the PaymentIntent and
    answers its client secret; Stripe.js confirms it in the browser and comes back here."""
    checkout, elsewhere = _ready_to_pay(request, channel)
    if elsewhere is not None or checkout is None:
        return elsewhere or HttpResponseRedirect(cart_url(channel))
    form = PaymentForm(request.POST)
    if not settings.STRIPE_PUBLISHABLE_KEY or not form.is_valid():
        return _redirect("checkout_payment", channel)
    return_url = request.build_absolute_uri(_url("checkout_stripe_return", channel))
    try:
        result = saleor_checkout.initialize_payment(
            get_storefront_client(),
            checkout.id,
            form.cleaned_data["total"],
            form.cleaned_data["idempotency_key"],
            saleor_gateway_id(),
            transaction_data(
                STRIPE, return_url=return_url if return_url.startswith("https://") else None
            ),
        )
    except SaleorMutationError as exc:
        _refused(request, exc)
        return _redirect("checkout_payment", channel)
    client_secret = str(result.data.get("clientSecret") or "")
    if result.succeeded:
        return _complete(request, channel, checkout)
    if not result.action_required or not client_secret:
        _payment_refused(request, result)
        return _redirect("checkout_payment", channel)
    if result.transaction_id:  # what the return view asks Saleor about
        request.session[SESSION_STRIPE] = {checkout.id: result.transaction_id}
    return _page(
        request,
        "storefront/checkout_stripe.html",
        checkout,
        "checkout_payment",
        publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
        client_secret=client_secret,
        return_url=return_url,
    )


STILL_CONFIRMING = gettext_noop(
    "Your payment is still being confirmed: please do not pay again. Your order is placed when "
    "you come back in a few minutes to %(url)s"
)
NOT_PAID = gettext_noop("The payment did not go through: please try again.")


@shop_page
def stripe_return(request: HttpRequest, channel: str) -> HttpResponse:
    """Back from Stripe (``?payment_intent=pi_...&redirect_status=...``): Saleor asks the payments
    app what became of the payment (``transactionProcess``); the order is placed once Saleor holds
    the money, else the visitor is told to wait or to pay again."""
    checkout = _current(request, channel)
    if checkout is None:
        return HttpResponseRedirect(cart_url(channel))
    transaction_id = str((request.session.get(SESSION_STRIPE) or {}).get(checkout.id) or "")
    if not transaction_id:  # no card payment started here: the order is placed if Saleor is paid
        return _complete(request, channel, checkout)
    intent_id = request.GET.get("payment_intent", "")
    data = {"paymentIntentId": intent_id} if intent_id.startswith("pi_") else None
    try:
        result = saleor_checkout.process_payment(get_storefront_client(), transaction_id, data)
    except SaleorMutationError as exc:
        _refused(request, exc)
        return _redirect("checkout_payment", channel)
    if result.succeeded:
        request.session.pop(SESSION_STRIPE, None)
        return _complete(request, channel, checkout)
    if result.event_type.endswith("_FAILURE"):
        request.session.pop(SESSION_STRIPE, None)
        _stripe_refused(request, result)
    elif (
        result.event_type.endswith("_REQUEST")  # Stripe is processing it
        or result.error_code == "STRIPE_UNAVAILABLE"  # not known yet
        or request.GET.get("redirect_status") in ("succeeded", "processing")
    ):
        url = request.build_absolute_uri(_url("checkout_stripe_return", channel))
        messages.warning(request, _(STILL_CONFIRMING) % {"url": url})
    else:  # left Stripe's page unpaid (or 3-D Secure failed): pay again
        request.session.pop(SESSION_STRIPE, None)
        messages.error(request, _(NOT_PAID))
    return _redirect("checkout_payment", channel)


def _stripe_refused(request: HttpRequest, result: PaymentResult) -> None:
    """A failed card payment: the app's message for the customer (e.g. Stripe's decline)."""
    text = PAYMENT_ERRORS.get(result.error_code)
    if text:
        messages.error(request, _(text))
        return
    error = result.data.get("error")
    message = str(error.get("message") or "") if isinstance(error, dict) else ""
    messages.error(request, message or result.message or _(NOT_PAID))


# --- orders ------------------------------------------------------------------------------------


@shop_page
def order(request: HttpRequest, channel: str, number: int) -> HttpResponse:
    """The confirmation of an order this browser placed; anyone else looks it up by email."""
    order_id = (request.session.get(SESSION_ORDERS) or {}).get(str(number))
    if not order_id:
        return _redirect("order_lookup", channel)
    found = saleor_checkout.get_order(get_visitor_app_client(), order_id, language())
    if found is None:
        return _redirect("order_lookup", channel)
    return render(request, "storefront/order.html", {"order": found, "confirmation": True})


def _lookup_email(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def _too_many_lookups(request: HttpRequest) -> bool:
    """Order numbers are sequential: guesses are throttled per client and per email address."""
    rates = settings.ORDER_LOOKUP_RATES
    try:
        return any(
            is_ratelimited(
                request, group=f"order-lookup-{key}", key=fn, rate=rates[key], increment=True
            )
            for key, fn in (("ip", "ip"), ("email", _lookup_email))
        )
    except CACHE_DOWN as exc:
        # django-ratelimit's RATELIMIT_FAIL_OPEN does not cover a Redis that refuses connections:
        # the counts are lost while it is down, the look-up still answers.
        cache_down(exc)
        return False


@require_http_methods(["GET", "POST"])
@shop_page
def order_lookup(request: HttpRequest, channel: str) -> HttpResponse:
    form = OrderLookupForm(request.POST or None)
    if request.method == "POST" and _too_many_lookups(request):
        form.is_valid()
        form.add_error(None, _("Too many look-ups: please wait a few minutes and try again."))
        response = render(request, "storefront/order_lookup.html", {"form": form}, status=429)
        response["Retry-After"] = "300"
        return response
    if request.method == "POST" and form.is_valid():
        found = saleor_checkout.order_by_number(
            get_visitor_app_client(), form.cleaned_data["number"], language()
        )
        if found is not None and found.belongs_to(form.cleaned_data["email"]):
            return render(request, "storefront/order.html", {"order": found, "confirmation": False})
        form.add_error(None, _("No order has this number and email address."))
    return render(request, "storefront/order_lookup.html", {"form": form})
