"""The delivered experience on the pages: status of each standard, scorecard, owners, exports, health, CI."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from conftest import lay_site, run_mkdocs
from cxmaps.cli.main import main
from cxmaps.model.measurement import Measure, parse_period
from cxmaps.pages.kinds import render_documents
from cxmaps.reference.delivered import Delivered, Delivery
from cxmaps.reference.health import findings
from hard_site import write_hard_site
from measured_site import FILES, load


def pages(make_site: Callable[..., Path], language: str = "en") -> dict[str, str | bytes]:
    return {d.src_uri: d.content for d in render_documents(load(make_site(files=FILES)), [], language)}


def test_each_standard_gets_its_status_from_its_latest_measure(make_site: Callable[..., Path]) -> None:
    delivery = Delivery(load(make_site(files=FILES)))
    status = {d.standard.id: d.status for d in delivery.standards}
    # 98.1 < 99 in 2026-Q2; 4.2 <= 5; room-ready only measured in 2025-Q1, over 400 days before 2026-Q3.
    assert status == {"fast-confirmation": "missed", "desk-wait": "met", "room-ready": "stale", "a-smile": None}
    assert str(delivery.newest) == "2026-09-30"


def test_stale_is_counted_from_the_newest_period_never_today(make_site: Callable[..., Path]) -> None:
    csv_text = "period,journey,step,metric,value\n1990-Q1,stay,check-in,room-ready,100\n"
    ref = load(make_site(files={**FILES, "measures/2026.csv": csv_text}))
    assert {d.standard.id: d.status for d in Delivery(ref).standards}["room-ready"] == "met"


def test_standard_card_shows_target_latest_value_and_status(make_site: Callable[..., Path]) -> None:
    page = str(pages(make_site)["journeys/stay.md"])
    assert 'data-status="missed"' in page and 'data-status="met"' in page and 'data-status="stale"' in page
    assert "at least 99%" in page and "98.1%" in page and "Q2 2026, n\u00a0=\u00a0410" in page
    assert '<svg class="cx-trend" role="img"' in page  # two periods of fast-confirmation: a trend
    assert ">missed<" in page


def test_journey_scores_and_step_scores_by_persona(make_site: Callable[..., Path]) -> None:
    page = str(pages(make_site)["journeys/stay.md"])
    assert 'data-metric="nps"' in page and 'data-metric="ces"' in page
    assert "Measured emotion" in page and "measured, Q3 2026, n\u00a0=\u00a0212" in page


def test_scorecard_missed_first_then_met_owners_as_a_filter(make_site: Callable[..., Path]) -> None:
    page = str(pages(make_site)["scorecard/index.md"])
    attention, rest = page.split("{#attention}")[1].split("{#met}")
    assert 'data-status="missed"' in attention and 'data-status="stale"' in attention
    assert 'data-status="met"' not in attention and 'data-status="met"' in rest
    assert attention.index('data-status="missed"') < attention.index('data-status="stale"')
    assert '<option value="e-commerce">E-commerce (1)</option>' in page and 'data-owner="front-office"' in page
    assert "## E-commerce" not in page  # no section per owner any more
    assert "{#service-gaps}" in page and "Delivered ≠ promised" in page


def test_owner_pages_at_their_slug(make_site: Callable[..., Path]) -> None:
    docs = pages(make_site)
    assert "owners/front-office.md" in docs and "owners/e-commerce.md" in docs
    owner = str(docs["owners/front-office.md"])
    assert "Hotel stay" in owner and "Short wait" in owner and 'data-status="met"' in owner


def test_french_numbers_and_words(make_site: Callable[..., Path]) -> None:
    page = str(pages(make_site, "fr")["journeys/stay.md"])
    assert "98,1\u202f%" in page and "au moins 99\u202f%" in page and "non atteint" in page


def test_csv_xlsx_and_json_carry_the_status(make_site: Callable[..., Path]) -> None:
    docs = pages(make_site)
    rows = list(csv.DictReader(io.StringIO(str(docs["standards/standards.csv"]).lstrip("\ufeff"))))
    first = rows[0]
    assert (first["standard_id"], first["target"], first["latest_value"], first["latest_period"]) == (
        "fast-confirmation", "min 99 %", "98.1", "2026-Q2",
    )  # fmt: skip
    assert first["status"] == "missed" and first["latest_n"] == "410"
    data = json.loads(str(docs["reference.json"]))
    jsonschema.validate(data, json.loads(str(docs["reference.schema.json"])))
    assert data["sources"][0]["id"] == "survey-q3" and data["measures"][0]["metric"] == "fast-confirmation"
    assert data["journeys"][0]["phases"][0]["steps"][0]["standards"][0]["status"] == "missed"
    assert isinstance(docs["standards/standards.xlsx"], bytes)


def test_a_cell_too_long_for_a_spreadsheet_is_cut_with_a_warning(make_site: Callable[..., Path]) -> None:
    import openpyxl

    long = "Le prix affiché est le prix payé. " * 1300  # 44,200 characters: more than a cell holds
    journey = str(FILES["journeys/stay.yml"]).replace("The price you see is the price you pay.", long.strip())
    site = make_site(files={**FILES, "journeys/stay.yml": journey})
    built = run_mkdocs(site, "build")
    assert built.returncode == 0, built.stderr
    assert "standards/standards.xlsx, row 2 (stay, book), column 'Service promise' is longer than" in built.stderr
    sheet = openpyxl.load_workbook(site / "site" / "standards" / "standards.xlsx").active
    cell = str(sheet.cell(row=2, column=6).value)
    assert len(cell) == 32767 and cell.endswith(" […]") and cell.startswith("Le prix affiché")
    rows = list(csv.DictReader(io.StringIO((site / "site" / "standards" / "standards.csv").read_text("utf-8-sig"))))
    assert rows[0]["promise"] == long.strip()


def test_health_rules_of_the_delivered_experience(make_site: Callable[..., Path]) -> None:
    csv_text = str(FILES["measures/2026.csv"]) + "2026-Q3,stay,check-in,,room-ready,90,90,\n"
    rules = {(f.rule, f.step) for f in findings(load(make_site(files={**FILES, "measures/2026.csv": csv_text})))}
    assert ("standard-without-target", "check-in") in rules  # "A smile"
    assert ("moment-missed", "check-in") in rules  # room-ready 90 < 100 on a moment of truth


def test_health_finds_stale_measures(make_site: Callable[..., Path]) -> None:
    rules = {(f.rule, f.step) for f in findings(load(make_site(files=FILES)))}
    assert ("measure-stale", "check-in") in rules and ("target-without-measures", "book") not in rules


def test_a_target_journey_is_not_asked_for_measures(tmp_path: Path) -> None:
    """A to-be journey is not lived yet: its standards' targets have no measures by nature."""
    stay = str(FILES["journeys/stay.yml"])
    files = {**FILES, "journeys/next.yml": stay.replace("title:", "status: target\nimproves: stay\ntitle:", 1)}
    found = {(f.rule, f.journey) for f in findings(load(lay_site(tmp_path / "a", files=files)))}
    assert ("standard-without-target", "next") in found  # its other rules hold
    assert ("target-without-measures", "next") not in found
    current = str(FILES["measures/2026.csv"]).splitlines(keepends=True)
    unmeasured = {**files, "measures/2026.csv": "".join(line for line in current if ",stay," not in line)}
    found = {(f.rule, f.journey) for f in findings(load(lay_site(tmp_path / "b", files=unmeasured)))}
    assert ("target-without-measures", "stay") in found and ("target-without-measures", "next") not in found


