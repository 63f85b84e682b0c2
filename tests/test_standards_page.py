"""The standards catalogue (`standards/`): every field of every standard, by journey, filterable.

Built for real from the French test site, whose standards fill every field.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SITES, run_mkdocs

FIELDS = ("objective", "level", "how", "indicator", "measure", "owner")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("standards") / "fr-sinistres"
    shutil.copytree(SITES / "fr-sinistres", site)
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site / "site"


@pytest.fixture(scope="module")
def catalogue(built: Path) -> str:
    return (built / "standards" / "index.html").read_text(encoding="utf-8")


def sources() -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((SITES / "fr-sinistres" / "journeys").glob("*.yml"))
    }


def text(page: str) -> str:
    """The page's text as a reader sees it (tags removed, references decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_every_field_of_every_standard_is_shown(catalogue: str) -> None:
    shown = re.sub(r"\s+", " ", text(catalogue))
    count = 0
    for journey in sources().values():
        for phase in journey["phases"]:
            for step in phase["steps"]:
                for standard in step.get("standards", []):
                    count += 1
                    for field in FIELDS:
                        assert standard[field] in shown, (field, standard[field])
    assert catalogue.count('class="cx-catalogue-standard"') == count
    for impact, word in (("basic", "Basique"), ("key", "Clé"), ("plus", "Plus"), ("secondary", "Secondaire")):
        assert f'class="cx-impact cx-impact-{impact}"' in catalogue and word in shown


def test_grouped_by_journey_with_links_to_each_step(catalogue: str) -> None:
    for jid, journey in sources().items():
        assert f'id="journey-{jid}"' in catalogue
        section = catalogue[catalogue.index(f'<div class="cx-catalogue-journey" data-journey="{jid}">') :]
        for phase in journey["phases"]:
            for step in phase["steps"]:
                if step.get("standards") or step.get("promise"):
                    assert f'href="../journeys/{jid}/#{step["id"]}"' in section, step["id"]


def test_filter_is_labelled_selects_hidden_until_the_script_runs(catalogue: str) -> None:
    start = catalogue.index('<form class="cx-filter"')
    form = catalogue[start : catalogue.index("</form>", start)]
    assert "hidden" in form.split(">", 1)[0]
    for name in ("journey", "owner", "impact"):
        assert f'<label for="cx-filter-{name}">' in form
        assert f'<select id="cx-filter-{name}" data-filter="{name}">' in form
    assert 'aria-live="polite"' in form
    assert '<option value="Responsable de la plateforme sinistres">' in form
    assert form.count('<option value="Responsable de la plateforme sinistres">') == 1  # one option per owner
    assert '<option value="key">Clé</option>' in form
    assert "cxmaps/standards-filter.js" in catalogue


def test_cards_carry_what_the_filter_reads(catalogue: str) -> None:
    assert (
        'data-journey="declaration-sinistre-auto" data-owner="Responsable du service réclamations" data-impact="key"'
        in catalogue
    )


def test_csv_keeps_its_address_columns_and_formula_guard(built: Path) -> None:
    rows = list(csv.reader(io.StringIO((built / "standards" / "standards.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["journey", "journey_title", "step", "step_name", "address", "promise",
                       "objective", "level", "how", "indicator", "measure", "owner", "impact",
                       "standard_id", "target", "latest_value", "latest_period", "latest_n", "status"]  # fmt: skip
    claim = next(row for row in rows if row[2] == "reclamation-franchise")
    assert claim[4] == "journeys/declaration-sinistre-auto/#reclamation-franchise"
    assert claim[11:13] == ["Responsable du service réclamations", "key"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
