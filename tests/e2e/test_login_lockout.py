"""The page a guessed-at login ends on, as a producer on a phone sees it (test-output/e2e/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import AxeCheck, SaveScreenshot

HEADING = {
    "vi": "Đăng nhập sai quá nhiều lần",
    "en": "Too many attempts to sign in",
    "fr": "Trop de tentatives de connexion",
}


@pytest.fixture
def two_tries(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 2
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("locale", ["vi", "en", "fr"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_lockout_page_after_wrong_passwords(
    page: Page,
    locale: str,
    width: int,
    two_tries: None,
    axe_check: AxeCheck,
    save_screenshot: SaveScreenshot,
) -> None:
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-1")
    page.set_viewport_size({"width": width, "height": 800})

    for attempt in range(2):
        page.goto("/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", f"wrong-{attempt}")
        page.click("input[type=submit]")

    expect(page.locator("h1")).to_have_text(HEADING[locale])
    assert axe_check(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    save_screenshot(page, f"login-locked-{locale}-{width}")
