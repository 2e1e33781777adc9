"""Checkout steps, cash on delivery, Stripe's page and orders, against the in-memory Saleor."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"
ADDRESS = {
    "first_name": "Lan",
    "last_name": "Nguyễn",
    "phone": "0912 345 678",
    "street_address_1": "12 Trần Hưng Đạo",
    "street_address_2": "",
    "city": "Phường Hoàn Kiếm",
    "country_area": "Hà Nội",
    "country": "VN",
}


CSP_MIDDLEWARE = "storefront.csp.ContentSecurityPolicyMiddleware"


@pytest.fixture
def csp(settings):
    """The CSP middleware switched on (see storefront/csp.py for why it is not yet in settings)."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, CSP_MIDDLEWARE]


@pytest.fixture
def gateway_id(settings):
    settings.PAYMENTS_SALEOR_GATEWAY_ID = "ocop-shop"
    return "ocop-shop"


def fill_cart(client, shop, quantity=2, channel="vn", lang="vi"):
    client.post(
        f"/{lang}/{channel}/cart/add/",
        {"variant": shop.variant_id(FISH_SAUCE), "quantity": quantity},
    )
    return next(iter(shop.checkouts.values()))


def through_billing(client, channel="vn", lang="vi", address=ADDRESS):
    base = f"/{lang}/{channel}/checkout"
    assert client.post(f"{base}/email/", {"email": "lan@example.com"})["Location"] == (
        f"{base}/address/"
    )
    assert client.post(f"{base}/address/", address)["Location"] == f"{base}/delivery/"
    options = re.findall(
        r'name="option" id="[^"]+" value="([^"]+)"',
        client.get(f"{base}/delivery/").content.decode(),
    )
    assert client.post(f"{base}/delivery/", {"option": options[0]})["Location"] == (
        f"{base}/billing/"
    )
    response = client.post(f"{base}/billing/", {"same_as_shipping": "on"})
    assert response["Location"] == f"{base}/payment/"


def pay_form(html: str, action: str) -> dict[str, str]:
    form = html.split(f'action="{action}"')[1].split("</form>")[0]
    return dict(re.findall(r'name="(total|idempotency_key)" value="([^"]+)"', form))


def test_the_checkout_starts_with_the_email_step(client, shop):
    fill_cart(client, shop)

    assert client.get("/vi/vn/checkout/")["Location"] == "/vi/vn/checkout/email/"


def test_without_a_cart_the_checkout_sends_to_the_cart(client, shop):
    assert client.get("/vi/vn/checkout/email/")["Location"] == "/vi/vn/cart/"


def test_the_vietnamese_address_form_asks_province_and_commune(client, shop):
    fill_cart(client, shop)

    html = client.get("/vi/vn/checkout/address/").content.decode()

    assert '<option value="Thừa Thiên–Huế">Huế</option>' in html
    assert '<option value="Thành phố Hồ Chí Minh">Hồ Chí Minh</option>' in html
    assert html.count('<option value="', html.index('name="country_area"')) >= 34
    assert 'name="postal_code"' not in html


def test_an_international_address_form_asks_postal_code_and_region(client, shop):
    fill_cart(client, shop, channel="intl", lang="en")

    html = client.get("/en/intl/checkout/address/", {"country": "FR"}).content.decode()

    assert 'name="postal_code"' in html
    assert 'name="country_area" maxlength="128"' in html
    assert '<input type="hidden" name="country" value="FR"' in html


def test_the_address_is_saved_in_saleor_with_the_phone_in_international_form(client, shop):
    checkout = fill_cart(client, shop)
    client.post("/vi/vn/checkout/email/", {"email": "lan@example.com"})

    client.post("/vi/vn/checkout/address/", ADDRESS)

    saved = shop.checkouts[checkout["id"]]["shippingAddress"]
    assert saved["phone"] == "+84912345678"
    assert saved["countryArea"] == "Hà Nội"
    assert saved["city"] == "Phường Hoàn Kiếm"
    assert saved["country"] == {"code": "VN"}


def test_a_phone_without_country_code_abroad_is_refused(client, shop):
    fill_cart(client, shop, channel="intl", lang="en")
    address = {**ADDRESS, "country": "FR", "country_area": "", "postal_code": "75001"}
    address["phone"] = "612345678"

    response = client.post("/en/intl/checkout/address/", address)

    assert response.status_code == 200
    assert "Enter the phone number with its country code, e.g. +84 912 345 678." in (
        response.content.decode()
    )


