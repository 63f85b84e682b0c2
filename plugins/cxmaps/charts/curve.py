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

Issue 23: each persona has one colour and marker across the site (`style`,
by its rank in the reference, ``spec["style"]``); the words of the scale's
ends are written at the left of each band, above its highest and below its
lowest level; the service gap is shaded between points only (a gap at one
step alone is a stroke at that step, never past it). `build_overlay` draws
every persona's curves in one band, on the same columns (the canvas offers
both views), and `build_slide` the same for a slide, with the journey's
title, step numbers and each persona's name in a legend (text, escaped by
matplotlib's SVG writer like every chart text).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..language.i18n import Typography
from .canvas import BAND_PAD_PX, BAND_PX, CHART_FONT_PX, COLUMN_PX
from .ghost import DASHES, draw_ghost
from .style import LIGHT, MARKERS

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn: a build from the cache never loads it
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Sentinel colours drawn by matplotlib, replaced by CSS variables in the SVG.
FG, FG_LIGHT, GRID, BG = "#010101", "#020202", "#030303", "#060606"
SERIES = list(LIGHT)
MOMENT = "#8a6d00"
#: The sentinels' colours where no stylesheet applies (the PNG download): Material's light scheme.
REAL = {FG: "#222222", FG_LIGHT: "#666666", GRID: "#dddddd", BG: "#ffffff", MOMENT: MOMENT}
#: The overlaid chart's height: one band for every persona, its levels as far apart as in two bands.
OVERLAY_PX = 2 * BAND_PX - 2 * BAND_PAD_PX
#: Sideways shift between personas in the overlaid chart, in columns: equal values stay apart.
DODGE = 0.05
#: Within this many px of a level where the scale's word is written, the first point's value goes the other way.
WORD_ROOM_PX = 22.0
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
    where they cross; it never goes past a step without both values, so every
    span lies between points (a gap at one step alone is ``(x, x)``).
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
            start = float(i)
        else:
            start = i - 1 + before / (before - here) if before >= 0 else i - 1.0
        if after is None:
            end = float(i)
        else:
            end = i + here / (here - after) if after >= 0 else i + 1.0
        if spans and spans[-1][1] >= start:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def style_of(spec: dict[str, Any], position: int, pid: str) -> tuple[str, str]:
    """A persona's colour (a sentinel of `SERIES`) and marker: its style across the site, or its position."""
    number = spec.get("style", {}).get(pid, position) % len(SERIES)
    return SERIES[number], MARKERS[number]


def build_figure(spec: dict[str, Any]) -> Figure:
    """The curve bands of a journey as a matplotlib figure (separate from SVG output so tests can inspect it)."""
    from matplotlib.figure import Figure

    n, k = len(spec["steps"]), max(len(spec["personas"]), 1)
    fig = Figure(figsize=(n * COLUMN_PX / 72, k * BAND_PX / 72))
    for i, (pid, _name) in enumerate(spec["personas"]):
        ax = fig.add_axes((0, 1 - (i + 1) / k, 1, 1 / k))
        _draw_band(ax, spec, i, pid, last=i == k - 1)
    return fig


