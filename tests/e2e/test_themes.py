"""Every theme in chromium: home, a province page and a product page, in Vietnamese and English, at
phone and desktop widths. No serious or critical axe violation, nothing wider than the screen, and
every text colour on its background is one of the theme's declared contrast pairs (so the WCAG AA
test in tests/themes checks what the pages really show). Screenshots in test-output/e2e/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page

from catalog_sync.models import OcopProduct
from tests.themes.conftest import add_province_products
from themes.registry import available_themes, load_theme, province_key

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

WIDTHS = {"desktop": 1280, "phone": 390}
LANGUAGES = {"vi": "vn", "en": "intl"}
# The province page each theme is shown on: its own province; the default theme's, one with no theme.
PROVINCE_PAGE = {"default": "kien-giang"}

# Every element with text of its own: its colour, and the colour of the first opaque background
# behind it (the page's when none).
TEXT_COLOURS = """() => {
  const opaque = c => c && c !== 'transparent' && !/rgba\\([^)]*,\\s*0\\)$/.test(c);
  const seen = new Map();
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style') || !el.checkVisibility()) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    let background = getComputedStyle(document.body).backgroundColor;
    for (let a = el; a; a = a.parentElement) {
      const b = getComputedStyle(a).backgroundColor;
      if (opaque(b)) { background = b; break; }
    }
    const key = getComputedStyle(el).color + '|' + background;
    if (!seen.has(key)) seen.set(key, el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
  }
  return [...seen.entries()];
}"""


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def undeclared_colour_pairs(page: Page, slug: str) -> list[str]:
    theme = load_theme(slug)
    declared = {f"{rgb(theme.tokens[a])}|{rgb(theme.tokens[b])}" for a, b in theme.contrast_pairs}
    return [
        f"{pair} at {where}" for pair, where in page.evaluate(TEXT_COLOURS) if pair not in declared
    ]


def product_slug() -> str:
    return OcopProduct.objects.get(name="Nước mắm Phú Quốc 40 độ đạm").slug


@pytest.fixture
def themed(shop: Any) -> Any:
    add_province_products()
    return shop


@pytest.mark.parametrize("slug", available_themes())
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_each_theme_draws_home_province_and_product_pages_accessibly(
    page: Page,
    themed: Any,
    settings: Any,
    axe_check: AxeCheck,
    save_screenshot: SaveScreenshot,
    slug: str,
    width: str,
) -> None:
    settings.OCOP_THEME = slug
    cache.clear()  # pages are cached by URL; this test changes the shop's theme between runs
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    province = PROVINCE_PAGE.get(slug) or province_key(load_theme(slug).provinces[0])
    for code, channel in LANGUAGES.items():
        pages = {
            "home": f"/{code}/{channel}/",
            "province": f"/{code}/{channel}/provinces/{province}/",
            "product": f"/{code}/{channel}/products/{product_slug()}/",
        }
        for name, url in pages.items():
            response = page.goto(url)
            assert response is not None, url
            assert response.status == 200, url
            assert page.locator("body").get_attribute("class") == f"theme-{slug}", url
            assert axe_check(page) == [], url
            assert undeclared_colour_pairs(page, slug) == [], url
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not overflow, f"{url} is wider than {WIDTHS[width]} px in {slug}"
            save_screenshot(page, f"theme-{slug}-{name}-{code}-{width}")


def test_a_province_page_in_the_national_shop_wears_its_provinces_theme(
    page: Page, themed: Any, settings: Any, save_screenshot: SaveScreenshot
) -> None:
    settings.OCOP_THEME = "default"
    cache.clear()
    page.goto("/en/intl/provinces/bac-giang/")

    assert page.locator("body").get_attribute("class") == "theme-bac-giang"
    assert page.locator(".province-hero .theme-banner svg").is_visible()
    assert "Lục Ngạn" in page.locator(".province-hero").inner_text()

    page.goto("/en/intl/")
    assert page.locator("body").get_attribute("class") == "theme-default"
    assert page.locator(".theme-banner").count() == 0
