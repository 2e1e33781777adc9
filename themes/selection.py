"""How a page chooses its theme: an event's page, a province's page, else the shop's configured one.

``ThemeMiddleware`` sets the shop's theme on every request; a view that draws a page in another theme
calls :func:`choose_theme` before it renders. The choice drives both the tokens (the ``theme``
context variable) and template lookup (``themes.loader``). Unknown slugs keep the current theme.
"""

from __future__ import annotations

from django.http import HttpRequest

from themes.loader import page_theme, use_theme
from themes.registry import Theme, available_themes, load_theme, theme_for_province


def choose_theme(request: HttpRequest, slug: str | None) -> str:
    """Draw this request's page in ``slug``'s theme when it exists; return the theme in use."""
    if slug and slug in available_themes():
        request.theme_slug = slug  # type: ignore[attr-defined]
        use_theme(slug)  # ThemeMiddleware resets it when the response is done
    return str(getattr(request, "theme_slug", page_theme()))


def choose_province_theme(request: HttpRequest, province: str) -> str:
    """Draw a province's page in the theme that names it (``"provinces"`` in its theme.json)."""
    return choose_theme(request, theme_for_province(province))


def request_theme(request: HttpRequest) -> Theme:
    """The theme this request's page is drawn in (for code that needs its tokens or drawings)."""
    return load_theme(str(getattr(request, "theme_slug", page_theme())))


def theme_choices() -> list[tuple[str, str]]:
    """(slug, name) of every installed theme, for forms that pick one (an event's, a province's)."""
    return [(slug, load_theme(slug).name) for slug in available_themes()]
