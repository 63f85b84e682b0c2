"""One colour and one marker per persona, the same on every chart and page of the site (issue 23).

A persona's style is its rank among the reference's persona ids, sorted: the
same persona has the same colour and marker in every journey it appears in,
wherever it sits in that journey's list. Eight colours and eight marker shapes;
a ninth persona takes the first style again (with its name beside it).

`LIGHT` and `DARK` are the colours the stylesheet gives ``--cx-series-N`` in
Material's default and slate schemes: each is at least 3:1 against the page
background of its scheme (WCAG 1.4.11, tested in ``tests/test_chart_style.py``).
The SVG carries the light colours as the fallback of each CSS variable, so a
downloaded chart (and the PNG) shows them.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Series colours on the light background (#fff): each at least 3:1 (4.5 to 5.9).
LIGHT = ("#0072b2", "#c94f00", "#008561", "#b84f8f", "#946000", "#7a4fb8", "#8c564b", "#5f7000")
#: The same series on Material's slate background (#1e2129): each at least 3:1 (6.9 to 12).
DARK = ("#56b4e9", "#ff9a4d", "#2ecc9a", "#e7a3cb", "#f0e442", "#b99cf0", "#d2a98a", "#b6c24a")
#: matplotlib's marker of each series; the canvas' keys draw the same shapes (canvas.html, `marker`).
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h")
COUNT = len(LIGHT)


def persona_styles(persona_ids: Iterable[str]) -> dict[str, int]:
    """Each persona's style number (0 to 7): its rank among the sorted ids, modulo the eight styles."""
    return {pid: rank % COUNT for rank, pid in enumerate(sorted(set(persona_ids)))}
