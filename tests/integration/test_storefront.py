"""The storefront against a real Saleor holding the sample feed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import cache

from catalog_sync.models import OcopProduct
from catalog_sync.services import run_sync
from saleor_api import connection

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "catalog_sync" / "sample" / "ocop-sample.csv"


@pytest.fixture
def sample_shop(saleor, layout, settings, monkeypatch):
    settings.SALEOR_API_URL = saleor.api_url
    settings.STOREFRONT_REFRESH_INLINE = True
    monkeypatch.setattr(connection, "_client", saleor)
    run_sync(str(SAMPLE), client=saleor)
    cache.clear()
    yield
    cache.clear()


def names(html: str) -> list[str]:
    return re.findall(r'class="card-name">([^<]+)<', html)


def test_listing_filters_and_search(client, sample_shop):
    five = client.get("/en/vn/products/", {"stars": "5", "q": "Phu Quoc"}).content.decode()
    search = client.get("/vi/vn/products/", {"q": "nuoc mam phu quoc"}).content.decode()

    assert "Phu Quoc fish sauce 40°N" in names(five)
    assert "Phu Quoc fish sauce 35°N" not in names(five)
    assert {"Nước mắm Phú Quốc 40 độ đạm", "Nước mắm Phú Quốc 35 độ đạm"} <= set(names(search))


def test_product_page_shows_badge_and_certificate_panel(client, sample_shop):
    slug = OcopProduct.objects.get(name="Nước mắm Phú Quốc 40 độ đạm").slug

    response = client.get(f"/en/vn/products/{slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="OCOP certified, 5 stars out of 5"' in html
    assert "1234/QĐ-BNN" in html
    assert "185,000\u00a0₫" in html or "₫185,000" in html
    assert '"hasCertification"' in html


def test_a_product_page_shows_the_registrys_related_products_from_saleor(client, sample_shop):
    slug = OcopProduct.objects.get(name="Tiêu đen Phú Quốc").slug

    html = client.get(f"/en/vn/products/{slug}/").content.decode()

    related = re.findall(
        r'class="card-name"[^>]*>([^<]+)<', html.split('id="related"')[1].split("</section>")[0]
    )
    assert set(related[:5]) == {  # its province's food products first, in English
        "Phu Quoc fish sauce 40°N",
        "Phu Quoc fish sauce 35°N",
        "Phu Quoc red pepper",
        "U Minh forest honey",
        "Hon Dat dried snakehead fish",
    }
    assert len(related) == 8
    assert "Phu Quoc black pepper" not in related
    assert "Phu Quoc sun-dried squid" not in related  # its certificate (2021) has ended


def test_an_expired_product_answers_410(client, sample_shop):
    slug = OcopProduct.objects.get(name="Mực một nắng Phú Quốc").slug

    response = client.get(f"/en/vn/products/{slug}/")

    assert response.status_code == 410
    assert "certification ended on June 5, 2024" in response.content.decode()
