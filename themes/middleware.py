from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from themes.loader import end_theme, shop_theme, use_theme


class ThemeMiddleware:
    """Start every request in the shop's theme (``OCOP_THEME``); a page may choose another
    (``themes.selection.choose_theme``) before it renders. Templates and tokens come from it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        slug = shop_theme()  # read per request, so that a settings change applies at once
        request.theme_slug = slug  # type: ignore[attr-defined]
        token = use_theme(slug)
        try:
            return self.get_response(request)
        finally:
            end_theme(token)  # the page's choice ends with its response
