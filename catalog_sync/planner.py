"""The sync's plan: a pure function of (registry, feed, today) → what to do in Saleor.

No database, no network: the planner compares what the lists say (merged with what the registry
already holds) with what the project last wrote to Saleor, product by product:

    create     the product is not in Saleor yet
    update     its texts or OCOP facts changed (only what the sync owns), or Saleor holds it in
               an older product shape (saleor_api.blueprint.SHAPE)
    hide       its certificate expired or was revoked (or, in an authoritative run, it is absent)
    republish  it is hidden but certified again (renewed)
    unchanged  nothing to write
    reject     the row was not imported (see RowError)

Applying a plan and planning again with the same inputs yields only `unchanged` actions.
"""

from __future__ import annotations

import enum
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from catalog_sync.batch import cyclic_gc_paused
from catalog_sync.content import ProductContent, content_from_json, content_from_row
from catalog_sync.domain import CertStatus, FeedRow, RowError
from catalog_sync.validity import default_valid_until, is_valid_on
from saleor_api.blueprint import SHAPE


class ActionKind(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    HIDE = "hide"
    REPUBLISH = "republish"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass(frozen=True)
class KnownCertificate:
    decision_number: str
    decided_on: date
    valid_until: date
    stars: int
    status: CertStatus
    status_reason: str = ""


@dataclass(frozen=True)
class KnownProduct:
    """A registry product as the planner needs it."""

    product_key: str
    province_key: str
    saleor_product_id: str
    shown: bool
    applied_hash: str
    content: ProductContent | None  # from the registry's current certificate (see ``recorded``)
    certificates: tuple[KnownCertificate, ...] = ()
    # The registry's JSON of that content (UTF-8), when ``content`` was not decoded: a rerun
    # of a national list needs the content of almost no product it lists (their hashes tell).
    content_json: bytes = field(default=b"", repr=False, compare=False)
    saleor_shape: int = SHAPE  # the product shape last written to Saleor
    removed_from_saleor: bool = False  # staff deleted it in Saleor: not created again

    @cached_property
    def recorded(self) -> ProductContent | None:
        """The registry's content of the product, decoded from ``content_json`` when first read."""
        if self.content is not None or not self.content_json:
            return self.content
        return content_from_json(json.loads(self.content_json))

    def current(self) -> KnownCertificate | None:
        live = [c for c in self.certificates if c.status is not CertStatus.SUPERSEDED]
        return max(live, key=lambda c: (c.decided_on, c.decision_number), default=None)


@dataclass(frozen=True)
class PlannedAction:
    kind: ActionKind
    product_key: str
    reason: str
    content: ProductContent | None = None
    saleor_product_id: str = ""
    show: bool = False  # the visibility the product must have after the action
    update_content: bool = False
    revoke: bool = False  # authoritative absence: revoke the current certificate in the registry
    stars_before: int | None = None

    @property
    def writes(self) -> bool:
        return self.kind not in (ActionKind.UNCHANGED, ActionKind.REJECT)


@dataclass
class Plan:
    as_of: date
    actions: list[PlannedAction] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    new_certificates: list[FeedRow] = field(default_factory=list)
    authoritative_province: str = ""

    def counts(self) -> dict[str, int]:
        counted = Counter(a.kind.value for a in self.actions)
        counted[ActionKind.REJECT.value] = len(self.rejected)
        return {kind.value: counted.get(kind.value, 0) for kind in ActionKind}

    @property
    def writes(self) -> list[PlannedAction]:
        return [a for a in self.actions if a.writes]

    def of_kind(self, kind: ActionKind) -> list[PlannedAction]:
        return [a for a in self.actions if a.kind is kind]


def certificate_valid_until(row: FeedRow, validity_months: int) -> date:
    return row.valid_until or default_valid_until(row.decided_on, validity_months)


@cyclic_gc_paused()
def plan_sync(
    registry: Mapping[str, KnownProduct],
    rows: Iterable[FeedRow],
    today: date,
    *,
    validity_months: int = 36,
    rejected: Iterable[RowError] = (),
    authoritative_province_key: str = "",
    authoritative_province: str = "",
    seen_product_keys: Iterable[str] = (),
) -> Plan:
    """``seen_product_keys``: products the list names in rows that were rejected; an
    authoritative run never treats them as absent (only rows read and valid decide absence)."""
    seen = set(seen_product_keys)
    plan = Plan(
        as_of=today,
        rejected=list(rejected),
        authoritative_province=authoritative_province,
    )
    by_key: dict[str, list[FeedRow]] = defaultdict(list)
    for row in rows:
        by_key[row.product_key].append(row)

    for key, product_rows in by_key.items():
        known = registry.get(key)
        plan.new_certificates.extend(_new_certificates(product_rows, known))
        plan.actions.append(_plan_listed(key, product_rows, known, today, validity_months))

    for key, known in registry.items():
        if key in by_key:
            continue
        absent = (
            bool(authoritative_province_key)
            and known.province_key == authoritative_province_key
            and key not in seen
        )
        plan.actions.append(_plan_unlisted(known, today, absent, authoritative_province))

    plan.actions.sort(key=lambda a: (a.kind, a.product_key))  # a StrEnum sorts as its value
    return plan


def _new_certificates(rows: list[FeedRow], known: KnownProduct | None) -> list[FeedRow]:
    """The rows whose decision the registry does not hold yet (the first row of each)."""
    known_decisions = {c.decision_number for c in known.certificates} if known else set()
    new = []
    for row in rows:
        if row.decision_number not in known_decisions:
            new.append(row)
            known_decisions.add(row.decision_number)
    return new


def _plan_listed(
    key: str,
    rows: list[FeedRow],
    known: KnownProduct | None,
    today: date,
    validity_months: int,
) -> PlannedAction:
    latest_row = max(rows, key=lambda r: (r.decided_on, r.decision_number, r.row_number))
    current = known.current() if known else None
    if (
        known is not None
        and current is not None
        and (
            (latest_row.decided_on, latest_row.decision_number)
            < (current.decided_on, current.decision_number)
        )
        and known.recorded is not None
    ):
        # An older list: its rows are history; the registry's certificate stays current.
        return _decide(key, known, known.recorded, current, today, renewed=False)

    content = content_from_row(latest_row, certificate_valid_until(latest_row, validity_months))
    same_decision = current is not None and current.decision_number == latest_row.decision_number
    return _decide(
        key,
        known,
        content,
        current if same_decision else None,
        today,
        renewed=current is not None and not same_decision,
        stars_before=current.stars if current else None,
    )


def _plan_unlisted(known: KnownProduct, today: date, absent: bool, province: str) -> PlannedAction:
    current = known.current()
    if current is None or known.recorded is None:
        return PlannedAction(ActionKind.UNCHANGED, known.product_key, "no certificate on record")
    if absent and current.status is not CertStatus.REVOKED:
        return PlannedAction(
            ActionKind.HIDE if known.saleor_product_id else ActionKind.UNCHANGED,
            known.product_key,
            f"absent from the authoritative list for {province}: treated as revoked",
            content=known.recorded,
            saleor_product_id=known.saleor_product_id,
            revoke=True,
        )
    return _decide(known.product_key, known, known.recorded, current, today, renewed=False)


def _decide(
    key: str,
    known: KnownProduct | None,
    content: ProductContent,
    recorded: KnownCertificate | None,
    today: date,
    *,
    renewed: bool,
    stars_before: int | None = None,
) -> PlannedAction:
    """The action for one product whose desired content is ``content``; ``recorded`` is the
    registry's certificate for the same decision, whose status (revoked) the list cannot undo."""
    revoked = recorded is not None and recorded.status is CertStatus.REVOKED
    show = is_valid_on(content.valid_until, today) and not revoked
    if revoked:
        assert recorded is not None  # noqa: S101 - narrowing for the type checker
        why = f": {recorded.status_reason}" if recorded.status_reason else ""
        hide_reason = f"certificate revoked{why}"
    else:
        hide_reason = f"certificate expired: valid until {content.valid_until.isoformat()}"

    def action(kind: ActionKind, reason: str, update_content: bool) -> PlannedAction:
        return PlannedAction(
            kind,
            key,
            reason,
            content=content,
            saleor_product_id=known.saleor_product_id if known else "",
            show=show,
            update_content=update_content,
            stars_before=stars_before,
        )

    if known is not None and known.removed_from_saleor:
        return PlannedAction(
            ActionKind.UNCHANGED,
            key,
            "deleted in Saleor by staff: left out until listed again",
            show=show,
        )
    if known is None or not known.saleor_product_id:
        reason = "new certified product" if show else f"new product, not shown: {hide_reason}"
        return action(ActionKind.CREATE, reason, True)

    # Saleor holds it in an older shape: rewritten like a change (the sync migrates itself)
    reshape = known.saleor_shape < SHAPE
    changed = not content.matches(known.applied_hash) or reshape
    if show and not known.shown:
        reason = (
            f"renewed by decision {content.decision_number} of {content.decided_on.isoformat()}"
            if renewed
            else "certificate valid again"
        )
        return action(ActionKind.REPUBLISH, reason, changed)
    if not show and known.shown:
        return action(ActionKind.HIDE, hide_reason, changed)
    if changed:
        reason = "re-rated" if renewed else "details changed"
        if stars_before is not None and stars_before != content.stars:
            reason = f"re-rated from {stars_before} to {content.stars} stars"
        elif content.priced and known.recorded is not None and not known.recorded.priced:
            reason = "a price arrived: put on sale"
        elif reshape and content.matches(known.applied_hash):
            reason = "rewritten in the shop's new product shape"
        return action(ActionKind.UPDATE, reason, True)
    # Nothing to write: the action keeps no content (a national rerun plans 50,000 of these).
    return PlannedAction(ActionKind.UNCHANGED, key, "up to date", show=show)
