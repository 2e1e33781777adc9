"""A rejected row as the officer reads it: the sync's reasons are ours, so the known ones are said
in the officer's language (anything else is shown as the sync wrote it)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COLUMNS: Mapping[str, Promise] = {
    "product_name": gettext_lazy("Product name"),
    "producer": gettext_lazy("Producer"),
    "stars": gettext_lazy("Stars"),
    "province": gettext_lazy("Province"),
    "address": gettext_lazy("Address"),
    "decision_number": gettext_lazy("Decision number"),
    "decision_date": gettext_lazy("Decision date"),
    "valid_until": gettext_lazy("Valid until"),
    "group": gettext_lazy("Group"),
    "score": gettext_lazy("Score"),
    "price": gettext_lazy("Price"),
    "stock": gettext_lazy("Stock"),
    "weight_grams": gettext_lazy("Weight"),
    "image_urls": gettext_lazy("Photos"),
}

KINDS: Mapping[str, Promise] = {
    "invalid": gettext_lazy("Not valid"),
    "not_certified": gettext_lazy("Not certified"),
    "duplicate": gettext_lazy("Repeated row"),
    "other_province": gettext_lazy("Another province"),
}


def _rated(m: re.Match[str]) -> str:
    return _("Rated %(stars)s stars: not certified (3 stars or more are).") % {"stars": m[1]}


def _too_many(m: re.Match[str]) -> str:
    return _("%(stars)s stars: the most is 5.") % {"stars": m[1]}


def _future(m: re.Match[str]) -> str:
    return _("The decision date %(day)s is in the future.") % {"day": m[1]}


def _too_early(m: re.Match[str]) -> str:
    return _("The decision date %(day)s is before the OCOP programme began (7 May 2018).") % {
        "day": m[1]
    }


def _duplicate(m: re.Match[str]) -> str:
    return _("The same product with the same decision as row %(row)s.") % {"row": m[1]}


def _other_province(m: re.Match[str]) -> str:
    return _("This row is of %(other)s, not %(province)s: it is left out.") % {
        "other": m[1] if m[1] != "(none)" else _("no province"),
        "province": m[2],
    }


PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"no product name"), lambda m: _("The product name is missing.")),
    (re.compile(r"no producer"), lambda m: _("The producer is missing.")),
    (re.compile(r"no stars"), lambda m: _("The stars are missing.")),
    (re.compile(r"rated (\d+) stars: not certified.*"), _rated),
    (re.compile(r"(\d+) stars: the most is \d+"), _too_many),
    (
        re.compile(r"no decision number:.*"),
        lambda m: _("No decision number: give it in the list or in the form above."),
    ),
    (
        re.compile(r"no decision date:.*"),
        lambda m: _("No decision date: give it in the list or in the form above."),
    ),
    (re.compile(r"decision date (\S+) is in the future.*"), _future),
    (re.compile(r"decision date (\S+) is before the OCOP programme.*"), _too_early),
    (re.compile(r"duplicate of (?:sheet '.*' )?row (\d+) .*"), _duplicate),
    (re.compile(r"the row is of province (.+), not (.+): refused"), _other_province),
]


@dataclass(frozen=True)
class Problem:
    row: int
    sheet: str
    column: str
    kind: str
    reason: str


def explain(rejected: Mapping[str, object]) -> Problem:
    """One rejected row of a plan (catalog_sync.reporting.plan_as_json) in the user's language."""
    reason = str(rejected.get("reason") or "")
    for pattern, say in PATTERNS:
        if match := pattern.fullmatch(reason):
            reason = say(match)
            break
    column = str(rejected.get("column") or "")
    kind = str(rejected.get("kind") or "invalid")
    row = rejected.get("row")
    return Problem(
        row=row if isinstance(row, int) else 0,
        sheet=str(rejected.get("sheet") or ""),
        column=str(COLUMNS.get(column, column)),
        kind=str(KINDS.get(kind, kind)),
        reason=reason,
    )


AUDIT_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"new certified product"), lambda m: _("New certified product.")),
    (re.compile(r"re-rated"), lambda m: _("Re-rated.")),
    (re.compile(r"details changed"), lambda m: _("Details changed.")),
    (
        re.compile(r"re-rated from (\d) to (\d) stars"),
        lambda m: (
            _("Re-rated from %(before)s to %(after)s stars.") % {"before": m[1], "after": m[2]}
        ),
    ),
    (re.compile(r"a price arrived: put on sale"), lambda m: _("A price arrived: put on sale.")),
    (
        re.compile(r"certificate expired: valid until (\d{4})-(\d{2})-(\d{2})"),
        lambda m: (
            _("Certificate expired: it was valid until %(day)s.") % {"day": f"{m[3]}/{m[2]}/{m[1]}"}
        ),
    ),
]


def explain_audit(reason: str) -> str:
    """An audit event's reason as the sync wrote it, in the user's language when it is a known
    one (a person's words, such as a revocation's reason, stay as they were written)."""
    for pattern, say in AUDIT_PATTERNS:
        if match := pattern.fullmatch(reason):
            return say(match)
    return reason


AUDIT_ACTIONS: Mapping[str, Promise] = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "hidden": gettext_lazy("hidden"),
    "republished": gettext_lazy("shown again"),
    "revoked": gettext_lazy("revoked"),
    "failed": gettext_lazy("not written"),
    "edited": gettext_lazy("edited by its producer"),
    "shipped": gettext_lazy("shipped"),
}
