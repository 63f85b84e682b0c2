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

import hashlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from ..language.i18n import Typography
from ..model.format import Journey
from .curve import (
    BG,
    FG,
    FG_LIGHT,
    GRID,
    MOMENT,
    SERIES,
    build_figure,
    build_overlay,
    build_slide,
    gap_spans,
    style_of,
)
from .ghost import ghost_hover, ghost_words

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn: a build from the cache never loads it
    from matplotlib.figure import Figure

__all__ = [
    "build_figure", "describe", "draw", "draw_overlay", "draw_slide", "gap_spans", "journey_spec", "level_word",
    "measured_words", "reprefix", "sparkline",
]  # fmt: skip
HERE = Path(__file__).parent
CRITICAL = ("irritants", "fail_points", "bottlenecks")

#: Sentinel colours drawn by matplotlib, replaced by CSS variables in the SVG.
CSS_COLOURS = {
    FG: "var(--md-default-fg-color, #222)",
    FG_LIGHT: "var(--md-default-fg-color--light, #666)",
    GRID: "var(--md-default-fg-color--lightest, #ddd)",
    BG: "var(--md-default-bg-color, #fff)",
    **{colour: f"var(--cx-series-{i + 1}, {colour})" for i, colour in enumerate(SERIES)},
    MOMENT: "var(--cx-moment, #8a6d00)",
}
RC: Any = {"svg.fonttype": "none", "svg.hashsalt": "cxmaps", "font.family": "DejaVu Sans", "axes.unicode_minus": False}
#: The drawing code and the canvas geometry are part of every spec, so that a change to either redraws.
DRAWING = hashlib.sha256(
    b"".join((HERE / f).read_bytes() for f in ("curve.py", "canvas.py", "style.py", "ghost.py"))
).hexdigest()[:16]


#: The named levels of the emotion scale, from lowest to highest (catalogue keys).
LEVELS = ("very_negative", "negative", "neutral", "positive", "very_positive")
#: The catalogue labels a chart uses: part of its spec, so a translation change redraws it.
LABEL_KEYS = (
    *LEVELS, "lived", "expected", "moment_of_truth",
    "moments_of_truth", "irritant", "fail_point", "bottleneck", "journey_map", "chart_intro", "chart_peak",
    "chart_low", "chart_gap", "typo_decimal", "typo_minus", "typo_space_before_punctuation",
    "chart_measured", "chart_measured_point", "chart_measured_all", "typo_group", "typo_locale",
    "chart_asis", "chart_asis_point", "asis",
)  # fmt: skip


def journey_spec(
    jid: str,
    journey: Journey,
    names: dict[str, str],
    scale: tuple[float, float],
    labels: dict[str, str],
    measured: dict[str, dict[str, dict[str, Any]]] | None = None,
    styles: dict[str, int] | None = None,
    ghost: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the map of one journey depends on, as plain data.

    `measured`: step id → persona id → its measured emotion (``value``, ``period``, ``n``, ``all``),
    as `canvasdelivery.measured_emotions` gives it; part of the spec, so new measures redraw the map.
    `styles`: each persona's style across the site (`style.persona_styles`); without it, its position here.
    `ghost`: for a target journey, the current journey's curve to draw behind (`futurestate.Comparison.ghost`).
    """
    measured = measured or {}
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
                    "measured": measured.get(step.id, {}),
                    **{kind: len(getattr(step, kind)) for kind in CRITICAL},
                }
            )
    spec: dict[str, Any] = {
        "id": jid,
        "title": journey.title,
        "phases": [phase.name for phase in journey.phases],
        "personas": [[pid, names.get(pid, pid)] for pid in journey.personas],
        "style": {pid: (styles or {}).get(pid, i) for i, pid in enumerate(journey.personas)},
        "steps": steps,
        "scale": list(scale),
        "labels": {key: labels.get(key, "") for key in LABEL_KEYS},
        "drawing": DRAWING,
    }
    if ghost:
        spec["ghost"] = ghost
    return spec


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


def level_word(value: float, scale: tuple[float, float] | list[float], labels: dict[str, str]) -> str:
    """The emotion in words with its value: ``negative (-1)``."""
    low, high = scale
    share = (value - low) / (high - low)
    return f"{labels[LEVELS[min(int(share * 5), 4)]]} ({Typography(labels).number(value)})"


def describe(spec: dict[str, Any]) -> str:
    """What the curve shows, in words, for the SVG's <desc> and screen readers."""
    steps, labels, scale = spec["steps"], spec["labels"], spec["scale"]
    typo = Typography(labels)
    parts = [labels["chart_intro"].format(title=spec["title"], steps=len(steps), phases=len(spec["phases"]))]
    for pid, name in spec["personas"]:
        lived = [(s["lived"][pid], s["name"]) for s in steps if pid in s["lived"]]
        if not lived:
            continue
        top, bottom = max(lived, key=lambda v: v[0]), min(lived, key=lambda v: v[0])
        who = f"{typo.label(name)} " if len(spec["personas"]) > 1 else ""
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
        points = [f"{s['name']} {measured_words(s['measured'][pid], scale, labels)}"
                  for s in steps if pid in s.get("measured", {})]  # fmt: skip
        if points:
            parts.append(who + labels["chart_measured"].format(points=typo.semicolon.join(points)))
    parts += ghost_words(spec, lambda v: level_word(v, scale, labels), typo.label)
    moments = [s["name"] for s in steps if s["moment"]]
    if moments:
        parts.append(f"{typo.label(labels['moments_of_truth'])} {', '.join(moments)}.")
    return " ".join(parts)


def measured_words(m: dict[str, Any], scale: tuple[float, float] | list[float], labels: dict[str, str]) -> str:
    """A measured emotion in words, with its period and sample size: ``measured negative (-0.6), Q3 2026, n = 212``."""
    typo = Typography(labels)
    sample = typo.period(m["period"]) + (f", n\u00a0=\u00a0{typo.number(m['n'])}" if m.get("n") else "")
    key = "chart_measured_all" if m.get("all") else "chart_measured_point"
    return labels[key].format(level=level_word(m["value"], scale, labels), sample=sample)


def _svg_text(fig: Figure, transparent: bool = True) -> str:
    import matplotlib as mpl
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    out = io.StringIO()
    with mpl.rc_context(RC):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, transparent=transparent,
                    facecolor=BG)  # fmt: skip
    fig.clear()
    return out.getvalue()


