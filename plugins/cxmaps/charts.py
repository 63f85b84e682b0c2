"""Emotion-curve journey maps and sparklines, drawn with matplotlib as inline SVG.

Pure functions: `journey_spec` turns a journey into a JSON-able spec (all a
chart depends on, so its hash is the cache key), `draw` turns a spec into SVG
text. Nothing here touches files or MkDocs.

The SVG is made for inlining in a page:
- colours are CSS variables (with fallbacks), so the map follows Material's
  light and dark palettes; series colours are the Okabe-Ito palette, safe for
  colour-blind readers, and personas differ by marker shape as well;
- text stays text (``svg.fonttype: none``); every id is prefixed with the
  chart's own prefix, so two maps on one page never collide;
- ``role="img"``, a ``<title>`` and a ``<desc>`` that says in words what the
  curve shows, and a ``<title>`` on every point for hover;
- byte-identical for the same spec: fixed hash salt, no date.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from .model import Journey

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn: a build from the cache never loads it
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Sentinel colours drawn by matplotlib, replaced by CSS variables in the SVG.
FG, FG_LIGHT, GRID, BAND_A, BAND_B = "#010101", "#020202", "#030303", "#040404", "#050505"
SERIES = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]
CSS_COLOURS = {
    FG: "var(--md-default-fg-color, #222)",
    FG_LIGHT: "var(--md-default-fg-color--light, #666)",
    GRID: "var(--md-default-fg-color--lightest, #ddd)",
    BAND_A: "var(--cx-band-a, #f5f5f5)",
    BAND_B: "var(--cx-band-b, #ebebeb)",
    **{colour: f"var(--cx-series-{i + 1}, {colour})" for i, colour in enumerate(SERIES)},
    "#b35900": "var(--cx-irritant, #b35900)",
    "#c62828": "var(--cx-fail-point, #c62828)",
    "#6a3fb5": "var(--cx-bottleneck, #6a3fb5)",
    "#8a6d00": "var(--cx-moment, #8a6d00)",
}
MARKERS = ["o", "s", "D", "^", "v", "P"]
HOURGLASS = [(-1, 1), (1, 1), (0.2, 0), (1, -1), (-1, -1), (-0.2, 0), (-1, 1)]
CRITICAL: dict[str, tuple[Any, str]] = {
    "irritants": ("^", "#b35900"),
    "fail_points": ("X", "#c62828"),
    "bottlenecks": (HOURGLASS, "#6a3fb5"),
}
FONT = 9.5
#: Half-width of the shading of a gap whose neighbours have no value to meet.
ISOLATED = 0.2
SLOT_INCHES = 1.25
RC: Any = {"svg.fonttype": "none", "svg.hashsalt": "cxmaps", "font.family": "DejaVu Sans", "axes.unicode_minus": False}


#: The named levels of the emotion scale, from lowest to highest (catalogue keys).
LEVELS = ("very_negative", "negative", "neutral", "positive", "very_positive")
#: The catalogue labels a chart uses: part of its spec, so a translation change redraws it.
LABEL_KEYS = (
    *LEVELS, "lived", "expected", "moment_of_truth",
    "moments_of_truth", "irritant", "fail_point", "bottleneck", "journey_map", "chart_intro", "chart_peak",
    "chart_low", "chart_gap",
)  # fmt: skip


def journey_spec(
    jid: str, journey: Journey, names: dict[str, str], scale: tuple[float, float], labels: dict[str, str]
) -> dict[str, Any]:
    """Everything the map of one journey depends on, as plain data."""
    steps = []
    for phase_index, phase in enumerate(journey.phases):
        for step in phase.steps:
            steps.append(
                {
                    "id": step.id,
                    "name": step.name,
                    "phase": phase_index,
                    "lived": _per_persona(step.emotion, journey.personas),
                    "expected": _per_persona(step.expected, journey.personas),
                    "moment": bool(step.moment_of_truth),
                    **{kind: len(getattr(step, kind)) for kind in CRITICAL},
                }
            )
    return {
        "id": jid,
        "title": journey.title,
        "phases": [phase.name for phase in journey.phases],
        "personas": [[pid, names.get(pid, pid)] for pid in journey.personas],
        "steps": steps,
        "scale": list(scale),
        "labels": {key: labels[key] for key in LABEL_KEYS},
    }


def _per_persona(value: float | dict[str, float] | None, personas: list[str]) -> dict[str, float]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return {pid: value[pid] for pid in personas if pid in value}
    return dict.fromkeys(personas, value)


def level_names(scale: tuple[float, float], labels: dict[str, str]) -> list[tuple[float, str]]:
    """The five named levels of the scale, from very negative to very positive."""
    low, high = scale
    return [(low + (high - low) * i / 4, labels[key]) for i, key in enumerate(LEVELS)]


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


def _plain(text: str) -> str:
    """Chart text is shown literally: no mathtext."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _wrap(text: str, width: int) -> str:
    return "\n".join(
        textwrap.wrap(_plain(text), width=max(width, 6), break_long_words=True, max_lines=6, placeholder="…")
    )


