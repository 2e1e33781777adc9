"""A tourist's way through the shop in a real browser, on the sample feed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot


@pytest.mark.parametrize("locale", ["vi"])
def test_filter_five_stars_open_a_product_and_switch_to_english(
    page: Page, shop: object, axe_check: AxeCheck, save_screenshot: SaveScreenshot
) -> None:
    # given the shop in Vietnamese, in VND
    page.goto("/vi/vn/products/")
    assert axe_check(page) == []

    # when the visitor keeps only 5-star products
    page.get_by_label("Số sao tối thiểu").select_option("5")
    page.get_by_role("button", name="Áp dụng").click()

    # then only 5-star products are listed
    cards = page.locator(".card")
    expect(cards).to_have_count(3)
    expect(page.get_by_role("img", name="Chứng nhận OCOP, 5 sao trên 5")).to_have_count(3)

    # when the visitor opens the fish sauce
    page.get_by_role("link", name="Nước mắm Phú Quốc 40 độ đạm").click()

    # then its page shows the badge by its accessible name, the certificate and the price
    expect(page.get_by_role("heading", level=1)).to_have_text("Nước mắm Phú Quốc 40 độ đạm")
    product = page.get_by_role("article")
    expect(product.get_by_role("img", name="Chứng nhận OCOP, 5 sao trên 5")).to_be_visible()
    expect(product.get_by_role("heading", name="Chứng nhận OCOP")).to_be_visible()
    expect(page.locator(".price.big")).to_have_text("185.000\u00a0₫")
    assert axe_check(page) == []
    save_screenshot(page, "product-vi")
    vietnamese_path = page.url.split("/vi/", 1)[1]

    # when the visitor switches to English, then French
    page.locator(".switcher summary").click()  # the language and currency menu
    page.get_by_role("link", name="English").click()

    # then it is the same product, in English, still in VND
    expect(page).to_have_url(re.compile(r"/en/" + re.escape(vietnamese_path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Phu Quoc fish sauce 40°N")
    expect(
        page.get_by_role("article").get_by_role("img", name="OCOP certified, 5 stars out of 5")
    ).to_be_visible()
    assert axe_check(page) == []
    save_screenshot(page, "product-en")

    page.locator(".switcher summary").click()
    page.get_by_role("link", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sauce de poisson de Phu Quoc 40°N")
    expect(
        page.get_by_role("article").get_by_role("img", name="Certifié OCOP, 5 étoiles sur 5")
    ).to_be_visible()
    save_screenshot(page, "product-fr")


def test_a_product_whose_certificate_ended_shows_when(page: Page, shop: object) -> None:
    from catalog_sync.models import OcopProduct

    # given the sample's squid, rated in 2021 and expired since
    slug = OcopProduct.objects.get(name="Mực một nắng Phú Quốc").slug

    # when a visitor follows an old link to it
    response = page.goto(f"/en/vn/products/{slug}/")

    # then the shop says the certification ended, and on which day
    assert response is not None
    assert response.status == 410
    expect(page.get_by_role("status")).to_contain_text("certification ended on June 5, 2024")
