"""A bar chart drawn on the server as SVG: a figure per day of the window beside the same day of
the previous period.

Horizontal positions are percentages and vertical ones pixels, so the chart fills any width while
its text keeps its size (a phone gets narrower bars, not unreadable labels). It is an image to
assistive technology (``role="img"``, its ``<title>`` and ``<desc>``); the page puts the same
figures in a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HEIGHT = 260
TOP = 18
BOTTOM = 30  # room for the day labels
PLOT = HEIGHT - TOP - BOTTOM
AXIS = 40  # the width of the axis's own SVG, which carries the tick labels
MAX_LABELS = 10  # day labels drawn at most; the table names every day
MAX_VALUES = 10  # above this many days, values are left to the table


@dataclass(frozen=True)
class Bar:
    label: str  # the day, short ("2/12")
    current: Decimal | int
    previous: Decimal | int
    tooltip: str  # the day and both values in words


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the axis at or above ``value``, and its tick step (4 or 5 ticks)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if step < 1 and value >= 1:
        step = 1
    return math.ceil(value / step) * step, step


def _number(value: float) -> str:
    return f"{value:g}"


def _pct(value: float) -> str:
    return f"{value:.3f}%"


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    format_value: Callable[[float], str] = _number,
) -> SafeString:
    """The markup (safe: every text is escaped): the axis's tick labels in a narrow SVG of their
    own (hidden from assistive technology: the chart's description gives the figures), beside
    the chart, so the bars never cover them."""
    top_value, step = nice_ceiling(float(max([0, *(float(b.current) for b in bars),
                                              *(float(b.previous) for b in bars)])))  # fmt: skip
    count = max(1, len(bars))
    group = 100 / count
    bar_width = min(group * 0.38, 9.0)
    label_every = math.ceil(count / MAX_LABELS)

    def y(value: float) -> float:
        return TOP + PLOT - (value / top_value) * PLOT

    axis = [f'<svg class="report-chart-axis" width="{AXIS}" height="{HEIGHT}" aria-hidden="true">']
    parts = [
        f'<svg class="report-chart" id="{escape(chart_id)}" width="100%" height="{HEIGHT}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
        "<defs>"
        f'<pattern id="{escape(chart_id)}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect class="hatch-ground" width="6" height="6"/>'
        '<line class="hatch-line" x1="0" y1="0" x2="0" y2="6" stroke-width="3"/>'
        "</pattern></defs>",
    ]
    tick = 0.0
    while tick <= top_value + 1e-9:
        parts.append(f'<line class="grid" x1="0" x2="100%" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        axis.append(
            f'<text class="tick" x="{AXIS - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{escape(format_value(tick))}</text>"
        )
        tick += step
    axis.append("</svg>")
    for index, bar in enumerate(bars):
        centre = group * (index + 0.5)
        for value, x, kind in (
            (float(bar.current), centre - bar_width - 0.3, "now"),
            (float(bar.previous), centre + 0.3, "before"),
        ):
            height = PLOT * value / top_value
            fill = f' fill="url(#{escape(chart_id)}-hatch)"' if kind == "before" else ""
            parts.append(
                f'<rect class="bar bar-{kind}" x="{_pct(x)}" y="{TOP + PLOT - height:.1f}" '
                f'width="{_pct(bar_width)}" height="{height:.1f}"{fill}>'
                f"<title>{escape(bar.tooltip)}</title></rect>"
            )
            if count <= MAX_VALUES and value > 0:
                parts.append(
                    f'<text class="value" x="{_pct(x + bar_width / 2)}" '
                    f'y="{TOP + PLOT - height - 4:.1f}" text-anchor="middle">'
                    f"{escape(format_value(value))}</text>"
                )
        if index % label_every == 0:
            parts.append(
                f'<text class="day" x="{_pct(centre)}" y="{HEIGHT - 10}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append(f'<line class="axis" x1="0" x2="100%" y1="{TOP + PLOT}" y2="{TOP + PLOT}"/>')
    parts.append("</svg>")
    markup = '<div class="report-chart-frame">' + "".join(axis) + "".join(parts) + "</div>"
    return mark_safe(markup)  # noqa: S308 - every text above is escaped
