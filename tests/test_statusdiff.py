"""`cxmaps diff` and the delivered experience (issue 14): status changes, new periods and measure rows
between two revisions of a real git repository, in the site's language; a revision's own measures folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli
from cxmaps.reference.delivered import Delivery
from cxmaps.review.safeconfig import UnsafeConfigProblem, read_site
from cxmaps.review.statusdiff import MAX_LISTED, compare_delivery, markdown_lines, status_changes
from measured_site import FILES, JOURNEY, MEASURES, load
from test_authoring import git

NBSP = "\u00a0"
#: A new quarter: the short wait is now missed, the fast confirmation met again; the NPS of Q3
#: corrected; Claire's CES of Q3 taken out of the export.
LATER = (
    MEASURES.replace("2026-Q3,stay,,,nps,32,640,survey-q3", "2026-Q3,stay,,,nps,35,640,survey-q3").replace(
        "2026-Q3,stay,check-in,claire,ces,3.1,212,\n", ""
    )
    + "2026-Q4,stay,book,,desk-wait,6,380,\n2026-Q4,stay,book,,fast-confirmation,99.3,420,\n"
)


def _repo(site: Path) -> Path:
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    return site


def _commit(site: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "change")


def _diff(site: Path, *args: str) -> str:
    code, out, err = cli("diff", "main~1", "main", "--site", str(site), *args)
    assert code == 0, err
    return out


def test_status_changes_new_periods_and_corrections_between_two_revisions(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _repo(make_site(files=FILES))
    _commit(site, {"measures/2026.csv": LATER})
    out = _diff(site).splitlines()
    section = out[out.index("### Measures and standards") :]
    assert section[2:] == [
        f"- `stay` `book` Standard “Short wait”: met → missed (latest 6{NBSP}min, 2026-Q4, n{NBSP}={NBSP}380)",
        f"- `stay` `book` Standard “Fast confirmation”: missed → met (latest 99.3%, 2026-Q4, n{NBSP}={NBSP}420)",
        "- New period 2026-Q4, values: 2",
        f"  - `stay` `book` `desk-wait`: 6{NBSP}min (2026-Q4, n{NBSP}={NBSP}380)",
        f"  - `stay` `book` `fast-confirmation`: 99.3% (2026-Q4, n{NBSP}={NBSP}420)",
        "- `stay` whole journey Measure NPS, 2026-Q3 corrected: 32 → 35",
        "- `stay` `check-in` Measure CES (effort, 1 easy to 7 hard) (Claire), 2026-Q3 removed (was 3.1)",
    ], section
    summary = json.loads(_diff(site, "--format", "json"))["delivery"]
    assert [(c["standard"], c["from"], c["to"]) for c in summary["statuses"]] == [
        ("desk-wait", "met", "missed"),
        ("fast-confirmation", "missed", "met"),
    ]
    assert summary["periods"] == ["2026-Q4"]
    assert summary["measures"]["changed"] == [
        {"journey": "stay", "step": "", "persona": "", "who": "", "metric": "nps", "period": "2026-Q3",
         "value": 35.0, "n": 640, "unit": None, "from": 32.0, "from_n": 640},
    ]  # fmt: skip


def test_a_target_added_a_new_standard_and_stale_are_status_changes(make_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The reference is dated 2028: a period of 2027 has begun (see reference_date).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830297600")
    site = make_site(files=FILES)
    before = Delivery(load(site))
    journey = JOURNEY.replace("          - objective: A smile\n            level: Always\n",
                              "          - objective: A smile\n            level: Always\n            target: {min: 90}\n"
                              "          - id: keys\n            objective: Keys work\n            level: First time\n"
                              "            target: {min: 98, unit: \"%\"}\n")  # fmt: skip
    # Two years later, the room-ready measure of 2025 is stale; the confirmation of Q2 2026 too.
    measures = MEASURES + "2027-Q4,stay,check-in,,keys,99,50,\n"
    (site / "journeys" / "stay.yml").write_text(journey, encoding="utf-8")
    (site / "measures" / "2026.csv").write_text(measures, encoding="utf-8")
    changes = compare_delivery(before, Delivery(load(site)))
    moves = {c["standard"]: (c["from"], c["to"]) for c in changes["statuses"]}
    assert moves == {
        "fast-confirmation": ("missed", "stale"),
        "desk-wait": ("met", "stale"),
        "a-smile": ("no-target", "no-data"),
        "keys": ("absent", "met"),
    }
    assert changes["periods"] == ["2027-Q4"]


def test_a_renamed_step_keeps_its_measures_and_statuses(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(files=FILES)
    a = load(site)
    journey = JOURNEY.replace("      - id: check-in\n", "      - id: arrival\n        aliases: [check-in]\n")
    (site / "journeys" / "stay.yml").write_text(journey, encoding="utf-8")
    (site / "measures" / "2026.csv").write_text(MEASURES.replace(",check-in,", ",arrival,"), encoding="utf-8")
    changes = status_changes(a, load(site))
    assert changes == {"statuses": [], "periods": [], "measures": {"added": [], "changed": [], "removed": []}}
    assert markdown_lines(changes) == []


def test_the_section_speaks_the_sites_language_and_author_text_stays_text(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(files=FILES)
    a = Delivery(load(site))
    (site / "journeys" / "stay.yml").write_text(JOURNEY.replace("Short wait", "Short *wait* <b>@team</b>"))
    (site / "measures" / "2026.csv").write_text(LATER, encoding="utf-8")
    lines = markdown_lines(compare_delivery(a, Delivery(load(site))), "fr")
    assert lines[1] == "### Mesures et standards"
    short = next(line for line in lines if "desk-wait" not in line and "Short" in line)
    assert "\\*wait\\*" in short and "&lt;b&gt;" in short and "@\u2060team" in short
    assert f"non atteint (dernière valeur 6{NBSP}min, 2026-Q4" in short
    assert "- Nouvelle période 2026-Q4, valeurs\u202f: 2" in lines
    assert f"99,3\u202f% (2026-Q4, n{NBSP}={NBSP}420)" in "\n".join(lines)


def test_braces_in_an_objective_are_text_not_template_fields(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(files=FILES)
    a = Delivery(load(site))
    (site / "journeys" / "stay.yml").write_text(JOURNEY.replace("Short wait", "Short {new} {old} {value} wait"))
    (site / "measures" / "2026.csv").write_text(LATER, encoding="utf-8")
    lines = markdown_lines(compare_delivery(a, Delivery(load(site))))
    short = next(line for line in lines if "Short" in line)
    assert "Short {new} {old} {value} wait" in short and short.endswith(f"n{NBSP}={NBSP}380)")
    assert ": met → missed (latest 6" in short


def test_a_large_new_quarter_is_counted_not_listed_whole(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(files=FILES)
    a = Delivery(load(site))
    values = {"nps": 10, "csat": 50, "ces": 3, "emotion": 1}
    rows = "".join(f"2026-Q4,stay,{step},{persona},{metric},{value},10,\n" for metric, value in values.items()
                   for step in ("", "book", "check-in") for persona in ("", "claire", "tourist"))  # fmt: skip
    (site / "measures" / "2026.csv").write_text(MEASURES + rows, encoding="utf-8")
    lines = markdown_lines(compare_delivery(a, Delivery(load(site))))
    assert "- New period 2026-Q4, values: 36" in lines
    assert sum(line.startswith("  - `stay`") for line in lines) == MAX_LISTED
    assert lines[-1] == f"  - and {36 - MAX_LISTED} more"


def test_no_measures_no_section(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _repo(make_site())
    (site / "journeys" / "stay.yml").write_text(JOURNEY.replace("        sources: [survey-q3]\n", ""), encoding="utf-8")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "change")
    out = _diff(site)
    assert "### Measures and standards" not in out
    assert json.loads(_diff(site, "--format", "json"))["delivery"]["statuses"] == []


def test_a_revision_reads_its_own_measures_folder(make_site) -> None:  # type: ignore[no-untyped-def]
    config = (
        "site_name: Tiny\ntheme:\n  name: material\nplugins:\n  - search\n"
        "  - cxmaps:\n      measures: data/measures\n      sources: data/sources\n      stale_after: 2000\n"
    )
    files = {"mkdocs.yml": config, "journeys/stay.yml": JOURNEY, "data/sources/survey-q3.yml": FILES["sources/survey-q3.yml"],
             "data/measures/2026.csv": MEASURES}  # fmt: skip
    site = _repo(make_site(files=files))
    settings = read_site(site).settings
    assert settings.measures_dir == (site / "data" / "measures").resolve() and settings.stale_after == 2000
    assert settings.sources_dir == (site / "data" / "sources").resolve()
    _commit(site, {"data/measures/2026.csv": LATER})
    out = _diff(site)
    assert "- `stay` `book` Standard “Short wait”: met → missed" in out
    # stale_after: 2000 days, so the room-ready measure of 2025 is not stale in either revision.
    assert "room" not in out.split("### Measures and standards")[1]


def test_a_measures_folder_outside_the_site_is_refused(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(files={"mkdocs.yml": "site_name: T\nplugins:\n  - cxmaps:\n      measures: ../elsewhere\n"})
    with pytest.raises(UnsafeConfigProblem, match="measures"):
        read_site(site)


def test_a_changed_or_new_standard_says_its_status_after_the_change(make_site) -> None:  # type: ignore[no-untyped-def]
    from cxmaps.review.diff import compare
    from cxmaps.review.diffmarkdown import markdown

    site = make_site(files=FILES)
    a = load(site)
    journey = JOURNEY.replace("target: {max: 5, unit: min}", "target: {max: 4, unit: min}").replace(
        "          - objective: A smile\n",
        "          - objective: Keys work\n            level: Always\n            target: {min: 98}\n"
        "          - objective: A smile\n",
    )
    (site / "journeys" / "stay.yml").write_text(journey, encoding="utf-8")
    summary = compare(a, load(site))
    details = {d.get("objective"): d for d in summary["changed"][0]["details"]}
    assert details["Short wait"]["now"] == "missed" and details["Short wait"]["latest"]["value"] == 4.2
    assert details["Keys work"]["now"] == "no-data" and details["Keys work"]["latest"] is None
    text = markdown(summary)
    assert f", now missed (latest 4.2{NBSP}min, 2026-Q3, n{NBSP}={NBSP}398)" in text
    assert "Keys work" in text and ", now no data" in text
    assert ", désormais non atteint (dernière valeur 4,2" in markdown(summary, "fr")
