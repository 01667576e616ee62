"""Charts drawn on the server as SVG: no chart library, no script, nothing from a CDN. The
result is an inline <svg> with a <title> and a text per bar, so that it reads without colour
and a screen reader announces it. Every label is escaped."""

from django.utils.html import format_html, format_html_join

from .formatting import percent

BAR_HEIGHT = 16
GAP = 10
LABEL_WIDTH = 60
CHART_WIDTH = 600
VALUE_WIDTH = 60
COLOURS = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1")


def percent_bars(title, groups, series):
    """Horizontal bars in per cent: `groups` is [(label, [value per series])], `series` the
    names of the series (at most four, coloured in turn); None values draw no bar."""
    per_group = len(series) * BAR_HEIGHT + GAP
    legend_height = 24
    height = legend_height + per_group * len(groups) + GAP
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [_legend(series)]
    for index, (label, values) in enumerate(groups):
        top = legend_height + index * per_group
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="12" dominant-baseline="middle">{}</text>',
                top + len(series) * BAR_HEIGHT / 2,
                label,
            )
        )
        for number, value in enumerate(values):
            parts.append(_bar(top + number * BAR_HEIGHT, value, plot, number, series[number]))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="report-chart" '
        'viewBox="0 0 {} {}" width="{}" preserveAspectRatio="xMinYMin meet">'
        "<title>{}</title>{}</svg>",
        CHART_WIDTH,
        height,
        CHART_WIDTH,
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def _bar(top, value, plot, number, name):
    colour = COLOURS[number % len(COLOURS)]
    width = 0 if value is None else max(float(value), 0) / 100 * plot
    return format_html(
        '<g><title>{}: {}</title><rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="11" dominant-baseline="middle">{}</text></g>',
        name,
        percent(value),
        LABEL_WIDTH,
        top + 1,
        f"{width:.1f}",
        BAR_HEIGHT - 2,
        colour,
        f"{LABEL_WIDTH + width + 4:.1f}",
        top + BAR_HEIGHT / 2,
        percent(value),
    )


def _legend(series):
    return format_html_join(
        "",
        '<rect x="{}" y="4" width="12" height="12" fill="{}"></rect>'
        '<text x="{}" y="10" font-size="12" dominant-baseline="middle">{}</text>',
        (
            (LABEL_WIDTH + i * 180, COLOURS[i % len(COLOURS)], LABEL_WIDTH + i * 180 + 16, name)
            for i, name in enumerate(series)
        ),
    )
