"""A province event in chromium: a tourist in English on a 390 px phone opens the event's page and
sees the discounted prices (Saleor's, the in-memory double's promotion applied); the officer
creates the event on a phone. Screenshots in test-output/e2e/ (events-*)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import ProvinceOfficer
from catalog_sync.models import OcopProduct, Producer
from events.models import Event, EventProduct
from events.sync import sync_event
from tests.portal.conftest import make_user
from themes.registry import available_themes

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

FISH_SAUCE = "Nước mắm Phú Quốc 40 độ đạm"
PEPPER = "Tiêu đen Phú Quốc"


def an_event(
    *,
    starts: timedelta = timedelta(hours=-1),
    slug: str = "tuan-le-kien-giang",
    first: int = 0,
    theme: str = "default",
) -> Event:
    """An event of Kiên Giang's products (six of them, from the ``first``-th by name), 10% off."""
    now = timezone.now().replace(microsecond=0)
    producer = Producer.objects.filter(province="Kiên Giang").first()
    assert producer is not None
    event = Event.objects.create(
        slug=slug,
        name_vi="Tuần lễ nông sản Kiên Giang 2026",
        name_en="Kiên Giang farm week 2026",
        province="Kiên Giang",
        province_key=producer.province_key,
        starts_at=now + starts,
        ends_at=now + starts + timedelta(days=7),
        discount_kind="percentage",
        discount_percent=10,
        theme=theme,
    )
    for position, product in enumerate(
        OcopProduct.objects.filter(province="Kiên Giang").order_by("name")[first : first + 6]
    ):
        EventProduct.objects.create(event=event, product=product, position=position)
    return sync_event(event.pk)


def test_a_tourist_on_a_phone_sees_the_events_discounted_prices(
    page: Page, shop, axe_check: AxeCheck, save_screenshot: SaveScreenshot
) -> None:
    event = an_event()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/en/intl/events/{event.slug}/")

    expect(page.locator("h1")).to_have_text("Kiên Giang farm week 2026")
    card = page.locator(".card", has_text="Phu Quoc fish sauce 40°N")
    expect(card.locator(".was-price")).to_contain_text("$7.50")
    expect(card.locator(".price")).to_have_text("$6.75")
    expect(card.locator(".ocop-badge")).to_be_visible()
    expect(page.locator(".event-status")).to_contain_text("On now")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert axe_check(page) == []
    save_screenshot(page, "events-landing-en-390")

    card.locator("a").first.click()
    expect(page.locator(".buy .price").first).to_contain_text("$6.75")


@pytest.mark.parametrize("theme", available_themes())
def test_the_landing_page_is_readable_in_every_theme(
    page: Page, shop, axe_check: AxeCheck, save_screenshot: SaveScreenshot, theme: str
) -> None:
    """A province theme colours headings with its primary colour, the hero's background: the
    hero's title must keep its own contrast whatever the theme."""
    event = an_event(slug=f"tuan-le-{theme}", theme=theme)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/en/intl/events/{event.slug}/")

    assert page.locator("body").get_attribute("class") == f"theme-{theme}"
    expect(page.locator("h1")).to_have_text("Kiên Giang farm week 2026")
    title, hero = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.event-hero h1')).color,
                  getComputedStyle(document.querySelector('.event-hero')).backgroundColor]"""
    )
    assert title != hero
    assert axe_check(page) == []
    save_screenshot(page, f"events-landing-{theme}-390")


@pytest.mark.parametrize("width", [390, 1280])
def test_screens_of_the_landing_page_in_vietnamese_and_english(
    page: Page, shop, axe_check: AxeCheck, save_screenshot: SaveScreenshot, width: int
) -> None:
    running = an_event()
    soon = an_event(starts=timedelta(days=2, hours=5), slug="hoi-cho-sap-toi", first=6)
    page.set_viewport_size({"width": width, "height": 900})
    for lang, channel in (("vi", "vn"), ("en", "intl")):
        page.goto(f"/{lang}/{channel}/events/{running.slug}/")
        expect(page.locator(".card").first).to_be_visible()
        assert axe_check(page) == []
        save_screenshot(page, f"events-landing-{lang}-{width}")
        page.goto(f"/{lang}/{channel}/events/{soon.slug}/")
        countdown = page.locator(".countdown")
        expect(countdown).to_have_text(re.compile(r"^2 \S+ \d+ \S+ \d+ \S+ \d+ \S+$"))  # ticking
        assert axe_check(page) == []
        save_screenshot(page, f"events-before-{lang}-{width}")
        page.goto(f"/{lang}/{channel}/")
        expect(page.locator(".running-events")).to_contain_text(
            running.name_in(lang), use_inner_text=True
        )
        save_screenshot(page, f"events-home-{lang}-{width}")
    share = page.request.get(f"/vi/vn/events/{running.slug}/share.png")
    assert share.headers["content-type"] == "image/png"


@pytest.mark.parametrize("width", [390, 1280])
def test_an_officer_creates_an_event_on_a_phone(
    page: Page, shop, axe_check: AxeCheck, save_screenshot: SaveScreenshot, width: int
) -> None:
    officer = make_user("officer@kiengiang.gov.vn")
    EmailAddress.objects.create(user=officer, email=officer.email, verified=True, primary=True)
    producer = Producer.objects.filter(province="Kiên Giang").first()
    assert producer is not None
    ProvinceOfficer.objects.create(
        user=officer, province="Kiên Giang", province_key=producer.province_key
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/vi/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(officer.email)
    page.get_by_label("Mật khẩu", exact=True).fill("a long passphrase 42")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/vi/province/events/new/")

    now = timezone.localtime()
    page.locator("#id_slug").fill("tuan-le-nong-san")
    page.locator("#id_name_vi").fill("Tuần lễ nông sản Kiên Giang")
    page.locator("#id_starts_at").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=discount_kind][value=percentage]").check()
    page.locator("#id_discount_percent").fill("10")
    page.get_by_label(re.compile(FISH_SAUCE)).check()
    page.get_by_label(re.compile(PEPPER)).check()
    assert axe_check(page) == []
    save_screenshot(page, f"events-officer-form-vi-{width}")
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".notice-success")).to_be_visible()
    save_screenshot(page, f"events-officer-saved-vi-{width}")
    page.goto("/vi/province/events/")
    expect(page.locator(".plist")).to_contain_text("Tuần lễ nông sản Kiên Giang")
    assert axe_check(page) == []
    save_screenshot(page, f"events-officer-list-vi-{width}")
