"""The four experiences per step and the gap diagnosis (gaps.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cxmaps.reference.delivered import Delivery
from cxmaps.reference.gaps import CAUSES, GAPS, experiences, open_gaps
from measured_site import FILES, load


def _step(make_site: Callable[..., Path], files: dict[str, str | bytes | None], step_id: str):  # type: ignore[no-untyped-def]
    ref = load(make_site(files={**FILES, **files}))
    journey = ref.journeys["stay"]
    step = next(s for s in journey.steps() if s.id == step_id)
    return experiences(Delivery(ref), "stay", journey, step)


def test_a_missed_standard_opens_delivered_vs_promised(make_site: Callable[..., Path]) -> None:
    e = _step(make_site, {}, "book")
    assert e.promised == "The price you see is the price you pay."
    assert list(e.gaps) == ["delivered-promised"]
    assert [d.status for d in e.delivered] == ["missed", "met"]


def test_expected_without_a_promise_opens_expected_vs_promised(make_site: Callable[..., Path]) -> None:
    e = _step(make_site, {}, "check-in")
    assert "expected-promised" in e.gaps and e.gaps["expected-promised"] == ["claire", "tourist"]


def test_lived_below_expected_while_delivered_opens_lived_vs_delivered(make_site: Callable[..., Path]) -> None:
    csv_text = "period,journey,step,persona,metric,value\n2026-Q3,stay,check-in,,room-ready,100\n2026-Q3,stay,check-in,claire,emotion,-1.5\n"
    e = _step(make_site, {"measures/2026.csv": csv_text}, "check-in")
    assert e.gaps["lived-delivered"] == ["claire"]  # measured -1.5 below expected 1; tourist lives 1 = expected
    lived = {one.persona: (one.value, one.measure is not None) for one in e.lived}
    assert lived == {"claire": (-1.5, True), "tourist": (1.0, False)}


def test_overview_lists_every_step_with_an_open_gap(make_site: Callable[..., Path]) -> None:
    found = open_gaps(Delivery(load(make_site(files=FILES))))
    assert [(e.step.id, list(e.gaps)) for e in found] == [
        ("book", ["delivered-promised"]),
        ("check-in", ["expected-promised"]),
    ]


def test_every_gap_has_its_usual_causes() -> None:
    assert set(CAUSES) == set(GAPS) and all(CAUSES[gap] for gap in GAPS)
