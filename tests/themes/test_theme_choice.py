"""A theme is tokens plus template overrides, chosen per request: a province's page in the theme that
names the province, every other page in the shop's (OCOP_THEME); templates are cached per theme."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.http import HttpRequest
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.utils import translation

from catalog_sync.models import OcopProduct
from themes.loader import end_theme, page_theme, use_theme
from themes.registry import available_themes, load_theme, province_key, theme_for_province
from themes.selection import choose_theme, request_theme

PROVINCE_THEMES = ["bac-giang", "lang-son", "quang-ninh"]
# A line each theme's footer says (its own override), or the default footer's absence of one.
FOOTER_LINE = {
    "quang-ninh": "Colours of Hạ Long Bay",
    "lang-son": "Colours of Lạng Sơn",
    "bac-giang": "Colours of Bắc Giang",
}


def footer_in(slug: str) -> str:
    token = use_theme(slug)
    try:
        with translation.override("en"):
            return render_to_string("storefront/_footer.html", {"channel": None})
    finally:
        end_theme(token)


def theme_of_footer(html: str) -> str:
    found = [slug for slug, line in FOOTER_LINE.items() if line in html]
    assert len(found) <= 1, found
    return found[0] if found else "default"


def test_three_province_themes_are_installed():
    assert set(PROVINCE_THEMES) <= set(available_themes())


@pytest.mark.parametrize(
    ("first", "second"), list(itertools.permutations(["default", *PROVINCE_THEMES], 2))
)
def test_one_template_name_renders_each_themes_own_copy_in_either_order(
    cold_templates, first, second
):
    """The cached loader keys by theme: the copy compiled for the first theme is never served to
    the second, whichever comes first, and each is served again from the cache afterwards."""
    assert theme_of_footer(footer_in(first)) == first
    assert theme_of_footer(footer_in(second)) == second
    assert theme_of_footer(footer_in(first)) == first


def compiled(name: str) -> Any:
    """The engine's own compiled template (the backend wraps it)."""
    return get_template(name).template  # type: ignore[attr-defined]


def test_the_cache_holds_one_compiled_copy_per_theme(cold_templates):
    copies = {}
    for slug in ["default", *PROVINCE_THEMES]:
        token = use_theme(slug)
        try:
            copies[slug] = compiled("storefront/_footer.html")
            assert compiled("storefront/_footer.html") is copies[slug]  # from the cache
        finally:
            end_theme(token)

    assert len({id(copy) for copy in copies.values()}) == 4
    assert str(copies["default"].origin.name).endswith(
        "storefront/templates/storefront/_footer.html"
    )
    assert "themes/quang-ninh/templates" in str(copies["quang-ninh"].origin.name)


def test_an_override_extends_the_template_it_replaces(cold_templates):
    html = footer_in("lang-son")

    assert "One Commune One Product" in html  # the default footer's text
    assert "footer-band" in html  # the theme's drawing


@pytest.mark.parametrize(
    "name", ["Quảng Ninh", "tỉnh Quảng Ninh", "QUANG NINH", "quang-ninh", "Quang Ninh"]
)
def test_a_province_is_recognised_however_it_is_written(name):
    assert province_key(name) == "quang-ninh"
    assert theme_for_province(name) == "quang-ninh"


def test_each_province_theme_draws_its_province_and_others_have_none():
    assert theme_for_province("Lạng Sơn") == "lang-son"
    assert theme_for_province("bac-giang") == "bac-giang"
    assert theme_for_province("Kiên Giang") is None
    assert theme_for_province("") is None


def test_choose_theme_switches_tokens_and_templates_and_ignores_unknown_slugs(settings):
    request: HttpRequest = RequestFactory().get("/")
    request.theme_slug = "default"  # type: ignore[attr-defined]
    token = use_theme("default")
    try:
        assert choose_theme(request, "no-such-theme") == "default"
        assert choose_theme(request, None) == "default"
        assert choose_theme(request, "bac-giang") == "bac-giang"
        assert page_theme() == "bac-giang"
        assert request_theme(request).tokens["color-primary"] == "#9b1b30"
    finally:
        end_theme(token)


def test_a_province_theme_inherits_the_default_tokens_and_contrast_pairs():
    default, theme = load_theme("default"), load_theme("quang-ninh")

    assert theme.tokens["color-star"] == default.tokens["color-star"]
    assert theme.tokens["color-primary"] != default.tokens["color-primary"]
    assert set(default.contrast_pairs) <= set(theme.contrast_pairs)
    assert theme.stylesheets[-1] == "themes/quang-ninh/theme.css"


# --- Through the shop's pages (the in-memory Saleor) ------------------------------------------------


def test_a_province_page_is_drawn_in_its_provinces_theme(client, themed_shop, settings):
    settings.OCOP_THEME = "default"

    html = client.get("/en/intl/provinces/quang-ninh/").content.decode()

    assert 'class="theme-quang-ninh"' in html
    assert "themes/quang-ninh/theme.css" in html
    assert "--color-primary: #0a5a78" in html
    assert "Hạ Long Bay rise from the sea" in html  # the theme's heading override
    assert "Colours of Hạ Long Bay" in html  # and its footer
    assert ">OCOP Việt Nam</a>" in html  # the brand stays the shop's


def test_the_next_page_is_back_in_the_shops_theme(client, themed_shop, settings):
    settings.OCOP_THEME = "default"
    client.get("/en/intl/provinces/lang-son/")

    html = client.get("/en/intl/").content.decode()

    assert 'class="theme-default"' in html
    assert "footer-band" not in html
    assert "Colours of" not in html


def test_a_province_without_a_theme_is_drawn_in_the_shops_theme(client, themed_shop, settings):
    settings.OCOP_THEME = "bac-giang"

    html = client.get("/en/intl/provinces/kien-giang/").content.decode()

    assert 'class="theme-bac-giang"' in html
    assert "Colours of Bắc Giang" in html


def test_the_shops_configured_theme_draws_home_and_product_pages(client, themed_shop, settings):
    settings.OCOP_THEME = "lang-son"

    home = client.get("/en/intl/").content.decode()
    slug = OcopProduct.objects.get(name="Hoa hồi khô Văn Quan").slug
    product = client.get(f"/vi/vn/products/{slug}/").content.decode()

    assert 'class="theme-lang-son"' in home
    assert ">OCOP Lạng Sơn</a>" in home
    assert "Welcome from Lạng Sơn" in home  # the hero override
    assert "themes/lang-son/theme.css" in home
    assert 'class="theme-lang-son"' in product
    assert "footer-band" in product


def test_an_unknown_configured_theme_falls_back_to_the_default(client, themed_shop, settings):
    settings.OCOP_THEME = "atlantis"

    html = client.get("/en/intl/").content.decode()

    assert 'class="theme-default"' in html
