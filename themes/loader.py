"""Template lookup in the theme of the page being drawn.

A theme's ``templates/`` folder overrides any template by name (``storefront/_footer.html``), and an
override may extend the template it replaces (``{% extends "storefront/_footer.html" %}`` reaches the
next one in lookup order). The page's theme is the one :func:`themes.selection.choose_theme` (or
``ThemeMiddleware``, for the shop's own) set on this request; it lives in a context variable so
that the loaders, which never see the request, find it.

``settings.TEMPLATES`` wires them as::

    ("themes.loader.CachedLoader", ["themes.loader.ThemeLoader",
                                    "django.template.loaders.app_directories.Loader"])

The cached loader keys every compiled template by theme as well as by name, so a page drawn in one
theme never gets another theme's copy of a template from the cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar, Token
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.template import Origin
from django.template.loaders import cached, filesystem
from django.utils._os import safe_join

from themes.registry import DEFAULT_THEME, available_themes, load_theme

_page_theme: ContextVar[str | None] = ContextVar("ocop_page_theme", default=None)


def shop_theme() -> str:
    """The shop's configured theme (``OCOP_THEME``), or the default one when it is not installed."""
    configured = str(getattr(settings, "OCOP_THEME", DEFAULT_THEME) or DEFAULT_THEME)
    return configured if configured in available_themes() else DEFAULT_THEME


def page_theme() -> str:
    """The theme templates are looked up in now: the page's, else the shop's."""
    return _page_theme.get() or shop_theme()


def use_theme(slug: str) -> Token[str | None]:
    """Look templates up in ``slug``'s theme from now on (in this context); reset with the token."""
    return _page_theme.set(slug)


def end_theme(token: Token[str | None]) -> None:
    _page_theme.reset(token)


def theme_template_dirs(slug: str) -> list[Path]:
    """Where a page in ``slug``'s theme looks first: its own templates, then the default theme's."""
    slugs = [slug] if slug == DEFAULT_THEME else [slug, DEFAULT_THEME]
    return [load_theme(name).template_dir for name in slugs]


class ThemeLoader(filesystem.Loader):
    """The page's theme's templates, then the default theme's (then the next loader: the apps')."""

    def get_dirs(self) -> list[str | Path]:
        # Every theme's folder: what the autoreloader watches (lookups use the page's theme only).
        return [load_theme(slug).template_dir for slug in available_themes()]

    def get_template_sources(self, template_name: str) -> Iterator[Origin]:
        for template_dir in theme_template_dirs(page_theme()):
            try:
                name = safe_join(template_dir, template_name)
            except SuspiciousFileOperation:
                continue
            yield Origin(name=name, template_name=template_name, loader=self)


class CachedLoader(cached.Loader):
    """Django's cached loader, with the page's theme in every key."""

    def cache_key(self, template_name: str, skip: list[Origin] | None = None) -> str:
        return f"{page_theme()}:{super().cache_key(template_name, skip)}"