def _layout(spec: dict[str, Any], font: float) -> tuple[float, int, list[str]]:
    n = len(spec["steps"])
    width = max(7.5, n * SLOT_INCHES + 1.6)
    chars = int(SLOT_INCHES * 72 * 0.88 / (font * 0.6))
    wrapped = [_wrap(s["name"], chars) for s in spec["steps"]]
    lines = max(w.count("\n") + 1 for w in wrapped)
    return width, lines, wrapped


def build_figure(spec: dict[str, Any], font: float = FONT) -> Figure:
    """The journey map as a matplotlib figure (kept separate from SVG output so tests can inspect it)."""
    from matplotlib.figure import Figure

    steps, labels = spec["steps"], spec["labels"]
    low, high = spec["scale"]
    width, lines, wrapped = _layout(spec, font)
    legend_rows = math.ceil((2 * len(spec["personas"]) + 4) / 4)
    bottom_in = 0.25 + lines * font * 1.25 / 72 + legend_rows * 0.22 + 0.15
    plot_in, top_in, left_in = 2.6, 0.45, 1.25
    height = bottom_in + plot_in + top_in
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((left_in / width, bottom_in / height, 1 - (left_in + 0.25) / width, plot_in / height))
    xs = list(range(len(steps)))
    ax.set_xlim(-0.5, len(steps) - 0.5)
    ax.set_ylim(low - (high - low) * 0.2, high + (high - low) * 0.08)
    _draw_frame(ax, spec, wrapped, font)
    handles: list[Any] = []
    extra: list[Any] = []
    for i, (pid, name) in enumerate(spec["personas"]):
        colour, marker = SERIES[i % len(SERIES)], MARKERS[i % len(MARKERS)]
        lived = [s["lived"].get(pid) for s in steps]
        expected = [s["expected"].get(pid) for s in steps]
        one = len(spec["personas"]) == 1
        for n, (start, end) in enumerate(gap_spans(lived, expected)):
            _shade(ax, xs, lived, expected, start, end, colour, f"cx-gap-{i}-{n}")
        (curve,) = ax.plot(xs, [math.nan if v is None else v for v in lived], color=colour, marker=marker, markersize=6,
                           linewidth=2.2, gid=f"cx-lived-{i}", zorder=4)  # fmt: skip
        curve.set_label(labels["lived"] if one else f"{labels['lived']}: {name}")
        handles.append(curve)
        if any(v is not None for v in expected):
            (line,) = ax.plot(xs, [math.nan if v is None else v for v in expected], color=colour, linestyle=(0, (4, 3)),
                              linewidth=1.4, alpha=0.9, gid=f"cx-expected-{i}")  # fmt: skip
            line.set_label(labels["expected"] if one else f"{labels['expected']}: {name}")
            handles.append(line)
        for x, value in zip(xs, lived, strict=True):
            if value is not None:
                ax.plot(
                    [x], [value], marker=marker, color=colour, markersize=9, alpha=0, gid=f"cx-pt-{i}-{x}", zorder=6
                )
        moments = [(x, v) for x, v, s in zip(xs, lived, steps, strict=True) if s["moment"] and v is not None]
        if moments:
            (star,) = ax.plot(*zip(*moments, strict=True), linestyle="none", marker="*", markersize=15, markerfacecolor="none",
                              markeredgecolor="#8a6d00", markeredgewidth=1.4, gid=f"cx-moment-{i}", zorder=5)  # fmt: skip
            if not extra:
                star.set_label(labels["moment_of_truth"])
                extra.append(star)
    handles += extra + _draw_critical(ax, steps, low, high, labels)
    fig.legend(handles=handles, loc="lower center", ncol=4, frameon=False, fontsize=font, bbox_to_anchor=(0.5, 0.0),
               labelcolor=FG, handlelength=2.6)  # fmt: skip
    return fig