def test_fail_on_missed_fails_check_and_build(make_site: Callable[..., Path]) -> None:
    csv_text = str(FILES["measures/2026.csv"]) + "2026-Q3,stay,check-in,,room-ready,90,90,\n"
    site = make_site(files={**FILES, "measures/2026.csv": csv_text})
    assert main(["check", str(site)]) == 0
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - cxmaps", "  - cxmaps:\n      fail_on_missed: true"))
    assert main(["check", str(site)]) == 1
    result = run_mkdocs(site, "build")
    assert result.returncode == 1 and "missed its target in 2026-Q3" in result.stderr + result.stdout


def test_built_site_has_the_new_addresses_and_is_reproducible(make_site: Callable[..., Path]) -> None:
    site = make_site(files=FILES)
    assert run_mkdocs(site, "build").returncode == 0
    for address in ("scorecard", "owners", "owners/front-office", "sources", "sources/survey-q3"):
        assert (site / "site" / address / "index.html").is_file(), address
    first = render_documents(load(site), [])
    assert [d.data for d in first] == [d.data for d in render_documents(load(site), [])]


# -- a manager's view (issue 23) ----------------------------------------------------------------


def _delivered(values: list[float], target: dict[str, float]) -> Delivered:
    """A standard of `target` measured `values`, oldest first (one quarter each)."""
    from cxmaps.model.format import Standard, Target

    standard = Standard(objective="Answer", level="Fast", target=Target(**target, unit="%"))  # type: ignore[arg-type]
    periods = [parse_period(f"{2026 + i // 4}-Q{i % 4 + 1}") for i in range(len(values))]
    series = [
        Measure(period=p, journey="j", step="s", persona="", metric="answer", value=v, n=None, source="",
                file="m.csv", line=i + 2)  # type: ignore[arg-type]
        for i, (p, v) in enumerate(zip(periods, values, strict=True))
    ]  # fmt: skip
    return Delivered("j", None, None, standard, "missed", series)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "target", "in_a_row"),
    [
        ([93, 91, 95], {"min": 90}, 0),
        ([82, 84, 79], {"min": 90}, 3),
        ([95, 84, 79], {"min": 90}, 2),
        ([80, 95, 90, 79], {"min": 90}, 1),  # exactly the target is met: the run is the latest period alone
        ([4, 6, 7], {"max": 5}, 2),
        ([], {"min": 90}, 0),
    ],
)
def test_periods_missed_in_a_row_count_back_from_the_latest(values, target, in_a_row) -> None:  # type: ignore[no-untyped-def]
    d = _delivered(values, target)
    assert d.missed_in_a_row == in_a_row
    assert (d.missed_since is None) == (in_a_row == 0)
    if in_a_row:
        assert d.missed_since is d.series[-in_a_row]


