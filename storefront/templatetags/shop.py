from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from saleor_api.catalogue import Choice, Ocop, ProductCard
from saleor_api.money import Money, format_money

register = template.Library()


@register.filter
def money(value: Money | None) -> str:
    if value is None:
        return ""
    return format_money(value.amount, value.currency, get_language() or "vi")


@register.filter
def approx(value: Money | None) -> str:
    """Where the approximation of a price Saleor gave goes (filled per visitor when served)."""
    from storefront.approximate import marker

    if value is None:
        return ""
    return mark_safe(marker(value.amount, value.currency))  # noqa: S308 - digits and a code


@register.simple_tag
def star_badge(ocop: Ocop, today: Any = None) -> str:
    """The OCOP star badge of a product certified today (nothing otherwise). Built here rather
    than from a template: a listing draws 24 of them, and a template each was a fifth of its
    rendering."""
    from catalog_sync.validity import ocop_today

    if not ocop.certified_on(today or ocop_today()):
        return ""
    return _badge(ocop.stars or 0, get_language() or "vi")


@lru_cache(maxsize=64)
def _badge(stars: int, language: str) -> str:
    label = ngettext(
        "OCOP certified, %(stars)s star out of 5", "OCOP certified, %(stars)s stars out of 5", stars
    ) % {"stars": stars}
    return format_html(
        '<span class="ocop-badge" role="img" aria-label="{}"><span aria-hidden="true" '
        'class="stars">{}</span> <span aria-hidden="true">OCOP</span></span>',
        label,
        "★" * stars + "☆" * (5 - stars),
    )


@register.simple_tag(takes_context=True)
def illustration(context: dict[str, Any], card: ProductCard) -> str:
    """URL of the theme's drawing of the product's OCOP group (for products without a photo)."""
    from django.templatetags.static import static

    from storefront.groups import card_group
    from themes.registry import DEFAULT_THEME, load_theme

    theme = context.get("theme") or load_theme(DEFAULT_THEME)
    return static(theme.illustration(card_group(card)))


@register.filter
def group_name(card: ProductCard) -> str:
    from storefront.groups import card_group_name

    return card_group_name(card)


@register.filter
def group_label(choice: Choice) -> str:
    """A group choice of the OCOP group attribute, named in the visitor's language."""
    from storefront.groups import group_key, label

    return label(group_key(choice.name))


@register.simple_tag
def srcset(*urls_and_widths: Any) -> str:
    pairs = zip(urls_and_widths[::2], urls_and_widths[1::2], strict=False)
    return ", ".join(f"{url} {width}w" for url, width in pairs if url)
