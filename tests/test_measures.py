"""Measures CSV (format 1.1): what loads, and every refused cell located at file:line:column."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cxmaps.model.measurement import parse_period
from cxmaps.source.problems import CxmapsError
from measured_site import FILES, MEASURES, load

HEAD = "period,journey,step,persona,metric,value,n,source\n"


def problems(make_site: Callable[..., Path], csv: str | bytes) -> list[str]:
    site = make_site(files={**FILES, "measures/2026.csv": csv})
    with pytest.raises(CxmapsError) as err:
        load(site)
    return [str(p) for p in err.value.problems]


def test_a_valid_file_loads_every_row_in_order(make_site: Callable[..., Path]) -> None:
    ref = load(make_site(files=FILES))
    assert len(ref.measures) == MEASURES.count("\n") - 1
    first = ref.measures[0]
    assert (first.period.text, first.journey, first.step, first.metric, first.value, first.n) == (
        "2026-Q1", "stay", "book", "fast-confirmation", 99.5, 400,
    )  # fmt: skip
    assert (first.file, first.line) == ("measures/2026.csv", 2)
    assert ref.measures[4].step == "" and ref.measures[4].source == "survey-q3"


def test_byte_order_mark_and_any_column_order(make_site: Callable[..., Path]) -> None:
    csv = "\ufeffmetric,value,period,journey,step\nnps,12,2026,stay,\n"
    ref = load(make_site(files={**FILES, "measures/2026.csv": csv.encode("utf-8")}))
    assert [(m.metric, m.value, m.period.kind) for m in ref.measures] == [("nps", 12.0, "year")]


def test_semicolons_with_decimal_commas_are_accepted(make_site: Callable[..., Path]) -> None:
    csv = (
        "period;journey;step;metric;value;n\n2026-09;stay;book;fast-confirmation;98,7;40\n2026-09-14;stay;;csat;88,2;\n"
    )
    ref = load(make_site(files={**FILES, "measures/2026.csv": csv}))
    assert [m.value for m in ref.measures] == [98.7, 88.2]


def test_unknown_standard_is_named_with_its_line_column_and_closest_id(make_site: Callable[..., Path]) -> None:
    assert problems(make_site, HEAD + "2026-Q3,stay,book,,desk-wiat,6.5,412,\n") == [
        "measures/2026.csv:2:5: metric: unknown standard 'desk-wiat' of step 'book' (did you mean 'desk-wait'?)"
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2026-Q3,sty,book,,nps,1,,", "2:2: journey: unknown journey 'sty' (did you mean 'stay'?)"),
        ("2026-Q3,stay,bok,,nps,1,,", "2:3: step: unknown step 'bok' of journey 'stay' (did you mean 'book'?)"),
        ("2026-Q3,stay,book,clare,nps,1,,", "2:4: persona: 'clare' is not a persona of journey 'stay' (did you mean 'claire'?)"),
        ("2026-Q3,stay,,,npss,1,,", "2:5: metric: unknown score 'npss' for the whole journey: use nps, csat, ces or emotion (did you mean 'nps'?)"),
        ("2026-Q3,stay,book,,nps,1,,survey-q4", "2:8: source: unknown source 'survey-q4' (did you mean 'survey-q3'?)"),
        ("2026-Q5,stay,,,nps,1,,", "2:1: period: unknown period '2026-Q5': write a day (2026-09-14), a month (2026-09), a quarter (2026-Q3) or a year (2026)"),
        ("2026-02-30,stay,,,nps,1,,", "2:1: period: unknown period '2026-02-30': write a day (2026-09-14), a month (2026-09), a quarter (2026-Q3) or a year (2026)"),
        ("2026-Q3,stay,,,nps,120,,", "2:6: value: 120 is outside the range of nps: -100 to 100"),
        ("2026-Q3,stay,,,csat,-1,,", "2:6: value: -1 is outside the range of csat: 0 to 100"),
        ("2026-Q3,stay,book,,ces,7.5,,", "2:6: value: 7.5 is outside the range of ces: 1 to 7"),
        ("2026-Q3,stay,book,,emotion,2.5,,", "2:6: value: 2.5 is outside the range of emotion: -2 to 2"),
        ("2026-Q3,stay,,,nps,\"6,5\",,", "2:6: value: '6,5' uses a decimal comma in a comma-separated file: write 6.5, or separate the columns with ';'"),
        ("2026-Q3,stay,,,nps,6,5,,", "2:6: value: '6,5' uses a decimal comma in a comma-separated file: write 6.5, or separate the columns with ';'"),
        ("2026-Q3,stay,,,nps,١٢,,", "2:6: value: expected a number written with digits 0-9 and a point, got '١٢'"),
        ("2026-Q3,stay,,,nps,12,0,", "2:7: n: expected the sample size, a whole number from 1 written with digits 0-9, got '0'"),
    ],
)  # fmt: skip
def test_each_wrong_cell(make_site: Callable[..., Path], row: str, expected: str) -> None:
    assert problems(make_site, HEAD + row + "\n") == [f"measures/2026.csv:{expected}"]


def test_duplicate_rows_name_the_first(make_site: Callable[..., Path]) -> None:
    csv = HEAD + "2026-Q3,stay,,,nps,30,,\n2026-Q3,stay,,,nps,31,,\n"
    assert problems(make_site, csv) == [
        "measures/2026.csv:3:1: period: duplicate row: same period, journey, step, persona and metric as line 2"
    ]


def test_header_problems(make_site: Callable[..., Path]) -> None:
    assert problems(make_site, "period,journey,metrc,value\n") == [
        "measures/2026.csv:1:1: missing required column 'metric'",
        "measures/2026.csv:1:3: unknown column 'metrc' (did you mean 'metric'?)",
    ]


def test_one_separator_per_file(make_site: Callable[..., Path]) -> None:
    assert problems(make_site, "period;journey,metric;value\n") == [
        "measures/2026.csv:1:1: the header mixes ',' and ';': use one separator per file"
    ]


def test_not_utf8_is_located(make_site: Callable[..., Path]) -> None:
    assert problems(make_site, (HEAD + "2026-Q3,stay,,,nps,3,,caf\xe9\n").encode("latin-1")) == [
        "measures/2026.csv:2:26: not UTF-8: save the file as UTF-8 (CSV UTF-8 in a spreadsheet)"
    ]


def test_every_problem_of_every_row_at_once(make_site: Callable[..., Path]) -> None:
    found = problems(make_site, HEAD + "2026-Q9,stay,,,nps,x,,\n2026-Q3,nope,,,nps,1,,\n")
    assert [p.split(": ")[0] for p in found] == [
        "measures/2026.csv:2:1",
        "measures/2026.csv:2:6",
        "measures/2026.csv:3:2",
    ]


def test_standard_ids_are_unique_within_a_step(make_site: Callable[..., Path]) -> None:
    journey = FILES["journeys/stay.yml"]
    assert isinstance(journey, str)
    twice = journey.replace("- id: desk-wait", "- id: fast-confirmation")
    site = make_site(files={**FILES, "journeys/stay.yml": twice, "measures/2026.csv": HEAD})
    with pytest.raises(CxmapsError) as err:
        load(site)
    [found] = err.value.problems
    assert (found.file, found.line, found.col) == ("journeys/stay.yml", 18, 17)
    assert found.field.endswith("standards[1].id")
    assert (
        found.message
        == "standard id 'fast-confirmation' is already used by standards[0] of this step; set a distinct 'id'"
    )


def test_periods_order_by_their_end() -> None:
    quarter, month, year, day = (parse_period(t) for t in ("2026-Q3", "2026-09", "2026", "2026-09-14"))
    assert quarter and month and year and day
    assert quarter.end == month.end == date(2026, 9, 30) and year.end == date(2026, 12, 31)
    assert day < quarter < month < year
    assert (
        parse_period("2026-13") is None
        and parse_period("Q3 2026") is None
        and parse_period("\uff12\uff10\uff12\uff16") is None
    )
