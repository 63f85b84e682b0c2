"""Numbers and dates out of any real export are refused at their cell; a far-off row cannot silence the gate.

Issue 22: a value of 309 digits crashed the build (infinite float), a sample
size of 4,300 digits gave a traceback, a period in year 0001 left the calendar,
and one row dated 9999 made every standard stale, so `fail_on_missed` passed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import cli, run_mkdocs, snapshot
from measured_site import FILES

HEADER = "period,journey,step,persona,metric,value,n,source\n"


@pytest.mark.parametrize(
    ("row", "where", "says"),
    [
        ("2026-Q3,stay,book,,desk-wait," + "9" * 400 + ",10,", "2:6: value", "more than 15 digits"),
        ("2026-Q3,stay,book,,desk-wait,-" + "1" * 20 + ".5,10,", "2:6: value", "more than 15 digits"),
        ("2026-Q3,stay,book,,desk-wait,4," + "7" * 5000 + ",", "2:7: n", "sample size of more than 15 digits"),
        ("0001-Q3,stay,book,,desk-wait,4,10,", "2:1: period", "before 1900"),
        ("0026,stay,book,,desk-wait,4,10,", "2:1: period", "write the year in full"),
    ],
    ids=["huge-value", "long-negative", "huge-n", "year-one", "short-year"],
)
def test_an_impossible_number_or_date_is_refused_at_its_cell(
    make_site: Callable[..., Path], row: str, where: str, says: str
) -> None:
    site = make_site(files={**FILES, "measures/bad.csv": HEADER + row + "\n"})
    code, out, err = cli("check", str(site))
    assert code == 1
    assert f"measures/bad.csv:{where}: " in out and says in out
    assert "Traceback" not in out + err
    previous = site / "site"
    previous.mkdir()
    (previous / "index.html").write_text("yesterday", encoding="utf-8")
    before = snapshot(previous)
    built = run_mkdocs(site, "build")
    assert built.returncode == 1 and "Traceback" not in built.stdout + built.stderr
    assert f"measures/bad.csv:{where}: " in built.stdout + built.stderr
    assert snapshot(previous) == before


def test_a_period_after_the_reference_date_is_refused_at_its_cell(make_site: Callable[..., Path]) -> None:
    """One row dated 9999 once made every standard stale and silenced the gate: it is now refused."""
    csv_text = str(FILES["measures/2026.csv"]) + "9999-12,stay,book,,desk-wait,4,10,\n"
    site = make_site(files={**FILES, "measures/2026.csv": csv_text})
    code, out, _ = cli("check", str(site))
    assert code == 1
    assert "measures/2026.csv:9:1: period: '9999-12' begins after the reference's date" in out


def test_a_period_that_has_begun_is_accepted(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790985600")  # 2026-10-03: 2026-Q4 has begun, 2026-11 has not
    begun = str(FILES["measures/2026.csv"]) + "2026-Q4,stay,book,,desk-wait,4,10,\n"
    site = make_site(files={**FILES, "measures/2026.csv": begun})
    assert cli("check", str(site))[0] == 0
    (site / "measures" / "2026.csv").write_text(begun + "2026-11,stay,book,,desk-wait,4,10,\n", encoding="utf-8")
    code, out, _ = cli("check", str(site))
    assert code == 1 and "'2026-11' begins after the reference's date (2026-10-03)" in out


def test_a_stale_miss_on_a_moment_of_truth_still_fails_the_gate(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """room-ready misses (90 < 100) on a moment of truth; a row two years later makes it stale, and still it fails."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    csv_text = (
        str(FILES["measures/2026.csv"])
        + "2026-Q3,stay,check-in,,room-ready,90,90,\n"
        + "2029-12,stay,book,,desk-wait,4,10,\n"
    )
    site = make_site(files={**FILES, "measures/2026.csv": csv_text})
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - cxmaps", "  - cxmaps:\n      fail_on_missed: true"))
    code, out, _ = cli("check", str(site))
    assert code == 1
    assert "room-ready' of step 'check-in', on a moment of truth, missed its target in 2026-Q3" in out
    built = run_mkdocs(site, "build")
    assert built.returncode == 1 and "missed its target in 2026-Q3" in built.stdout + built.stderr


