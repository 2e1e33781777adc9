from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from saleor_api.catalogue import Money, Ocop
from storefront.money import format_money

register = template.Library()


@register.filter
def money(value: Money | None) -> str:
    if value is None:
        return ""
    return format_money(value.amount, value.currency, (get_language() or "vi")[:2])


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


@register.simple_tag
def srcset(*urls_and_widths: Any) -> str:
    pairs = zip(urls_and_widths[::2], urls_and_widths[1::2], strict=False)
    return ", ".join(f"{url} {width}w" for url, width in pairs if url)