def test_delivery_options_are_saleors_for_the_address(client, shop):
    fill_cart(client, shop)
    client.post("/vi/vn/checkout/email/", {"email": "lan@example.com"})
    client.post("/vi/vn/checkout/address/", ADDRESS)

    html = client.get("/vi/vn/checkout/delivery/").content.decode()

    assert re.findall(r'<label for="option-\d">([^<]+)</label>', html) == [
        "Giao hàng tiêu chuẩn: 30.000\xa0₫"
    ]
    assert "CheckoutDeliveryOptions__3_23" in shop.calls


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("en", "Standard delivery in Vietnam: 30,000\u00a0₫"),
        ("fr", "Livraison standard au Vietnam: 30\u202f000\u00a0₫"),
    ],
)
def test_the_delivery_method_is_named_in_the_visitors_language(client, shop, lang, label):
    fill_cart(client, shop, lang=lang)
    client.post(f"/{lang}/vn/checkout/email/", {"email": "lan@example.com"})
    client.post(f"/{lang}/vn/checkout/address/", ADDRESS)

    html = client.get(f"/{lang}/vn/checkout/delivery/").content.decode()

    assert re.findall(r'<label for="option-\d">([^<]+)</label>', html) == [label]
    assert "Giao hàng tiêu chuẩn" not in html


US_ADDRESS = {
    "first_name": "Emily",
    "last_name": "Carter",
    "phone": "+1 415 555 0134",
    "street_address_1": "350 Fifth Avenue",
    "street_address_2": "",
    "city": "New York",
    "country_area": "NY",
    "postal_code": "10118",
    "country": "US",
}


def test_a_dollar_checkout_to_the_united_states_reaches_payment(client, shop):
    fill_cart(client, shop, channel="intl", lang="en")

    through_billing(client, channel="intl", lang="en", address=US_ADDRESS)

    checkout = next(iter(shop.checkouts.values()))
    html = client.get("/en/intl/checkout/payment/").content.decode()
    assert checkout["delivery"] is not None
    assert "International parcel (EMS)" in html
    assert "$43.00" in html  # 2 × $7.50 + $28.00 delivery


@pytest.mark.parametrize("version", ["3.21", "3.22"])
def test_older_saleors_list_the_checkouts_shipping_methods(client, shop, version):
    # given: a Saleor that answers as the older version from the start of the checkout
    fill_cart(client, shop)
    shop.version = version
    shop.storefront._version = None  # the client asks the version again
    client.post("/vi/vn/checkout/email/", {"email": "lan@example.com"})
    client.post("/vi/vn/checkout/address/", ADDRESS)
    calls = len(shop.calls)

    # when
    html = client.get("/vi/vn/checkout/delivery/").content.decode()

    # then
    assert "Giao hàng tiêu chuẩn: 30.000\xa0₫" in html
    details = "CheckoutDetails" if version == "3.21" else "CheckoutDetails__3_22"
    assert shop.calls[calls:] == [details, "CheckoutDeliveryOptions"]


def test_the_whole_checkout_with_cash_on_delivery_places_an_order(client, shop, gateway_id):
    checkout = fill_cart(client, shop, quantity=2)
    through_billing(client)
    html = client.get("/vi/vn/checkout/payment/").content.decode()
    form = pay_form(html, "/vi/vn/checkout/pay/cod/")

    response = client.post("/vi/vn/checkout/pay/cod/", form)

    order = next(iter(shop.orders.values()))
    assert response["Location"] == f"/vi/vn/orders/{order['number']}/"
    assert response.cookies["ocop_checkout_vn"].value == ""
    assert form["total"] == "400000.0"  # 2 × 185.000 ₫ + 30.000 ₫ delivery
    transaction = shop.transactions[0]
    assert transaction["id"] == checkout["id"]
    assert transaction["amount"] == "400000.0"
    assert transaction["gateway"] == {"id": "ocop-shop", "data": {"gateway": "app.ocop.cod"}}
    assert transaction["idempotencyKey"] == form["idempotency_key"]
    assert shop.stock[shop.variant_id(FISH_SAUCE)] == 8
    page = client.get(response["Location"]).content.decode()
    assert f'<strong id="order-number">{order["number"]}</strong>' in page
    assert "lan@example.com" in page


def test_a_changed_cart_is_not_paid_with_the_old_total(client, shop, gateway_id):
    fill_cart(client, shop, quantity=2)
    through_billing(client)
    form = pay_form(
        client.get("/en/vn/checkout/payment/").content.decode(), "/en/vn/checkout/pay/cod/"
    )
    client.post("/en/vn/cart/add/", {"variant": shop.variant_id(FISH_SAUCE), "quantity": 1})

    response = client.post("/en/vn/checkout/pay/cod/", form)

    assert response["Location"] == "/en/vn/checkout/payment/"
    assert shop.orders == {}
    html = client.get(response["Location"]).content.decode()
    assert "Your cart changed since this page was shown: please check the total." in html


