import json
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_sync.content import content_from_row
from catalog_sync.domain import RowError
from catalog_sync.planner import (
    ActionKind,
    CertStatus,
    KnownCertificate,
    KnownProduct,
    Plan,
    plan_sync,
)
from catalog_sync.validity import default_valid_until, ocop_today
from tests.catalog_sync.builders import feed_row

TODAY = date(2026, 11, 23)


def applied(plan: Plan, registry: dict[str, KnownProduct] | None = None) -> dict[str, KnownProduct]:
    """The registry as it is after ``plan`` was recorded and applied (a model of apply + record)."""
    result = dict(registry or {})
    new_by_key: dict[str, list] = {}
    for row in plan.new_certificates:
        new_by_key.setdefault(row.product_key, []).append(row)
    for action in plan.actions:
        known = result.get(action.product_key)
        certs = list(known.certificates) if known else []
        for row in new_by_key.get(action.product_key, []):
            certs.append(
                KnownCertificate(
                    row.decision_number,
                    row.decided_on,
                    row.valid_until or default_valid_until(row.decided_on, 36),
                    row.stars,
                    CertStatus.ACTIVE,
                )
            )
        if action.revoke:
            certs = [
                replace(c, status=CertStatus.REVOKED, status_reason=action.reason) for c in certs
            ]
        newest = max(certs, key=lambda c: (c.decided_on, c.decision_number), default=None)
        certs = [
            c
            if c is newest or c.status is CertStatus.REVOKED
            else replace(c, status=CertStatus.SUPERSEDED)
            for c in certs
        ]
        shown = known.shown if known else False
        if action.kind in (ActionKind.CREATE, ActionKind.HIDE, ActionKind.REPUBLISH):
            shown = action.show
        applied_hash = known.applied_hash if known else ""
        if action.content is not None and (
            action.update_content or action.kind is ActionKind.CREATE
        ):
            applied_hash = action.content.content_hash()
        content = action.content or (known.content if known else None)
        result[action.product_key] = KnownProduct(
            product_key=action.product_key,
            province_key="kien giang",
            saleor_product_id=(known.saleor_product_id if known else "")
            or f"P-{action.product_key}",
            shown=shown,
            applied_hash=applied_hash,
            content=content,
            certificates=tuple(certs),
        )
    return result


def only(plan: Plan):
    (action,) = plan.actions
    return action


def test_a_new_certified_product_is_created_and_shown():
    plan = plan_sync({}, [feed_row()], TODAY)

    action = only(plan)
    assert action.kind is ActionKind.CREATE
    assert action.show is True
    assert action.content.valid_until == date(2027, 11, 23)
    assert len(plan.new_certificates) == 1


def test_applying_a_plan_then_planning_again_changes_nothing():
    rows = [feed_row(), feed_row("k2", product_name="Tiêu đen", decided_on=date(2020, 1, 1))]
    registry = applied(plan_sync({}, rows, TODAY))

    again = plan_sync(registry, rows, TODAY)

    assert again.counts()["unchanged"] == 2
    assert again.writes == []
    assert again.new_certificates == []


def test_expiry_is_judged_at_midnight_in_vietnam():
    row = feed_row(decided_on=date(2021, 11, 24))  # valid through 2024-11-23
    registry = applied(plan_sync({}, [row], date(2024, 11, 23)))
    last_second = datetime(2024, 11, 23, 16, 59, 59, tzinfo=ZoneInfo("UTC"))  # 23:59:59 in Hanoi
    midnight = datetime(2024, 11, 23, 17, 0, 0, tzinfo=ZoneInfo("UTC"))  # 00:00 on the 24th

    still_valid = plan_sync(registry, [], ocop_today(last_second))
    expired = plan_sync(registry, [], ocop_today(midnight))

    assert only(still_valid).kind is ActionKind.UNCHANGED
    assert only(expired).kind is ActionKind.HIDE
    assert only(expired).reason == "certificate expired: valid until 2024-11-23"


