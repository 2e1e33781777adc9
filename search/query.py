"""Searching the index: a visitor's words → the ranked Saleor ids of the products shown today.

The query is normalised like the index (no diacritics, đ → d), so "nuoc mam" is "Nước mắm".
Each word must match (prefix for the last one, as the visitor may still be typing); a word the
index does not know is replaced by the nearest words it knows (trigram similarity: "hony" →
"honey", "quok" → "quoc"); a Chinese, Korean or Japanese query is read through the glossary
("蜂蜜" → mật ong). When no product has every word, products with any of them are listed.

Ranking: the query is a product's name (in any language) > a phrase in its name > every word in
its names > in its producer or glossary words > in its groups and places, with a bonus for a
match in the visitor's language; between equal matches more stars first, then the full-text
rank, then the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from catalog_sync.normalise import matching_key
from saleor_api.catalogue import Filters
from search.glossary import GLOSSARY, LANGUAGES

MAX_WORDS = 10
MIN_CORRECTED_LENGTH = 3  # shorter words are not corrected, nor corrected to (too many near)
SIMILARITY_MARGIN = 0.15  # keep corrections this close to the best one


@dataclass(frozen=True)
class Concept:
    """One thing the visitor asked for: any of its alternatives (each a phrase of words)."""

    alternatives: tuple[tuple[str, ...], ...]
    correctable: bool = False  # a Latin word the vocabulary may correct
    # The visitor's own Latin word, which they may still be typing (matched as a prefix when
    # last). Words the index put in its place (a correction, a glossary phrase) are whole words:
    # "hony" → "honey", not every word starting "ho"; 茶 → "tra", not "tran".
    typed: bool = False


@dataclass(frozen=True)
class SearchPage:
    saleor_product_ids: tuple[str, ...]
    total: int | None  # None: not counted with the page (a listing: count_products counts)
    offset: int
    limit: int
    more: bool = False  # whether products follow the page (said when total is None)

    @property
    def next_offset(self) -> int | None:
        following = self.offset + self.limit
        more = self.more if self.total is None else following < self.total
        return following if more else None


EMPTY = SearchPage((), 0, 0, 0)


def _is_latin(word: str) -> bool:
    return word.isascii()


def _cjk_terms() -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """(normalised CJK/Hangul term, the Vietnamese phrases it stands for), longest first."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for entry in GLOSSARY:
        vi = {tuple(matching_key(word).split()) for word in entry.vi}
        for language in ("zh", "ko", "ja"):
            for term in entry.terms(language):
                for piece in matching_key(term).split():
                    if not _is_latin(piece):
                        found.setdefault(piece, set()).update(vi)
    return sorted(
        ((term, tuple(sorted(phrases))) for term, phrases in found.items()),
        key=lambda item: -len(item[0]),
    )


_CJK_TERMS = _cjk_terms()


def _cjk_concepts(word: str) -> list[Concept]:
    """Concepts of a word in a script without spaces: the glossary terms it contains."""
    concepts: list[Concept] = []
    rest = word
    for term, phrases in _CJK_TERMS:
        if term in rest:
            concepts.append(Concept(((term,), *phrases)))
            rest = rest.replace(term, " ")
    if not concepts:
        return [Concept(((word,),))]
    return concepts


def parse(text: str) -> list[Concept]:
    """The concepts of a visitor's query (pure: no database)."""
    concepts: list[Concept] = []
    for word in matching_key(text).split()[:MAX_WORDS]:
        if _is_latin(word):
            correctable = len(word) >= MIN_CORRECTED_LENGTH and not any(c.isdigit() for c in word)
            concepts.append(Concept(((word,),), correctable=correctable, typed=True))
        else:
            concepts.extend(_cjk_concepts(word))
    return concepts


def _vocabulary(words: list[str]) -> dict[str, tuple[bool, bool, list[tuple[str, float]]]]:
    """For each word: known, a prefix of a known word, and the nearest known words (looked
    for only when the word is not known: the trigram search is most of the query's time, 8 ms
    for "mat ong" in a vocabulary of 6,000 words)."""
    if not words:
        return {}
    parts: list[str] = []
    params: list[str | int] = []
    for word in words:
        parts.append(
            "SELECT %s, known, prefix, CASE WHEN known THEN ARRAY[]::text[] ELSE"
            " ARRAY(SELECT word || ' ' || similarity(word, %s)::text FROM search_searchword"
            "  WHERE word %% %s AND length(word) >= %s"
            "  ORDER BY similarity(word, %s) DESC, word LIMIT 3) END"
            " FROM (SELECT EXISTS (SELECT 1 FROM search_searchword WHERE word = %s) AS known,"
            " EXISTS (SELECT 1 FROM search_searchword WHERE word LIKE %s) AS prefix) AS found"
        )
        params.extend([word, word, word, MIN_CORRECTED_LENGTH, word, word, word + "%"])
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    result = {}
    for word, known, prefix, similar in rows:
        pairs = [(w, float(s)) for w, s in (item.rsplit(" ", 1) for item in similar)]
        result[word] = (bool(known), bool(prefix), pairs)
    return result