def _finish(
    svg: str, prefix: str, title: str, desc: str, klass: str, hover: dict[str, str], sized: bool = False
) -> str:
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
    # The page sizes the chart (its viewBox keeps the proportions): the canvas' columns decide its width.
    # A download keeps its size (a slide's picture).
    if not sized:
        svg = re.sub(r'(<svg[^>]*?) width="[\d.]+pt" height="[\d.]+pt"', r"\1", svg, count=1)  # fmt: skip
    opening = svg.index(">") + 1
    svg = (
        svg[:opening]
        + f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        + svg[opening:]
    )
    return "\n".join(line for line in svg.splitlines() if line.strip()) + "\n"


def draw(spec: dict[str, Any]) -> str:
    """The emotion curve of the journey canvas for `spec`, as inline SVG text: one band per persona."""
    return _draw(spec, build_figure(spec), f"cxm-{spec['id']}")


def draw_overlay(spec: dict[str, Any]) -> str:
    """Every persona's curve in one chart, on the same columns (the canvas' other view), as inline SVG text."""
    return _draw(spec, build_overlay(spec), f"cxm-{spec['id']}-overlay")


def draw_slide(spec: dict[str, Any]) -> str:
    """The overlaid chart for a slide (``map.svg``): sized, on the page's background, the same checked kind of SVG."""
    return _draw(spec, build_slide(spec), f"cxm-{spec['id']}-slide", sized=True)


def _draw(spec: dict[str, Any], fig: Figure, prefix: str, sized: bool = False) -> str:
    labels, scale = spec["labels"], spec["scale"]
    typo = Typography(labels)
    hover = {}
    for i, (pid, name) in enumerate(spec["personas"]):
        for x, s in enumerate(spec["steps"]):
            if pid in s["lived"]:
                text = f"{typo.label(s['name'])} {labels['lived']} {level_word(s['lived'][pid], scale, labels)}"
                if pid in s["expected"]:
                    text += f"{typo.semicolon}{labels['expected']} {level_word(s['expected'][pid], scale, labels)}"
                hover[f"cx-pt-{i}-{x}"] = (f"{typo.label(name)} " if len(spec["personas"]) > 1 else "") + text
            if pid in s.get("measured", {}):
                who = f"{typo.label(name)} " if len(spec["personas"]) > 1 else ""
                words = measured_words(s["measured"][pid], scale, labels)
                hover[f"cx-mpt-{i}-{x}"] = f"{who}{typo.label(s['name'])} {words}"
    hover.update(ghost_hover(spec, lambda v: level_word(v, scale, labels), typo.label))
    title = f"{typo.label(labels['journey_map'])} {spec['title']}"
    return _finish(_svg_text(fig, transparent=not sized), prefix, title, describe(spec), "cx-map-svg", hover, sized)


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
    title = f"{Typography(spec['labels']).label(spec['labels']['journey_map'])} {spec['title']}{who}"
    desc = describe({**spec, "personas": [p for _, p in shown], "ghost": None})  # the ghost is not drawn here
    mid = y((low + high) / 2)
    parts = [
        f'<svg class="cx-sparkline" role="img" aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {width:g} {height:g}" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>',
        f'<line x1="{pad:g}" y1="{mid:.1f}" x2="{width - pad:g}" y2="{mid:.1f}" style="stroke: {CSS_COLOURS[GRID]}; stroke-width: 1"/>',
    ]
    for index, (pid, _name) in shown:
        colour = CSS_COLOURS[style_of(spec, index, pid)[0]]
        points = [(x(i), y(s["lived"][pid])) for i, s in enumerate(spec["steps"]) if pid in s["lived"]]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            f'<polyline points="{path}" style="fill: none; stroke: {colour}; stroke-width: 2; stroke-linejoin: round"/>'
        )
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.2" style="fill: {colour}"/>' for px, py in points]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def preload() -> None:
    """Load matplotlib and its fonts now: under `mkdocs serve`, so that the first save does not wait for them.

    A build from the cache never loads matplotlib; the first chart drawn in a
    process pays about a second for it, nearly all of a one-journey rebuild's
    drawing. `mkdocs serve` pays it once, at start.
    """
    from importlib import import_module

    for module in ("matplotlib.figure", "matplotlib.backends.backend_svg"):
        import_module(module)
    assert import_module("matplotlib.font_manager").fontManager is not None  # the fonts are listed once loaded


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
