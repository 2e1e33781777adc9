"""The address form: Google's address data (as Saleor validates) and phonenumbers, in the
visitor's language."""

from __future__ import annotations

from django.utils import translation

from storefront.forms import AddressForm, countries, normalise_phone, vn_provinces

ADDRESS = {
    "first_name": "Lan",
    "last_name": "Nguyễn",
    "phone": "0912 345 678",
    "street_address_1": "12 Hàng Bạc",
    "city": "Phường Hoàn Kiếm",
    "country_area": "Hà Nội",
    "country": "VN",
}


def test_phones_are_given_to_saleor_in_e164():
    assert normalise_phone("0912 345 678", "VN") == "+84912345678"
    assert normalise_phone("0084 912 345 678", "FR") == "+84912345678"
    assert normalise_phone("06 12 34 56 78", "FR") == "+33612345678"
    assert normalise_phone("+1 (415) 555-0134", "VN") == "+14155550134"


def test_a_number_that_is_no_phone_number_is_refused():
    assert normalise_phone("+84 12", "VN") is None
    assert normalise_phone("612345678", "FR") is None  # neither its code nor its national 0
    assert normalise_phone("call me", "VN") is None


def test_the_34_provinces_carry_the_value_saleor_accepts():
    provinces = dict((name, value) for value, name in vn_provinces())

    assert len(provinces) == 34
    assert provinces["Huế"] == "Thừa Thiên–Huế"
    assert provinces["Hồ Chí Minh"] == "Thành phố Hồ Chí Minh"
    assert provinces["An Giang"] == "An Giang"


def test_countries_are_named_in_the_visitors_language_vietnam_first():
    vietnamese = dict(countries("vi"))
    english = countries("en")

    assert english[0] == ("VN", "Vietnam")
    assert vietnamese["KR"] == "Hàn Quốc"
    assert dict(countries("fr"))["DE"] == "Allemagne"
    assert len(english) > 200


def test_a_postal_code_of_the_wrong_form_is_refused_in_the_visitors_language():
    data = {**ADDRESS, "country": "US", "country_area": "NY", "postal_code": "ABC"}
    data["phone"] = "+1 415 555 0134"

    with translation.override("en"):
        form = AddressForm(data, country="US")
        assert not form.is_valid()
        assert form.errors["postal_code"] == ["Enter the postal code as this country writes it."]


def test_a_us_address_needs_its_state():
    data = {**ADDRESS, "country": "US", "country_area": "", "postal_code": "10118"}
    data["phone"] = "+1 415 555 0134"

    with translation.override("en"):
        form = AddressForm(data, country="US")
        assert not form.is_valid()
        assert form.errors["country_area"] == ["This field is required."]


def test_a_vietnamese_address_is_valid_with_its_phone_in_e164():
    form = AddressForm(ADDRESS, country="VN")

    assert form.is_valid(), form.errors
    assert form.address().phone == "+84912345678"
    assert form.address().country_area == "Hà Nội"


def test_the_countrys_rules_are_told_beside_the_fields_left_empty():
    data = {**ADDRESS, "country": "US", "country_area": "NY", "postal_code": "ABC", "city": ""}
    data["phone"] = "+1 415 555 0134"

    with translation.override("vi"):
        form = AddressForm(data, country="US")
        assert not form.is_valid()
        assert form.errors["city"] == ["Trường này là bắt buộc."]
        assert form.errors["postal_code"] == ["Nhập mã bưu chính theo cách viết của quốc gia này."]
