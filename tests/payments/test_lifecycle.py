"""A payment only moves forward, whatever order Stripe's events arrive in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments.lifecycle import RANK, Status, may_move

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("current", "new", "moves"),
    [
        (Status.PENDING, Status.ACTION_REQUIRED, True),
        (Status.ACTION_REQUIRED, Status.PROCESSING, True),
        (Status.PROCESSING, Status.CHARGED, True),
        (Status.AUTHORIZED, Status.CHARGED, True),
        (Status.AUTHORIZED, Status.CANCELED, True),
        (Status.FAILED, Status.CHARGED, True),
        (Status.CHARGED, Status.PROCESSING, False),
        (Status.CHARGED, Status.FAILED, False),
        (Status.CHARGED, Status.CANCELED, False),
        (Status.CANCELED, Status.CHARGED, False),
        (Status.AUTHORIZED, Status.PROCESSING, False),
        (Status.CHARGED, Status.CHARGED, True),
    ],
)
def test_may_move(current, new, moves):
    assert may_move(current, new, last_event_at=T0, event_at=T0 + timedelta(seconds=1)) is moves


def test_between_equal_ranks_the_later_event_wins():
    later, earlier = T0 + timedelta(seconds=5), T0 - timedelta(seconds=5)

    assert may_move(Status.FAILED, Status.ACTION_REQUIRED, last_event_at=T0, event_at=later)
    assert not may_move(Status.FAILED, Status.ACTION_REQUIRED, last_event_at=T0, event_at=earlier)


@given(
    news=st.lists(
        st.tuples(st.sampled_from(list(Status)), st.integers(min_value=0, max_value=100)),
        max_size=12,
    )
)
def test_no_sequence_of_news_moves_a_payment_backwards(news):
    status, last_at = Status.PENDING.value, None
    for new, second in news:
        at = T0 + timedelta(seconds=second)
        if may_move(status, new, last_event_at=last_at, event_at=at):
            assert RANK[new] >= RANK[status]
            if RANK[status] == RANK[Status.CHARGED]:
                assert new == status  # charged and canceled are final
            status, last_at = new, max(filter(None, (last_at, at)))
