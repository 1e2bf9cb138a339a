"""Server-rendered SVG bar charts for any app's statistics.

A chart is for the eye; the table beside it (``bar_chart_table`` gives its
rows) is the accessible version with the same figures. The SVG still has a
``<title>`` and a ``<desc>`` listing every bar, for screen readers that meet
it first. No script: charts print and work everywhere. Colours pass WCAG's
3:1 for graphics against white; text uses ``currentColor``.

Usage in a view::

    chart = bar_chart(
        [(label, count), ...], title=_("Organisations by legal form"),
        chart_id="by-form",
    )

and in a template ``{{ chart.svg }}`` beside a table of ``chart.rows``
(label, value, share).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Each bar has its label on the line above it, so long labels (the spheres of
# the act) fit a phone's width without a label column squeezing the bars.
LABEL_LINE = 26
BAR = 16
GAP = 10
CHART_W = 560
VALUE_W = 60
# Labels longer than this are cut in the chart (the table has them whole).
LABEL_CHARS = 40
COLOUR = "#1d5fa8"


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: int
    share: float  # percent of the total


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    rows: list[ChartRow]
    total: int
    svg: SafeString


def percent(value: float) -> str:
    """ "12,5 %" the Polish way (also readable in English)."""
    return f"{value:.1f}".replace(".", ",") + " %"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    data: list[tuple[str, int]],
    *,
    title: str,
    chart_id: str,
    total: int | None = None,
) -> BarChart:
    """Horizontal bars, one per ``(label, value)``, scaled to the largest,
    each with its value. ``total`` (default: the sum) is what shares are of:
    pass it when one thing may count in several bars (spheres)."""
    total = sum(value for _label, value in data) if total is None else total
    rows = [
        ChartRow(label, value, 100 * value / total if total else 0.0)
        for label, value in data
    ]
    highest = max((row.value for row in rows), default=0) or 1
    bar_w = CHART_W - VALUE_W
    step = LABEL_LINE + BAR + GAP
    height = max(len(rows), 1) * step + GAP
    desc = "; ".join(
        _("%(label)s: %(value)d (%(share)s)")
        % {"label": row.label, "value": row.value, "share": percent(row.share)}
        for row in rows
    ) or _("No data.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" '
        f'viewBox="0 0 {CHART_W} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    y = GAP
    for row in rows:
        width = max(bar_w * row.value / highest, 1 if row.value else 0)
        bar_y = y + LABEL_LINE
        parts.append(
            f'<text x="0" y="{y + LABEL_LINE - 6}" '
            f'class="bar-chart-label">{escape(_short(row.label))}</text>'
            f'<rect x="0" y="{bar_y}" width="{width:.1f}" height="{BAR}" '
            f'fill="{COLOUR}"/>'
            f'<text x="{width + 6:.1f}" y="{bar_y + BAR - 3}" '
            f'class="bar-chart-value">{row.value}</text>'
        )
        y += step
    parts.append("</svg>")
    svg = mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
    return BarChart(chart_id, title, rows, total, svg)
