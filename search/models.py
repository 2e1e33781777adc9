"""The product search index: one row per registry product, kept in our PostgreSQL.

Saleor's own search differs between versions (3.21 keeps diacritics in its index) and knows
nothing of the registry's translations or of tourists' words for Vietnamese products, so the
storefront asks this index for the ranked product ids and fetches those products from Saleor.
Rows are derived data: `search_reindex` rebuilds them all from the registry at any time.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from catalog_sync.models import OcopProduct


class SearchEntry(models.Model):
    product = models.OneToOneField(
        OcopProduct, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    saleor_product_id = models.CharField(max_length=100)
    name = models.CharField(max_length=500)  # as the list states it (tie-break order)
    # The current certificate's facts the listing filters on. valid_until is null when the
    # current certificate is revoked: such a product is never found.
    stars = models.PositiveSmallIntegerField()
    valid_until = models.DateField(null=True)
    province_slug = models.CharField(max_length=200, db_index=True)
    group_slug = models.CharField(max_length=200)
    producer_slug = models.CharField(max_length=300)
    # Matching keys (lower case, no diacritics, đ → d) of the product's names in every language.
    name_keys = ArrayField(models.TextField(), default=list)
    # What the product is called in each language (names, glossary words, group names): a
    # match there counts more for a visitor of that language.
    language_terms = models.JSONField(default=dict)
    document = SearchVectorField()
    # When the product entered the shop (the registry product's created_at) and that day in
    # Vietnam: the listings' orders, here so that an index gives a page without sorting them all.
    listed_at = models.DateTimeField()
    listed_on = models.DateField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The certificate's date is in the index too (btree_gin): a search reads only the rows
            # of products valid today, not those of every lapsed certificate
            # (bench/bench_search.py).
            GinIndex(fields=["document", "valid_until"], name="search_entry_document_valid"),
            # A listing's page read in its order (search.query.BROWSE_ORDERS), stopping after
            # the page: a listing of 1,187 products of 7,227 took 7.7 ms sorting them all, 0.4 ms
            # so (bench/bench_storefront.py's registry).
            models.Index(fields=["-listed_on", "name", "product"], name="search_entry_newest"),
            models.Index(fields=["name", "product"], name="search_entry_by_name"),
            models.Index(fields=["-listed_at", "-product"], name="search_entry_recent"),
        ]

    def __str__(self) -> str:
        return self.name


class SearchWord(models.Model):
    """Every word of the index, for typo correction by trigram similarity ("hony" → "honey")."""

    word = models.TextField(primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="search_word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.word
