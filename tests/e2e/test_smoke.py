"""Smoke tests in a real browser: the storefront home and the certificate verification page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from catalog_sync.models import Certificate, OcopProduct, Producer
from catalog_sync.normalise import matching_key
from catalog_sync.validity import ocop_today
from themes.registry import load_theme

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

LANGUAGES = ["vi", "en", "fr"]


def given_a_certified_product(code: str, *, valid_until: date) -> OcopProduct:
    province = "Kiên Giang"
    producer = Producer.objects.create(
        name="HTX Nước mắm Phú Quốc",
        name_key="htx nuoc mam phu quoc",
        kind="cooperative",
        commune="Dương Đông",
        province=province,
        province_key=matching_key(province),
        address_scheme="post_2025",
    )
    product = OcopProduct.objects.create(
        product_key=code.lower(),
        code=code,
        name="Nước mắm nhĩ Phú Quốc 40 độ đạm",
        producer=producer,
        province=province,
        province_key=matching_key(province),
    )
    Certificate.objects.create(
        product=product,
        stars=4,
        group="food",
        decision_number="2751/QĐ-UBND",
        decided_on=date(2024, 11, 24),
        valid_until=valid_until,
        recognition_level="province",
        status=Certificate.Status.ACTIVE,
        issuing_authority="UBND tỉnh Kiên Giang",
    )
    return product


# --- Storefront home ------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_home_page_declares_its_language(
    page: Page, locale: str, save_screenshot: SaveScreenshot, shop: object
) -> None:
    # given the home page in one of the shop's languages
    # when a visitor opens it
    page.goto(f"/{locale}/")
    save_screenshot(page, f"home-{locale}")

    # then the document says which language it is in, and the shop has products
    assert page.locator("html").get_attribute("lang") == locale
    expect(page.locator(".card").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_first_link_shows_a_focus_outline_when_tabbed_to(
    page: Page, locale: str, shop: object
) -> None:
    # given the home page
    page.goto(f"/{locale}/")

    # when a keyboard user presses Tab once
    page.keyboard.press("Tab")

    # then the skip link has focus, on screen, with a visible outline
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                href: element.getAttribute("href"),
                focusVisible: element.matches(":focus-visible"),
                outlineStyle: style.outlineStyle,
                outlineWidth: style.outlineWidth,
            };
        }"""
    )
    assert focused["href"] == "#main"
    assert focused["focusVisible"] is True
    assert focused["outlineStyle"] != "none"
    assert focused["outlineWidth"] != "0px"
    expect(page.locator(":focus")).to_be_in_viewport()


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_home_page_has_no_serious_accessibility_violations(
    page: Page, locale: str, axe_check: AxeCheck, shop: object
) -> None:
    # given the home page
    page.goto(f"/{locale}/")

    # when axe-core checks it
    violations = axe_check(page)

    # then it finds nothing serious or critical
    assert violations == []


def test_the_theme_font_reaches_the_page(page: Page, shop: object) -> None:
    # given the default theme's body font token
    font_body = load_theme("default").tokens["font-body"]

    # when the home page is rendered
    page.goto("/en/")
    rendered = page.evaluate(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--font-body').trim()"
    )

    # then the token arrives intact (not HTML-escaped inside <style>, which cuts it at the first ';')
    assert rendered == font_body


# --- Certificate verification ---------------------------------------------------------------------


def test_the_verify_page_announces_a_valid_certificate_in_english(page: Page) -> None:
    # given a product whose certificate is valid for another year
    given_a_certified_product("KG-E2E-1", valid_until=ocop_today() + timedelta(days=365))

    # when an English-speaking visitor scans its QR code
    response = page.goto("/verify/KG-E2E-1")

    # then the page says "Valid", in a status region, with the end date the record shows
    assert response is not None
    assert response.status == 200
    status = page.get_by_role("status")
    expect(status).to_have_count(1)
    expect(status.locator("strong")).to_have_text("Valid")
    valid_until = page.locator("dt", has_text="Valid until").locator("+ dd").inner_text()
    expect(status).to_have_text(f"Valid — certified OCOP 4 stars, valid until {valid_until}.")


@pytest.mark.parametrize(
    ("locale", "valid"), [("vi", "Còn hiệu lực"), ("en", "Valid"), ("fr", "Valide")]
)
def test_the_verify_page_speaks_the_visitors_language(
    page: Page,
    locale: str,
    valid: str,
    save_screenshot: SaveScreenshot,
    axe_check: AxeCheck,
) -> None:
    # given a certified product
    given_a_certified_product("KG-E2E-2", valid_until=ocop_today() + timedelta(days=365))

    # when a visitor whose browser speaks this language opens its verification page
    page.goto("/verify/KG-E2E-2")
    save_screenshot(page, f"verify-{locale}")

    # then the page is in that language, announces the status and passes axe-core
    assert page.locator("html").get_attribute("lang") == locale
    expect(page.get_by_role("status").locator("strong")).to_have_text(valid)
    expect(page.get_by_text("HTX Nước mắm Phú Quốc, Dương Đông, Kiên Giang")).to_be_visible()
    assert axe_check(page) == []


# --- The accessibility check itself ---------------------------------------------------------------


def test_axe_check_reports_rule_impact_and_target(page: Page, axe_check: AxeCheck) -> None:
    # given a page with an image without alternative text and faint grey text
    page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main>'
        '<img src="data:," id="logo"><p id="faint" style="color:#bbb;background:#fff">faint</p>'
        "</main></body></html>"
    )

    # when axe-core checks it
    violations = axe_check(page)

    # then both problems are reported with their rule, impact and element
    assert [(v.rule, v.impact, v.targets) for v in violations] == [
        ("color-contrast", "serious", ("#faint",)),
        ("image-alt", "critical", ("#logo",)),
    ]
    assert axe_check(page, impacts=("critical",)) == [violations[1]]