def test_a_renewal_republishes_with_the_new_stars():
    old = feed_row(decided_on=date(2021, 1, 10), decision_number="100/QĐ-UBND", stars=4)
    registry = applied(plan_sync({}, [old], date(2023, 1, 1)))
    registry = applied(plan_sync(registry, [], TODAY), registry)
    assert registry[old.product_key].shown is False

    renewal = feed_row(decided_on=date(2025, 3, 1), decision_number="200/QĐ-UBND", stars=5)
    plan = plan_sync(registry, [renewal], TODAY)

    action = only(plan)
    assert action.kind is ActionKind.REPUBLISH
    assert action.update_content is True
    assert action.content.stars == 5
    assert action.reason == "renewed by decision 200/QĐ-UBND of 2025-03-01"


def test_a_re_rating_can_lower_the_stars():
    first = feed_row(stars=4, decision_number="1/QĐ", decided_on=date(2024, 1, 1))
    registry = applied(plan_sync({}, [first], TODAY))

    lower = feed_row(stars=3, decision_number="2/QĐ", decided_on=date(2025, 1, 1))
    action = only(plan_sync(registry, [lower], TODAY))

    assert action.kind is ActionKind.UPDATE
    assert action.content.stars == 3
    assert action.reason == "re-rated from 4 to 3 stars"


def test_an_older_list_does_not_roll_back_a_re_rating():
    old = feed_row(stars=4, decision_number="1/QĐ", decided_on=date(2024, 1, 1))
    new = feed_row(stars=5, decision_number="2/QĐ", decided_on=date(2025, 1, 1))
    registry = applied(plan_sync({}, [new], TODAY))

    plan = plan_sync(registry, [old], TODAY)

    assert only(plan).kind is ActionKind.UNCHANGED
    assert [r.decision_number for r in plan.new_certificates] == ["1/QĐ"]  # kept as history


def test_a_re_rating_in_the_same_list_takes_the_newest_decision():
    old = feed_row(stars=3, decision_number="1/QĐ", decided_on=date(2024, 1, 1), row_number=2)
    new = feed_row(stars=4, decision_number="2/QĐ", decided_on=date(2025, 1, 1), row_number=3)

    plan = plan_sync({}, [new, old], TODAY)

    assert only(plan).content.stars == 4
    assert len(plan.new_certificates) == 2


def test_a_revoked_certificate_hides_and_the_same_list_cannot_undo_it():
    row = feed_row()
    registry = applied(plan_sync({}, [row], TODAY))
    known = registry[row.product_key]
    registry[row.product_key] = replace(
        known,
        certificates=tuple(
            replace(c, status=CertStatus.REVOKED, status_reason="food-safety violation")
            for c in known.certificates
        ),
    )

    action = only(plan_sync(registry, [row], TODAY))

    assert action.kind is ActionKind.HIDE
    assert action.reason == "certificate revoked: food-safety violation"


def test_absence_from_a_partial_list_hides_nothing():
    registry = applied(plan_sync({}, [feed_row()], TODAY))

    plan = plan_sync(registry, [feed_row("other", product_name="Khác")], TODAY)

    kinds = {a.product_key: a.kind for a in plan.actions}
    assert kinds == {feed_row().product_key: ActionKind.UNCHANGED, "other": ActionKind.CREATE}


def test_an_authoritative_run_treats_absence_as_revocation_and_says_so():
    registry = applied(plan_sync({}, [feed_row()], TODAY))

    plan = plan_sync(
        registry,
        [feed_row("other", product_name="Khác")],
        TODAY,
        authoritative_province_key="kien giang",
        authoritative_province="Kiên Giang",
    )

    hidden = plan.of_kind(ActionKind.HIDE)
    assert [a.product_key for a in hidden] == [feed_row().product_key]
    assert hidden[0].revoke is True
    assert (
        hidden[0].reason == "absent from the authoritative list for Kiên Giang: treated as revoked"
    )
    assert plan.authoritative_province == "Kiên Giang"
    assert (
        plan_sync(
            applied(plan, registry),
            [feed_row("other", product_name="Khác")],
            TODAY,
            authoritative_province_key="kien giang",
            authoritative_province="Kiên Giang",
        ).writes
        == []
    )


