"""The emotion curve of the journey canvas, drawn with matplotlib (pure).

The figure is exactly as wide as the canvas' step columns: `COLUMN_PX` per
step, the point of step *i* at ``(i + 0.5) * COLUMN_PX``, one unit of the
SVG per px on screen, so chart text is sized in px. Each persona has a band
of its own (`BAND_PX` tall), stacked in the journey's order: one persona's
curve and gap shading never hide another's, and the bands share the
columns. The scale's levels sit where `canvas.band_top` says, so the
labels of the sticky lane-name column line up with them.

Nothing author-written is drawn as text here (names are HTML around the
chart); the only text is each point's value, a number.

A step's measured emotion (issue 14, from ``measures/``) is a hollow diamond
a fifth of a column right of the lived point, never joined to the others:
what customers said, beside what the authors wrote. Its period and sample
size are in its hover title and the chart's description (maps.py).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..language.i18n import Typography
from .canvas import BAND_PAD_PX, BAND_PX, CHART_FONT_PX, COLUMN_PX

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn: a build from the cache never loads it
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Sentinel colours drawn by matplotlib, replaced by CSS variables in the SVG.
FG, FG_LIGHT, GRID, BG = "#010101", "#020202", "#030303", "#060606"
SERIES = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]
MOMENT = "#8a6d00"
MARKERS = ["o", "s", "D", "^", "v", "P"]
#: Half-width of the shading of a gap whose neighbours have no value to meet.
ISOLATED = 0.2
#: Distance of a value's label from its point, in px (more beside a moment-of-truth star).
LABEL_OFFSET, STAR_OFFSET = 8.0, 10.0
#: The measured emotion's place beside the lived point, in columns (clear of the value's label), and its size.
MEASURED_SHIFT, MEASURED_SIZE = 0.2, 8.0


def plain(text: str) -> str:
    """Chart text is shown literally: no mathtext."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def gap_spans(lived: list[float | None], expected: list[float | None]) -> list[tuple[float, float]]:
    """The x-intervals where lived falls short of expected: the service gap to shade.

    Between two steps the curves are straight lines, so a gap starts or ends
    where they cross; next to a step without both values, the gap extends a
    fifth of a step, so that it stays visible.
    """

    def diff(i: int) -> float | None:
        if 0 <= i < len(lived) and lived[i] is not None and expected[i] is not None:
            return float(lived[i]) - float(expected[i])  # type: ignore[arg-type]
        return None

    spans: list[tuple[float, float]] = []
    for i in range(len(lived)):
        here = diff(i)
        if here is None or here >= 0:
            continue
        before, after = diff(i - 1), diff(i + 1)
        if before is None:
            start = i - ISOLATED
        else:
            start = i - 1 + before / (before - here) if before >= 0 else i - 1.0
        if after is None:
            end = i + ISOLATED
        else:
            end = i + here / (here - after) if after >= 0 else i + 1.0
        if spans and spans[-1][1] >= start:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def build_figure(spec: dict[str, Any]) -> Figure:
    """The curve bands of a journey as a matplotlib figure (separate from SVG output so tests can inspect it)."""
    from matplotlib.figure import Figure

    n, k = len(spec["steps"]), max(len(spec["personas"]), 1)
    fig = Figure(figsize=(n * COLUMN_PX / 72, k * BAND_PX / 72))
    for i, (pid, _name) in enumerate(spec["personas"]):
        ax = fig.add_axes((0, 1 - (i + 1) / k, 1, 1 / k))
        _draw_band(ax, spec, i, pid, last=i == k - 1)
    return fig


def _draw_band(ax: Axes, spec: dict[str, Any], i: int, pid: str, last: bool) -> None:
    steps = spec["steps"]
    low, high = spec["scale"]
    margin = BAND_PAD_PX / (BAND_PX - 2 * BAND_PAD_PX) * (high - low)
    ax.set_xlim(-0.5, len(steps) - 0.5)
    ax.set_ylim(low - margin, high + margin)
    ax.set_axis_off()
    _draw_grid(ax, spec, i, last)
    colour, marker = SERIES[i % len(SERIES)], MARKERS[i % len(MARKERS)]
    xs = list(range(len(steps)))
    lived = [s["lived"].get(pid) for s in steps]
    expected = [s["expected"].get(pid) for s in steps]
    for number, (start, end) in enumerate(gap_spans(lived, expected)):
        _shade(ax, xs, lived, expected, start, end, colour, f"cx-gap-{i}-{number}")
    if any(v is not None for v in expected):
        ax.plot(xs, [math.nan if v is None else v for v in expected], color=colour, linestyle=(0, (4, 3)),
                linewidth=1.6, gid=f"cx-expected-{i}", zorder=3)  # fmt: skip
    ax.plot(xs, [math.nan if v is None else v for v in lived], color=colour, marker=marker, markersize=7,
            linewidth=2.4, gid=f"cx-lived-{i}", zorder=4)  # fmt: skip
    moments = [(x, v) for x, v, s in zip(xs, lived, steps, strict=True) if s["moment"] and v is not None]
    if moments:
        ax.plot(*zip(*moments, strict=True), linestyle="none", marker="*", markersize=17, markerfacecolor="none",
                markeredgecolor=MOMENT, markeredgewidth=1.5, gid=f"cx-moment-{i}", zorder=5)  # fmt: skip
    _draw_values(ax, spec, lived, colour, i)
    _draw_measured(ax, spec, i, pid, colour)


