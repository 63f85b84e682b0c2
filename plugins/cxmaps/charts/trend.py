"""A measure's trend across periods: a small inline SVG, written by hand like `charts.sparkline`.

No matplotlib: a polyline and a dot per period cost microseconds, and a
scorecard has one per standard. Every text (the title, the description, each
point's hover text) is escaped, and the numbers in it are already written
in the site's language by the caller. Colours are Material's CSS variables,
so the chart follows the light and dark schemes; the status colour comes
from the stylesheet through the ``data-status`` of the chart.

A series of any length draws at most `MAX_POINTS` points (`thin`): the
first, the last (the latest, which decides the status), and the lowest and
highest of each stretch of the series, each at its place in the whole series,
so the line keeps its shape and its extremes. The chart carries
``data-search-exclude``: its hover texts are for the eye, not for Material's
search index. The whole series stays in the measures CSV files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 96.0, 24.0, 3.0
#: The most points a trend draws, whatever the length of its series (two per pixel column or so).
MAX_POINTS = 48


@dataclass(frozen=True)
class Point:
    value: float
    hover: str
    """What the point says on hover: its period, value and sample size, in words."""
    index: int | None = None
    """Its place in the whole series, when the chart draws a thinned one; None: its place among the points."""


def thin(values: Sequence[float], most: int = MAX_POINTS) -> list[int]:
    """The places of the points a chart of `values` draws: all of them, or at most `most` (at least 4).

    The first and the last (the latest, which decides a status) are kept; the
    points between are cut into equal stretches, and each stretch keeps its
    lowest and its highest point, so the series' minimum and maximum are
    always drawn. One pass over the series.
    """
    count = len(values)
    if count <= most:
        return list(range(count))
    stretches = max(1, (most - 2) // 2)
    kept = {0, count - 1}
    inner = count - 2
    for k in range(stretches):
        start, end = 1 + k * inner // stretches, 1 + (k + 1) * inner // stretches
        if start < end:
            stretch = range(start, end)
            kept.add(min(stretch, key=values.__getitem__))
            kept.add(max(stretch, key=values.__getitem__))
    return sorted(kept)


def trend_svg(
    points: Sequence[Point],
    *,
    title: str,
    desc: str,
    target: float | None = None,
    status: str = "",
    length: int = 0,
) -> Markup:
    """The SVG of a series, oldest first; nothing for fewer than two points (a trend needs two).

    `length`: how long the whole series is when `points` are a thinned part of
    it (each with its `Point.index`); points beyond `MAX_POINTS` are thinned here.
    """
    if len(points) > MAX_POINTS:
        kept = thin([p.value for p in points])
        points = [
            Point(points[i].value, points[i].hover, i if points[i].index is None else points[i].index) for i in kept
        ]
    if len(points) < 2:
        return Markup("")
    values = [p.value for p in points] + ([target] if target is not None else [])
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    places = [i if p.index is None else p.index for i, p in enumerate(points)]
    step = (WIDTH - 2 * PAD) / max(length - 1, places[-1], 1)

    def y(v: float) -> float:
        return PAD + (HEIGHT - 2 * PAD) * (high - v) / (high - low)

    xy = [(PAD + i * step, y(p.value)) for i, p in zip(places, points, strict=True)]
    parts = [
        f'<svg class="cx-trend" role="img" data-search-exclude viewBox="0 0 {WIDTH:g} {HEIGHT:g}" width="{WIDTH:g}" height="{HEIGHT:g}"'
        f'{f" data-status={chr(34)}{escape(status)}{chr(34)}" if status else ""} xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
    ]
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line class="cx-trend-target" x1="{PAD:g}" y1="{ty:.1f}" x2="{WIDTH - PAD:g}" y2="{ty:.1f}" '
            'style="stroke: var(--md-default-fg-color--light, #666); stroke-width: 1; stroke-dasharray: 3 2"/>'
        )
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py in xy)
    parts.append(
        f'<polyline points="{line}" style="fill: none; stroke: var(--md-default-fg-color, #222); stroke-width: 1.5"/>'
    )
    for (px, py), point in zip(xy, points, strict=True):
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.2"><title>{escape(point.hover)}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))
