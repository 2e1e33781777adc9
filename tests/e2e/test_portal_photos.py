"""A producer on a phone (390 px, Vietnamese) puts a price and a photo taken with the phone on a
product a five-column list created without either. The photo goes from the browser straight to
S3 (moto's server, presigned POST: the browser reaches it, CORS included), the shop takes it,
strips its EXIF and adds it to the product's media in the in-memory Saleor double (the live
server runs in this process; the real Saleor's write paths are tests/integration/test_portal.py),
and the shop's product page shows the price and the photo. Then the labels and scans pages, in
Vietnamese and English, on a phone and a desktop. Screenshots: test-output/e2e/photos-*.png."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from allauth.account.models import EmailAddress
from PIL import Image
from playwright.sync_api import Browser, Page, Route, expect

from accounts.models import ProducerMember
from catalog_sync.models import OcopProduct
from tests.e2e.conftest import TIMEOUT_MS
from tests.fakes.shop import TODAY
from tests.portal.conftest import import_unpriced, make_user, photo_bytes
from traceability.models import ScanCount

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def locale() -> str:
    return "vi"


def serve_fake_media(page: Page, shop) -> None:
    """Saleor serves its media; the double's new uploads are served to chromium from memory."""

    def fulfil(route: Route) -> None:
        url = route.request.url.split("?")[0]
        for product in shop.products.values():
            for media in product.get("media") or []:
                if media["url"].split("?")[0] == url:
                    route.fulfill(body=media["content"], content_type=media["content_type"])
                    return
        route.fulfill(status=404)

    page.route("http://saleor.test/**", fulfil)


def sign_in(page: Page, email: str) -> None:
    page.goto("/vi/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill("a long passphrase 42")
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_producer_prices_and_photographs_a_product_from_a_phone(
    page: Page,
    shop,
    tmp_path,
    settings,
    s3_uploads,
    axe_check: AxeCheck,
    save_screenshot: SaveScreenshot,
) -> None:
    listed = import_unpriced(shop, tmp_path, "Cá khô Ba Lộc", "HTX Cá khô Ba Lộc")
    member = make_user("chu.nhiem@caikhobaloc.vn")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    ProducerMember.objects.create(user=member, producer=listed.producer)
    for days_ago, count in ((0, 4), (1, 7), (3, 2), (8, 5), (15, 9), (22, 3)):
        ScanCount.objects.create(product=listed, day=TODAY - timedelta(days=days_ago), count=count)
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(photo_bytes((3000, 2000), gps=True))
    serve_fake_media(page, shop)
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, member.email)

    page.get_by_role("link", name=re.compile("Cá khô Ba Lộc")).click()
    expect(page.locator("#photos")).to_contain_text("Chưa có ảnh")
    page.get_by_label("Giá bằng VND").fill("95.000")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".notice-success")).to_contain_text("Đã lưu: giá")

    # The phone's camera (capture="environment"): a photo with the place it was taken.
    file_input = page.locator("input[type=file][capture=environment]")
    expect(file_input).to_have_attribute("accept", "image/*")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url}"))
    file_input.set_input_files(str(photo))
    page.get_by_role("button", name="Thêm ảnh").click()
    expect(page.locator(".notice-success")).to_contain_text("1 ảnh đã được thêm")
    assert any(r.startswith(f"POST {settings.PORTAL_UPLOAD_ENDPOINT_URL}/") for r in requests)
    images = page.locator(".photo-list img")
    expect(images).to_have_count(1)
    expect(images.first).to_have_attribute("alt", "Cá khô Ba Lộc")
    assert page.evaluate("document.querySelector('.photo-list img').naturalWidth") > 0
    [media] = shop.products[listed.saleor_product_id]["media"]
    kept = Image.open(io.BytesIO(media["content"]))
    assert dict(kept.getexif()) == {}  # no location left in what the shop keeps
    assert max(kept.size) == settings.PORTAL_PHOTO_MAX_SIDE

    page.get_by_label("Ảnh 1 cho thấy gì").fill("Cá khô Ba Lộc đóng túi 500 g")
    page.get_by_role("button", name="Cập nhật").click()
    expect(page.locator(".notice-success")).to_contain_text("Đã lưu mô tả của ảnh")
    page.locator("#photos").scroll_into_view_if_needed()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert axe_check(page) == []
    save_screenshot(page, "photos-1-product-with-photo-vi-390")

    # The shop's product page shows the price and the photo.
    slug = OcopProduct.objects.get(pk=listed.pk).slug
    page.goto(f"/vi/vn/products/{slug}/")
    expect(page.locator("main")).to_contain_text("95.000")
    shown = page.locator("main img[alt='Cá khô Ba Lộc đóng túi 500 g']").first
    expect(shown).to_be_visible()
    save_screenshot(page, "photos-2-shop-product-with-photo-vi-390")

    # Labels and scans, in Vietnamese and English, on the phone and a desktop.
    for language, width in (("vi", 390), ("en", 390), ("vi", 1280), ("en", 1280)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/{language}/portal/labels/")
        expect(page.locator(".labels")).to_contain_text("Cá khô Ba Lộc")
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert axe_check(page) == []
        save_screenshot(page, f"photos-labels-{language}-{width}")
        page.goto(f"/{language}/portal/scans/")
        expect(page.locator("table.scans tbody tr").first).to_contain_text("13")  # 7 days
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert axe_check(page) == []
        save_screenshot(page, f"photos-scans-{language}-{width}")
        page.goto(f"/{language}/portal/products/{listed.pk}/")
        page.locator("#photos").scroll_into_view_if_needed()
        save_screenshot(page, f"photos-product-{language}-{width}")

    with page.expect_download() as download:
        page.goto("/en/portal/labels/")
        page.get_by_role("link", name=re.compile("Download the label")).click()
    assert download.value.suggested_filename == "ocop-labels.pdf"


def test_a_photo_reaches_the_bucket_under_the_shops_content_security_policy(
    browser: Browser, live_server, shop, tmp_path, s3_uploads, settings
) -> None:
    """The other browser tests set the CSP aside (axe is injected inline): this one keeps it, as
    a producer's phone does, so a bucket the policy does not let the page reach fails it."""
    listed = import_unpriced(shop, tmp_path, "Mắm cá linh", "HTX Mắm cá linh Hồng Ngự")
    member = make_user("htx@mamcalinh.vn")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    ProducerMember.objects.create(user=member, producer=listed.producer)
    photo = tmp_path / "IMG_0007.jpg"
    photo.write_bytes(photo_bytes((1600, 1200)))
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi",
        viewport=PHONE,  # type: ignore[arg-type]
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    settings.STOREFRONT_MEDIA_ORIGINS = ["http://saleor.test"]  # where the double's media are
    serve_fake_media(page, shop)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        sign_in(page, member.email)
        page.goto(f"/vi/portal/products/{listed.pk}/")
        assert "connect-src" in (page.request.get(page.url).headers["content-security-policy"])
        page.locator("input[type=file][capture=environment]").set_input_files(str(photo))
        page.get_by_role("button", name="Thêm ảnh").click()

        expect(page.locator(".notice-success")).to_contain_text("1 ảnh đã được thêm")
        expect(page.locator(".photo-list img")).to_have_count(1)
        page.locator(".photo-list img").scroll_into_view_if_needed()  # a lazy image loads in view
        page.wait_for_function(  # the photo, from Saleor's media origin, is let in and drawn
            "() => { const img = document.querySelector('.photo-list img');"
            " return img.complete && img.naturalWidth > 0; }"
        )
        assert refused == []
        assert len(shop.products[listed.saleor_product_id]["media"]) == 1
    finally:
        context.close()