def correct(concepts: list[Concept]) -> list[Concept]:
    """Replace words the index does not know by their nearest known words."""
    wanted = sorted({c.alternatives[0][0] for c in concepts if c.correctable})
    vocabulary = _vocabulary(wanted)
    corrected = []
    for position, concept in enumerate(concepts):
        if not concept.correctable:
            corrected.append(concept)
            continue
        word = concept.alternatives[0][0]
        known, prefix, similar = vocabulary.get(word, (True, True, []))
        last = position == len(concepts) - 1
        if known or (last and prefix) or not similar:
            corrected.append(concept)
            continue
        best = similar[0][1]
        near = tuple((w,) for w, s in similar if s >= best - SIMILARITY_MARGIN)
        corrected.append(Concept(near))
    return corrected


def tsquery(concepts: list[Concept], *, operator: str = "&", weights: str = "") -> str:
    """A ``to_tsquery('simple', …)`` text: every concept (or any, with ``|``), last as prefix;
    with ``weights`` ("A", "AB") only words of those weights match (the ranking's questions)."""
    parts = []
    for position, concept in enumerate(concepts):
        last = position == len(concepts) - 1
        alternatives = []
        for phrase in concept.alternatives:
            words = [f"'{w}'" + (f":{weights}" if weights else "") for w in phrase]
            if last and concept.typed and len(phrase) == 1 and _is_latin(phrase[0]):
                words[-1] = f"'{phrase[0]}':*{weights}"
            alternatives.append(" <-> ".join(words))
        parts.append("(" + " | ".join(alternatives) + ")")
    return f" {operator} ".join(parts)


_SEARCH = """
WITH q AS (
    SELECT to_tsquery('simple', %(tsquery)s) AS query,
        to_tsquery('simple', %(tsquery_a)s) AS query_a,
        to_tsquery('simple', %(tsquery_ab)s) AS query_ab
)
SELECT e.saleor_product_id, count(*) OVER () AS total
FROM search_searchentry e
JOIN catalog_sync_ocopproduct p ON p.id = e.product_id
CROSS JOIN q
WHERE p.shown AND e.valid_until >= %(today)s AND e.document @@ q.query {filters}
ORDER BY
    (CASE WHEN %(key)s = ANY (e.name_keys) THEN 100 ELSE 0 END)
    + (CASE WHEN EXISTS (
        SELECT 1 FROM unnest(e.name_keys) AS n WHERE ' ' || n || ' ' LIKE %(phrase)s
      ) THEN 40 ELSE 0 END)
    + (CASE WHEN EXISTS (
        SELECT 1 FROM unnest(e.name_keys) AS n WHERE n LIKE %(starts)s
      ) THEN 10 ELSE 0 END)
    + (CASE WHEN ' ' || coalesce(e.language_terms ->> %(language)s, '') || ' '
        LIKE ALL (%(words)s) THEN 10 ELSE 0 END)
    + (CASE WHEN e.document @@ q.query_a THEN 20 ELSE 0 END)
    + (CASE WHEN e.document @@ q.query_ab THEN 10 ELSE 0 END)
    DESC,
    e.stars DESC, ts_rank(e.document, q.query) DESC, e.name, e.product_id
LIMIT %(limit)s OFFSET %(offset)s
"""


# The products a listing shows: shown, certified today, matching the registry facts asked.
_LISTED = """
FROM search_searchentry e
JOIN catalog_sync_ocopproduct p ON p.id = e.product_id
WHERE p.shown AND e.valid_until >= %(today)s {filters}
"""
_BROWSE = (
    "SELECT e.saleor_product_id"
    + _LISTED
    + "ORDER BY {order} LIMIT %(limit)s + 1 OFFSET %(offset)s"
)
_COUNT = "SELECT count(*)" + _LISTED
# The listing's sorts the registry can answer; prices are Saleor's. "Newest" is by the day (in
# Vietnam) a product entered the shop, then by name: a list is imported in one go, and its
# products read better in the order of their names than in that of its rows. Each order has its
# index (search.models.SearchEntry): a page is read in order, not sorted from every product.
BROWSE_ORDERS = {
    "newest": "e.listed_on DESC, e.name, e.product_id",
    "name": "e.name, e.product_id",
    # the home page's latest products: the last ones entered, whatever their names
    "recent": "e.listed_at DESC, e.product_id DESC",
}


