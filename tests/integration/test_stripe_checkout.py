"""A Stripe checkout against the real Saleor and the Stripe double: paid, then refunded.

Saleor calls the payments app's webhooks (transaction initialize / process / refund requested);
for the test they point at the live server (and back afterwards). The app talks to the Stripe
double (tests/fakes/stripe_double.py) instead of Stripe; the test plays Stripe.js
(``confirm_in_browser`` with ``pm_card_visa``) and delivers the double's events to the app's
Stripe webhook, signed with the test secret. It pays in USD (``intl``) and in EUR (``eu``) for a
product it imports itself, so it needs nothing run by hand first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

from saleor_api import checkout as saleor_checkout
from saleor_api.connection import reset_client
from tests.fakes.stripe_double import StripeDouble, running_stripe_double
from tests.payments.helpers import (
    STRIPE_PUBLISHABLE_KEY,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    stripe_sends,
)
from tests.support import saleor as support
from tests.support.checkout import fill_checkout

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stripe_double(settings) -> Iterator[StripeDouble]:
    with running_stripe_double() as double:
        settings.STRIPE_SECRET_KEY = STRIPE_SECRET_KEY
        settings.STRIPE_PUBLISHABLE_KEY = STRIPE_PUBLISHABLE_KEY
        settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
        settings.STRIPE_API_BASE = double.url
        settings.STRIPE_MAX_NETWORK_RETRIES = 0
        yield double


def _pay_form(html: str, action: str) -> dict[str, str]:
    form = html.split(f'action="{action}"')[1].split("</form>")[0]
    return dict(re.findall(r'name="(total|idempotency_key)" value="([^"]+)"', form))


@pytest.mark.parametrize(
    ("language", "channel", "currency"), [("en", "intl", "USD"), ("fr", "eu", "EUR")]
)
def test_a_stripe_checkout_ends_with_the_order_paid_and_a_refund_reported_back(
    saleor,
    product_for_sale,
    payment_webhooks,
    stripe_double,
    live_server,
    settings,
    client,
    language,
    channel,
    currency,
):
    # given: the shop pointed at the real Saleor and at the Stripe double, a product priced in
    # every channel and in stock
    settings.SALEOR_API_URL = saleor.api_url
    settings.SALEOR_APP_TOKEN = saleor._http.headers["Authorization"].removeprefix("Bearer ")
    settings.PAYMENTS_SALEOR_GATEWAY_ID = payment_webhooks  # an app created with a token
    reset_client()
    variant = product_for_sale.variant_id
    base = f"/{language}/{channel}"

    # when: a visitor fills the checkout and pays by card on Stripe's page
    assert client.post(f"{base}/cart/add/", {"variant": variant, "quantity": 1}).status_code == 302
    payment = fill_checkout(client, base)
    form = _pay_form(payment, f"{base}/checkout/pay/stripe/")
    stripe_page = client.post(f"{base}/checkout/pay/stripe/", form)
    assert stripe_page.status_code == 200, stripe_page.get("Location")
    secret = re.search(r'data-client-secret="(pi_[^"]+)"', stripe_page.content.decode())
    assert secret is not None
    intent_id = secret[1].split("_secret_")[0]
    paid = stripe_double.confirm_in_browser(intent_id, "pm_card_visa")  # Stripe.js
    assert paid["status"] == "succeeded"
    back = client.get(
        f"{base}/checkout/pay/stripe/return/",
        {
            "payment_intent": intent_id,
            "payment_intent_client_secret": secret[1],
            "redirect_status": "succeeded",
        },
    )

    # then: the order is placed, and Saleor holds the money
    assert re.fullmatch(rf"{base}/orders/\d+/", back["Location"]), back["Location"]
    order = saleor_checkout.order_by_number(saleor, back["Location"].split("/")[-2])
    assert order is not None
    assert order.total is not None
    assert order.total.currency == currency
    payments = support.order_payments(saleor, order.id)
    assert payments is not None
    assert payments.charge_status == "FULL"
    assert payments.total_charged == order.total
    [transaction] = payments.transactions
    assert transaction.psp_reference == intent_id
    assert "CHARGE_SUCCESS" in transaction.events
    assert len(stripe_double.successful_charges()) == 1

    # when: staff refund it in Saleor; Stripe takes the refund, settles it later, and says so
    stripe_double.refund_status = "pending"
    support.request_refund(saleor, transaction.id)
    [refund] = stripe_double.refunds.values()
    assert refund["payment_intent"] == intent_id
    assert refund["amount"] == paid["amount_received"]
    pending = support.order_payments(saleor, order.id)
    assert pending is not None
    assert "REFUND_SUCCESS" not in pending.transactions[0].events
    stripe_double.settle_refund(refund["id"], "succeeded")
    [settled] = stripe_double.events_of("refund.updated")
    assert stripe_sends(client, settled).status_code == 200

    # then: Saleor shows the money given back
    refunded = support.order_payments(saleor, order.id)
    assert refunded is not None
    assert "REFUND_SUCCESS" in refunded.transactions[0].events
    assert refunded.transactions[0].refunded == order.total
    assert refunded.total_refunded == order.total
    assert refunded.transactions[0].charged is not None
    assert refunded.transactions[0].charged.amount == Decimal(0)
