"""French done right: typography from the locale, the default navigation in French, English unchanged.

Unit tests of `Typography`, then the French test site (tests/sites/fr-sinistres, no
explicit `nav:`) built for real and read as its readers would read it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SITES, run_mkdocs
from cxmaps.language.fold import search_key
from cxmaps.language.i18n import Typography, catalogue
from cxmaps.mkdocs.searchfold import fold_entries, folded_words
from markupsafe import Markup

NNBSP = "\u202f"
MINUS = "\u2212"


def test_french_numbers_use_a_decimal_comma_and_a_minus_sign() -> None:
    typo = Typography(catalogue("fr"))
    assert typo.number(-1.5) == f"{MINUS}1,5"
    assert typo.number(0.5) == "0,5"
    assert typo.number(2) == "2"
    assert typo.number(-2.0) == f"{MINUS}2"
    assert typo.level("négative", -1.5) == f"négative ({MINUS}1,5)"


def test_english_numbers_stay_english() -> None:
    typo = Typography(catalogue("en"))
    assert typo.number(-1.5) == "-1.5"
    assert typo.number(0.5) == "0.5"
    assert typo.label("Phase") == "Phase:"
    assert typo.text("Why? Because: this.") == "Why? Because: this."
    assert typo.quote("Hi") == "\u201cHi\u201d"


def test_french_punctuation_takes_a_narrow_no_break_space() -> None:
    typo = Typography(catalogue("fr"))
    assert typo.label("Phase") == f"Phase{NNBSP}:"
    assert typo.text("Pourquoi ? Parce que ; voilà !") == f"Pourquoi{NNBSP}? Parce que{NNBSP}; voilà{NNBSP}!"
    assert typo.text("« Bonjour »") == f"«{NNBSP}Bonjour{NNBSP}»"
    # Not punctuation: times and addresses keep their colon.
    assert typo.text("à 10:30 sur https://example.com") == "à 10:30 sur https://example.com"
    assert typo.quote("Je veux parler") == f"«{NNBSP}Je veux parler{NNBSP}»"


def test_quotes_and_lists_keep_rendered_text_safe() -> None:
    typo = Typography(catalogue("fr"))
    quoted = typo.quote(Markup("<em>vite</em>"))
    assert quoted == Markup(f"«{NNBSP}<em>vite</em>{NNBSP}»")
    assert typo.join(["a<b", Markup("<em>c</em>")]) == Markup("a&lt;b, <em>c</em>")


def test_french_labels_follow_french_typography() -> None:
    labels = catalogue("fr")
    assert labels["chart_gap"].count(f"{NNBSP}:") == 1
    assert " :" not in labels["map_caption"] and " ;" not in labels["map_caption"]


def test_a_copied_locale_carries_its_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A language added by copying a locale file gets its typography from that file."""
    import cxmaps.language.i18n as i18n

    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, locales)
    text = (locales / "fr.yml").read_text(encoding="utf-8").replace('typo_decimal: ","', 'typo_decimal: "·"')
    (locales / "xx.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", locales)
    i18n.catalogue.cache_clear()
    try:
        assert Typography(i18n.catalogue("xx")).number(-1.5) == f"{MINUS}1·5"
    finally:
        i18n.catalogue.cache_clear()


