"""The SVG chart: an image with a title and description, two bars per day, text escaped."""

from __future__ import annotations

import re
from decimal import Decimal

from reports.chart import Bar, bar_chart, nice_ceiling


def test_each_day_has_a_bar_now_and_a_bar_before_with_a_tooltip():
    bars = [Bar("1/12", 3, 0, "1/12: 3"), Bar("2/12", 0, 1, "2/12: 0"), Bar("3/12", 5, 2, "x")]

    svg = bar_chart(bars, chart_id="units", title="Units & days", description="<b>desc</b>")

    assert svg.startswith('<div class="report-chart-frame"><svg class="report-chart-axis"')
    assert '<svg class="report-chart" id="units"' in svg
    assert 'role="img" aria-labelledby="units-title units-desc"' in svg
    assert '<title id="units-title">Units &amp; days</title>' in svg
    assert '<desc id="units-desc">&lt;b&gt;desc&lt;/b&gt;</desc>' in svg
    assert len(re.findall(r'class="bar bar-now"', svg)) == 3
    assert len(re.findall(r'class="bar bar-before"', svg)) == 3
    assert svg.count('fill="url(#units-hatch)"') == 3  # the previous period is hatched
    assert [m for m in re.findall(r'class="day"[^>]*>([^<]+)<', svg)] == ["1/12", "2/12", "3/12"]


def test_the_tallest_bar_reaches_a_round_top():
    svg = bar_chart([Bar("1", 7, 3, "")], chart_id="c", title="t", description="d")

    heights = [float(h) for h in re.findall(r'class="bar bar-\w+"[^>]*height="([\d.]+)"', svg)]
    assert heights[0] == max(heights)
    assert nice_ceiling(7) == (8.0, 2.0)
    assert nice_ceiling(0) == (1.0, 1.0)
    assert (
        nice_ceiling(4_900_000) == (5_000_000.0, 1_250_000.0)
        or nice_ceiling(4_900_000)[0] >= 4_900_000
    )


def test_many_days_keep_the_labels_readable():
    bars = [Bar(f"{n}/12", n, Decimal(n) / 2, "") for n in range(1, 31)]

    svg = bar_chart(bars, chart_id="c", title="t", description="d")

    assert len(re.findall(r'class="day"', svg)) == 10
    assert 'class="value"' not in svg  # the values are in the table beside it
