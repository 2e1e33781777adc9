"""Forms of the cart and checkout. Saleor validates again; these catch what a visitor mistyped."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from saleor_api.checkout import Address

MAX_QUANTITY = 99

# Vietnam's 34 provinces and centrally-run cities (since 1 July 2025), as the visitor knows them,
# with the name Saleor's address rules (Google's i18n address data) accept as `countryArea`.
VN_PROVINCES: tuple[tuple[str, str], ...] = (
    ("An Giang", "An Giang"),
    ("Bắc Ninh", "Bắc Ninh"),
    ("Cà Mau", "Cà Mau"),
    ("Cao Bằng", "Cao Bằng"),
    ("Cần Thơ", "Cần Thơ"),
    ("Đà Nẵng", "Đà Nẵng"),
    ("Đắk Lắk", "Đắk Lắk"),
    ("Điện Biên", "Điện Biên"),
    ("Đồng Nai", "Đồng Nai"),
    ("Đồng Tháp", "Đồng Tháp"),
    ("Gia Lai", "Gia Lai"),
    ("Hà Nội", "Hà Nội"),
    ("Hà Tĩnh", "Hà Tĩnh"),
    ("Hải Phòng", "Hải Phòng"),
    ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thừa Thiên–Huế", "Huế"),
    ("Hưng Yên", "Hưng Yên"),
    ("Khánh Hòa", "Khánh Hòa"),
    ("Lai Châu", "Lai Châu"),
    ("Lạng Sơn", "Lạng Sơn"),
    ("Lào Cai", "Lào Cai"),
    ("Lâm Đồng", "Lâm Đồng"),
    ("Nghệ An", "Nghệ An"),
    ("Ninh Bình", "Ninh Bình"),
    ("Phú Thọ", "Phú Thọ"),
    ("Quảng Ngãi", "Quảng Ngãi"),
    ("Quảng Ninh", "Quảng Ninh"),
    ("Quảng Trị", "Quảng Trị"),
    ("Sơn La", "Sơn La"),
    ("Tây Ninh", "Tây Ninh"),
    ("Thái Nguyên", "Thái Nguyên"),
    ("Thanh Hóa", "Thanh Hóa"),
    ("Tuyên Quang", "Tuyên Quang"),
    ("Vĩnh Long", "Vĩnh Long"),
)

# Where the shop ships, Vietnam first; the rest of the world through the "International" zone.
COUNTRIES: tuple[tuple[str, Any], ...] = (
    ("VN", _("Vietnam")),
    ("AU", _("Australia")),
    ("CA", _("Canada")),
    ("CN", _("China")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("JP", _("Japan")),
    ("KR", _("South Korea")),
    ("SG", _("Singapore")),
    ("TH", _("Thailand")),
    ("GB", _("United Kingdom")),
    ("US", _("United States")),
)
COUNTRY_CODES = {code for code, _name in COUNTRIES}
CALLING_CODES = {
    "VN": "84",
    "AU": "61",
    "CA": "1",
    "CN": "86",
    "FR": "33",
    "DE": "49",
    "JP": "81",
    "KR": "82",
    "SG": "65",
    "TH": "66",
    "GB": "44",
    "US": "1",
}
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")


def normalise_phone(raw: str, country: str) -> str:
    """``0912 345 678`` in Vietnam → ``+84912345678``; an international number keeps its code."""
    number = re.sub(r"[\s().-]", "", raw)
    if number.startswith("00"):
        number = "+" + number[2:]
    if not number.startswith("+") and number.startswith("0") and country in CALLING_CODES:
        number = f"+{CALLING_CODES[country]}{number[1:]}"
    return number


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
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES, widget=forms.HiddenInput)

    def __init__(self, *args: Any, country: str = "VN", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country_code = country if country in COUNTRY_CODES else "VN"
        self.fields["country"].initial = self.country_code
        if self.country_code == "VN":
            self.fields["country_area"] = forms.ChoiceField(
                label=_("Province or city"),
                choices=[("", _("Choose…"))] + [(raw, name) for raw, name in VN_PROVINCES],
            )
            self.fields["city"].label = _("Commune or ward")
            self.fields["street_address_1"].label = _("House number, street, village")
            del self.fields["postal_code"]

    def clean_phone(self) -> str:
        country = self.data.get(self.add_prefix("country")) or self.country_code
        phone = normalise_phone(self.cleaned_data["phone"], str(country))
        if not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter the phone number with its country code, e.g. +84 912 345 678.")
            )
        return phone

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