def _draw_measured(ax: Axes, spec: dict[str, Any], i: int, pid: str, colour: str) -> None:
    """Each step's measured emotion for this persona: a hollow diamond beside the lived point, not joined."""
    for x, step in enumerate(spec["steps"]):
        m = step.get("measured", {}).get(pid)
        if m is not None:
            ax.plot([x + MEASURED_SHIFT], [m["value"]], linestyle="none", marker="D", markersize=MEASURED_SIZE,
                    markerfacecolor=BG, markeredgecolor=colour, markeredgewidth=1.8, gid=f"cx-mpt-{i}-{x}",
                    zorder=6.5)  # fmt: skip


def _draw_grid(ax: Axes, spec: dict[str, Any], band: int, last: bool) -> None:
    """Levels, the neutral line, column rules (stronger where a phase starts) and the band's lower edge."""
    low, high = spec["scale"]
    for step in range(5):
        ax.axhline(low + (high - low) * step / 4, color=GRID, linewidth=0.8, zorder=0.5)
    ax.axhline((low + high) / 2, color=FG_LIGHT, linewidth=1.0, zorder=1, gid=f"cx-neutral-{band}")
    steps = spec["steps"]
    for x in range(1, len(steps)):
        starts = steps[x]["phase"] != steps[x - 1]["phase"]
        ax.axvline(x - 0.5, color=FG_LIGHT if starts else GRID, linewidth=1.2 if starts else 0.8, zorder=0.5)
    if not last:
        ax.axhline(low - BAND_PAD_PX / (BAND_PX - 2 * BAND_PAD_PX) * (high - low), color=FG_LIGHT, linewidth=1.5)


def _draw_values(ax: Axes, spec: dict[str, Any], lived: list[float | None], colour: str, i: int) -> None:
    """Each point's value as text beside it, on the side away from its neighbours, in the page's number style."""
    typo = Typography(spec["labels"])
    low, high = spec["scale"]
    for x, value in enumerate(lived):
        if value is None:
            continue
        ax.plot([x], [value], marker="o", color=colour, markersize=11, alpha=0, gid=f"cx-pt-{i}-{x}", zorder=6)
        near = [v for v in (lived[x - 1] if x else None, lived[x + 1] if x + 1 < len(lived) else None) if v is not None]
        above = not near or value >= sum(near) / len(near)
        if value >= high - (high - low) * 0.01:
            above = False
        elif value <= low + (high - low) * 0.01:
            above = True
        offset = STAR_OFFSET if spec["steps"][x]["moment"] else LABEL_OFFSET
        ax.annotate(plain(typo.number(value)), (x, value), xytext=(0, offset if above else -offset), textcoords="offset points",
                    ha="center", va="bottom" if above else "top", fontsize=CHART_FONT_PX, color=FG, zorder=7,
                    gid=f"cx-value-{i}-{x}",
                    bbox={"boxstyle": "round,pad=0.12", "facecolor": BG, "edgecolor": "none", "alpha": 0.85})  # fmt: skip


def _shade(
    ax: Axes, xs: list[int], lived: list[Any], expected: list[Any], start: float, end: float, colour: str, gid: str
) -> None:
    """Fill between the curves from `start` to `end` (interpolated at the ends)."""

    def at(series: list[Any], x: float) -> float:
        """The straight line between two steps; flat next to a step without a value."""
        i = max(0, min(math.floor(x), len(series) - 1))
        j = min(i + 1, len(series) - 1)
        a, b = series[i], series[j]
        if x < 0 or a is None:
            return float(series[max(0, min(round(x), len(series) - 1))])
        if b is None or j == i:
            return float(a)
        return float(a + (b - a) * (x - i))

    points = sorted({start, end, *[x for x in xs if start < x < end]})
    ax.fill_between(points, [at(lived, x) for x in points], [at(expected, x) for x in points], color=colour,
                    alpha=0.22, linewidth=0, gid=gid, zorder=2)  # fmt: skip
