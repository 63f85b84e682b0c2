"""The journey canvas: one grid for lanes and curve, extremes of point 4 of issue 11, safety of chart text."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from cxmaps.charts.canvas import BAND_PX, COLUMN_PX, PARTS, PRINT_STEPS, band_top, layout, print_size, rows_present
from cxmaps.charts.maps import build_figure, draw, journey_spec
from cxmaps.language.i18n import catalogue
from cxmaps.model.format import Journey
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.text import Text

EN, FR = catalogue("en"), catalogue("fr")


def journey(
    steps: int, personas: int = 1, name_length: int = 12, persona_name: int = 8
) -> tuple[Journey, dict[str, str]]:
    """A generated journey: `steps` steps in phases of four, each lane filled on some steps only."""
    pids = [f"p{i}" for i in range(personas)]
    rows = []
    for i in range(steps):
        rows.append({
            "name": (f"Step {i} " + "long name " * 30)[:name_length], "id": f"s{i}",
            "emotion": {p: ((i + j) % 5) - 2 + (0.5 if i % 3 == 0 else 0) * (1 if (i + j) % 5 < 4 else -1) for j, p in enumerate(pids)},
            "expected": {p: 1 for p in pids}, "touchpoints": ["Desk"] if i % 2 else [], "support": "CRM" if i == 0 else [],
            **({"moment_of_truth": {"kind": "incident"}} if i % 4 == 1 else {}),
        })  # fmt: skip
    phases = [{"name": f"Phase {p} " + "x" * 40, "steps": rows[p * 4 : p * 4 + 4]} for p in range((steps + 3) // 4)]
    names = {p: (f"Persona {p} " + "with a very long name " * 5)[:persona_name] for p in pids}
    return Journey.model_validate({"title": "T", "personas": pids, "phases": phases}), names


EXTREMES = {
    "1 step": journey(1),
    "2 steps, 60-character persona names": journey(2, personas=2, persona_name=60),
    "30 steps": journey(30, personas=2),
    "6 personas": journey(5, personas=6),
    "200-character step names": journey(3, name_length=200),
}


def spec(case: tuple[Journey, dict[str, str]], labels: dict[str, str] = EN) -> dict[str, Any]:
    return journey_spec("j", case[0], case[1], (-2, 2), labels)


@pytest.mark.parametrize("name", EXTREMES)
def test_every_point_sits_in_its_column_and_no_text_is_cut_or_overlaps(name: str) -> None:
    case = EXTREMES[name]
    fig = build_figure(spec(case))
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    n, k = len(case[0].steps()), len(case[0].personas)
    assert (fig.bbox.width, fig.bbox.height) == pytest.approx(
        (n * COLUMN_PX * fig.dpi / 72, k * BAND_PX * fig.dpi / 72)
    )
    for line in fig.findobj(Line2D):
        if str(line.get_gid()).startswith("cx-lived-"):
            xs = line.get_transform().transform(list(zip(line.get_xdata(), line.get_ydata(), strict=True)))[:, 0]
            expected = [(i + 0.5) * COLUMN_PX * fig.dpi / 72 for i in range(n)]
            assert list(xs) == pytest.approx(expected, abs=0.01)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text) if t.get_text().strip()]
    assert len(boxes) >= n  # one value a point
    for text, box in boxes:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height, text
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert (
            min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) <= 0.5
            or min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) <= 0.5
        ), (a, b)


def test_the_lane_labels_and_the_chart_use_the_same_levels() -> None:
    canvas = layout(EXTREMES["1 step"][0], (-2, 2))
    assert canvas.axis == [(2, pytest.approx(band_top(2, (-2, 2)) / BAND_PX * 100, abs=0.01)), (0, 50.0),
                           (-2, pytest.approx(100 - band_top(2, (-2, 2)) / BAND_PX * 100, abs=0.01))]  # fmt: skip


def test_empty_lanes_are_left_out_and_lines_need_lanes_on_both_sides() -> None:
    steps = EXTREMES["30 steps"][0].steps()
    wanted = ("emotion", "critical", "evidence", "touchpoints", "line:interaction", "frontstage",
              "line:visibility", "backstage", "line:internal", "support", "promise")  # fmt: skip
    rows = rows_present(steps, wanted)
    assert rows == ["emotion", "touchpoints", "line:interaction", "line:visibility", "line:internal", "support"]
    only_emotion = rows_present(EXTREMES["1 step"][0].steps(), ("emotion", "line:interaction", "frontstage"))
    assert only_emotion == ["emotion"]


@pytest.mark.parametrize("steps", [1, 8, 11, 30])
def test_print_size_fits_a_landscape_page(steps: int) -> None:
    rows = ["emotion", "critical", "evidence", "touchpoints", "customer", "thoughts", "line:interaction",
            "frontstage", "line:visibility", "backstage", "line:internal", "support", "promise", "opportunities"]  # fmt: skip
    column, width, height = print_size(steps, rows, 3)
    assert column >= 10 and width > 0 and height > 0


def test_author_text_never_reaches_matplotlib_as_mathtext() -> None:
    case = journey(3, personas=2)
    case[0].phases[0].name = r"$\alert{x}$ phase"
    case[0].phases[0].steps[0].name = r"$\alert{x}$ step $5"
    hostile = {p: r"$\alert{x}$ <script>" for p in case[1]}
    svg = draw(journey_spec("j", case[0], hostile, (-2, 2), EN))
    assert "<script>" not in svg and svg.count("<svg") == 1
    assert r"$\alert{x}$ step $5" in svg  # in the description and the hover titles, as written
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    # Drawn text is numbers and the catalogue's own words (the levels' names), never an author's.
    words = {str(v) for v in EN.values()}
    assert texts and all(re.fullmatch(r"[-\u2212]?\d+(?:[.,]\d+)?", t.strip()) or t.strip() in words for t in texts), (
        texts[:5]
    )


def test_numbers_follow_the_language_and_change_the_cache_key() -> None:
    case = EXTREMES["30 steps"]
    english, french = draw(spec(case)), draw(spec(case, FR))
    assert "-1.5" in re.findall(r"<text[^>]*>(.*?)</text>", english, re.DOTALL)
    assert "\u22121,5" in french and "-1.5" not in french
    assert spec(case)["labels"]["typo_decimal"] != spec(case, FR)["labels"]["typo_decimal"]


def test_the_curve_and_critical_points_come_first_and_the_blueprint_keeps_its_notation() -> None:
    rows = list(PARTS["all"])
    assert rows[:2] == ["emotion", "critical"]  # the journey's shape right under the steps
    start = rows.index("customer")
    assert rows[start:] == ["customer", "line:interaction", "frontstage", "line:visibility", "backstage",
                            "line:internal", "support"]  # fmt: skip


def test_sheets_print_every_step_once_a_few_at_a_time_by_phase() -> None:
    ten = Journey.model_validate({"title": "T", "personas": ["p0"], "phases": [
        {"name": "A", "steps": journey(10)[0].steps()}, {"name": "B", "steps": journey(2)[0].steps()[:1]},
        {"name": "C", "steps": journey(3)[0].steps()[:3]}]})  # fmt: skip
    for case in (EXTREMES["30 steps"][0], ten, EXTREMES["1 step"][0]):
        sheets = layout(case, (-2, 2)).sheets
        assert [s.id for sheet in sheets for s in sheet.steps] == [s.id for s in case.steps()]
        assert all(1 <= len(sheet.steps) <= PRINT_STEPS for sheet in sheets)
        assert all(sum(p.span for p in sheet.phases) == len(sheet.steps) for sheet in sheets)
    assert [len(sheet.steps) for sheet in layout(ten, (-2, 2)).sheets] == [5, 6, 3]  # 10 cut evenly; B joins a sheet


def test_short_journeys_grow_their_columns_and_long_ones_keep_the_least() -> None:
    one, three, six = layout(journey(1)[0], (-2, 2)), layout(journey(3)[0], (-2, 2)), layout(journey(5, 6)[0], (-2, 2))
    assert (
        one.column_max_em >= 3 * 10 and 10 < three.column_max_em <= 16 and 10 <= six.column_max_em < three.column_max_em
    )
