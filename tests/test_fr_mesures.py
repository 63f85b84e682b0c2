"""The held-out proof: a French site (not the sample) with measures in a semicolon-separated file with decimal commas."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import SITES, run_mkdocs

NNBSP = "\u202f"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("fr") / "fr-mesures"
    shutil.copytree(SITES / "fr-mesures", site)
    with (site / "personas" / "assuree-pressee.yml").open("a", encoding="utf-8") as persona:
        persona.write("sources: [barometre-sinistres-t3]\n")  # a persona rests on a study too
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site / "site"


def read(built: Path, address: str) -> str:
    return (built / address / "index.html").read_text(encoding="utf-8")


def test_decimal_commas_are_read_and_written_back_in_french(built: Path) -> None:
    page = read(built, "journeys/declaration-sinistre")
    assert "88,2\u202f%" in page and "au moins 90\u202f%" in page
    assert "64,5\u00a0h" in page and "au plus 72\u00a0h" in page
    assert "4,6" in page and "\u22128" in page  # the CES and the first NPS, with the minus sign


def test_status_in_french_words_and_as_data(built: Path) -> None:
    page = read(built, "journeys/declaration-sinistre")
    for status, words in (("missed", "non atteint"), ("met", "atteint"), ("stale", "mesure ancienne")):
        assert f'data-status="{status}"' in page and f">{words}<" in page


def test_scorecard_sources_owners_and_gaps_in_french(built: Path) -> None:
    scorecard = html.unescape(re.sub(r"<[^>]+>", " ", read(built, "scorecard")))
    assert "Tableau de bord" in scorecard and "Écarts de service ouverts" in scorecard
    assert "Délivrée ≠ promise" in scorecard and "absence de suivi" in scorecard
    assert "Baromètre des sinistres" in read(built, "sources/barometre-sinistres-t3")
    assert "Déclaration rapide" in read(built, "owners/responsable-du-parcours-digital")
    assert "supposé" in read(built, "journeys/declaration-sinistre") or "mesuré" in read(
        built, "journeys/declaration-sinistre"
    )


def test_periods_and_counts_as_french_writes_them(built: Path) -> None:
    page = html.unescape(re.sub(r"<[^>]+>", " ", read(built, "journeys/declaration-sinistre")))
    assert "T3 2026" in page and "T1 2026" in page and "2026-Q" not in page
    source = read(built, "sources/barometre-sinistres-t3")
    assert "30 septembre 2026" in source and f"1{NNBSP}250" in source
    assert "2026-Q3" in (built / "measures.csv").read_text(encoding="utf-8")  # the data keep ISO periods


def test_a_persona_page_lists_the_sources_it_cites(built: Path) -> None:
    page = read(built, "personas/assuree-pressee")
    sources = page[page.index('id="sources"') :]
    assert 'href="../../sources/barometre-sinistres-t3/"' in sources
    assert "Baromètre des sinistres" in sources and "Enquête" in sources and f"n&nbsp;=&nbsp;1{NNBSP}250" in sources
    assert 'href="../../personas/assuree-pressee/"' in read(built, "sources/barometre-sinistres-t3")
