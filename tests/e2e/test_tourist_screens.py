"""Screenshots a tourist would judge: home and a product page in every language (Chinese, Korean
and Japanese with approximate prices in their currency), at desktop and phone widths, and a
product not yet for sale (test-output/e2e/)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page, expect

from catalog_sync.models import OcopProduct

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"
CHANNEL = {"vi": "vn", "en": "intl", "fr": "eu"}
WIDTHS = {"desktop": 1280, "phone": 390}
RATES = Path(__file__).resolve().parents[2] / "currency" / "sample" / "exchange-rates.json"
APPROXIMATION = {
    "zh-hans": "≈ ¥54（约值；以 USD 付款）",
    "ko": "≈ ₩10,989 (대략적인 금액이며 USD로 결제됩니다)",
    "ja": "≈ ￥1,165（概算。お支払いは USD です）",
}
# Letters only Vietnamese writes: the interface around product names must have none of them.
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# The interface a tourist reads (product, producer and place names are left out: they are names).
INTERFACE = (
    ".search, .cart-link, .switcher summary, .switcher-panel h2, .switcher-note, main h2, "
    ".site-footer, .currency-note, .availability, .add-to-cart, .certificate dt, .group, "
    ".original-language :not([lang=vi]), .gallery figcaption"
)


def loaded(page: Page, selector: str) -> bool:
    """Whether the first image matching ``selector`` loads (a photo, not a broken link); it is
    scrolled into view first, as a lazy image loads only then."""
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=5000
    )
    page.evaluate("window.scrollTo(0, 0)")
    return True


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_home_and_product_in_every_language(
    page: Page, shop: object, axe_check: AxeCheck, save_screenshot: SaveScreenshot, width: str
) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    call_command("exchange_rates", str(RATES), verbosity=0)
    slug = OcopProduct.objects.get(name=FISH_SAUCE).slug
    for code, _name in settings.LANGUAGES:
        channel = CHANNEL.get(code, "intl")
        page.goto(f"/{code}/{channel}/")
        expect(page.locator(".card").first).to_be_visible()
        assert page.locator(".no-image").count() == 0
        assert loaded(page, ".card img")
        assert axe_check(page) == []
        save_screenshot(page, f"home-{code}-{width}")

        page.goto(f"/{code}/{channel}/products/{slug}/")
        expect(page.locator(".gallery-image img").first).to_be_visible()
        assert loaded(page, ".gallery-image:first-of-type img")
        assert axe_check(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{code} product page is wider than {WIDTHS[width]} px"
        if code in APPROXIMATION:
            expect(page.locator(".approx-line .approx")).to_have_text(APPROXIMATION[code])
            texts = page.locator(INTERFACE).all_inner_texts()
            assert [t for t in texts if VIETNAMESE.search(t)] == []
        save_screenshot(page, f"product-{code}-{width}")


def test_a_product_not_yet_for_sale(
    page: Page, shop: object, axe_check: AxeCheck, save_screenshot: SaveScreenshot
) -> None:
    product = next(p for p in shop.products.values() if p["name"] == FISH_SAUCE)  # type: ignore[attr-defined]
    for variant in product["variants"]:
        variant["channelListings"] = []
    slug = OcopProduct.objects.get(name=FISH_SAUCE).slug

    page.goto(f"/en/intl/products/{slug}/")

    expect(page.locator(".not-for-sale.big")).to_have_text("Not yet for sale")
    expect(page.get_by_role("button", name="Add to cart")).to_have_count(0)
    assert axe_check(page) == []
    save_screenshot(page, "product-not-for-sale-en")


def test_an_english_search_in_the_header(
    page: Page, shop: object, save_screenshot: SaveScreenshot
) -> None:
    page.goto("/en/intl/")
    page.get_by_role("searchbox", name="Search products").fill("Phu Quoc")
    page.get_by_role("button", name="Search").click()

    expect(page.locator(".card").first).to_be_visible()
    save_screenshot(page, "search-en")


def test_a_korean_tourist_picks_baht_for_approximate_prices_on_a_phone(
    page: Page, shop: object, axe_check: AxeCheck, save_screenshot: SaveScreenshot
) -> None:
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    call_command("exchange_rates", str(RATES), verbosity=0)
    slug = OcopProduct.objects.get(name=FISH_SAUCE).slug
    page.goto(f"/ko/intl/products/{slug}/")

    page.locator(".switcher summary").click()
    panel = page.get_by_role("navigation", name="언어 및 통화")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= WIDTHS["phone"]
    assert axe_check(page) == []
    save_screenshot(page, "switcher-ko-phone")
    panel.get_by_role("link", name="THB").click()

    expect(page).to_have_url(re.compile(f"/ko/intl/products/{slug}/$"))
    expect(page.locator(".approx-line .approx")).to_have_text(
        "≈ THB\u00a0269 (대략적인 금액이며 USD로 결제됩니다)"
    )
    expect(page.locator(".price.big")).to_have_text("US$7.50")
