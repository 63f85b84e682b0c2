"""Values written the way authors and spreadsheets write them get the accepted form in the message.

And every suggested form is itself valid: the test writes the suggestion
back into the file and checks again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import cli
from measured_site import FILES, JOURNEY

HEADER = "period,journey,step,persona,metric,value,n,source\n"


def _check(site: Path) -> str:
    code, out, err = cli("check", str(site))
    return out + err if code else ""


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("95%", '{min: 95, unit: "%"}'),
        ("95 %", '{min: 95, unit: "%"}'),
        ("99", "{min: 99}"),
        ("< 5 min", '{max: 5, unit: "min"}'),
        ("≥ 99,5 %", '{min: 99.5, unit: "%"}'),
    ],
)
def test_a_target_written_as_text_gets_the_mapping_and_the_mapping_is_valid(
    make_site: Callable[..., Path], written: str, suggested: str
) -> None:
    journey = JOURNEY.replace(
        'target: {min: 99, unit: "%"}', f'target: "{written}"' if "%" in written else f"target: {written}"
    )
    site = make_site(files={**FILES, "journeys/stay.yml": journey})
    said = _check(site)
    assert f"write target: {suggested}" in said, said
    fixed = JOURNEY.replace('target: {min: 99, unit: "%"}', f"target: {suggested}")
    (site / "journeys" / "stay.yml").write_text(fixed, encoding="utf-8")
    assert "target" not in _check(site)


@pytest.mark.parametrize(("word", "keyword"), [("delighter", "plus"), ("Must-be", "basic"), ("performance", "key")])
def test_an_impact_in_kano_words_gets_the_keyword_and_the_keyword_is_valid(
    make_site: Callable[..., Path], word: str, keyword: str
) -> None:
    journey = JOURNEY.replace(
        "            owner: E-commerce\n", f"            owner: E-commerce\n            impact: {word}\n"
    )
    site = make_site(files={**FILES, "journeys/stay.yml": journey})
    said = _check(site)
    assert f"'{word}' is the Kano model's word for '{keyword}': write impact: {keyword}" in said
    (site / "journeys" / "stay.yml").write_text(journey.replace(f"impact: {word}", f"impact: {keyword}"), "utf-8")
    assert _check(site) == ""


@pytest.mark.parametrize(
    ("row", "says", "fixed"),
    [
        (
            "31/03/2026,stay,book,,desk-wait,4,10,",
            "write 2026-03-31 for 31/03/2026, or a day",
            "2026-03-31,stay,book,,desk-wait,4,10,",
        ),
        (
            "T4 2025,stay,book,,desk-wait,4,10,",
            "write 2025-Q4 for T4 2025, or a day",
            "2025-Q4,stay,book,,desk-wait,4,10,",
        ),
        ("2026-Q2,stay,,,NPS,31,10,", "write 'nps' in lowercase", "2026-Q2,stay,,,nps,31,10,"),
        (
            "2026-Q2,stay,book,,desk-wait,4.2 min,10,",
            "carries its unit: write 4.2;",
            "2026-Q2,stay,book,,desk-wait,4.2,10,",
        ),
    ],
)
def test_a_cell_in_a_usual_form_gets_the_accepted_form(
    make_site: Callable[..., Path], row: str, says: str, fixed: str
) -> None:
    site = make_site(files={**FILES, "measures/more.csv": HEADER + row + "\n"})
    assert says in _check(site)
    (site / "measures" / "more.csv").write_text(HEADER + fixed + "\n", encoding="utf-8")
    assert _check(site) == ""


def test_a_percentage_with_a_decimal_comma_in_a_semicolon_file(make_site: Callable[..., Path]) -> None:
    rows = HEADER.replace(",", ";") + "2026-Q3;stay;book;;fast-confirmation;96,8%;10;\n"
    site = make_site(files={**FILES, "measures/fr.csv": rows})
    assert "'96,8%' carries its unit: write 96,8;" in _check(site)


def test_a_csat_on_a_five_point_scale_is_a_warning_not_an_error(make_site: Callable[..., Path]) -> None:
    rows = HEADER + "2026-Q2,stay,,,csat,4.1,300,\n2026-Q3,stay,,,csat,4.4,310,\n"
    site = make_site(files={**FILES, "measures/csat.csv": rows})
    assert _check(site) == ""
    code, out, _ = cli("check", str(site), "--lint")
    assert re.search(
        r"measures/csat\.csv:3:1: value: csat values 4\.1, 4\.4 look like a 1-5 average.*\[csat-five-point\]", out
    )
    assert code == 0


def test_a_sentence_split_by_the_commas_of_a_flow_list_is_a_warning_with_its_fixes(
    make_site: Callable[..., Path],
) -> None:
    journey = JOURNEY.replace(
        "        name: Books a room\n",
        "        name: Books a room\n        irritants: [The nurse calls, but nobody answers]\n"
        "        thoughts: [Quick, easy, cheap]\n",
    )
    site = make_site(files={**FILES, "journeys/stay.yml": journey})
    code, out, _ = cli("check", str(site), "--lint")
    assert code == 0
    said = [line for line in out.splitlines() if "[text-cut-by-comma]" in line]
    assert len(said) == 1, out  # the adjectives are a list, the sentence is not
    assert "irritants: the list splits 'The nurse calls, but nobody answers' at its commas into 2 items" in said[0]
    fix = re.search(r"quote it: (irritants: \[.*\]), or write a block list", said[0])
    assert fix is not None
    fixed = journey.replace("irritants: [The nurse calls, but nobody answers]", fix[1])
    (site / "journeys" / "stay.yml").write_text(fixed, encoding="utf-8")
    code, out, _ = cli("check", str(site), "--lint")
    assert "[text-cut-by-comma]" not in out
    from measured_site import load

    step = load(site).journeys["stay"].phases[0].steps[0]
    assert step.irritants == ["The nurse calls, but nobody answers"]


def test_a_step_id_no_longer_in_its_journey_points_to_aliases(make_site: Callable[..., Path]) -> None:
    """No close id: most likely a rename, and the old id belongs under the step's aliases."""
    site = make_site(files={**FILES, "measures/more.csv": HEADER + "2026-Q2,stay,reservation,,nps,31,10,\n"})
    said = _check(site)
    assert "unknown step 'reservation' of journey 'stay'; its steps: book, check-in; if the step was renamed, " in said
    assert "list its old id under the step's aliases (aliases: [reservation])" in said
    fixed = JOURNEY.replace("      - id: book\n", "      - id: book\n        aliases: [reservation]\n")
    (site / "journeys" / "stay.yml").write_text(fixed, encoding="utf-8")
    assert _check(site) == ""
