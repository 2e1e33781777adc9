"""OCOP groups as a visitor reads them: a name in their language and the theme's illustration.

A card's group is the registry's (cards do not ask Saleor for their category); a product page's
category comes with its translation from Saleor, which is preferred there (bootstrap makes Saleor
hold the same names); the gettext label of the group is the fallback.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalog_sync.normalise import parse_group
from saleor_api.catalogue import ProductCard

UNCLASSIFIED = "unclassified"
LABELS = {
    "food": _("Food"),
    "beverages": _("Beverages"),
    "herbs": _("Medicinal herbs and herbal products"),
    "handicrafts": _("Handicrafts"),
    "ornamentals": _("Ornamental plants and animals"),
    "tourism": _("Community and eco-tourism"),
    "textiles": _("Textiles and garments"),
    "souvenirs": _("Souvenirs, furniture and decoration"),
    UNCLASSIFIED: _("Other local products"),
}


def group_key(text: str) -> str:
    """The group a name, slug or category slug stands for; "unclassified" when none."""
    if text in LABELS:
        return text
    try:
        return str(parse_group(text.replace("-", " ")))
    except ValueError:
        return UNCLASSIFIED


def card_group(card: ProductCard) -> str:
    """The product's own group (the list's, e.g. an older "textiles"), else its category's."""
    if card.ocop.group:
        key = group_key(card.ocop.group.name)
        if key != UNCLASSIFIED:
            return key
    return group_key(card.category_slug) if card.category_slug else UNCLASSIFIED


def label(key: str) -> str:
    return str(LABELS.get(key, LABELS[UNCLASSIFIED]))


def card_group_name(card: ProductCard) -> str:
    key = card_group(card)
    if card.category_translation and card.category_slug == key:
        return card.category_translation
    return label(key)
