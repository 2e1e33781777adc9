"""Pages travel compressed, after every per-visitor fill-in of a cached page."""

from __future__ import annotations

import gzip
import re

import pytest
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client

from catalog_sync.models import OcopProduct

pytestmark = pytest.mark.django_db

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"
TOKEN = r'name="csrfmiddlewaretoken" value="([^"]+)"'


def slug_of(name: str) -> str:
    return OcopProduct.objects.get(name=name).slug


def test_a_page_is_gzipped_for_a_browser_that_accepts_it_with_its_true_length(client, shop):
    response = client.get("/vi/vn/products/", HTTP_ACCEPT_ENCODING="gzip, br")

    html = gzip.decompress(response.content).decode()
    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) == len(response.content)
    assert "Accept-Encoding" in response["Vary"]
    assert "Tiêu đen Phú Quốc" in html
    assert len(response.content) < len(html.encode()) / 3


def test_a_page_is_plain_for_a_client_that_does_not_accept_gzip(client, shop):
    response = client.get("/vi/vn/products/")

    assert not response.has_header("Content-Encoding")
    assert "Tiêu đen Phú Quốc" in response.content.decode()


def test_the_cached_page_is_compressed_after_the_visitors_token_and_cart_count_are_filled_in(
    shop,
):
    # given: a first visitor renders the product page (it is cached); a second has 2 items
    url = f"/en/vn/products/{slug_of(FISH_SAUCE)}/"
    Client(enforce_csrf_checks=True).get(url)
    visitor = Client()
    visitor.post("/en/vn/cart/add/", {"variant": shop.variant_id(FISH_SAUCE), "quantity": 2})
    calls = len(shop.calls)

    # when: the second visitor is served the cached page, compressed
    response = visitor.get(url, HTTP_ACCEPT_ENCODING="gzip")

    # then: the compressed page holds their own token and their count
    html = gzip.decompress(response.content).decode()
    assert len(shop.calls) == calls  # from the page cache
    assert int(response["Content-Length"]) == len(response.content)
    token = re.search(TOKEN, html)[1]  # type: ignore[index]
    assert _unmask_cipher_token(token) == visitor.cookies["csrftoken"].value
    assert '<span class="cart-count" aria-hidden="true">2</span>' in html
    assert "private" in response["Cache-Control"]


def test_the_same_page_does_not_compress_to_the_same_bytes_each_time(client, shop):
    # Django's BREACH mitigation: a random number (0-99) of bytes in the gzip header of every
    # response, so two responses are alike about once in a hundred: six never all are
    bodies = [client.get("/vi/vn/", HTTP_ACCEPT_ENCODING="gzip").content for _ in range(6)]

    assert len({gzip.decompress(body) for body in bodies}) == 1
    assert len(set(bodies)) > 1
