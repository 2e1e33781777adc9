"""The cart: a Saleor checkout per channel, against the in-memory Saleor holding the sample feed."""

from __future__ import annotations

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client

from catalog_sync.models import OcopProduct

pytestmark = pytest.mark.django_db

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"
PEPPER = "Tiêu đen Phú Quốc"


def slug_of(name: str) -> str:
    return OcopProduct.objects.get(name=name).slug


def add(client: Client, shop, name: str, quantity: int = 1, channel: str = "vn", lang: str = "vi"):
    return client.post(
        f"/{lang}/{channel}/cart/add/",
        {"variant": shop.variant_id(name), "quantity": quantity},
    )


def cart_rows(html: str) -> list[tuple[str, str]]:
    """(product name, quantity) per cart line."""
    return re.findall(
        r'<th scope="row"><a href="[^"]+">([^<]+)</a>.*?name="quantity" type="number" '
        r'min="0" max="99" value="(\d+)"',
        html,
        flags=re.S,
    )


def test_the_product_page_has_an_add_to_cart_form(client, shop):
    html = client.get(f"/vi/vn/products/{slug_of(FISH_SAUCE)}/").content.decode()

    form = html.split('class="add-to-cart"')[1].split("</form>")[0]
    assert 'action="/vi/vn/cart/add/"' in form
    assert f'name="variant" value="{shop.variant_id(FISH_SAUCE)}"' in form
    assert 'name="quantity" type="number" value="1" min="1" max="99"' in form
    assert 'name="csrfmiddlewaretoken" value="' in form
    assert "__ocop_csrf_token_placeholder__" not in html


def test_adding_creates_a_checkout_and_remembers_it_in_a_secure_cookie(client, shop, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]

    response = add(client, shop, FISH_SAUCE, 2)

    assert response.status_code == 302
    assert response["Location"] == "/vi/vn/cart/"
    cookie = response.cookies["ocop_checkout_vn"]
    assert cookie.value in shop.checkouts
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True
    assert [c for c in shop.calls if c.startswith("Checkout")] == [
        "CheckoutCreate",
        "CheckoutDetails__3_23",
    ]


def test_the_cart_lists_lines_with_prices_and_subtotal(client, shop):
    add(client, shop, FISH_SAUCE, 2)
    add(client, shop, PEPPER, 1)

    response = client.get("/vi/vn/cart/")

    html = response.content.decode()
    assert response.status_code == 200
    assert cart_rows(html) == [(FISH_SAUCE, "2"), (PEPPER, "1")]
    assert "Đã thêm vào giỏ hàng." in html
    assert 'id="cart-subtotal">' in html
    assert response["Cache-Control"] == ("max-age=0, no-cache, no-store, must-revalidate, private")
    assert len(shop.checkouts) == 1


def test_adding_the_same_product_again_adds_to_its_line(client, shop):
    add(client, shop, FISH_SAUCE, 2)
    add(client, shop, FISH_SAUCE, 3)

    html = client.get("/vi/vn/cart/").content.decode()

    assert cart_rows(html) == [(FISH_SAUCE, "5")]


def test_each_channel_has_its_own_cart(client, shop):
    add(client, shop, FISH_SAUCE, 1, channel="vn")
    add(client, shop, PEPPER, 1, channel="intl", lang="en")

    assert cart_rows(client.get("/vi/vn/cart/").content.decode()) == [(FISH_SAUCE, "1")]
    assert cart_rows(client.get("/en/intl/cart/").content.decode()) == [
        ("Phu Quoc black pepper", "1")
    ]
    assert client.cookies["ocop_checkout_vn"].value != client.cookies["ocop_checkout_intl"].value


def test_more_than_the_stock_is_refused_in_the_visitors_language(client, shop):
    shop.stock[shop.variant_id(FISH_SAUCE)] = 3

    response = add(client, shop, FISH_SAUCE, 5)

    html = client.get(response["Location"]).content.decode()
    assert "Chỉ còn 3 sản phẩm trong kho: vui lòng chọn số lượng nhỏ hơn." in html
    assert "Giỏ hàng của bạn đang trống." in html


def test_an_out_of_stock_product_is_refused_in_english(client, shop):
    shop.stock[shop.variant_id(FISH_SAUCE)] = 0

    add(client, shop, FISH_SAUCE, 1, lang="en")

    html = client.get("/en/vn/cart/").content.decode()
    assert "Sorry, this product is out of stock." in html


def test_a_product_unavailable_for_purchase_is_refused(client, shop):
    product = next(p for p in shop.products.values() if p["name"] == FISH_SAUCE)
    product["channelListings"]["vn"]["isAvailableForPurchase"] = False

    add(client, shop, FISH_SAUCE, 1, lang="en")

    html = client.get("/en/vn/cart/").content.decode()
    assert "Sorry, this product cannot be bought at the moment." in html


def test_an_unpublished_product_is_refused(client, shop):
    product = next(p for p in shop.products.values() if p["name"] == FISH_SAUCE)
    product["channelListings"]["vn"]["isPublished"] = False

    add(client, shop, FISH_SAUCE, 1, lang="fr")

    html = client.get("/fr/vn/cart/").content.decode()
    assert "Désolé, ce produit n’est pas vendu dans cette devise." in html