def test_a_detail_change_updates_only_that_product():
    rows = [feed_row(), feed_row("k2", product_name="Tiêu đen")]
    registry = applied(plan_sync({}, rows, TODAY))

    plan = plan_sync(
        registry, [feed_row(product_name="Nước mắm Phú Quốc đặc biệt"), rows[1]], TODAY
    )

    assert [(a.kind, a.reason) for a in plan.writes] == [(ActionKind.UPDATE, "details changed")]


def test_a_price_change_alone_writes_nothing():
    registry = applied(plan_sync({}, [feed_row()], TODAY))

    plan = plan_sync(registry, [feed_row(price=None)], TODAY)

    assert plan.writes == []


def test_rejected_rows_are_counted():
    plan = plan_sync({}, [], TODAY, rejected=[RowError(3, "rated 2 stars", kind="not_certified")])

    assert plan.counts()["reject"] == 1


def test_a_list_stated_validity_is_used():
    row = feed_row(valid_until=date(2026, 1, 1))

    assert content_from_row(row, date(2026, 1, 1)).valid_until == date(2026, 1, 1)
    assert only(plan_sync({}, [row], TODAY)).show is False


rows_strategy = st.lists(
    st.builds(
        lambda key, stars, days, number: feed_row(
            f"k{key}",
            stars=stars,
            decided_on=date(2019, 1, 1).fromordinal(date(2019, 1, 1).toordinal() + days),
            decision_number=f"{number}/QĐ",
        ),
        st.integers(0, 5),
        st.integers(3, 5),
        st.integers(0, 2800),
        st.integers(1, 4),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(first=rows_strategy, second=rows_strategy, day=st.integers(0, 3000))
def test_planning_after_applying_yields_nothing_to_do(first, second, day):
    today = date.fromordinal(date(2019, 1, 1).toordinal() + day)
    registry = applied(plan_sync({}, _dedupe(first), today))
    registry = applied(plan_sync(registry, _dedupe(second), today), registry)

    again = plan_sync(registry, _dedupe(second), today)

    assert again.writes == []


def _dedupe(rows):
    seen, unique = set(), []
    for row in rows:
        if (row.product_key, row.decision_number) not in seen:
            seen.add((row.product_key, row.decision_number))
            unique.append(row)
    return unique


def as_recorded(registry: dict[str, KnownProduct]) -> dict[str, KnownProduct]:
    """The registry as load_registry gives it: each content as its JSON, not decoded."""
    return {
        key: replace(
            known,
            content=None,
            content_json=json.dumps(known.content.to_json() if known.content else {}).encode(),
        )
        for key, known in registry.items()
    }


def test_a_recorded_content_is_decoded_only_for_products_whose_plan_needs_it():
    listed = feed_row()
    unlisted = feed_row("k2", product_name="Tiêu đen", decided_on=date(2021, 11, 24))
    registry = as_recorded(applied(plan_sync({}, [listed, unlisted], date(2024, 11, 1))))

    plan = plan_sync(registry, [listed], date(2024, 11, 24))  # the unlisted one has lapsed

    kinds = {a.product_key: a.kind for a in plan.actions}
    assert kinds == {listed.product_key: ActionKind.UNCHANGED, "k2": ActionKind.HIDE}
    hidden = next(a for a in plan.actions if a.product_key == "k2")
    assert hidden.content is not None
    assert hidden.content.name == "Tiêu đen"
    assert "recorded" not in vars(registry[listed.product_key])  # its hash told: not decoded
    assert "recorded" in vars(registry["k2"])


def test_an_older_list_keeps_the_recorded_content_when_the_registry_holds_json():
    newer = feed_row(decision_number="2/QĐ", decided_on=date(2025, 1, 1), product_name="Mới")
    older = replace(newer, decision_number="1/QĐ", decided_on=date(2022, 1, 1), product_name="Cũ")
    registry = as_recorded(applied(plan_sync({}, [newer], TODAY)))

    plan = plan_sync(registry, [older], TODAY)

    assert only(plan).kind is ActionKind.UNCHANGED
    recorded = registry[newer.product_key].recorded
    assert recorded is not None
    assert recorded.name == "Mới"
    assert [r.decision_number for r in plan.new_certificates] == ["1/QĐ"]
