"""A phone scans a printed OCOP label: the QR code, read from the label as chromium draws it,
opens /verify in the phone's language with a way to buy; and the four verdicts at 390 px wide."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from catalog_sync.models import Certificate, OcopProduct
from tests.traceability.helpers import ZBARIMG, decode_png
from traceability.labels import labels_for_codes
from traceability.render import label_svg

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"
TODAY = date(2026, 11, 23)  # tests/fakes/shop.py pins it
PHONE = ViewportSize(width=390, height=844)


@pytest.mark.skipif(ZBARIMG is None, reason="zbarimg is not installed (apt-get install zbar-tools)")
@pytest.mark.parametrize("locale", ["fr"])
def test_a_scanned_label_opens_the_verify_page_in_the_phone_s_language_with_a_buy_link(
    page: Page,
    shop: Any,
    live_server: Any,
    settings: Any,
    screenshot_dir: Path,
    save_screenshot: SaveScreenshot,
) -> None:
    # given the label a producer printed for its fish sauce, as chromium draws the SVG
    settings.SHOP_PUBLIC_URL = live_server.url
    record = OcopProduct.objects.get(name=FISH_SAUCE)
    (label,) = labels_for_codes([record.code], today=TODAY).labels
    svg = label_svg(label).split("?>", 1)[1]
    page.set_viewport_size({"width": 1300, "height": 800})
    page.set_content(
        f'<body style="margin:0;background:#fff">{svg}</body>'
        "<style>svg{width:1270px;height:762px}</style>"
    )
    shot = screenshot_dir / "label-fish-sauce.png"
    page.screenshot(path=str(shot))

    # when a phone reads the QR code and opens it
    (url,) = decode_png(shot)
    assert url == f"{live_server.url}/verify/{record.code}"
    page.set_viewport_size(PHONE)
    page.goto(url)
    save_screenshot(page, "verify-scanned-fr-390")

    # then the page speaks French, says "Valide" and links to the product in euros
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("status").locator("strong")).to_have_text("Valide")
    buy = page.get_by_role("link", name="Voir ce produit dans la boutique")
    expect(buy).to_have_attribute("href", f"/fr/eu/products/{record.slug}/")
    buy.click()
    expect(page).to_have_url(f"{live_server.url}/fr/eu/products/{record.slug}/")
    expect(page.locator("h1")).to_contain_text("Sauce de poisson de Phu Quoc 40°N")


def make_ended(name: str, status: str) -> OcopProduct:
    record = OcopProduct.objects.get(name=name)
    certificate = record.current_certificate()
    assert certificate is not None
    if status == "expired":
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=date(2026, 11, 22))
    else:
        Certificate.objects.filter(pk=certificate.pk).update(status=status)
    return record


@pytest.mark.parametrize(
    ("locale", "case", "verdict"),
    [
        ("en", "valid", "Valid"),
        ("ko", "valid", "유효"),
        ("zh-CN", "valid", "有效"),
        ("fr", "expired", "Expiré"),
        ("en", "revoked", "Revoked"),
        ("ja", "revoked", "取り消し"),
        ("en", "unknown", "Unknown code"),
        ("vi", "unknown", "Mã không tồn tại"),
    ],
)
def test_the_verdicts_at_390_px(
    page: Page,
    shop: Any,
    settings: Any,
    locale: str,
    case: str,
    verdict: str,
    save_screenshot: SaveScreenshot,
    axe_check: AxeCheck,
) -> None:
    # given the shop's languages all offered, and a product in the wanted state
    settings.LANGUAGES = settings.KNOWN_LANGUAGES
    code = "KG-0O1-FAKE"
    if case == "valid":
        code = OcopProduct.objects.get(name=FISH_SAUCE).code
    elif case in ("expired", "revoked"):
        code = make_ended("Tiêu đen Phú Quốc", case).code

    # when a phone in that language opens the verification page
    page.set_viewport_size(PHONE)
    page.goto(f"/verify/{code}")
    save_screenshot(page, f"verify-{case}-{locale}-390")

    # then the verdict is the first thing, in the phone's language, and the page passes axe-core
    expect(page.get_by_role("status").locator("strong")).to_have_text(verdict)
    box = page.locator(".verdict").bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < PHONE["height"]  # seen without scrolling
    if case != "valid":
        expect(page.locator(".verdict-valid")).to_have_count(0)
    assert axe_check(page) == []


def test_the_valid_verdict_on_a_desktop(
    page: Page, shop: Any, save_screenshot: SaveScreenshot
) -> None:
    code = OcopProduct.objects.get(name=FISH_SAUCE).code

    page.goto(f"/verify/{code}")
    save_screenshot(page, "verify-valid-en-desktop")

    expect(page.get_by_role("status").locator("strong")).to_have_text("Valid")