def test_a_lapsed_certificate_is_refused_and_taken_out_of_the_cart(client, shop, monkeypatch):
    add(client, shop, PEPPER, 1)
    product = next(p for p in shop.products.values() if p["name"] == FISH_SAUCE)
    product["metadata"]["ocop.valid_until"] = "2026-11-22"  # the day before "today"

    response = add(client, shop, FISH_SAUCE, 1, lang="en")

    html = client.get(response["Location"]).content.decode()
    assert (
        "The OCOP certificate of Phu Quoc fish sauce 40°N has expired: it can no longer be sold and was "
        "removed from your cart."
    ) in html
    assert cart_rows(html) == [("Phu Quoc black pepper", "1")]
    assert "CheckoutLinesDelete" in shop.calls


def test_changing_the_quantity(client, shop):
    add(client, shop, FISH_SAUCE, 1)
    checkout = next(iter(shop.checkouts.values()))
    line = checkout["lines"][0]["id"]

    client.post("/vi/vn/cart/update/", {"line": line, "quantity": 4})

    assert cart_rows(client.get("/vi/vn/cart/").content.decode()) == [(FISH_SAUCE, "4")]


def test_a_quantity_above_the_stock_is_refused_when_changed(client, shop):
    add(client, shop, FISH_SAUCE, 1)
    shop.stock[shop.variant_id(FISH_SAUCE)] = 2
    line = next(iter(shop.checkouts.values()))["lines"][0]["id"]

    client.post("/en/vn/cart/update/", {"line": line, "quantity": 4})

    html = client.get("/en/vn/cart/").content.decode()
    assert "Only 2 left in stock: please choose a smaller quantity." in html
    assert cart_rows(html) == [("Phu Quoc fish sauce 40°N", "1")]


def test_a_quantity_of_zero_removes_the_line(client, shop):
    add(client, shop, FISH_SAUCE, 1)
    line = next(iter(shop.checkouts.values()))["lines"][0]["id"]

    client.post("/vi/vn/cart/update/", {"line": line, "quantity": 0})

    assert cart_rows(client.get("/vi/vn/cart/").content.decode()) == []


def test_removing_a_line(client, shop):
    add(client, shop, FISH_SAUCE, 1)
    add(client, shop, PEPPER, 2)
    line = next(iter(shop.checkouts.values()))["lines"][0]["id"]

    client.post("/vi/vn/cart/remove/", {"line": line})

    assert cart_rows(client.get("/vi/vn/cart/").content.decode()) == [(PEPPER, "2")]


def test_stock_that_ran_out_since_adding_is_shown_on_the_line(client, shop):
    add(client, shop, FISH_SAUCE, 3)
    shop.stock[shop.variant_id(FISH_SAUCE)] = 1

    html = client.get("/en/vn/cart/").content.decode()

    assert "Only 1 left in stock." in html


def test_a_cart_whose_checkout_is_gone_starts_again(client, shop):
    add(client, shop, FISH_SAUCE, 1)
    shop.checkouts.clear()

    response = client.get("/vi/vn/cart/")
    assert "Giỏ hàng của bạn đang trống." in response.content.decode()
    assert response.cookies["ocop_checkout_vn"].value == ""

    add(client, shop, PEPPER, 1)
    assert cart_rows(client.get("/vi/vn/cart/").content.decode()) == [(PEPPER, "1")]


def test_cart_forms_need_a_csrf_token(shop):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/vi/vn/cart/add/", {"variant": shop.variant_id(FISH_SAUCE), "quantity": 1}
    )

    assert response.status_code == 403
    assert shop.checkouts == {}


def test_a_cached_product_page_gives_each_visitor_their_own_valid_token(shop):
    # given: the first visitor renders the page; the second is served its answers from the cache
    url = f"/vi/vn/products/{slug_of(FISH_SAUCE)}/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = first.get(url).content.decode()
    calls = len(shop.calls)

    # when
    second_response = second.get(url)

    # then: Saleor was not asked again, and the page has the second visitor's own token
    assert len(shop.calls) == calls
    token_pattern = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    first_token = re.search(token_pattern, first_html)[1]  # type: ignore[index]
    second_token = re.search(token_pattern, second_response.content.decode())[1]  # type: ignore[index]
    first_secret = first.cookies["csrftoken"].value
    second_secret = second.cookies["csrftoken"].value
    assert first_secret != second_secret
    assert _unmask_cipher_token(first_token) == first_secret
    assert _unmask_cipher_token(second_token) == second_secret
    assert "private" in second_response["Cache-Control"]
    # and the token works for the second visitor's post, not with the first visitor's
    refused = second.post(
        "/vi/vn/cart/add/",
        {"variant": shop.variant_id(FISH_SAUCE), "quantity": 1, "csrfmiddlewaretoken": first_token},
    )
    accepted = second.post(
        "/vi/vn/cart/add/",
        {
            "variant": shop.variant_id(FISH_SAUCE),
            "quantity": 1,
            "csrfmiddlewaretoken": second_token,
        },
    )
    assert refused.status_code == 403
    assert accepted.status_code == 302


def test_the_cache_never_holds_a_visitors_token(client, shop):
    from django.core.cache import cache

    url = f"/vi/vn/products/{slug_of(FISH_SAUCE)}/"
    served = client.get(url).content.decode()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', served)[1]  # type: ignore[index]
    redis = cache._cache.get_client()  # type: ignore[attr-defined]
    stored = b"".join(redis.get(key) or b"" for key in redis.keys(cache.make_key("*")))
    assert stored  # the page's Saleor answers are cached
    assert token.encode() not in stored
    assert client.cookies["csrftoken"].value.encode() not in stored
