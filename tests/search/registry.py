"""Registry rows for search tests, written straight to the database (no feed, no Saleor)."""

from __future__ import annotations

import itertools
from datetime import date

from catalog_sync.models import Certificate, OcopProduct, Producer
from catalog_sync.normalise import matching_key

TODAY = date(2026, 11, 23)
_numbers = itertools.count(1)


def registry_product(
    name: str,
    *,
    stars: int = 4,
    producer: str = "HTX Nông nghiệp An Bình",
    commune: str = "Dương Đông",
    province: str = "Kiên Giang",
    group: str = "food",
    subgroup: str = "",
    translations: dict[str, str] | None = None,
    valid_until: date = date(2027, 12, 31),
    status: str = Certificate.Status.ACTIVE,
    shown: bool = True,
) -> OcopProduct:
    number = next(_numbers)
    owner, _ = Producer.objects.get_or_create(
        province_key=matching_key(province),
        name_key=matching_key(producer),
        defaults={
            "name": producer,
            "kind": "cooperative",
            "commune": commune,
            "province": province,
            "address_scheme": "post_2025",
        },
    )
    product = OcopProduct.objects.create(
        product_key=f"test|{number}",
        code=f"TEST-{number}",
        name=name,
        slug=f"p-{number}",
        producer=owner,
        province=province,
        province_key=matching_key(province),
        content={
            "commune": commune,
            "translations": {
                lang: {"name": text, "description": ""}
                for lang, text in (translations or {}).items()
            },
        },
        saleor_product_id=f"UHJvZHVjdDo{number}",
        shown=shown,
    )
    Certificate.objects.create(
        product=product,
        stars=stars,
        group=group,
        subgroup=subgroup,
        decision_number=f"{number}/QĐ-UBND",
        decided_on=date(valid_until.year - 3, valid_until.month, 1),
        valid_until=valid_until,
        recognition_level="province",
        status=status,
    )
    return product
