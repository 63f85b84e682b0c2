"""A journey's lived experience before and after a change, as a Mermaid ``xychart-beta`` line chart.

GitHub renders a ```` ```mermaid ```` block in a pull-request comment, so a
reviewer sees the curve move without building the site. Author text (step
names, persona names) goes into Mermaid's quoted labels, where a quote, a
bracket, ``%%`` or a line break would end the label or start a directive:
`label` keeps letters, digits and plain punctuation only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: What a label keeps: letters, digits, spaces and punctuation that Mermaid reads as text inside quotes.
_UNSAFE = re.compile(r"[^\w \-.,'\u2019()/+]", re.UNICODE)
MAX_LABEL = 28
#: Before in grey, after in blue (the colours the legend under the chart names).
PALETTE = "#9e9e9e, #1565c0"


def label(text: str, limit: int = MAX_LABEL) -> str:
    """`text` as the inside of a Mermaid quoted label: one line, no quote, bracket, ``%`` or markup."""
    plain = " ".join(_UNSAFE.sub(" ", text).split())
    if len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return plain or "-"


@dataclass(frozen=True)
class Curve:
    """One chart: the steps on the x axis and the lived value at each, before and after."""

    title: str
    steps: list[str]
    before: list[float]
    after: list[float]


def _number(value: float) -> str:
    return f"{value:g}"


def chart(curve: Curve, scale: tuple[float, float], axis: str) -> str:
    """The fenced Mermaid block for `curve` on the site's emotion scale."""
    low, high = scale
    steps = ", ".join(f'"{label(step)}"' for step in curve.steps)
    lines = [
        "```mermaid",
        f'%%{{init: {{"themeVariables": {{"xyChart": {{"plotColorPalette": "{PALETTE}"}}}}}}}}%%',
        "xychart-beta",
        f'    title "{label(curve.title, 60)}"',
        f"    x-axis [{steps}]",
        f'    y-axis "{label(axis)}" {_number(low)} --> {_number(high)}',
        f"    line [{', '.join(_number(v) for v in curve.before)}]",
        f"    line [{', '.join(_number(v) for v in curve.after)}]",
        "```",
    ]
    return "\n".join(lines)