def test_difference_and_shortfall_to_the_target() -> None:
    below = _delivered([82, 79], {"min": 90})
    assert below.bound == 90 and below.difference == -11 and below.shortfall == pytest.approx(11 / 90)
    above = _delivered([6], {"max": 5})
    assert above.difference == 1 and above.shortfall == pytest.approx(0.2)
    assert _delivered([95], {"min": 90}).shortfall == 0 and _delivered([], {"min": 90}).difference is None


@pytest.fixture(scope="module")
def hard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hard site of issue 23, built in French and in English."""
    built = {}
    for language in ("fr", "en"):
        site = write_hard_site(tmp_path_factory.mktemp(language) / "site", language)
        result = run_mkdocs(site, "build")
        assert result.returncode == 0, result.stderr
        built[language] = site / "site"
    return built


def _read(hard: dict[str, Path], language: str, address: str) -> str:
    return (hard[language] / address / "index.html").read_text("utf-8")


def test_scorecard_says_the_gap_to_target_and_the_run_of_misses(hard: dict[str, Path]) -> None:
    fr, en = _read(hard, "fr", "scorecard"), _read(hard, "en", "scorecard")
    assert "79\u202f% / min 90\u202f% (\u221211\u00a0pts)" in fr and "79% / min 90% (-11\u00a0pts)" in en
    attention = fr[fr.index('id="attention"') : fr.index('id="met"')]
    assert '<span class="cx-run">3</span>' in attention and "depuis T1" in attention
    statuses = re.findall(r'<tr data-status="([a-z-]+)"', attention)
    assert (
        statuses
        and set(statuses) == {"missed", "stale"}
        and statuses == sorted(statuses, key=("missed", "stale").index)
    )
    assert 'class="cx-trend-target"' in attention  # the trend draws its target line
    assert '<tr data-status="met"' in fr[fr.index('id="met"') :]


def test_usual_causes_are_said_once(hard: dict[str, Path]) -> None:
    page = _read(hard, "en", "scorecard")
    assert page.count("Usual causes") == page.count('<div data-gap="') >= 1
    assert page.count('class="cx-gap" data-gap="delivered-promised"') > 1


def test_owners_differing_in_capitals_are_one_owner_with_one_id(hard: dict[str, Path]) -> None:
    for language, slug in (("fr", "cadre-de-sante-du-bloc-ambulatoire"), ("en", "day-surgery-unit-manager")):
        page = _read(hard, language, "scorecard")
        ids = re.findall(r' id="([^"]+)"', page)
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
        assert page.count(f'<option value="{slug}">') == 1
        assert len(re.findall(r'<option value="[^"]+">', page)) == 2  # two owners, not three
        owners = _read(hard, language, "owners")
        assert owners.count(f'href="{slug}/"') == 1 and owners.count("<tr><td><a href=") == 2
        owner = _read(hard, language, f"owners/{slug}")
        assert f"?owner={slug}" in owner and ("Aussi écrit" if language == "fr" else "Also written") in owner


def test_statuses_on_journeys_moments_touchpoints_and_systems(hard: dict[str, Path]) -> None:
    journeys = _read(hard, "en", "journeys")
    statuses = re.findall(r'<span class="cx-index-statuses">(.*?)</span>\n', journeys)
    assert len(statuses) == 4
    words = [re.findall(r'data-status="([a-z-]+)"', s) for s in statuses]
    assert all(w == sorted(w, key=("missed", "stale", "no-data", "met").index) for w in words)
    assert '<span class="cx-status-word" data-status="missed">missed</span>: 3' in journeys  # 12 steps: 2, 6, 10
    moments = _read(hard, "fr", "moments-of-truth")
    assert '<article class="cx-moment cx-moment-first-time" data-status="missed">' in moments
    assert (
        'État de ses standards\u202f:</span> <span class="cx-status-word" data-status="missed">non atteint' in moments
    )
    touchpoint = next((hard["en"] / "touchpoints").glob("*/index.html")).read_text("utf-8")
    system = next((hard["en"] / "systems").glob("*/index.html")).read_text("utf-8")
    for page in (touchpoint, system):
        assert re.search(r'data-status="(missed|met|stale)"><span class="cx-visually-hidden">Status:', page)
    assert 'cx-status-word" data-status="missed">missed</span>' in (
        hard["en"] / "touchpoints" / "index.html"
    ).read_text("utf-8")