def test_cash_on_delivery_is_offered_in_dong_only(client, shop):
    fill_cart(client, shop, channel="intl", lang="en")
    through_billing(client, channel="intl", lang="en")

    html = client.get("/en/intl/checkout/payment/").content.decode()

    assert "/en/intl/checkout/pay/cod/" not in html
    assert "Sorry, no way to pay is available in this currency at the moment." in html


def test_a_certificate_that_lapsed_during_checkout_stops_the_order(client, shop, gateway_id):
    fill_cart(client, shop)
    through_billing(client)
    form = pay_form(
        client.get("/en/vn/checkout/payment/").content.decode(), "/en/vn/checkout/pay/cod/"
    )
    product = next(p for p in shop.products.values() if p["name"] == FISH_SAUCE)
    product["metadata"]["ocop.valid_until"] = "2026-11-22"

    response = client.post("/en/vn/checkout/pay/cod/", form)

    assert response["Location"] == "/en/vn/cart/"
    assert shop.orders == {}
    assert shop.transactions == []
    html = client.get("/en/vn/cart/").content.decode()
    assert "has expired: it can no longer be sold and was removed from your cart." in html
    assert "Your cart is empty." in html


def test_stock_sold_out_before_paying_stops_the_order(client, shop, gateway_id):
    fill_cart(client, shop, quantity=2)
    through_billing(client)
    form = pay_form(
        client.get("/en/vn/checkout/payment/").content.decode(), "/en/vn/checkout/pay/cod/"
    )
    shop.stock[shop.variant_id(FISH_SAUCE)] = 1

    response = client.post("/en/vn/checkout/pay/cod/", form)

    assert response["Location"] == "/en/vn/cart/"
    assert shop.orders == {}
    assert "Only 1 left in stock." in client.get("/en/vn/cart/").content.decode()


def test_the_stripe_option_renders_the_publishable_key_and_client_secret(
    client, shop, gateway_id, settings, csp
):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"
    fill_cart(client, shop, channel="intl", lang="en")
    through_billing(client, channel="intl", lang="en")
    form = pay_form(
        client.get("/en/intl/checkout/payment/").content.decode(), "/en/intl/checkout/pay/stripe/"
    )

    response = client.post("/en/intl/checkout/pay/stripe/", form)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-publishable-key="pk_test_123"' in html
    assert 'data-client-secret="pi_fake_secret_123"' in html
    assert '<script src="https://js.stripe.com/v3/" nonce="' in html
    assert shop.transactions[0]["gateway"] == {
        "id": "ocop-shop",
        "data": {"gateway": "app.ocop.stripe"},
    }
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_the_stripe_page_allows_stripe_in_its_content_security_policy(
    client, shop, gateway_id, settings, csp
):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"
    fill_cart(client, shop, channel="intl", lang="en")
    through_billing(client, channel="intl", lang="en")
    form = pay_form(
        client.get("/en/intl/checkout/payment/").content.decode(), "/en/intl/checkout/pay/stripe/"
    )

    response = client.post("/en/intl/checkout/pay/stripe/", form)

    policy = dict(d.split(" ", 1) for d in response["Content-Security-Policy"].split("; "))
    nonce = re.search(r'<script nonce="([^"]+)">', response.content.decode())[1]  # type: ignore[index]
    assert policy["script-src"] == f"'self' 'nonce-{nonce}' https://js.stripe.com"
    assert policy["connect-src"] == "'self' https://api.stripe.com"
    assert policy["frame-src"] == "https://js.stripe.com https://hooks.stripe.com"
    assert policy["default-src"] == "'self'"
    assert policy["form-action"] == "'self'"


def test_every_storefront_page_has_a_content_security_policy(client, shop, csp):
    response = client.get("/vi/vn/")

    assert response["Content-Security-Policy"].startswith(
        "default-src 'self'; script-src 'self' 'nonce-"
    )


def test_a_guest_finds_an_order_with_number_and_email(client, shop, gateway_id):
    fill_cart(client, shop)
    through_billing(client)
    form = pay_form(
        client.get("/vi/vn/checkout/payment/").content.decode(), "/vi/vn/checkout/pay/cod/"
    )
    client.post("/vi/vn/checkout/pay/cod/", form)
    number = next(iter(shop.orders.values()))["number"]
    stranger = type(client)()

    found = stranger.post("/en/vn/orders/", {"email": "LAN@example.com ", "number": f"#{number}"})
    wrong_email = stranger.post("/en/vn/orders/", {"email": "eve@example.com", "number": number})

    assert f"Order {number}" in found.content.decode()
    assert (
        "Phu Quoc fish sauce 40°N" in found.content.decode() or FISH_SAUCE in found.content.decode()
    )
    assert "No order has this number and email address." in wrong_email.content.decode()
    assert "Order " + number not in wrong_email.content.decode()
    assert "OrderByNumber__3_22" in shop.calls


