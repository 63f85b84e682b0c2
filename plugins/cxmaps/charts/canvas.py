"""The journey canvas as a grid model: steps as columns, lanes as rows (pure functions).

One set of numbers lays out both the HTML grid and the emotion curve drawn
by matplotlib: a step's column is `COLUMN_EM` wide in the canvas' font, and
the curve is drawn `COLUMN_PX` per step, the point of step *i* at
``(i + 0.5) * COLUMN_PX``. The curve's SVG is shown at the width of the
columns it spans, so its points stay in their columns at any zoom, on
screen and in print (where the canvas' font, and so every column, is scaled
to fit the page).

A lane empty across the whole journey is left out; the three lines of the
blueprint are drawn wherever there are lanes on both sides of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.format import Journey, Step

#: The canvas' font on screen: Material's small print (0.64rem of its 20 px root).
FONT_PX = 12.8
#: One step's column, in the canvas' font size (128 px on screen at 100 %).
COLUMN_EM = 10.0
COLUMN_PX = COLUMN_EM * FONT_PX
#: The lane-name column, sticky on the left.
LANE_EM = 13.0
#: One persona's band of the curve, and its margin above the highest and below the lowest level.
BAND_PX = 140.0
BAND_PAD_PX = 24.0
#: Chart text, in px on screen (the SVG is drawn one unit per px): never below the small print.
CHART_FONT_PX = 13.0

#: Rows in order. ``line:`` rows are the blueprint's lines; the others are lanes (a step field or a kind).
#: The journey's shape first, right under the steps: how the customer feels (the curve) and what goes
#: wrong (critical points); then what they think, what could be better, what we promise there and what
#: was delivered of it (issue 14). Then the service blueprint in its notation's order, top to bottom:
#: physical evidence and touchpoints, customer actions, the line of interaction, front office, the line
#: of visibility, back office, the line of internal interaction, support (issue 23).
EXPERIENCE_ROWS = ("emotion", "critical", "thoughts", "opportunities", "promise", "delivered")
BLUEPRINT_ROWS = (
    "evidence", "touchpoints", "customer", "line:interaction", "frontstage", "line:visibility", "backstage",
    "line:internal", "support",
)  # fmt: skip
GROUPS = (("cx-experience", EXPERIENCE_ROWS), ("cx-blueprint", BLUEPRINT_ROWS))
#: What each kind of canvas shows: the journey page, a map embed, a blueprint embed.
PARTS = {
    "all": EXPERIENCE_ROWS + BLUEPRINT_ROWS,
    "map": ("emotion", "critical"),
    "blueprint": (
        "evidence",
        "customer",
        "line:interaction",
        "frontstage",
        "line:visibility",
        "backstage",
        "line:internal",
        "support",
    ),
}
#: The catalogue label of each lane.
LABELS = {
    "evidence": "lane_evidence", "touchpoints": "touchpoints", "customer": "lane_customer",
    "thoughts": "customer_thinks", "emotion": "emotion", "critical": "critical_points",
    "frontstage": "lane_frontstage", "backstage": "lane_backstage", "support": "lane_support",
    "promise": "standards", "opportunities": "opportunities", "delivered": "lane_delivered",
}  # fmt: skip
#: Print: lines shown per cell, the line height, and the share of the page's width its height may take.
PRINT_LINES = {"phase": 2, "step": 3, "lane": 3, "line": 1}
PRINT_LINE_EM = 1.25
PRINT_PAD_EM = 0.7
PRINT_PAGE_RATIO = 0.64
#: On screen, a short journey's columns grow to use the page's width, up to this many times `COLUMN_EM`
#: (the curve is scaled with its columns, its text and bands too, so the more personas, the less they grow);
#: a single step's column grows to `ONE_EM`, its curve then drawn at its own size in the middle of it.
GROW = 1.6
ONE_EM = 30.0
#: The journey page prints its canvas as sheets of at most this many steps (landscape, lane names on each),
#: every cell in full, in the page's own font, rather than one page shrunk to fit (issue 23).
PRINT_STEPS = 7


@dataclass(frozen=True)
class PhaseSpan:
    """A phase heading over the columns of its steps."""

    name: str
    index: int
    span: int
    first: int = 0
    """The column of its first step."""


@dataclass(frozen=True)
class Sheet:
    """One printed sheet of the canvas: a run of steps (a phase, or part of one) under their phases."""

    phases: list[PhaseSpan]
    first: int
    steps: list[Step]


@dataclass(frozen=True)
class Canvas:
    """What the canvas template lays out: columns, the rows present, and the print scale."""

    steps: list[Step]
    phases: list[PhaseSpan]
    starts: frozenset[int]
    """Columns where a phase starts (drawn with a stronger rule)."""
    groups: list[tuple[str, list[str]]]
    """(CSS class, rows) in order: the blueprint group, then what follows it."""
    personas: int
    axis: list[tuple[float, float]]
    """(value, top in % of a persona's band) for the highest, neutral and lowest level."""
    print_column_em: float
    print_width_em: float
    print_height_em: float
    evidence: bool = False
    """Whether each step's head shows its evidence level (the site has measures or sources)."""
    emotion_measured: bool = False
    """Whether the curve shows a measured emotion (the legend then names its marker)."""
    sheets: tuple[Sheet, ...] = ()
    """The printed sheets of the journey page, in order."""

    @property
    def column_max_em(self) -> float:
        """The widest a column grows on screen to fill the page (short journeys)."""
        if self.n == 1:
            return ONE_EM
        return round(COLUMN_EM * min(GROW, 1 + 0.6 / max(self.personas, 1)), 2)

    @property
    def n(self) -> int:
        return len(self.steps)

    @property
    def labels(self) -> dict[str, str]:
        """The catalogue key of each lane's name."""
        return LABELS

    @property
    def rows(self) -> list[str]:
        return [row for _, rows in self.groups for row in rows]

    @property
    def critical(self) -> bool:
        return "critical" in self.rows


def has_lane(steps: list[Step], row: str, measured: frozenset[str] = frozenset()) -> bool:
    """Whether any step has something in this lane (the emotion lane always has).

    `measured`: the ids of the steps with a measured standard, the delivered lane's content.
    """
    if row == "emotion":
        return True
    if row == "delivered":
        return any(s.id in measured for s in steps)
    if row == "critical":
        return any(s.irritants or s.fail_points or s.bottlenecks for s in steps)
    if row == "promise":
        return any(s.promise or s.standards for s in steps)
    return any(getattr(s, row) for s in steps)


def rows_present(steps: list[Step], wanted: tuple[str, ...], measured: frozenset[str] = frozenset()) -> list[str]:
    """The rows to draw: lanes with content, and each line with a lane above and below it."""
    lanes = [r for r in wanted if r.startswith("line:") or has_lane(steps, r, measured)]
    kept = []
    for i, row in enumerate(lanes):
        if not row.startswith("line:"):
            kept.append(row)
            continue
        above = any(not r.startswith("line:") for r in lanes[:i])
        below = any(r in BLUEPRINT_ROWS and not r.startswith("line:") for r in lanes[i + 1 :])
        if above and below:
            kept.append(row)
    return kept


def band_top(value: float, scale: tuple[float, float]) -> float:
    """Where a value sits in a persona's band, in px from its top (the chart uses the same)."""
    low, high = scale
    return BAND_PAD_PX + (high - value) / (high - low) * (BAND_PX - 2 * BAND_PAD_PX)


def layout(
    journey: Journey,
    scale: tuple[float, float],
    part: str = "all",
    measured: frozenset[str] = frozenset(),
    evidence: bool = False,
    emotion_measured: bool = False,
) -> Canvas:
    """The canvas of a journey: its columns, the rows present and the print scale.

    `measured`: the ids of its steps with a measured standard (the delivered lane is left out
    without any); `evidence`: show each step's evidence level under its name;
    `emotion_measured`: the curve shows a measured emotion.
    """
    steps = journey.steps()
    phases, starts, column = [], set(), 0
    for index, phase in enumerate(journey.phases):
        phases.append(PhaseSpan(phase.name, index, len(phase.steps), column))
        starts.add(column)
        column += len(phase.steps)
    # A blueprint embed shows the blueprint's structure even where a lane is empty: it was asked for.
    rows = list(PARTS[part]) if part == "blueprint" else rows_present(steps, PARTS[part], measured)
    groups = [(klass, [r for r in rows if r in members]) for klass, members in GROUPS]
    low, high = scale
    axis = [(v, round(band_top(v, scale) / BAND_PX * 100, 2)) for v in (high, (low + high) / 2, low)]
    personas = len(journey.personas) if "emotion" in rows else 0
    column_em, width_em, height_em = print_size(len(steps), rows, personas, evidence)
    return Canvas(steps, phases, frozenset(starts), [g for g in groups if g[1]], personas, axis,
                  column_em, width_em, height_em, evidence, emotion_measured and "emotion" in rows,
                  tuple(sheets(steps, phases)))  # fmt: skip


def sheets(steps: list[Step], phases: list[PhaseSpan], most: int = PRINT_STEPS) -> list[Sheet]:
    """The printed sheets: a phase of more than `most` steps is cut into even runs, and
    consecutive short phases share a sheet while they fit; a sheet never starts mid-run."""
    runs: list[PhaseSpan] = []
    for phase in phases:
        parts = -(-phase.span // most) if phase.span else 1
        size, extra = divmod(phase.span, parts)
        first = phase.first
        for k in range(parts):
            span = size + (1 if k < extra else 0)
            runs.append(PhaseSpan(phase.name, phase.index, span, first))
            first += span
    out: list[Sheet] = []
    group: list[PhaseSpan] = []
    for run in runs:
        if group and sum(r.span for r in group) + run.span > most:
            out.append(_sheet(steps, group))
            group = []
        group.append(run)
    if group:
        out.append(_sheet(steps, group))
    return out


def _sheet(steps: list[Step], runs: list[PhaseSpan]) -> Sheet:
    first = runs[0].first
    count = sum(r.span for r in runs)
    return Sheet([r for r in runs if r.span], first, steps[first : first + count])


def print_size(n: int, rows: list[str], personas: int, badge: bool = False) -> tuple[float, float, float]:
    """Column width, canvas width and the most its height can be in print, in the canvas' font.

    Every printed cell shows at most `PRINT_LINES` lines, so the height has a
    bound; the curve's height grows with the column width (its aspect is
    fixed). The column width chosen gives the largest print; the CSS then
    scales the canvas' font to the smaller of the page's width over `width`
    and its height over `height`, in container units, so the same layout
    fits A4 and A3 (same proportions), without scripts.
    """

    def row_em(kind: str) -> float:
        return PRINT_LINES[kind] * PRINT_LINE_EM + PRINT_PAD_EM

    text_rows = sum(row_em("line" if r.startswith("line:") else "lane") for r in rows if r != "emotion")
    # A step's evidence badge is one more line under its name.
    fixed = row_em("phase") + row_em("step") + (PRINT_LINE_EM if badge else 0.0) + text_rows + 1.0
    curve_per_column = personas * BAND_PX / COLUMN_PX

    def font(column: float) -> float:
        """The printed font, as a share of the page's width, with columns this wide."""
        return min(1 / (LANE_EM + n * column + 0.5), PRINT_PAGE_RATIO / (fixed + curve_per_column * column))

    candidates = [COLUMN_EM * 1.1**i for i in range(12)]
    column = max(candidates, key=font)
    width = LANE_EM + n * column + 0.5
    height = fixed + curve_per_column * column
    return round(column, 2), round(width, 2), round(height, 2)
