"""Approximate prices in currencies the shop does not charge: labelled, from fresh rates only, and
never instead of the price charged."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog_sync.models import OcopProduct
from currency.models import ExchangeRate

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "currency" / "sample" / "exchange-rates.json"
FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"  # 185.000 ₫, $7.50, 6,50 €


@pytest.fixture
def rates(db):
    call_command("exchange_rates", str(SAMPLE), verbosity=0, stdout=None)


def product_url(language: str, channel: str) -> str:
    return f"/{language}/{channel}/products/{OcopProduct.objects.get(name=FISH_SAUCE).slug}/"


def buy_box(html: str) -> str:
    return html.split('class="buy"')[1].split("</form>")[0]


def test_a_visitor_who_picks_won_sees_the_charged_price_and_a_labelled_approximation(
    client, shop, rates
):
    answer = client.get("/en/approximate/", {"currency": "KRW", "next": product_url("en", "intl")})
    html = client.get(answer["Location"]).content.decode()

    assert answer["Location"] == product_url("en", "intl")
    assert '<p class="price big">$7.50</p>' in html
    assert (
        '<p class="approx-line"><span class="approx">≈ ₩10,989 (approximate; you pay in USD)'
        "</span></p>" in html
    )  # 7.50 × 1465.20
    assert "Charged in USD." in html
    assert '"price": "7.50"' in html  # what search engines read stays the price charged


def test_the_approximation_converts_the_price_of_the_channel_shown(client, shop, rates):
    client.cookies["ocop_approx"] = "JPY"

    vnd = client.get(product_url("en", "vn")).content.decode()
    eur = client.get(product_url("fr", "eu")).content.decode()

    assert "≈ ¥1,090 (approximate; you pay in VND)" in vnd  # 185,000 × 155.30 / 26,350
    assert '<p class="price big">185,000\u00a0₫</p>' in vnd
    assert '<span class="approx">≈ 1\u202f074\u00a0JPY' in eur  # 6.50 × 155.30 / 0.94


def test_cards_show_the_approximation_under_each_price(client, shop, rates):
    client.cookies["ocop_approx"] = "THB"

    html = client.get("/en/intl/products/").content.decode()

    prices = re.findall(r'<span class="price">([^<]+)</span>', html)
    approximations = re.findall(r'<span class="approx">([^<]+)</span>', html)
    assert prices
    assert len(approximations) == len(prices)
    assert "$7.50" in prices
    assert "≈ THB\u00a0269 (approximate; you pay in USD)" in approximations  # 7.50 × 35.90
    assert "private" in client.get("/en/intl/products/")["Cache-Control"]


def test_the_cart_shows_approximations_beside_the_amounts_charged(client, shop, rates):
    client.post("/en/intl/cart/add/", {"variant": shop.variant_id(FISH_SAUCE), "quantity": 2})
    client.cookies["ocop_approx"] = "KRW"

    html = client.get("/en/intl/cart/").content.decode()

    assert '<span class="price" id="cart-subtotal">$15.00</span>' in html
    assert html.count("≈ ₩10,989 (approximate; you pay in USD)") == 1  # the unit price
    assert html.count("≈ ₩21,978 (approximate; you pay in USD)") == 2  # line and subtotal


def test_chinese_korean_and_japanese_visitors_see_their_currency_until_they_choose(
    client, shop, rates
):
    korean = client.get(product_url("ko", "intl")).content.decode()
    chinese = client.get(product_url("zh-hans", "intl")).content.decode()
    japanese = client.get(product_url("ja", "intl")).content.decode()
    english = client.get(product_url("en", "intl")).content.decode()

    assert "≈ ₩10,989" in korean
    assert "≈ ¥54" in chinese  # 7.50 × 7.24 yuan
    assert "≈ ￥1,165" in japanese  # 7.50 × 155.30 yen
    assert 'class="approx"' not in english
    client.get("/ko/approximate/", {"currency": "none", "next": "/ko/intl/"})
    assert 'class="approx"' not in client.get(product_url("ko", "intl")).content.decode()


def test_stale_rates_show_no_approximation_at_all(client, shop, rates, settings):
    settings.EXCHANGE_RATES_MAX_AGE_HOURS = 24
    ExchangeRate.objects.update(
        published_at=ExchangeRate.objects.get(currency="KRW").published_at - timedelta(hours=25)
    )
    client.cookies["ocop_approx"] = "KRW"

    html = client.get(product_url("en", "intl")).content.decode()

    assert '<p class="price big">$7.50</p>' in html
    assert "≈" not in html
    assert "<!--ocop:approx" not in html


def test_without_rates_or_with_an_unknown_choice_nothing_is_approximated(client, shop):
    client.cookies["ocop_approx"] = "KRW"
    assert "≈" not in client.get(product_url("en", "intl")).content.decode()

    answer = client.get("/en/approximate/", {"currency": "XAU", "next": "https://evil.example/"})
    assert answer["Location"] == "/en/"
    assert answer.cookies.get("ocop_approx") is None


def test_the_currency_chooser_offers_the_approximate_currencies(client, shop):
    html = client.get("/en/intl/").content.decode()

    assert "Also show prices approximately in" in html
    for code in ("KRW", "CNY", "JPY", "THB"):
        assert f'href="/en/approximate/?currency={code}&amp;next=%2Fen%2Fintl%2F"' in html
    assert "You always pay in USD; approximate prices are for information only." in html