def test_another_browser_cannot_open_the_confirmation(client, shop, gateway_id):
    fill_cart(client, shop)
    through_billing(client)
    form = pay_form(
        client.get("/vi/vn/checkout/payment/").content.decode(), "/vi/vn/checkout/pay/cod/"
    )
    confirmation = client.post("/vi/vn/checkout/pay/cod/", form)["Location"]

    response = type(client)().get(confirmation)

    assert response["Location"] == "/vi/vn/orders/"


# --- back from Stripe's page ---------------------------------------------------------------------


def on_stripes_page(client, shop, settings) -> str:
    """A visitor at Stripe's payment page in the intl channel; the Saleor transaction's id."""
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"
    fill_cart(client, shop, channel="intl", lang="en")
    through_billing(client, channel="intl", lang="en")
    form = pay_form(
        client.get("/en/intl/checkout/payment/").content.decode(), "/en/intl/checkout/pay/stripe/"
    )
    assert client.post("/en/intl/checkout/pay/stripe/", form).status_code == 200
    return shop.transactions[-1]["answer"]["transaction"]["id"]


STRIPE_RETURN = "/en/intl/checkout/pay/stripe/return/"


def test_back_from_stripe_a_paid_card_places_the_order(client, shop, gateway_id, settings):
    transaction = on_stripes_page(client, shop, settings)

    response = client.get(
        STRIPE_RETURN,
        {
            "payment_intent": "pi_123",
            "payment_intent_client_secret": "pi_123_secret_x",
            "redirect_status": "succeeded",
        },
    )

    assert shop.processed == [{"transactionId": transaction, "data": {"paymentIntentId": "pi_123"}}]
    order = next(iter(shop.orders.values()))
    assert response["Location"] == f"/en/intl/orders/{order['number']}/"
    assert client.get(response["Location"]).status_code == 200


def test_back_from_stripe_a_declined_card_shows_stripes_reason(client, shop, gateway_id, settings):
    transaction = on_stripes_page(client, shop, settings)
    shop.stripe_outcomes[transaction] = (
        "CHARGE_FAILURE",
        {"error": {"code": "card_declined", "message": "Your card was declined."}},
    )

    response = client.get(STRIPE_RETURN, {"payment_intent": "pi_123", "redirect_status": "failed"})

    assert response["Location"] == "/en/intl/checkout/payment/"
    assert shop.orders == {}
    assert "Your card was declined." in client.get(response["Location"]).content.decode()


def test_back_from_stripe_unpaid_asks_to_pay_again(client, shop, gateway_id, settings):
    transaction = on_stripes_page(client, shop, settings)
    shop.stripe_outcomes[transaction] = ("CHARGE_ACTION_REQUIRED", {"clientSecret": "pi_x"})

    response = client.get(STRIPE_RETURN, {"payment_intent": "pi_123", "redirect_status": "failed"})

    assert response["Location"] == "/en/intl/checkout/payment/"
    assert shop.orders == {}
    html = client.get(response["Location"]).content.decode()
    assert "The payment did not go through: please try again." in html


def test_a_payment_still_processing_is_not_paid_again_and_placed_once_confirmed(
    client, shop, gateway_id, settings
):
    transaction = on_stripes_page(client, shop, settings)
    shop.stripe_outcomes[transaction] = ("CHARGE_REQUEST", {"status": "processing"})

    waiting = client.get(
        STRIPE_RETURN, {"payment_intent": "pi_123", "redirect_status": "processing"}
    )

    assert waiting["Location"] == "/en/intl/checkout/payment/"
    assert shop.orders == {}
    html = client.get(waiting["Location"]).content.decode()
    assert "Your payment is still being confirmed: please do not pay again." in html
    assert f"http://testserver{STRIPE_RETURN}" in html

    del shop.stripe_outcomes[transaction]  # Stripe settled it meanwhile
    placed = client.get(STRIPE_RETURN)

    assert placed["Location"].startswith("/en/intl/orders/")
    assert len(shop.orders) == 1
    assert [p["transactionId"] for p in shop.processed] == [transaction, transaction]
    assert shop.processed[1]["data"] is None


def test_a_return_without_a_card_payment_started_here_does_not_process(
    client, shop, gateway_id, settings
):
    fill_cart(client, shop, channel="intl", lang="en")
    through_billing(client, channel="intl", lang="en")

    response = client.get(STRIPE_RETURN, {"payment_intent": "pi_someone_else"})

    assert response["Location"] == "/en/intl/checkout/payment/"
    assert shop.processed == []
    assert shop.orders == {}