def build_overlay(spec: dict[str, Any]) -> Figure:
    """Every persona's curves in one band on the canvas' columns, each in its colour and marker."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(len(spec["steps"]) * COLUMN_PX / 72, OVERLAY_PX / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    _frame(ax, spec, OVERLAY_PX)
    _draw_grid(ax, spec, 0, last=True)
    _draw_words(ax, spec)
    for i, (pid, _name) in enumerate(spec["personas"]):
        shift = (i - (len(spec["personas"]) - 1) / 2) * DODGE
        draw_ghost(ax, spec, i, pid, FG_LIGHT, BG, shift)
        _draw_series(ax, spec, i, pid, shift, alpha=0.12)
        lived = [s["lived"].get(pid) for s in spec["steps"]]
        colour, _marker = style_of(spec, i, pid)
        for x, value in enumerate(lived):
            if value is not None:
                ax.plot([x + shift], [value], marker="o", color=colour, markersize=11, alpha=0, gid=f"cx-pt-{i}-{x}",
                        zorder=6)  # fmt: skip
    return fig


def build_slide(spec: dict[str, Any], names: bool = True) -> Figure:
    """The overlaid chart for a slide: the journey's title, step numbers, each persona's name in the legend."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    n, k = len(spec["steps"]), max(len(spec["personas"]), 1)
    rows = math.ceil(k / 4)
    height = 4.2 + 0.3 * rows
    fig = Figure(figsize=(max(9.0, n * 0.6 + 1), height))
    fig.text(0.01, 1 - 0.12 / height, plain(spec["title"][:120]), fontsize=14, color=FG, va="top")
    ax = fig.add_axes((0.01, (0.45 + 0.3 * rows) / height, 0.98, 1 - (0.95 + 0.3 * rows) / height))
    _frame(ax, spec, OVERLAY_PX)
    _draw_grid(ax, spec, 0, last=True)
    _draw_words(ax, spec)
    handles = []
    for i, (pid, name) in enumerate(spec["personas"]):
        draw_ghost(ax, spec, i, pid, FG_LIGHT, BG, (i - (k - 1) / 2) * DODGE)
        _draw_series(ax, spec, i, pid, (i - (k - 1) / 2) * DODGE, alpha=0.12)
        colour, marker = style_of(spec, i, pid)
        handles.append(Line2D([], [], color=colour, marker=marker, linewidth=2.4, label=plain(name[:60])))
    if spec.get("ghost"):
        handles.append(
            Line2D(
                [],
                [],
                color=FG_LIGHT,
                linestyle=DASHES,
                marker="o",
                markerfacecolor=BG,
                linewidth=1.6,
                label=plain(spec["labels"]["asis"] + ": " + spec["ghost"]["title"][:60]),
            )
        )
    for x in range(n):
        ax.text(x, -0.02, str(x + 1), transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=10,
                color=FG_LIGHT)  # fmt: skip
    if names and handles:
        fig.legend(handles=handles, loc="lower left", ncol=min(k, 4), frameon=False, fontsize=11, labelcolor=FG,
                   bbox_to_anchor=(0.01, 0.02))  # fmt: skip
    return fig


def recolour(fig: Figure, colours: dict[str, str]) -> None:
    """Replace the sentinel colours by real ones (a PNG has no stylesheet)."""
    from matplotlib.collections import Collection
    from matplotlib.colors import to_hex, to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    def swap(colour: Any) -> Any:
        rgba = to_rgba(colour)
        real = colours.get(to_hex(rgba))
        return colour if real is None else to_rgba(real, rgba[3])

    for artist in fig.findobj():
        if isinstance(artist, Line2D):
            artist.set_color(swap(artist.get_color()))
            artist.set_markerfacecolor(swap(artist.get_markerfacecolor()))
            artist.set_markeredgecolor(swap(artist.get_markeredgecolor()))
        elif isinstance(artist, Collection):
            artist.set_facecolor([swap(c) for c in artist.get_facecolor()])
            artist.set_edgecolor([swap(c) for c in artist.get_edgecolor()])
        elif isinstance(artist, Text):
            artist.set_color(swap(artist.get_color()))
        elif isinstance(artist, Patch):
            artist.set_facecolor(swap(artist.get_facecolor()))
            artist.set_edgecolor(swap(artist.get_edgecolor()))


def _frame(ax: Axes, spec: dict[str, Any], height_px: float) -> None:
    """A band's limits: the steps' columns, and the scale with `BAND_PAD_PX` above and below."""
    low, high = spec["scale"]
    margin = BAND_PAD_PX / (height_px - 2 * BAND_PAD_PX) * (high - low)
    ax.set_xlim(-0.5, len(spec["steps"]) - 0.5)
    ax.set_ylim(low - margin, high + margin)
    ax.set_axis_off()


def _draw_band(ax: Axes, spec: dict[str, Any], i: int, pid: str, last: bool) -> None:
    _frame(ax, spec, BAND_PX)
    _draw_grid(ax, spec, i, last)
    _draw_words(ax, spec, i)
    colour, _marker = style_of(spec, i, pid)
    draw_ghost(ax, spec, i, pid, FG_LIGHT, BG)  # issue 27: a target journey's current curve, behind
    lived = _draw_series(ax, spec, i, pid, 0.0, alpha=0.22)
    _draw_values(ax, spec, lived, colour, i)
    _draw_measured(ax, spec, i, pid, colour)


