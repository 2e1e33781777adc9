"""The listing form, for a phone: prices typed the way people write them ("185.000 đ")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.services import ListingEdit
from saleor_api.types import Listing, StoreLayout

# The languages a description is translated into (Saleor's codes), with their names.
TRANSLATIONS = (
    ("EN", "English"),
    ("FR", "Français"),
    ("ZH_HANS", "简体中文"),
    ("KO", "한국어"),
    ("JA", "日本語"),
)
MAX_PRICE = Decimal("1000000000")


class PriceField(forms.CharField):
    """A price as typed on a phone. VND: whole đồng, "185.000", "185,000" and "185 000 đ" all
    mean 185000. USD or EUR: "7.50" or "7,50"."""

    def __init__(self, *, currency: str, **kwargs: Any) -> None:
        self.currency = currency
        super().__init__(required=False, max_length=30, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal" if currency != "VND" else "numeric"})

    def clean(self, value: Any) -> Decimal | None:
        text = re.sub(r"(?i)\s|đ|₫|vnd|usd|eur|\$|€", "", str(value or ""))
        if not text:
            return None
        if self.currency == "VND":
            text = re.sub(r"[.,]", "", text)
            if not text.isdigit():
                raise forms.ValidationError(
                    _("Type the price in đồng with digits only, e.g. 185000.")
                )
            price = Decimal(text)
        else:
            text = text.replace(",", ".")
            try:
                price = Decimal(text).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise forms.ValidationError(_("Type the price with digits, e.g. 7.50.")) from None
        if price <= 0 or price >= MAX_PRICE:
            raise forms.ValidationError(_("The price must be more than zero."))
        return price


class ListingForm(forms.Form):
    stock = forms.IntegerField(
        label=_("Units in stock"), required=False, min_value=0, max_value=1_000_000
    )
    weight_grams = forms.IntegerField(
        label=_("Weight of one unit, with its packaging (grams)"),
        required=False,
        min_value=1,
        max_value=100_000,
    )
    description = forms.CharField(
        label=_("Description in Vietnamese"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One paragraph a line. Say what it is made of, how it is made and how to use it."
        ),
    )

    def __init__(self, *args: Any, listing: Listing, layout: StoreLayout, **kwargs: Any) -> None:
        initial = {
            "stock": listing.stock,
            "weight_grams": listing.weight_grams,
            "description": listing.description,
        }
        for channel in layout.channels:
            price = listing.prices.get(channel.slug)
            if price is not None:
                initial[f"price_{channel.slug}"] = (
                    f"{price:.0f}" if channel.currency == "VND" else f"{price:.2f}"
                )
        for code, _name in TRANSLATIONS:
            initial[f"description_{code.lower()}"] = listing.translations.get(code, "")
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.listing = listing
        self.price_fields: list[str] = []
        for channel in layout.channels:
            name = f"price_{channel.slug}"
            self.fields[name] = PriceField(
                currency=channel.currency,
                label=_("Price in %(currency)s") % {"currency": channel.currency},
            )
            self.price_fields.append(name)
        self.translation_fields: list[str] = []
        for code, language in TRANSLATIONS:
            name = f"description_{code.lower()}"
            self.fields[name] = forms.CharField(
                label=language,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code.lower().replace("_", "-")}),
            )
            self.translation_fields.append(name)
        if listing.variant_id is None:
            for name in [*self.price_fields, "stock", "weight_grams"]:
                self.fields[name].disabled = True

    @property
    def bound_price_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.price_fields]

    @property
    def bound_translation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.translation_fields]

    def edit(self) -> ListingEdit:
        data = self.cleaned_data
        return ListingEdit(
            description=data["description"],
            translations={
                code: data[f"description_{code.lower()}"]
                for code, _name in TRANSLATIONS
                if data.get(f"description_{code.lower()}")
            },
            prices={
                channel.slug: data[f"price_{channel.slug}"]
                for channel in self.layout.channels
                if data.get(f"price_{channel.slug}") is not None
            },
            stock=data.get("stock"),
            weight_grams=data.get("weight_grams"),
        )


class ShipForm(forms.Form):
    carrier = forms.CharField(
        label=_("Carrier"), max_length=60, help_text=_("e.g. VNPost, Viettel Post, GHN")
    )
    tracking = forms.CharField(label=_("Tracking number"), max_length=60)
