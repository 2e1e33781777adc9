from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


@register.inclusion_tag("storefront/_badge.html", takes_context=True)
def star_badge(context: dict[str, Any], ocop: Ocop, today: Any = None) -> dict[str, Any]:
    from catalog_sync.validity import ocop_today

    certified = ocop.certified_on(today or ocop_today())
    stars = ocop.stars or 0
    return {
        "certified": certified,
        "stars": stars,
        "filled": range(stars),
        "empty": range(5 - stars),
        "channel": context.get("channel"),
    }


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
