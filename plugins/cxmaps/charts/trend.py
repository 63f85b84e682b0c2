"""A measure's trend across periods: a small inline SVG, written by hand like `charts.sparkline`.

No matplotlib: a polyline and a dot per period cost microseconds, and a
scorecard has one per standard. Every text (the title, the description, each
point's hover text) is escaped, and the numbers in it are already written
in the site's language by the caller. Colours are Material's CSS variables,
so the chart follows the light and dark schemes; the status colour comes
from the stylesheet through the ``data-status`` of the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 96.0, 24.0, 3.0


@dataclass(frozen=True)
class Point:
    value: float
    hover: str
    """What the point says on hover: its period, value and sample size, in words."""


def trend_svg(
    points: Sequence[Point], *, title: str, desc: str, target: float | None = None, status: str = ""
) -> Markup:
    """The SVG of a series, oldest first; nothing for fewer than two points (a trend needs two)."""
    if len(points) < 2:
        return Markup("")
    values = [p.value for p in points] + ([target] if target is not None else [])
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    step = (WIDTH - 2 * PAD) / (len(points) - 1)

    def y(v: float) -> float:
        return PAD + (HEIGHT - 2 * PAD) * (high - v) / (high - low)

    xy = [(PAD + i * step, y(p.value)) for i, p in enumerate(points)]
    parts = [
        f'<svg class="cx-trend" role="img" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" width="{WIDTH:g}" height="{HEIGHT:g}"'
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
