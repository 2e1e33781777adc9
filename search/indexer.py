"""Building the search index from the registry: a full rebuild, or the rows of a few products.

A product's document is built in Python (one normaliser for the index and the queries:
``catalog_sync.normalise.matching_key``, which drops diacritics and turns đ into d) and weighted
for PostgreSQL's full-text search: A its names in every language, B its producer and the
glossary words its Vietnamese name contains, C the groups, subgroup and places.
"""

from __future__ import annotations

import json
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice

from django.db import connection, transaction
from django.utils.text import slugify

from catalog_sync.content import GROUP_LABELS
from catalog_sync.models import Certificate, OcopProduct
from catalog_sync.normalise import matching_key
from catalog_sync.validity import ocop_today
from search.glossary import GLOSSARY, LANGUAGES, Entry, group_names
from search.models import SearchEntry, SearchWord

logger = logging.getLogger(__name__)

BATCH = 2000
_WORDS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class IndexRow:
    """What the index holds for one product (a SearchEntry before it is written)."""

    product_id: int
    saleor_product_id: str
    name: str
    stars: int
    valid_until: date | None
    province_slug: str
    group_slug: str
    producer_slug: str
    name_keys: tuple[str, ...]
    language_terms: dict[str, str]
    names_text: str  # weight A
    related_text: str  # weight B
    context_text: str  # weight C
    listed_at: datetime  # when the product entered the shop
    listed_on: date  # that day in Vietnam


def slug_key(text: str) -> str:
    """The slug Saleor gives an attribute value named ``text`` ("Kiên Giang" → "kien-giang")."""
    return slugify(matching_key(text))


def _lower_words(text: str) -> str:
    """Lower-case NFC text with punctuation as single spaces, diacritics kept, padded."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return " " + " ".join(_WORDS.sub(" ", lowered).split()) + " "


def glossary_entries(*texts: str) -> list[Entry]:
    """The glossary entries whose Vietnamese words occur, as whole words, in ``texts``."""
    padded = "".join(_lower_words(t) for t in texts)
    return [e for e in GLOSSARY if any(f" {word} " in padded for word in e.vi)]


def build_row(product: OcopProduct, certificate: Certificate | None) -> IndexRow | None:
    """The index row of ``product``, or None when it cannot be found (not in Saleor, no rating)."""
    if not product.saleor_product_id or certificate is None:
        return None
    content = product.content or {}
    producer = product.producer
    translations = content.get("translations") or {}
    names = {"vi": product.name}
    for language, texts in translations.items():
        name = (texts or {}).get("name") or ""
        if name and language in LANGUAGES:
            names[language] = name
    entries = glossary_entries(product.name, certificate.subgroup)
    group = certificate.group
    terms: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for language in LANGUAGES:
        if language in names:
            terms[language].append(names[language])
        for entry in entries:
            terms[language].extend(entry.terms(language))
        terms[language].extend(group_names(group, language))
    name_keys = tuple(dict.fromkeys(k for k in (matching_key(n) for n in names.values()) if k))
    related = [producer.name] + [t for e in entries for lang in LANGUAGES for t in e.terms(lang)]
    context = [
        certificate.subgroup,
        producer.commune,
        producer.district,
        content.get("commune") or "",
        product.province,
        *(name for lang in LANGUAGES for name in group_names(group, lang)),
    ]
    valid = certificate.status == Certificate.Status.ACTIVE
    return IndexRow(
        product_id=product.pk,
        saleor_product_id=product.saleor_product_id,
        name=product.name,
        stars=certificate.stars,
        valid_until=certificate.valid_until if valid else None,
        province_slug=slug_key(product.province),
        group_slug=slug_key(GROUP_LABELS.get(group, group)),
        producer_slug=slug_key(producer.name),
        name_keys=name_keys,
        language_terms={lang: matching_key(" ".join(t)) for lang, t in terms.items() if t},
        names_text=" ".join(name_keys),
        related_text=matching_key(" ".join(related)),
        context_text=matching_key(" ".join(context)),
        listed_at=product.created_at,
        listed_on=ocop_today(product.created_at),
    )


def _rows(products: Iterable[OcopProduct]) -> Iterator[IndexRow]:
    batch: list[OcopProduct] = []
    for product in products:
        batch.append(product)
        if len(batch) >= BATCH:
            yield from _rows_of_batch(batch)
            batch = []
    if batch:
        yield from _rows_of_batch(batch)


def _rows_of_batch(products: list[OcopProduct]) -> Iterator[IndexRow]:
    current = {
        c.product_id: c
        for c in Certificate.objects.current()
        .filter(product__in=[p.pk for p in products])
        .order_by("product_id", "-decided_on", "-id")
        .distinct("product_id")
    }
    for product in products:
        row = build_row(product, current.get(product.pk))
        if row is not None:
            yield row


def _products() -> Iterable[OcopProduct]:
    return (
        OcopProduct.objects.exclude(saleor_product_id="")
        .select_related("producer")
        .only(
            "id",
            "saleor_product_id",
            "name",
            "province",
            "content",
            "producer__name",
            "producer__commune",
            "producer__district",
            "created_at",
        )
        .order_by("id")
        .iterator(chunk_size=BATCH)
    )


_STAGE = """
CREATE TEMPORARY TABLE search_stage (
    product_id bigint, saleor_product_id text, name text, stars smallint, valid_until date,
    province_slug text, group_slug text, producer_slug text, name_keys text[],
    language_terms jsonb, names_text text, related_text text, context_text text,
    listed_at timestamptz, listed_on date
) ON COMMIT DROP
"""
_FROM_STAGE = """
INSERT INTO search_searchentry (
    product_id, saleor_product_id, name, stars, valid_until, province_slug, group_slug,
    producer_slug, name_keys, language_terms, listed_at, listed_on, document, indexed_at
)
SELECT product_id, saleor_product_id, name, stars, valid_until, province_slug, group_slug,
    producer_slug, name_keys, language_terms, listed_at, listed_on,
       setweight(to_tsvector('simple', names_text), 'A')
       || setweight(to_tsvector('simple', related_text), 'B')
       || setweight(to_tsvector('simple', context_text), 'C'),
       now()