def _draw_series(ax: Axes, spec: dict[str, Any], i: int, pid: str, shift: float, alpha: float) -> list[float | None]:
    """One persona's gap, expected and lived curves and stars, `shift` columns sideways; its lived values."""
    steps = spec["steps"]
    colour, marker = style_of(spec, i, pid)
    xs = [x + shift for x in range(len(steps))]
    lived = [s["lived"].get(pid) for s in steps]
    expected = [s["expected"].get(pid) for s in steps]
    for number, (start, end) in enumerate(gap_spans(lived, expected)):
        _shade(ax, lived, expected, start, end, shift, colour, alpha, f"cx-gap-{i}-{number}")
    if any(v is not None for v in expected):
        ax.plot(xs, [math.nan if v is None else v for v in expected], color=colour, linestyle=(0, (4, 3)),
                linewidth=1.6, gid=f"cx-expected-{i}", zorder=3)  # fmt: skip
    ax.plot(xs, [math.nan if v is None else v for v in lived], color=colour, marker=marker, markersize=7,
            linewidth=2.4, gid=f"cx-lived-{i}", zorder=4)  # fmt: skip
    moments = [(x, v) for x, v, s in zip(xs, lived, steps, strict=True) if s["moment"] and v is not None]
    if moments:
        ax.plot(*zip(*moments, strict=True), linestyle="none", marker="*", markersize=17, markerfacecolor="none",
                markeredgecolor=MOMENT, markeredgewidth=1.5, gid=f"cx-moment-{i}", zorder=5)  # fmt: skip
    return lived


def _draw_words(ax: Axes, spec: dict[str, Any], band: int = 0) -> None:
    """The words of the scale's ends, at the left: above the highest level and below the lowest."""
    labels = spec["labels"]
    for edge, key, va, offset in ((1.0, "very_positive", "top", -3.0), (0.0, "very_negative", "bottom", 3.0)):
        ax.annotate(plain(labels.get(key, "")), (-0.5, edge), xycoords=ax.get_xaxis_transform(), xytext=(4, offset),
                    textcoords="offset points", ha="left", va=va, fontsize=CHART_FONT_PX, color=FG_LIGHT, zorder=7,
                    gid=f"cx-word-{key}-{band}")  # fmt: skip


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
    px = (BAND_PX - 2 * BAND_PAD_PX) / (high - low)
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
        elif x == 0 and (high - value) * px < WORD_ROOM_PX:
            above = False  # the scale's top word is written there
        elif x == 0 and (value - low) * px < WORD_ROOM_PX:
            above = True
        offset = STAR_OFFSET if spec["steps"][x]["moment"] else LABEL_OFFSET
        ax.annotate(plain(typo.number(value)), (x, value), xytext=(0, offset if above else -offset), textcoords="offset points",
                    ha="center", va="bottom" if above else "top", fontsize=CHART_FONT_PX, color=FG, zorder=7,
                    gid=f"cx-value-{i}-{x}",
                    bbox={"boxstyle": "round,pad=0.12", "facecolor": BG, "edgecolor": "none", "alpha": 0.85})  # fmt: skip


def _shade(
    ax: Axes, lived: list[Any], expected: list[Any], start: float, end: float, shift: float, colour: str, alpha: float,
    gid: str,
) -> None:  # fmt: skip
    """Fill between the curves from `start` to `end` (interpolated at the ends); a gap at one step is a stroke."""

    def at(series: list[Any], x: float) -> float:
        """The straight line between two steps (a span never reaches past a step without a value)."""
        i = max(0, min(math.floor(x), len(series) - 1))
        j = min(i + 1, len(series) - 1)
        a, b = series[i], series[j]
        if b is None or j == i or x == i:
            return float(a)
        return float(a + (b - a) * (x - i))

    if end - start < 1e-9:
        ax.vlines([start + shift], at(lived, start), at(expected, start), colors=colour, alpha=alpha + 0.1,
                  linewidth=6, gid=gid, zorder=2)  # fmt: skip
        return
    points = sorted({start, end, *[float(x) for x in range(math.ceil(start), math.floor(end) + 1) if start < x < end]})
    ax.fill_between([x + shift for x in points], [at(lived, x) for x in points], [at(expected, x) for x in points],
                    color=colour, alpha=alpha, linewidth=0, gid=gid, zorder=2)  # fmt: skip