def test_staleness_is_counted_per_journey(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A recent row of another journey leaves this journey's standards as they were."""
    from cxmaps.reference.delivered import Delivery
    from measured_site import load

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    other = str(FILES["journeys/stay.yml"]).replace("title: Hotel stay", "title: Another stay")
    csv_text = str(FILES["measures/2026.csv"]) + "2029-12,other,book,,desk-wait,4,10,\n"
    site = make_site(files={**FILES, "journeys/other.yml": other, "measures/2026.csv": csv_text})
    statuses = {(d.jid, d.standard.id): d.status for d in Delivery(load(site)).standards}
    assert statuses[("stay", "desk-wait")] == "met"
    assert statuses[("stay", "room-ready")] == "stale"  # 2025-Q1, 549 days before 2026-Q3
    assert statuses[("stay", "fast-confirmation")] == "missed"
    assert statuses[("other", "desk-wait")] == "met"
    assert statuses[("other", "fast-confirmation")] == "no-data"


def test_an_invalid_journey_gives_its_own_problem_not_one_per_measure(make_site: Callable[..., Path]) -> None:
    broken = str(FILES["journeys/stay.yml"]).replace("emotion: 1\n", "emotion: high\n", 1)
    site = make_site(files={**FILES, "journeys/stay.yml": broken})
    code, out, _ = cli("check", str(site))
    assert code == 1
    assert "journeys/stay.yml:" in out and "emotion" in out
    assert "unknown journey" not in out
    assert [line.split("/tiny/", 1)[1] for line in out.splitlines() if "measures/" in line] == [
        "measures/2026.csv:2:2: journey: measures of 'stay' not checked: its file has problems of its own "
        "(reported there); fix them first"
    ]


def test_a_persona_typo_in_a_journey_suggests_nothing_to_its_correct_measures(
    make_site: Callable[..., Path],
) -> None:
    """personas: [claire, tourst]: the journey says so; the rows naming 'tourist' (right) are not told to change."""
    typo = str(FILES["journeys/stay.yml"]).replace("personas: [claire, tourist]", "personas: [claire, tourst]")
    typo = typo.replace("expected: {claire: 1, tourist: 2}", "expected: {claire: 1, tourst: 2}")
    typo = typo.replace("emotion: {claire: -1, tourist: 1}", "emotion: {claire: -1, tourst: 1}")
    rows = str(FILES["measures/2026.csv"]) + "2026-Q3,stay,check-in,tourist,ces,3,100,\n"
    site = make_site(files={**FILES, "journeys/stay.yml": typo, "measures/2026.csv": rows})
    code, out, _ = cli("check", str(site))
    assert code == 1
    assert "unknown persona 'tourst'" in out and "did you mean 'tourist'" in out
    assert "did you mean 'tourst'" not in out and "is not a persona of journey" not in out
    assert sum("measures/" in line for line in out.splitlines()) == 1


def test_the_check_counts_what_it_found_valid_in_words(make_site: Callable[..., Path]) -> None:
    code, out, _ = cli("check", str(make_site(files=FILES)))
    assert code == 0
    assert out == "cxmaps: 1 journey, 2 personas, 1 source and 1 measures file (7 rows) are valid.\n"


def test_a_duplicate_step_id_gives_its_own_problem_and_one_line_per_measures_file(
    make_site: Callable[..., Path],
) -> None:
    """Two steps named 'book': said at the journey; its measures are not each told 'unknown metric'."""
    twice = str(FILES["journeys/stay.yml"]).replace("      - id: check-in\n", "      - id: book\n")
    site = make_site(files={**FILES, "journeys/stay.yml": twice})
    code, out, _ = cli("check", str(site), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert any("journeys/stay.yml" in line and "duplicate step id 'book'" in line for line in lines)
    assert "unknown metric" not in out and "unknown step" not in out
    assert sum("measures/2026.csv" in line for line in lines) == 1 and len(lines) == 2