FROM search_stage
"""
_VOCABULARY = """
INSERT INTO search_searchword (word)
SELECT word FROM ts_stat($$SELECT document FROM search_searchentry{where}$$)
ON CONFLICT DO NOTHING
"""


def batched(items: Iterable[IndexRow], size: int) -> Iterator[list[IndexRow]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _write(rows: Iterable[IndexRow]) -> int:
    """Copy ``rows`` into the staging table and index them; the caller removes old rows first.

    Rows are copied a batch at a time: building a batch reads the registry, which cannot happen
    on the connection while a COPY is in progress.
    """
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(_STAGE)
        for batch in batched(rows, BATCH):
            with cursor.copy("COPY search_stage FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(
                        (
                            row.product_id,
                            row.saleor_product_id,
                            row.name,
                            row.stars,
                            row.valid_until,
                            row.province_slug,
                            row.group_slug,
                            row.producer_slug,
                            list(row.name_keys),
                            json.dumps(row.language_terms, ensure_ascii=False),
                            row.names_text,
                            row.related_text,
                            row.context_text,
                            row.listed_at,
                            row.listed_on,
                        )
                    )
            count += len(batch)
        cursor.execute(_FROM_STAGE)
        cursor.execute("DROP TABLE search_stage")
    return count


@dataclass(frozen=True)
class RebuildReport:
    products: int
    words: int
    seconds: float


def rebuild() -> RebuildReport:
    """Index every registry product afresh, in one transaction (searches see old or new)."""
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry")
            cursor.execute("DELETE FROM search_searchword")
        count = _write(_rows(_products()))
        with connection.cursor() as cursor:
            cursor.execute(_VOCABULARY.format(where=""))
    report = RebuildReport(count, SearchWord.objects.count(), time.perf_counter() - started)
    logger.info(
        "search index rebuilt: %d products, %d words in %.2f s",
        report.products,
        report.words,
        report.seconds,
    )
    return report


def refresh(product_ids: Iterable[int]) -> int:
    """Re-index these registry products (ids of OcopProduct); drop those no longer findable."""
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    with transaction.atomic():
        SearchEntry.objects.filter(product_id__in=ids).delete()
        products = (
            OcopProduct.objects.filter(pk__in=ids).exclude(saleor_product_id="")
        ).select_related("producer")
        count = _write(_rows(products))
        with connection.cursor() as cursor:
            # New words only: a word nobody uses any more costs nothing but a row.
            placeholder = ",".join(str(int(i)) for i in ids)
            cursor.execute(_VOCABULARY.format(where=f" WHERE product_id IN ({placeholder})"))
    return count


def refresh_saleor_products(saleor_product_ids: Iterable[str]) -> int:
    """Re-index the registry products linked to these Saleor products."""
    ids = list(
        OcopProduct.objects.filter(saleor_product_id__in=list(saleor_product_ids)).values_list(
            "pk", flat=True
        )
    )
    return refresh(ids)


def forget_saleor_products(saleor_product_ids: Iterable[str]) -> int:
    """Drop the rows of Saleor products that were deleted."""
    deleted, _ = SearchEntry.objects.filter(saleor_product_id__in=list(saleor_product_ids)).delete()
    return deleted
