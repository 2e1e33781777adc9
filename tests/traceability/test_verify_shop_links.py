"""From the verify page into the shop: the product in the visitor's currency, the producer's
other products; both links lead to real storefront pages (the in-memory Saleor holds the sample)."""

from __future__ import annotations

import pytest

from catalog_sync.models import OcopProduct

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"


@pytest.mark.parametrize(
    ("language", "channel", "others"),
    [("en", "intl", ("VND", "EUR")), ("fr", "eu", ("VND", "USD")), ("vi", "vn", ("USD", "EUR"))],
)
def test_the_buy_link_is_in_the_visitor_s_language_and_currency(
    client, shop, language, channel, others
):
    record = OcopProduct.objects.get(name=FISH_SAUCE)

    html = client.get(f"/verify/{record.code}", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    buy = f'<a class="button" href="/{language}/{channel}/products/{record.slug}/">'
    assert buy in html
    for currency in others:
        other = {"VND": "vn", "USD": "intl", "EUR": "eu"}[currency]
        assert (
            f'href="/{language}/{other}/products/{record.slug}/" rel="nofollow">{currency}</a>'
            in html
        )
    assert client.get(f"/{language}/{channel}/products/{record.slug}/").status_code == 200


def test_the_producer_link_opens_the_producer_s_page(client, shop):
    record = OcopProduct.objects.get(name=FISH_SAUCE)

    html = client.get(f"/verify/{record.code}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    link = '<a class="verify-producer-link" href="/en/intl/producers/htx-nuoc-mam-phu-quoc-khai-hoan/">Other products of this producer</a>'
    assert link in html
    page = client.get("/en/intl/producers/htx-nuoc-mam-phu-quoc-khai-hoan/")
    assert page.status_code == 200
    assert "Phu Quoc fish sauce 35°N" in page.content.decode()


def test_the_product_is_named_in_the_visitor_s_language_and_in_vietnamese(client, shop):
    record = OcopProduct.objects.get(name=FISH_SAUCE)

    html = client.get(f"/verify/{record.code}", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<h2 class="verify-name">Sauce de poisson de Phu Quoc 40°N</h2>' in html
    assert '<p class="verify-name-vi" lang="vi">Nước mắm Phú Quốc 40 độ đạm</p>' in html
