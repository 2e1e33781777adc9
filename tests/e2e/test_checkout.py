"""A tourist buys in a real browser: add to cart, check out with cash on delivery, see the order."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from catalog_sync.models import OcopProduct

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

FISH_SAUCE = "Phu Quoc fish sauce 40°N"


def fill_address(page: Page, first_name: str, last_name: str) -> None:
    """The shipping address step, as a tourist staying in Hà Nội fills it."""
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Phone (with country code)").fill("+84 912 345 678")
    page.get_by_label("House number, street, village").fill("12 Tran Hung Dao")
    page.get_by_label("Commune or ward").fill("Phuong Hoan Kiem")
    page.get_by_label("Province or city").select_option("Hà Nội")


@pytest.mark.parametrize("locale", ["en"])
def test_add_to_cart_check_out_with_cash_on_delivery_and_see_the_order(
    page: Page, shop: Any, settings: Any, axe_check: AxeCheck, save_screenshot: SaveScreenshot
) -> None:
    settings.PAYMENTS_SALEOR_GATEWAY_ID = "ocop-shop"
    slug = OcopProduct.objects.get(name="Nước mắm Phú Quốc 40 độ đạm").slug

    # given the fish sauce's page, in English, in VND
    page.goto(f"/en/vn/products/{slug}/")

    # when the visitor adds two to the cart
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()

    # then the cart lists them
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cart")
    expect(page.get_by_role("link", name=FISH_SAUCE)).to_be_visible()
    expect(page.get_by_label(f"Quantity of {FISH_SAUCE}")).to_have_value("2")
    expect(page.locator("#cart-subtotal")).to_have_text("370,000\u00a0₫")
    assert axe_check(page) == []
    save_screenshot(page, "checkout-1-cart")

    # when the visitor checks out: email, address, delivery, billing
    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Email").fill("lan@example.com")
    page.get_by_role("button", name="Continue").click()
    fill_address(page, "Lan", "Nguyen")
    assert axe_check(page) == []
    save_screenshot(page, "checkout-2-address")
    page.get_by_role("button", name="Continue").click()
    # English visitors read the method in English (Saleor holds its translation)
    page.get_by_label("Standard delivery in Vietnam: 30,000\u00a0₫").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Same as the shipping address")).to_be_checked()
    page.get_by_role("button", name="Continue").click()

    # then the payment step offers cash on delivery for the total
    expect(page.locator("#checkout-total")).to_have_text("400,000\u00a0₫")
    assert axe_check(page) == []
    save_screenshot(page, "checkout-3-payment")

    # when the visitor places the order
    page.get_by_role("button", name="Place order, pay on delivery").click()

    # then the confirmation shows the order number
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your order")
    number = next(iter(shop.orders.values()))["number"]
    expect(page.locator("#order-number")).to_have_text(number)
    expect(page.get_by_text("To pay on delivery: 400,000\u00a0₫.")).to_be_visible()
    assert axe_check(page) == []
    save_screenshot(page, "checkout-4-confirmation")


# Stripe.js cannot load here (no network): the browser gets this stand-in, which draws a card
# field and, on submit, goes back to the shop as Stripe does after a successful payment. What the
# shop does with that return (ask Saleor to process the transaction, place the order) is real.
STRIPE_JS_STAND_IN = """
window.Stripe = function (publishableKey) {
  return {
    elements: function (options) {
      return {
        clientSecret: options.clientSecret,
        create: function () {
          return {mount: function (selector) {
            document.querySelector(selector).innerHTML =
              '<label>Card number <input id="card-number" autocomplete="cc-number"></label>';
          }};
        }
      };
    },
    confirmPayment: function (params) {
      var secret = params.elements.clientSecret;
      var intent = secret.split("_secret_")[0];
      var url = new URL(params.confirmParams.return_url);
      url.searchParams.set("payment_intent", intent);
      url.searchParams.set("payment_intent_client_secret", secret);
      url.searchParams.set("redirect_status", "succeeded");
      window.location.assign(url.toString());
      return new Promise(function () {});
    }
  };
};
"""


@pytest.mark.parametrize(
    ("channel", "price", "total"),
    [("intl", "$7.50", "$9.00"), ("eu", "€6.50", "€8.00")],
)
def test_a_tourist_pays_by_card_in_dollars_or_euros(
    page: Page,
    shop: Any,
    settings: Any,
    channel: str,
    price: str,
    total: str,
    save_screenshot: SaveScreenshot,
) -> None:
    settings.PAYMENTS_SALEOR_GATEWAY_ID = "ocop-shop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_e2e"
    page.route(
        "https://js.stripe.com/v3/",
        lambda route: route.fulfill(content_type="text/javascript", body=STRIPE_JS_STAND_IN),
    )
    slug = OcopProduct.objects.get(name="Nước mắm Phú Quốc 40 độ đạm").slug

    # given the fish sauce's page in English, in the visitor's currency
    page.goto(f"/en/{channel}/products/{slug}/")
    expect(page.locator(".price.big")).to_have_text(price)

    # when the visitor buys one and pays by card
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Email").fill("tom@example.com")
    page.get_by_role("button", name="Continue").click()
    fill_address(page, "Tom", "Smith")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#checkout-total")).to_have_text(total)
    save_screenshot(page, f"checkout-card-{channel}-payment")
    page.get_by_role("button", name="Pay by card").click()
    expect(page.locator("#card-number")).to_be_visible()
    page.locator("#card-number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name=f"Pay {total}").click()

    # then the order is placed, in that currency
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your order")
    number = next(iter(shop.orders.values()))["number"]
    expect(page.locator("#order-number")).to_have_text(number)
    assert [Decimal(str(t["amount"])) for t in shop.transactions] == [Decimal(total.strip("$€"))]
    expect(page.locator("main")).to_contain_text(FISH_SAUCE)  # the name in English
    expect(page.get_by_text("To pay on delivery")).to_have_count(0)  # paid by card
    save_screenshot(page, f"checkout-card-{channel}-confirmation")
