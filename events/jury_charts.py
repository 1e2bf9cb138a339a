"""Server-rendered SVG charts of the public jury page: each feature's values,
the population's share beside the panel's, and the spread of selection
probabilities. Each chart has a title and a description for screen readers
and sits beside a table with the same numbers (the table is the accessible
version; the chart is for the eye). No script, so they print and work
everywhere."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR = 14
GAP = 6
LABEL_W = 150
CHART_W = 520
POPULATION = "#8a8f98"
PANEL = "#1d5fa8"


def _percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def composition_svg(row, *, panel_total: int, chart_id: str) -> SafeString:
    """Paired bars per value of one feature (``selectors.jury.StratumRow``):
    the population's share and, once drawn, the panel's."""
    values = row.values
    bar_w = CHART_W - LABEL_W - 70
    height = len(values) * (2 * BAR + GAP + 8) + 30
    title = _("%(feature)s: population and panel") % {"feature": row.stratum.name}
    desc_parts = []
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="jury-chart" '
        f'viewBox="0 0 {CHART_W} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    y = 4
    for value_row in values:
        population = float(value_row.value.population_share)
        panel = 100 * value_row.panel / panel_total if panel_total else 0
        desc_parts.append(
            _("%(value)s: population %(population)s, panel %(panel)s")
            % {
                "value": value_row.value.name,
                "population": _percent(population),
                "panel": _percent(panel),
            }
        )
        label_y = y + BAR + 3
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{label_y}" text-anchor="end" '
            f'class="jury-chart-label">{escape(value_row.value.name)}</text>'
        )
        for offset, share, colour in ((0, population, POPULATION), (BAR, panel, PANEL)):
            width = max(bar_w * share / 100, 1)
            parts.append(
                f'<rect x="{LABEL_W}" y="{y + offset}" width="{width:.1f}" '
                f'height="{BAR - 2}" fill="{colour}"/>'
                f'<text x="{LABEL_W + width + 4:.1f}" y="{y + offset + BAR - 4}" '
                f'class="jury-chart-value">{_percent(share)}</text>'
            )
        y += 2 * BAR + GAP + 8
    legend_y = height - 8
    population_label, panel_label = escape(_("population")), escape(_("panel"))
    parts.append(
        f'<rect x="{LABEL_W}" y="{legend_y - 10}" width="12" height="12" '
        f'fill="{POPULATION}"/>'
        f'<text x="{LABEL_W + 16}" y="{legend_y}" class="jury-chart-label">'
        f"{population_label}</text>"
        f'<rect x="{LABEL_W + 120}" y="{legend_y - 10}" width="12" height="12" '
        f'fill="{PANEL}"/>'
        f'<text x="{LABEL_W + 136}" y="{legend_y}" class="jury-chart-label">'
        f"{panel_label}</text>"
    )
    parts.insert(
        2, f'<desc id="{chart_id}-desc">{escape("; ".join(desc_parts))}.</desc>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def probability_svg(probabilities: list[float], *, chart_id: str) -> SafeString:
    """A histogram of the pool's selection probabilities, in ten bands of
    percentage points from 0 to the highest."""
    if not probabilities:
        return mark_safe("")
    top = max(probabilities) or 1.0
    bands = 10
    counts = [0] * bands
    for p in probabilities:
        counts[min(int(p / top * bands), bands - 1)] += 1
    height, base = 200, 170
    width = CHART_W
    slot = (width - 60) / bands
    highest = max(counts) or 1
    title = _("Selection probabilities of the pool")
    desc = "; ".join(
        _("%(low)s–%(high)s: %(count)d people")
        % {
            "low": _percent(100 * top * n / bands),
            "high": _percent(100 * top * (n + 1) / bands),
            "count": count,
        }
        for n, count in enumerate(counts)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="jury-chart" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}.</desc>',
        f'<line x1="40" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#333"/>',
    ]
    for n, count in enumerate(counts):
        bar_h = (base - 20) * count / highest
        x = 40 + n * slot
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{base - bar_h:.1f}" width="{slot - 4:.1f}" '
            f'height="{bar_h:.1f}" fill="{PANEL}"/>'
        )
        if count:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{base - bar_h - 4:.1f}" '
                f'text-anchor="middle" class="jury-chart-value">{count}</text>'
            )
    for n in (0, bands // 2, bands):
        parts.append(
            f'<text x="{40 + n * slot:.1f}" y="{base + 18}" text-anchor="middle" '
            f'class="jury-chart-label">{_percent(100 * top * n / bands)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
