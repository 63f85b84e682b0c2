"""The current journey's curve drawn behind a target journey's (format 1.2, issue 27): the "as-is" ghost.

A target journey (``status: target``, ``improves: <id>``) shows, in each
band of a persona both journeys share, the curve of the journey it
redesigns: grey, dash-dotted (neither the persona's solid lived line nor its
dashed expected one), with hollow round points, under every other series.
Each current step sits on the column of the step that redesigns it; a
removed step sits between columns (`futurestate.positions`), so the old
curve keeps its shape. The ghost is named in the page's legend, in the
chart's description and in every point's hover title; nothing
author-written is drawn as text.

``spec["ghost"]`` is ``{"title": current title, "points": {persona id: [[x, value, step name], …]}}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Dash-dot: distinct from the lived line (solid) and the expected one (dashed 4-3), in any colour.
DASHES = (0, (7, 3, 1.5, 3))
Word = Callable[[float], str]


def points_of(spec: dict[str, Any], pid: str) -> list[list[Any]]:
    ghost = spec.get("ghost") or {}
    return list(ghost.get("points", {}).get(pid, []))


def draw_ghost(ax: Axes, spec: dict[str, Any], i: int, pid: str, colour: str, background: str,
               shift: float = 0.0) -> None:  # fmt: skip
    """Persona `pid`'s current curve in band `i`: a dash-dotted line and hollow points, under the rest."""
    points = points_of(spec, pid)
    if not points:
        return
    xs = [p[0] + shift for p in points]
    ax.plot(xs, [p[1] for p in points], color=colour, linestyle=DASHES, linewidth=1.6, alpha=0.9,
            gid=f"cx-asis-line-{i}", zorder=1.5)  # fmt: skip
    for k, (x, value) in enumerate(zip(xs, (p[1] for p in points), strict=True)):
        ax.plot([x], [value], linestyle="none", marker="o", markersize=6, markerfacecolor=background,
                markeredgecolor=colour, markeredgewidth=1.4, gid=f"cx-asis-{i}-{k}", zorder=1.6)  # fmt: skip


def ghost_hover(spec: dict[str, Any], word: Word, label: Callable[[str], str]) -> dict[str, str]:
    """Each ghost point's hover title: ``As is: Checks in at the desk: negative (-1)``."""
    labels = spec["labels"]
    hover = {}
    for i, (pid, name) in enumerate(spec["personas"]):
        who = f"{label(name)} " if len(spec["personas"]) > 1 else ""
        for k, (_x, value, step) in enumerate(points_of(spec, pid)):
            hover[f"cx-asis-{i}-{k}"] = who + labels["chart_asis_point"].format(step=step, level=word(value))
    return hover


def ghost_words(spec: dict[str, Any], word: Word, label: Callable[[str], str]) -> list[str]:
    """The chart's description of the ghost: which journey, and where its curve was lowest for each persona."""
    ghost = spec.get("ghost")
    if not ghost:
        return []
    parts = []
    for pid, name in spec["personas"]:
        points = points_of(spec, pid)
        if points:
            low = min(points, key=lambda p: p[1])
            who = f"{label(name)} " if len(spec["personas"]) > 1 else ""
            parts.append(who + spec["labels"]["chart_asis"].format(title=ghost["title"], step=low[2],
                                                                   level=word(low[1])))  # fmt: skip
    return parts