def browse_products(
    *,
    today: date,
    filters: Filters | None = None,
    sort: str = "newest",
    offset: int = 0,
    limit: int = 24,
) -> SearchPage:
    """A listing without words: the Saleor ids of the products shown and certified ``today``
    that match the registry facts of ``filters``, newest (or by name) first; whether more
    follow, not how many (``count_products``: a page waits for its ids, not for its count)."""
    params: dict[str, Any] = {"today": today, "limit": limit, "offset": max(offset, 0)}
    sql = _BROWSE.format(
        filters=_filters(filters, params), order=BROWSE_ORDERS.get(sort, BROWSE_ORDERS["newest"])
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = tuple(row[0] for row in cursor.fetchall())
    return SearchPage(ids[:limit], None, offset, limit, more=len(ids) > limit)


def count_products(*, today: date, filters: Filters | None = None) -> int:
    """How many products ``browse_products`` lists with these ``filters`` ``today``."""
    params: dict[str, Any] = {"today": today}
    with connection.cursor() as cursor:
        cursor.execute(_COUNT.format(filters=_filters(filters, params)), params)
        return int(cursor.fetchone()[0])


_RELATED = """
SELECT e.saleor_product_id
FROM search_searchentry this
JOIN catalog_sync_ocopproduct tp ON tp.id = this.product_id AND tp.slug = %(slug)s
JOIN search_searchentry e ON e.group_slug = this.group_slug AND e.product_id <> this.product_id
JOIN catalog_sync_ocopproduct p ON p.id = e.product_id
WHERE p.shown AND e.valid_until >= %(today)s
ORDER BY (e.province_slug = this.province_slug) DESC, e.stars DESC, p.created_at DESC, p.id DESC
LIMIT %(limit)s
"""


def related_products(slug: str, *, today: date, limit: int = 8) -> tuple[str, ...]:
    """The Saleor ids of the products to suggest beside the product of ``slug``: of its OCOP
    group, shown and certified ``today``, those of its province first, then by stars, newest
    first. None when the registry does not know the product."""
    with connection.cursor() as cursor:
        cursor.execute(_RELATED, {"slug": slug, "today": today, "limit": limit})
        return tuple(row[0] for row in cursor.fetchall())


def shown_places_and_groups(
    today: date,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, slug) of the provinces and of the OCOP groups that have a product shown and
    certified ``today``, by name (the home page's chips)."""
    from catalog_sync.content import GROUP_LABELS
    from search.indexer import slug_key

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT p.province, e.province_slug, e.group_slug"
            " FROM search_searchentry e JOIN catalog_sync_ocopproduct p ON p.id = e.product_id"
            " WHERE p.shown AND e.valid_until >= %s AND p.province <> ''",
            [today],
        )
        rows = cursor.fetchall()
    label_of = {slug_key(label): label for label in GROUP_LABELS.values()}
    provinces = sorted({(name, slug) for name, slug, _ in rows})
    groups = sorted({(label_of[g], g) for _, _, g in rows if g in label_of})
    return provinces, groups


def _filters(filters: Filters | None, params: dict[str, Any]) -> str:
    """The listing's registry facts (stars, province, group, producer) as SQL conditions."""
    if filters is None:
        return ""
    sql = []
    if filters.min_stars:
        sql.append("AND e.stars >= %(min_stars)s")
        params["min_stars"] = filters.min_stars
    for name in ("province", "group", "producer"):
        value = getattr(filters, name)
        if value:
            sql.append(f"AND e.{name}_slug = %({name})s")
            params[name] = value
    return " ".join(sql)


def search_products(
    text: str,
    *,
    language: str,
    today: date,
    filters: Filters | None = None,
    offset: int = 0,
    limit: int = 24,
) -> SearchPage:
    """The ranked Saleor product ids matching ``text`` among the products shown ``today``."""
    key = " ".join(matching_key(text).split()[:MAX_WORDS])
    concepts = correct(parse(text))
    if not key or not concepts:
        return SearchPage((), 0, offset, limit)
    language = language.split("-")[0].lower()
    params: dict[str, Any] = {
        "today": today,
        "key": key,
        "phrase": f"% {key} %",
        "starts": f"{key} %",
        "language": language if language in LANGUAGES else "vi",
        "words": [f"% {word} %" for word in key.split()],
        "limit": limit,
        "offset": max(offset, 0),
    }
    sql = _SEARCH.format(filters=_filters(filters, params))
    operators = ["&", "|"] if len(concepts) > 1 else ["&"]
    rows: list[tuple[str, int]] = []
    for operator in operators:
        params["tsquery"] = tsquery(concepts, operator=operator)
        params["tsquery_a"] = tsquery(concepts, operator=operator, weights="A")
        params["tsquery_ab"] = tsquery(concepts, operator=operator, weights="AB")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if rows:
            break
    total = int(rows[0][1]) if rows else 0
    return SearchPage(tuple(r[0] for r in rows), total, offset, limit)
