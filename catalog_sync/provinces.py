"""Vietnam's provinces as official lists name them: the 63 before the 2025 reform, the 34 after it.

Data only; ``normalise.find_province`` recognises these names (with or without diacritics, with or
without "tỉnh", "TP.", "thành phố") in a list's province column and in free-text addresses.
Names are kept bare, as ``normalise.clean_province`` leaves them ("Hồ Chí Minh", not
"TP Hồ Chí Minh"), so product keys built from them stay what they were.
"""

from __future__ import annotations

# The 63 provinces and centrally-run cities before the merger of 12 June 2025 (Resolution 202/2025/QH15).
PROVINCES_BEFORE_2025: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang",
    "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

# The 34 provinces and centrally-run cities since 1 July 2025.
PROVINCES_SINCE_2025: tuple[str, ...] = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip

# Other spellings seen in lists, for the same province (never a mapping between the two schemes:
# a list that says "Tiền Giang" keeps "Tiền Giang").
PROVINCE_ALIASES: dict[str, str] = {
    "HCM": "Hồ Chí Minh",
    "TPHCM": "Hồ Chí Minh",
    "TP HCM": "Hồ Chí Minh",
    "Sài Gòn": "Hồ Chí Minh",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "BR-VT": "Bà Rịa - Vũng Tàu",
    "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Đăk Lăk": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông",
    "Đắc Nông": "Đắk Nông",
    "Kontum": "Kon Tum",
    "Bắc Cạn": "Bắc Kạn",
}

PROVINCES_REMOVED_IN_2025 = tuple(p for p in PROVINCES_BEFORE_2025 if p not in PROVINCES_SINCE_2025)
PROVINCES_NEW_IN_2025 = tuple(p for p in PROVINCES_SINCE_2025 if p not in PROVINCES_BEFORE_2025)