def _draw_frame(ax: Axes, spec: dict[str, Any], wrapped: list[str], font: float) -> None:
    steps, labels = spec["steps"], spec["labels"]
    low, high = spec["scale"]
    for index, name in enumerate(spec["phases"]):
        members = [x for x, s in enumerate(steps) if s["phase"] == index]
        if not members:
            continue
        left, right = members[0] - 0.5, members[-1] + 0.5
        ax.axvspan(
            left, right, color=BAND_A if index % 2 == 0 else BAND_B, zorder=0, linewidth=0, gid=f"cx-phase-{index}"
        )
        chars = int((right - left) * SLOT_INCHES * 72 * 0.9 / (font * 0.62))
        ax.text((left + right) / 2, 1.02, _wrap(name, chars).split("\n")[0], transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=font + 0.5, fontweight="bold", color=FG)  # fmt: skip
    ax.set_yticks([v for v, _ in level_names((low, high), labels)], [n for _, n in level_names((low, high), labels)],
                  fontsize=font, color=FG)  # fmt: skip
    ax.axhline((low + high) / 2, color=FG_LIGHT, linewidth=1.0, zorder=1, gid="cx-neutral")
    for v, _ in level_names((low, high), labels):
        ax.axhline(v, color=GRID, linewidth=0.6, zorder=0.5)
    ax.set_xticks(range(len(steps)), wrapped, fontsize=font, color=FG, linespacing=1.15)
    ax.tick_params(colors=FG_LIGHT, length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_facecolor("none")


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
                    alpha=0.2, linewidth=0, gid=gid, zorder=2)  # fmt: skip


def _draw_critical(ax: Axes, steps: list[dict[str, Any]], low: float, high: float, labels: dict[str, str]) -> list[Any]:
    handles = []
    y = low - (high - low) * 0.13
    for offset, (kind, (marker, colour)) in zip((-0.22, 0.0, 0.22), CRITICAL.items(), strict=True):
        xs = [x + offset for x, s in enumerate(steps) if s[kind]]
        if xs:
            (points,) = ax.plot(xs, [y] * len(xs), linestyle="none", marker=marker, markersize=7, color=colour,
                                gid=f"cx-critical-{kind}", zorder=5)  # fmt: skip
            points.set_label(
                labels[{"irritants": "irritant", "fail_points": "fail_point", "bottlenecks": "bottleneck"}[kind]]
            )
            handles.append(points)
    return handles


def level_word(value: float, scale: tuple[float, float] | list[float], labels: dict[str, str]) -> str:
    """The emotion in words with its value: ``negative (-1)``."""
    low, high = scale
    share = (value - low) / (high - low)
    return f"{labels[LEVELS[min(int(share * 5), 4)]]} ({value:g})"


def describe(spec: dict[str, Any]) -> str:
    """What the curve shows, in words, for the SVG's <desc> and screen readers."""
    steps, labels, scale = spec["steps"], spec["labels"], spec["scale"]
    parts = [labels["chart_intro"].format(title=spec["title"], steps=len(steps), phases=len(spec["phases"]))]
    for pid, name in spec["personas"]:
        lived = [(s["lived"][pid], s["name"]) for s in steps if pid in s["lived"]]
        if not lived:
            continue
        top, bottom = max(lived, key=lambda v: v[0]), min(lived, key=lambda v: v[0])
        who = f"{name}: " if len(spec["personas"]) > 1 else ""
        parts.append(
            who + labels["chart_peak"].format(step=top[1], level=level_word(top[0], scale, labels))
            + " " + labels["chart_low"].format(step=bottom[1], level=level_word(bottom[0], scale, labels))
        )  # fmt: skip
        gaps = [(s["expected"][pid] - s["lived"][pid], s) for s in steps if pid in s["expected"] and pid in s["lived"]]
        worst = max(gaps, key=lambda g: g[0], default=None)
        if worst and worst[0] > 0:
            s = worst[1]
            parts.append(labels["chart_gap"].format(step=s["name"], lived=level_word(s["lived"][pid], scale, labels),
                                                    expected=level_word(s["expected"][pid], scale, labels)))  # fmt: skip
    moments = [s["name"] for s in steps if s["moment"]]
    if moments:
        parts.append(f"{labels['moments_of_truth']}: {', '.join(moments)}.")
    return " ".join(parts)


def _svg_text(fig: Figure) -> str:
    import matplotlib as mpl
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    out = io.StringIO()
    with mpl.rc_context(RC):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    fig.clear()
    return out.getvalue()


