"""What differs between visitors of one cached page, filled in when the page is served.

Views render the same page for every visitor of a URL (only Saleor's answers are cached, in
storefront/cache.py), so the header's cart count is not theirs to render. The header carries a marker; this middleware replaces it, on every HTML page, with
the count the visitor's signed cookie holds (kept up to date by the cart whenever it loads the
checkout: no Saleor query here). Prices carry markers too, replaced by their approximation in
the currency the visitor chose (storefront/approximate.py). A page showing either is private.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import ngettext

from storefront import approximate

COUNT_COOKIE_PREFIX = "ocop_cart_count_"
COUNT_SALT = "ocop-cart-count"
COUNT_MAX = 999
MARKER = re.compile(rb"<!--ocop:cart-count:([a-z0-9-]{1,40})-->")


def count_cookie(channel: str) -> str:
    return COUNT_COOKIE_PREFIX + channel


def remember_count(request: HttpRequest, response: HttpResponse, channel: str, count: int) -> None:
    """Keep the number of items of the visitor's cart in this channel (0 forgets it)."""
    counts = request.__dict__.setdefault("cart_counts", {})
    counts[channel] = max(0, min(count, COUNT_MAX))
    if counts[channel]:
        response.set_signed_cookie(
            count_cookie(channel),
            str(counts[channel]),
            salt=COUNT_SALT,
            max_age=30 * 86400,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG,
        )
    elif count_cookie(channel) in request.COOKIES:
        response.delete_cookie(count_cookie(channel), samesite="Lax")


def cart_count(request: HttpRequest, channel: str) -> int:
    known = request.__dict__.get("cart_counts", {})
    if channel in known:
        return int(known[channel])
    raw = request.get_signed_cookie(count_cookie(channel), default="", salt=COUNT_SALT) or ""
    return int(raw) if raw.isdigit() and int(raw) <= COUNT_MAX else 0


def count_badge(count: int) -> str:
    label = ngettext("%(count)s item in your cart", "%(count)s items in your cart", count) % {
        "count": count
    }
    return format_html(
        '<span class="cart-count" aria-hidden="true">{}</span><span class="visually-hidden">'
        " ({})</span>",
        count,
        label,
    )


class PersonalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        has_count = b"<!--ocop:cart-count:" in response.content
        has_prices = b"<!--ocop:approx:" in response.content
        if not has_count and not has_prices:
            return response
        shown = False

        def fill(match: re.Match[bytes]) -> bytes:
            nonlocal shown
            count = cart_count(request, match[1].decode())
            if not count:
                return b""
            shown = True
            return count_badge(count).encode()

        content = MARKER.sub(fill, response.content) if has_count else response.content
        if has_prices:
            content, approximated = approximate.fill(request, content)
            shown = shown or approximated
        response.content = content
        if response.has_header("Content-Length"):  # set by CommonMiddleware, before this runs
            response["Content-Length"] = str(len(response.content))
        if shown:
            patch_cache_control(response, private=True)
        return response
