"""The portfolio views' rows, in page order (format 1.2, issue 27): what heatmap.html and persona-matrix.html draw.

The figures come from `reference.portfolio`; here they are put in the
journeys index's order, each target journey right after the journey it
redesigns (when both are in the same service), and each emotion gets the
word of its level, which the stylesheet also reads for the cell's tint
(``data-level``): the colour only repeats what the cell says.
"""

from __future__ import annotations

from ..charts.maps import LEVELS
from ..model.format import Journey
from ..reference.futurestate import FutureStates


def paired(future: FutureStates, items: list[tuple[str, Journey]]) -> list[tuple[str, Journey]]:
    """`items` with each target journey moved right after the journey it improves, when that one is in `items`."""
    here = {jid for jid, _j in items}
    follows = {tid: c.current_id for tid, c in future.of.items() if c.current_id in here}
    after: dict[str, list[tuple[str, Journey]]] = {}
    for jid, journey in items:
        if jid in follows:
            after.setdefault(follows[jid], []).append((jid, journey))
    out: list[tuple[str, Journey]] = []
    for jid, journey in items:
        if jid not in follows:
            out.append((jid, journey))
            out += after.get(jid, [])
    return out


def journey_order(groups: list[tuple[str, list[tuple[str, Journey]]]]) -> list[tuple[str, Journey]]:
    """Every journey of the index's `groups` (by service, each already `paired`), in order."""
    return [item for _service, items in groups for item in items]


def level_key(scale: tuple[float, float], value: float) -> str:
    """The catalogue key of the level a value falls in (very_negative … very_positive), for ``data-level``."""
    low, high = scale
    share = (value - low) / (high - low)
    return LEVELS[max(0, min(int(share * 5), 4))]
