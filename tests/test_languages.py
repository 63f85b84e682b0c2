"""Each language as its speakers write it (issue 23): numbers, periods, labels and the health page.

Unit tests of `Typography` for English, French and German (a language without a
catalogue: English words, Babel's numbers), then the hard reference
(tests/hard_site.py) built in French, in English and in German, read as its
readers read it. The data (CSV, JSON) keep ISO periods and plain numbers.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import run_mkdocs
from cxmaps.language.i18n import Typography, catalogue
from hard_site import write_hard_site

NNBSP = "\u202f"
NBSP = "\u00a0"


def test_numbers_are_grouped_as_each_language_groups_them() -> None:
    en, fr, de = (Typography(catalogue(code)) for code in ("en", "fr", "de"))
    assert (en.number(12840), fr.number(12840), de.number(12840)) == ("12,840", f"12{NNBSP}840", "12.840")
    assert (en.number(1.5), fr.number(-1.5), de.number(1.5)) == ("1.5", "\u22121,5", "1,5")
    assert fr.number(1234567.25) == f"1{NNBSP}234{NNBSP}567,25" and en.number(999) == "999"
    assert (en.percent(88.2), fr.percent(88.2), de.percent(88.2)) == ("88.2%", f"88,2{NNBSP}%", f"88,2{NBSP}%")


def test_periods_are_written_as_each_language_writes_them() -> None:
    en, fr, de = (Typography(catalogue(code)) for code in ("en", "fr", "de"))
    assert (en.period("2026-Q3"), fr.period("2026-Q3"), de.period("2026-Q3")) == ("Q3 2026", "T3 2026", "Q3 2026")
    assert (en.period("2026-09"), fr.period("2026-09"), de.period("2026-09")) == (
        "September 2026",
        "septembre 2026",
        "September 2026",
    )
    assert (en.period("2026-09-12"), fr.period("2026-09-12")) == ("September 12, 2026", "12 septembre 2026")
    assert fr.period("2026") == "2026" and fr.period("not a period") == "not a period"


def test_a_language_without_a_catalogue_has_english_words_and_its_own_numbers() -> None:
    german = catalogue("de")
    assert german["health"] == catalogue("en")["health"]
    assert german["typo_locale"] == "de" and german["typo_decimal"] == "," and german["typo_group"] == "."
    assert catalogue("pt-BR")["typo_locale"] == "pt_BR"
    assert catalogue("zz-unknown")["typo_locale"] == "en"  # Babel does not know it: English rules


def _build(folder: Path, language: str) -> Path:
    write_hard_site(folder, "fr" if language == "fr" else "en")
    if language == "de":
        config = folder / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: de"), "utf-8")
    # A month and a decimal value beside the quarters: CSAT of the whole journey in September.
    with (folder / "measures" / "export.csv").open("a", encoding="utf-8") as csv:
        csv.write("2026-09,douze,,,csat,88.5,12840,\n2026-09,douze,,,ces,1.5,12840,\n")
    result = run_mkdocs(folder, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {code: _build(tmp_path_factory.mktemp(code) / "hard", code) for code in ("fr", "en", "de")}


def read(out: Path, address: str) -> str:
    return (out / address / "index.html").read_text(encoding="utf-8")


def words(page: str) -> str:
    """The page's content as a reader reads it: tags removed, entities decoded."""
    body = page[page.index('<article class="md-content__inner') :]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_french_pages_write_t3_2026_septembre_2026_and_12_840(sites: dict[str, Path]) -> None:
    text = words(read(sites["fr"], "journeys/douze"))
    assert "T3 2026" in text and "septembre 2026" in text
    assert f"n{NBSP}={NBSP}12{NNBSP}840" in text and "2026-Q" not in text and "12840" not in text
    assert "1,5" in text and "88,5" in text


def test_english_pages_write_q3_2026_and_12_840(sites: dict[str, Path]) -> None:
    text = words(read(sites["en"], "journeys/douze"))
    assert "Q3 2026" in text and "September 2026" in text
    assert f"n{NBSP}={NBSP}12,840" in text and "2026-Q" not in text and "12840" not in text


def test_german_pages_use_babels_numbers_with_english_words(sites: dict[str, Path]) -> None:
    text = words(read(sites["de"], "journeys/douze"))
    assert f"n{NBSP}={NBSP}12.840" in text and "1,5" in text and "88,5" in text
    assert "12,840" not in text and "1.5 " not in text
    assert "Q3 2026" in text and "September 2026" in text


def test_the_data_keep_iso_periods_and_plain_numbers(sites: dict[str, Path]) -> None:
    for out in sites.values():
        assert "2026-Q3" in (out / "measures.csv").read_text(encoding="utf-8")
        data = json.loads((out / "reference.json").read_text(encoding="utf-8"))
        assert "2026-Q3" in json.dumps(data) and "12840" in json.dumps(data)


def test_health_page_speaks_french(sites: dict[str, Path]) -> None:
    text = words(read(sites["fr"], "health"))
    assert "il manque au standard" in text and "n'atteint pas sa cible" in text
    assert "la dernière mesure de" in text and "date de T1 2024" in text and "30 septembre 2026" in text
    for english in ("has no", "missed its target", "the latest measure", "is from", "days before"):
        assert english not in text, english
    # The English site keeps the messages of `cxmaps check --lint`, periods in words.
    english = words(read(sites["en"], "health"))
    assert "missed its target in Q3 2026" in english and "is from Q1 2024" in english


def test_phase_label_takes_the_french_space(sites: dict[str, Path]) -> None:
    page = read(sites["fr"], "journeys/douze")
    assert f"Phase{NNBSP}: Avant" in page and "Phase: " not in page
    assert "Phase: Before" in read(sites["en"], "journeys/douze")


def test_standards_page_offers_the_spreadsheet_beside_the_csv(sites: dict[str, Path]) -> None:
    page = read(sites["fr"], "standards")
    top = page[page.index('class="cx-download"') :]
    top = top[: top.index("</p>")]
    assert "standards.csv" in top and "standards.xlsx" in top
    assert page.index("standards.xlsx") < page.index('class="cx-catalogue-journey"')
