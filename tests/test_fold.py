"""One fold for slugs and one for search keys, and the published addresses they make.

The addresses in tests/golden/ were written by cxmaps 0.1 (before the fold
was one function): the sample and the French test sites must keep every one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SITES, run_mkdocs
from cxmaps.language.fold import legacy_slug, search_key, slugify
from cxmaps.reference.entries import entry_slug
from hypothesis import given
from hypothesis import strategies as st

GOLDEN = Path(__file__).parent / "golden"


def addresses(site: Path) -> list[str]:
    """Every page of a built site and every address in its reference.json (journeys, steps, entries)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "url" and isinstance(value, str):
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((site / "reference.json").read_text(encoding="utf-8")))
    found.update(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(found)


@pytest.mark.parametrize("name", ["sample", "fr-mesures", "fr-sinistres"])
def test_published_addresses_stay_the_same(name: str, tmp_path: Path) -> None:
    source = ROOT if name == "sample" else SITES / name
    site = tmp_path / name
    ignore = shutil.ignore_patterns("site", ".venv", ".git", "node_modules", ".cxmaps-cache", "tests", "plugins")
    shutil.copytree(source, site, ignore=ignore)
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    expected = (GOLDEN / f"addresses-{name}.txt").read_text(encoding="utf-8").splitlines()
    found = addresses(site / "site")
    assert set(found) <= set(expected), sorted(set(found) - set(expected))  # no address moved
    # Issue 25: a touchpoint or system one step only names has no page any more (it is listed on its index);
    # every other address stays, those of entries two steps or more name included.
    data = json.loads((site / "site" / "reference.json").read_text(encoding="utf-8"))
    single = {f"{kind}/{e['slug']}/" for kind in ("touchpoints", "systems") for e in data[kind] if e["url"] is None}
    assert all(len({(s["journey"], s["step"]) for s in e["steps"]}) == 1
               for kind in ("touchpoints", "systems") for e in data[kind] if e["url"] is None)  # fmt: skip
    gone = set(expected) - set(found)
    assert gone == {a for a in expected if a.removesuffix("index.html") in single}, sorted(gone)


#: Names as authors write them: accents, ligatures, ASCII punctuation, digits, spaces.
WELL_FOLDED = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 -_'.,:;!?()/&+éèêëàâäîïôöùûüçÉÈÀÇœŒæÆß")),
    max_size=40,
)


@given(WELL_FOLDED)
def test_names_that_folded_well_keep_their_slug(name: str) -> None:
    if name.strip() and legacy_slug(name):
        assert slugify(name) == legacy_slug(name)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Arrivée à l'hôtel", "arrivee-a-l-hotel"),
        ("Cœur de métier", "coeur-de-metier"),
        ("Straße", "strasse"),
        ("Café—bar", "cafe-bar"),  # an em dash separates words, as a hyphen does
        ("l’hôtel", "l-hotel"),  # a typographic apostrophe, as a straight one
        ("Réservation · confirmation", "reservation-confirmation"),
        ("Приложение App", "app"),
    ],
)
def test_slugs(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_name_without_latin_letters_gets_a_stable_non_empty_slug() -> None:
    cyrillic = slugify("Приложение")
    assert cyrillic.startswith("id-") and len(cyrillic) == 11
    assert cyrillic == slugify("  приложение ")  # the digest is of the search key: case and spaces don't count
    assert cyrillic != slugify("Сайт")
    assert entry_slug("Приложение").startswith("entry-")
    assert slugify("") == ""


def test_two_apostrophes_and_two_dashes_make_one_entry() -> None:
    assert entry_slug("Accueil de l’hôtel") == entry_slug("Accueil de l'hôtel") == entry_slug("accueil de l hotel")
    assert entry_slug("Café—bar") == entry_slug("Café-bar") == entry_slug("CAFE BAR")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Réception  d’Hôtel", "reception d'hotel"),
        ("CŒUR", "coeur"),
        ("Straße", "strasse"),
        ("week‑end – Paris", "week-end - paris"),
        ("Приложение", "приложение"),
    ],
)
def test_search_keys(text: str, key: str) -> None:
    assert search_key(text) == key


def test_no_other_module_folds_text_its_own_way() -> None:
    """Only language/fold.py decomposes letters to strip their accents."""
    package = ROOT / "plugins" / "cxmaps"
    folding = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if "unicodedata.combining" in p.read_text(encoding="utf-8")
        or 'normalize("NFKD"' in p.read_text(encoding="utf-8")
    ]
    assert folding == ["language/fold.py"]


def test_a_step_keeps_its_anchor_of_cxmaps_0_1(make_site) -> None:  # type: ignore[no-untyped-def]
    stay = (SITES / "tiny" / "journeys" / "stay.yml").read_text(encoding="utf-8")
    first = stay.index("      - name: ") + len("      - name: ")
    name_end = stay.index("\n", first)
    site = make_site(files={"journeys/stay.yml": stay[:first] + "Dépôt d’un bagage" + stay[name_end:]})
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (site / "site" / "journeys" / "stay" / "index.html").read_text(encoding="utf-8")
    assert 'id="depot-d-un-bagage"' in page
    assert 'id="depot-dun-bagage" class="cx-former-id"' in page
