from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from themes.registry import DEFAULT_THEME, available_themes


class ThemeMiddleware:
    """Resolve the theme of each request (today the configured one; a campaign or province
    page may choose its own later) so templates and tokens come from it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        configured = settings.OCOP_THEME
        self.theme = configured if configured in available_themes() else DEFAULT_THEME

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.theme_slug = self.theme  # type: ignore[attr-defined]
        return self.get_response(request)
