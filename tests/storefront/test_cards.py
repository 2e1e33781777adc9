"""A grid's product cards, drawn by the ``product_card`` tag: what a card shows and escapes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation

from saleor_api.catalogue import Choice, Ocop, ProductCard
from saleor_api.money import Money


def card(**changes: object) -> ProductCard:
    fields: dict[str, object] = {
        "id": "UHJvZHVjdDox",
        "slug": "mat-ong-rung",
        "name": "Mật ong rừng",
        "price": Money(Decimal("185000"), "VND"),
        "available": True,
        "thumbnail_url": "https://cdn.example/mat-ong.jpg",
        "thumbnail_alt": "Mật ong rừng",
        "category_slug": "",
        "ocop": Ocop(
            stars=4,
            valid_until=date.today() + timedelta(days=400),
            province=Choice("Lào Cai", "lao-cai"),
            group=Choice("food", "food"),
        ),
    }
    fields.update(changes)
    return ProductCard(**fields)  # type: ignore[arg-type]


def grid(*cards: ProductCard, language: str = "en") -> str:
    with translation.override(language):
        return render_to_string(
            "storefront/_grid.html",
            {"products": cards, "channel": SimpleNamespace(slug="vn")},
        )


def test_a_card_links_its_page_in_the_visitors_language_with_photo_badge_and_price():
    html = grid(card(), card(slug="tra-shan-tuyet", name="Trà shan tuyết"))

    assert html.count('<li class="card">') == 2
    assert '<a href="/en/vn/products/mat-ong-rung/">' in html
    assert '<a href="/en/vn/products/tra-shan-tuyet/">' in html
    assert '<img src="https://cdn.example/mat-ong.jpg" alt="Mật ong rừng" width="256"' in html
    assert 'aria-label="OCOP certified, 4 stars out of 5"' in html
    assert "· Lào Cai</span>" in html
    assert '<span class="price">185,000\xa0₫</span>' in html


def test_a_card_escapes_what_saleor_and_the_list_wrote():
    html = grid(
        card(
            name='<script>alert("x")</script>',
            thumbnail_alt='" onerror="alert(1)',
            ocop=Ocop(
                stars=3,
                valid_until=date.today() + timedelta(days=1),
                province=Choice("<b>Hà Giang</b>", "ha-giang"),
            ),
        )
    )

    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'alt="&quot; onerror=&quot;alert(1)"' in html


def test_a_card_without_price_photo_or_translation_says_so_in_the_visitors_language():
    html = grid(card(price=None, thumbnail_url="", name_translated=False), language="fr")

    assert '<span class="not-for-sale">' in html
    assert '<span class="price">' not in html
    assert '<img class="illustration" src="/static/' in html
    assert '<span class="card-name" lang="vi">Mật ong rừng</span>' in html


def test_a_discounted_card_shows_the_price_before_the_discount():
    html = grid(
        card(
            price=Money(Decimal("7.50"), "USD"),
            undiscounted_price=Money(Decimal("10.00"), "USD"),
        )
    )

    assert '<s class="was-price"><span class="visually-hidden">Was </span>$10.00</s> ' in html
    assert '<span class="price">$7.50</span>' in html
