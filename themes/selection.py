"""How a page chooses its theme: an event's page, a province's page, else the shop's configured one.

``ThemeMiddleware`` sets the shop's theme on every request; a view that draws a page in another theme
calls :func:`choose_theme` before it renders. Unknown slugs keep the current theme.
"""

from __future__ import annotations

from django.http import HttpRequest

from themes.registry import DEFAULT_THEME, available_themes


def choose_theme(request: HttpRequest, slug: str | None) -> str:
    """Draw this request's page in ``slug``'s theme when it exists; return the theme in use."""
    if slug and slug in available_themes():
        request.theme_slug = slug  # type: ignore[attr-defined]
    return str(getattr(request, "theme_slug", DEFAULT_THEME))


def theme_choices() -> list[tuple[str, str]]:
    """(slug, name) of every installed theme, for forms that pick one (an event's, a province's)."""
    from themes.registry import load_theme

    return [(slug, load_theme(slug).name) for slug in available_themes()]
