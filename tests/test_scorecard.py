"""The delivered experience on the pages: status of each standard, scorecard, owners, exports, health, CI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
from conftest import run_mkdocs
from cxmaps.cli.main import main
from cxmaps.pages.kinds import render_documents
from cxmaps.reference.delivered import Delivery
from cxmaps.reference.health import findings
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
    assert "at least 99%" in page and "98.1%" in page and "2026-Q2, n\u00a0=\u00a0410" in page
    assert '<svg class="cx-trend" role="img"' in page  # two periods of fast-confirmation: a trend
    assert ">missed<" in page


def test_journey_scores_and_step_scores_by_persona(make_site: Callable[..., Path]) -> None:
    page = str(pages(make_site)["journeys/stay.md"])
    assert 'data-metric="nps"' in page and 'data-metric="ces"' in page
    assert "Measured emotion" in page and "measured, 2026-Q3, n\u00a0=\u00a0212" in page


def test_scorecard_missed_first_grouped_by_owner(make_site: Callable[..., Path]) -> None:
    page = str(pages(make_site)["scorecard/index.md"])
    assert page.index("## E-commerce") < page.index("## Front office")  # the owner with a missed standard first
    assert page.index('data-status="missed"') < page.index('data-status="met"')
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
