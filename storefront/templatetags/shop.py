from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

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
    from storefront.groups import card_group
    from themes.registry import DEFAULT_THEME, load_theme

    theme = context.get("theme") or load_theme(DEFAULT_THEME)
    return _static(theme.illustration(card_group(card)))


@lru_cache(maxsize=256)
def _static(path: str) -> str:
    """The served (hashed) address of a static file: the same for every card of a group."""
    from django.templatetags.static import static

    return static(path)


@register.simple_tag(takes_context=True)
def product_card(context: dict[str, Any], card: ProductCard) -> str:
    """A product's card in a grid: its photo (or its group's drawing), name, star badge, group,
    province and price. Built here rather than from a template: a listing draws 24 of them, and
    a template each was most of the page's rendering (0.4 ms a card on a small server)."""
    language = get_language() or "vi"
    if card.thumbnail_url:
        image = f'<img src="{escape(card.thumbnail_url)}" alt="{escape(card.thumbnail_alt)}"'
    else:
        image = f'<img class="illustration" src="{escape(illustration(context, card))}" alt=""'
    meta = group_name(card)
    if card.ocop.province:
        meta = f"{meta} · {card.ocop.province.name}"
    if not card.for_sale:
        price = f'<span class="not-for-sale">{escape(gettext("Not yet for sale"))}</span>'
    else:
        price = f'<span class="price">{escape(money(card.price))}</span>{approx(card.price)}'
        if card.discounted:
            was = escape(gettext("Was"))
            price = (
                f'<s class="was-price"><span class="visually-hidden">{was} </span>'
                f"{escape(money(card.undiscounted_price))}</s> {price}"
            )
    url = _product_url(language, get_script_prefix(), context["channel"].slug)
    lang = ' lang="vi"' if not card.name_translated and language != "vi" else ""
    return mark_safe(  # noqa: S308 - every text above is escaped; the badge and price marker are ours
        f'<li class="card">\n  <a href="{escape(url.replace(_SLUG, card.slug))}">\n'
        f'    {image} width="256" height="256" loading="lazy">\n'
        f'    <span class="card-name"{lang}>{escape(card.name)}</span>\n  </a>\n'
        f"  {star_badge(card.ocop)}\n"
        f'  <span class="card-meta">{escape(meta)}</span>\n  {price}\n</li>\n'
    )


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs: Any) -> None:
    """Tests that change where static files or pages are served get addresses made anew."""
    if setting in ("STATIC_URL", "STORAGES", "ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _static.cache_clear()
        _product_url.cache_clear()


_SLUG = "0-slug-0"  # a slug no product has: where each card's own goes in its page's address


@lru_cache(maxsize=256)
def _product_url(language: str, script_prefix: str, channel: str) -> str:
    """A product page's address with ``_SLUG`` for the slug: reversed once per language and
    channel, not once per card."""
    return reverse("storefront:product", kwargs={"channel": channel, "slug": _SLUG})


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