def _finish(svg: str, prefix: str, title: str, desc: str, klass: str, hover: dict[str, str]) -> str:
    """Make matplotlib's SVG inline-ready: CSS colours, prefixed ids, accessible name, hover titles."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    for sentinel, css in CSS_COLOURS.items():
        svg = re.sub(re.escape(sentinel), css, svg, flags=re.IGNORECASE)
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    for gid, text in hover.items():
        svg = svg.replace(f'<g id="{prefix}-{gid}">', f'<g id="{prefix}-{gid}"><title>{escape(text)}</title>', 1)
    head = (
        f'<svg class="{klass}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'preserveAspectRatio="xMinYMin meet" '
    )
    svg = svg.replace("<svg ", head, 1)
    size = re.search(r'<svg[^>]*? width="([\d.]+)pt"', svg)
    # Shrink with the page down to three quarters of the natural size, then let the figure scroll.
    min_width = (
        f' style="min-width: {float(size.group(1)) * 4 / 3 * 0.75:.0f}px"' if size and klass == "cx-map-svg" else ""
    )
    svg = re.sub(r'(<svg[^>]*?) width="[\d.]+pt" height="[\d.]+pt"', r"\1" + min_width, svg, count=1)
    opening = svg.index(">") + 1
    svg = (
        svg[:opening]
        + f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        + svg[opening:]
    )
    return "\n".join(line for line in svg.splitlines() if line.strip()) + "\n"


def draw(spec: dict[str, Any]) -> str:
    """The journey map of `spec` as inline SVG text."""
    prefix = f"cxm-{spec['id']}"
    fig = build_figure(spec)
    labels, scale = spec["labels"], spec["scale"]
    hover = {}
    for i, (pid, name) in enumerate(spec["personas"]):
        for x, s in enumerate(spec["steps"]):
            if pid in s["lived"]:
                text = f"{s['name']}: {labels['lived']} {level_word(s['lived'][pid], scale, labels)}"
                if pid in s["expected"]:
                    text += f"; {labels['expected']} {level_word(s['expected'][pid], scale, labels)}"
                hover[f"cx-pt-{i}-{x}"] = (f"{name}: " if len(spec["personas"]) > 1 else "") + text
    title = f"{labels['journey_map']}: {spec['title']}"
    return _finish(_svg_text(fig), prefix, title, describe(spec), "cx-map-svg", hover)


def sparkline(spec: dict[str, Any], persona: str | None = None) -> str:
    """A small curve of the lived experience, for index and persona pages.

    Written as SVG directly (a polyline per persona): it needs none of
    matplotlib's layout, and costs a fraction of a millisecond.
    """
    low, high = spec["scale"]
    width, height, pad = 240.0, 56.0, 6.0
    n = max(len(spec["steps"]) - 1, 1)

    def x(i: int) -> float:
        return pad + (width - 2 * pad) * i / n

    def y(v: float) -> float:
        return float(pad + (height - 2 * pad) * (high - v) / (high - low))

    shown = [(i, p) for i, p in enumerate(spec["personas"]) if persona in (None, p[0])]
    prefix = f"cxs-{spec['id']}" + (f"-{persona}" if persona else "")
    who = f" ({shown[0][1][1]})" if persona and shown else ""
    title = f"{spec['labels']['journey_map']}: {spec['title']}{who}"
    desc = describe({**spec, "personas": [p for _, p in shown]})
    mid = y((low + high) / 2)
    parts = [
        f'<svg class="cx-sparkline" role="img" aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {width:g} {height:g}" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>',
        f'<line x1="{pad:g}" y1="{mid:.1f}" x2="{width - pad:g}" y2="{mid:.1f}" style="stroke: {CSS_COLOURS[GRID]}; stroke-width: 1"/>',
    ]
    for index, (pid, _name) in shown:
        colour = CSS_COLOURS[SERIES[index % len(SERIES)]]
        points = [(x(i), y(s["lived"][pid])) for i, s in enumerate(spec["steps"]) if pid in s["lived"]]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            f'<polyline points="{path}" style="fill: none; stroke: {colour}; stroke-width: 2; stroke-linejoin: round"/>'
        )
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.2" style="fill: {colour}"/>' for px, py in points]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def reprefix(svg: str, occurrence: int) -> str:
    """The same chart shown again on one page gets ids of its own."""
    return (
        re.sub(
            r'((?:id="|#)cx[ms]-[^"\s)]*?)(-(?:title|desc)\b|-)',
            lambda m: m.group(1) + f"-{occurrence}" + m.group(2),
            svg,
            count=0,
        )
        if occurrence > 1
        else svg
    )