def test_accents_fold_for_search() -> None:
    assert search_key("Réclamation, réception, cœur, Ægir") == "reclamation, reception, coeur, aegir"
    assert folded_words("<p>Dépose une réclamation</p> au service réclamations") == "depose reclamation reclamations"
    index = {"config": {"fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
             "docs": [{"location": "a/", "title": "Réception", "text": "sans accent"}]}  # fmt: skip
    assert fold_entries(index)
    assert index["docs"][0] == {
        "location": "a/",
        "title": "Réception",
        "text": "sans accent",
        "folded_title": "reception",
    }
    assert index["config"]["fields"]["folded_title"] == {"boost": 1000}
    assert not fold_entries({"config": {}, "docs": []})  # not Material's index: left alone


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("fr") / "fr-sinistres"
    shutil.copytree(SITES / "fr-sinistres", site)
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site / "site"


def page(out: Path, address: str) -> str:
    return (out / address / "index.html").read_text(encoding="utf-8")


def nav_titles(html: str) -> list[str]:
    """The first-level entries of the primary navigation, as the reader sees them."""
    nav = html[html.index("md-nav--primary") :]
    nav = nav[: nav.index("</nav>")]
    links = re.findall(
        r'<li class="md-nav__item[^"]*">\s*<a href="[^"]*" class="md-nav__link[^"]*">(.*?)</a>', nav, re.S
    )
    return [re.sub(r"<[^>]+>|\s+", " ", link).strip() for link in links]


def test_default_nav_is_in_french_and_in_reading_order(french: Path) -> None:
    titles = nav_titles(page(french, ""))
    ours = ["Parcours client", "Personas", "Moments de vérité", "Promesses et standards de service"]
    assert all(title in titles for title in ours), titles
    assert [titles.index(t) for t in ours] == sorted(titles.index(t) for t in ours)
    assert titles[-1] == "Santé du référentiel", titles
    for english in ("Journeys", "Health", "Moments of truth", "Standards"):
        assert english not in titles


def test_numbers_use_a_decimal_comma_and_a_minus_sign(french: Path) -> None:
    journey = page(french, "journeys/declaration-sinistre-auto")
    assert f"très négative ({MINUS}1,5)" in journey
    assert "positive (0,5)" in journey
    assert "(-1.5)" not in journey and "(0.5)" not in journey
    persona = page(french, "personas/jeanne-marie")
    assert f"({MINUS}1,5)" in persona and "(-1.5)" not in persona


def test_labels_take_a_narrow_no_break_space_before_the_colon(french: Path) -> None:
    journey = page(french, "journeys/declaration-sinistre-auto")
    assert f'<span class="cx-critical-kind">Irritant{NNBSP}:</span>' in journey
    assert f'<span class="cx-critical-kind">Goulot d&#39;étranglement{NNBSP}:</span>' in journey
    assert f'Points de contact<span class="cx-sep">{NNBSP}:</span>' in journey
    assert "Irritant:" not in journey
    assert f"Personas{NNBSP}:" in page(french, "journeys")
    assert f"«{NNBSP}Quelle case dois-je cocher ?{NNBSP}»" in journey


def test_the_maps_words_take_a_narrow_no_break_space_before_the_semicolon(french: Path) -> None:
    """The hover text and description of each point of a map, as a screen reader reads them too."""
    journey = page(french, "journeys/assistance-panne")
    assert f"vécue négative ({MINUS}0,5){NNBSP}; Expérience attendue positive (0,5)</title>" in journey
    for out in french.glob("journeys/*/index.html"):
        titles = re.findall(r"<title>(.*?)</title>", out.read_text(encoding="utf-8"), re.S)
        assert titles and not [t for t in titles if re.search(r"[^\u202f]; ", t)], out


def test_list_fields_read_as_lists(french: Path) -> None:
    journey = page(french, "journeys/declaration-sinistre-auto")
    assert "<li>Remplit le recto du constat</li><li>Prend des photos des deux véhicules</li>" in journey
    assert "constat; Prend" not in journey
    moments = page(french, "moments-of-truth")
    assert "<li>Appels répétés</li><li>Avis négatifs en ligne</li>" in moments


def test_search_index_finds_words_typed_without_accents(french: Path) -> None:
    index = (french / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"folded_text"' in index and "reclamation" in index
    assert "Points de contact" in index and "Points de contactService" not in index


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("en") / "tiny"
    shutil.copytree(SITES / "tiny", site)
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site / "site"


def test_english_site_keeps_english_rules(english: Path) -> None:
    journey = page(english, "journeys/stay")
    assert "negative (-1)" in journey and MINUS not in journey
    assert NNBSP not in journey
    assert '<span class="cx-sep">:</span>' in journey
    titles = nav_titles(page(english, ""))
    assert titles.index("Customer journeys") < titles.index("Reference health") == len(titles) - 1
