"""A producer on a phone (390 px, Vietnamese): the province officer invites the cooperative, its
member signs up from the email's link, puts a price on a product a five-column list created
without one, and the shop's product page then shows the price and an add-to-cart.
Screenshots of every step are in test-output/e2e/portal-*.png."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, ViewportSize, expect

from accounts.models import ProducerMember, ProvinceOfficer
from catalog_sync.models import OcopProduct, Producer
from tests.portal.conftest import import_unpriced, make_user

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

PHONE: ViewportSize = {"width": 390, "height": 844}
PASSWORD = "cá khô Ba Lộc 2026"


@pytest.fixture
def locale() -> str:
    return "vi"


def test_an_invited_producer_puts_an_unpriced_product_on_sale_from_a_phone(
    page: Page, shop, tmp_path, settings, axe_check: AxeCheck, save_screenshot: SaveScreenshot
) -> None:
    listed = import_unpriced(shop, tmp_path, "Cá khô Ba Lộc", "HTX Cá khô Ba Lộc")
    officer = make_user("officer@travinh.gov.vn")
    EmailAddress.objects.create(user=officer, email=officer.email, verified=True, primary=True)
    ProvinceOfficer.objects.create(
        user=officer, province="Trà Vinh", province_key=listed.producer.province_key
    )
    page.set_viewport_size(PHONE)

    # The officer signs in and invites the cooperative's chairwoman.
    page.goto("/portal/")
    expect(page).to_have_url(re.compile(r"/vi/accounts/login/"))
    assert axe_check(page) == []
    save_screenshot(page, "portal-1-sign-in")
    page.get_by_label("Địa chỉ email").fill("officer@travinh.gov.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("a long passphrase 42")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"/vi/portal/producers/{listed.producer_id}/members/")
    page.get_by_label("Địa chỉ email của người được mời").fill("chu.nhiem@caikhobaloc.vn")
    page.get_by_role("button", name="Gửi lời mời").click()
    expect(page.locator(".notice-success")).to_contain_text(
        "Đã gửi lời mời tới chu.nhiem@caikhobaloc.vn"
    )
    assert axe_check(page) == []
    save_screenshot(page, "portal-2-invitation-sent")
    page.get_by_role("button", name="Đăng xuất").click()

    # She opens the link from the email on her phone and chooses a password.
    [message] = mail.outbox
    link = re.search(r"https?://[^\s]+/vi/accounts/invitation/[^\s]+/", str(message.body))
    assert link is not None
    page.goto(link[0])
    expect(page.get_by_label("Địa chỉ email")).to_have_value("chu.nhiem@caikhobaloc.vn")
    assert axe_check(page) == []
    save_screenshot(page, "portal-3-sign-up")
    page.get_by_label("Chọn mật khẩu").fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu đó").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản của tôi").click()

    # Her products, with stars and certificate; she opens the one not for sale.
    expect(page.get_by_role("heading", level=1)).to_have_text("HTX Cá khô Ba Lộc")
    expect(page.locator(".plist")).to_contain_text("Chứng nhận còn hiệu lực đến")
    assert axe_check(page) == []
    save_screenshot(page, "portal-4-my-products")
    page.get_by_role("link", name=re.compile("Cá khô Ba Lộc")).click()
    expect(page.locator(".notice")).to_contain_text("Chưa mở bán")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert axe_check(page) == []
    save_screenshot(page, "portal-5-product-not-for-sale")

    # A mistyped price is explained, and nothing typed is lost.
    page.get_by_label("Giá bằng VND").fill("chín mươi lăm nghìn")
    page.get_by_label("Mô tả bằng tiếng Việt").fill("Cá lóc đồng phơi một nắng.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".field-error")).to_have_text(
        "Nhập giá bằng đồng, chỉ dùng chữ số, ví dụ 185000."
    )
    expect(page.get_by_label("Mô tả bằng tiếng Việt")).to_have_value("Cá lóc đồng phơi một nắng.")
    save_screenshot(page, "portal-6-price-mistyped")

    page.get_by_label("Giá bằng VND").fill("95.000")
    page.get_by_label("Giá bằng USD").fill("3,90")
    page.get_by_label("Giá bằng EUR").fill("3.60")
    page.get_by_label("Số lượng còn trong kho").fill("25")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".notice-success")).to_have_text(
        "Đã lưu: mô tả, giá, tồn kho. Cửa hàng sẽ hiển thị trong vòng một phút."
    )
    save_screenshot(page, "portal-7-saved")

    # The shop now sells it.
    slug = OcopProduct.objects.get(pk=listed.pk).slug
    page.goto(f"/vi/vn/products/{slug}/")
    expect(page.locator(".add-to-cart")).to_be_visible()
    expect(page.locator("main")).to_contain_text("95.000")
    save_screenshot(page, "portal-8-shop-product-on-sale")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_member_sees_why_a_product_is_hidden_and_what_ends_soon(
    page: Page, shop, axe_check: AxeCheck, save_screenshot: SaveScreenshot, width: int
) -> None:
    member = make_user("mocay@htx.vn")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    ProducerMember.objects.create(
        user=member, producer=Producer.objects.get(name="HTX Kẹo dừa Mỏ Cày")
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/vi/accounts/login/")
    page.get_by_label("Địa chỉ email").fill("mocay@htx.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("a long passphrase 42")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.locator(".cert-ended")).to_contain_text("đã ẩn khỏi cửa hàng")
    assert axe_check(page) == []
    save_screenshot(page, f"portal-home-{width}")
    page.get_by_role("link", name=re.compile("Kẹo dừa lá dứa")).click()
    expect(page.locator(".banner")).to_contain_text("bị ẩn khỏi cửa hàng vì chứng nhận OCOP")
    page.get_by_text("Bằng các ngôn ngữ khác").click()
    assert axe_check(page) == []
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    save_screenshot(page, f"portal-hidden-product-{width}")


def test_a_member_ships_an_order_from_a_phone(
    page: Page, shop, settings, axe_check: AxeCheck, save_screenshot: SaveScreenshot
) -> None:
    from django.test import Client

    from tests.storefront.test_checkout import fill_cart, pay_form, through_billing

    settings.PAYMENTS_SALEOR_GATEWAY_ID = "ocop-shop"
    buyer = Client()
    fill_cart(buyer, shop, quantity=2)
    through_billing(buyer)
    html = buyer.get("/vi/vn/checkout/payment/").content.decode()
    buyer.post("/vi/vn/checkout/pay/cod/", pay_form(html, "/vi/vn/checkout/pay/cod/"))
    member = make_user("a@htx-a.vn")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    ProducerMember.objects.create(
        user=member, producer=Producer.objects.get(name="HTX Nước mắm Phú Quốc Khải Hoàn")
    )
    page.set_viewport_size(PHONE)
    page.goto("/vi/accounts/login/")
    page.get_by_label("Địa chỉ email").fill("a@htx-a.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("a long passphrase 42")
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Đơn cần gửi").click()
    expect(page.locator(".plist")).to_contain_text("12 Trần Hưng Đạo")
    assert axe_check(page) == []
    save_screenshot(page, "portal-orders-to-ship")
    page.get_by_label("Hãng vận chuyển").fill("VNPost")
    page.get_by_label("Mã vận đơn").fill("EB123456789VN")
    page.get_by_role("button", name="Đánh dấu là đã gửi").click()
    expect(page.locator(".notice-success")).to_contain_text("là đã gửi")
    expect(page.locator("main")).to_contain_text("VNPost EB123456789VN")
    save_screenshot(page, "portal-orders-sent")
