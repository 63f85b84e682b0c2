"""The search index of a generated page, without HTMLParser (searchindex.py), is Material's own.

Three ways: every page of real builds (the sample, a hostile reference, a
French one) is cut into sections by both parsers and compared; each site is
built with and without the fast index (and without the blocks held back
from search, see fastpath.py) and the search index and every page must be
the same bytes; and hypothesis writes HTML fragments from the shapes that
matter to Material's handlers (headings nested or not, kept tags, excluded
elements, permalinks, `pre`, entities) and compares the two parsers on each.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import cxmaps.mkdocs.searchhandoff
import pytest
from conftest import ROOT, SITES, snapshot
from cxmaps.mkdocs.fastpath import Shelf
from cxmaps.mkdocs.searchindex import fingerprint, mirrors_material, sections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search import plugin as search
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_hostile import hostile_files


def material(content: str) -> list[tuple[Any, ...]]:
    parser = search.Parser()
    parser.feed(content)
    parser.close()
    return dump(parser.data)


def dump(data: list[Any]) -> list[tuple[Any, ...]]:
    return [(s.el.tag, s.el.attrs, s.id, s.depth, s.title, s.text, s.is_excluded()) for s in data]


def ours(content: str) -> list[tuple[Any, ...]] | None:
    found = sections(content)
    return None if found is None else dump(found)


def _copy(name: str, tmp: Path) -> Path:
    if name == "sample":
        site = tmp / "sample"
        site.mkdir()
        for part in ("mkdocs.yml", "docs", "journeys", "personas", "overrides", "measures", "sources"):
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, site / part)
            elif source.exists():
                shutil.copy(source, site / part)
        return site
    site = tmp / name
    shutil.copytree(SITES / ("tiny" if name == "hostile" else name), site)
    if name == "hostile":
        for path, text in hostile_files().items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text, encoding="utf-8")
        # Every hostile touchpoint and system gets its page (each is named by one step only).
        config = site / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("  - cxmaps\n", "  - cxmaps:\n      entry_pages: all\n")
        )
    return site


def _build(site: Path, out: Path, fast: bool) -> dict[str, str]:
    """Build `site` into `out`; the content Material's search was handed, by page."""
    seen: dict[str, str] = {}
    original = search.SearchIndex.add_entry_from_context
    mp = pytest.MonkeyPatch()

    def record(self: Any, page: Any) -> None:
        seen[page.file.src_uri] = page.content
        original(self, page)

    mp.setattr(search.SearchIndex, "add_entry_from_context", record)
    if not fast:
        mp.setattr(cxmaps.mkdocs.searchhandoff, "material_search", lambda plugins: None)
        mp.setattr(Shelf, "_under_excluded_heading", lambda self, html, block: False)
    try:
        build(load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(out)))
    finally:
        mp.undo()
    return seen


@pytest.fixture(scope="module", params=["sample", "hostile", "fr-sinistres"])
def builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp(f"search-{request.param}")
    site = _copy(request.param, tmp)
    plain = _build(site, tmp / "plain", fast=False)
    fast = _build(site, tmp / "fast", fast=True)
    return {"plain": plain, "fast": fast, "plain_site": tmp / "plain", "fast_site": tmp / "fast", "docs": site / "docs"}


def test_the_site_and_its_search_index_are_the_same_bytes(builds: dict[str, Any]) -> None:
    plain, fast = snapshot(builds["plain_site"]), snapshot(builds["fast_site"])
    assert plain.keys() == fast.keys()
    assert plain["search/search_index.json"] == fast["search/search_index.json"]
    assert [name for name in plain if plain[name] != fast[name]] == []


def test_every_page_gets_materials_sections(builds: dict[str, Any]) -> None:
    """Each page, as search was handed it without the fast path: the same sections, and ours never give up."""
    for uri, content in builds["plain"].items():
        found = ours(content)
        if found is None:  # the site's own pages may hold what the fast index does not read; ours never do
            assert (builds["docs"] / uri).is_file(), f"{uri}: a generated page left to Material"
            continue
        assert found == material(content), uri


def test_the_fast_index_hands_search_less_on_listing_pages(builds: dict[str, Any]) -> None:
    """Touchpoint and system pages: their steps (out of search) reach the page after search."""
    listings = [uri for uri in builds["plain"] if uri.startswith(("touchpoints/", "systems/")) and "index" not in uri]
    assert listings
    for uri in listings:
        assert len(builds["fast"][uri]) < len(builds["plain"][uri]), uri


def test_the_installed_material_is_the_one_mirrored() -> None:
    """Upgrading Material fails here: check the rules against its parser, then add its fingerprint."""
    assert mirrors_material(), fingerprint(search)


def test_another_parser_source_is_not_mirrored(monkeypatch: pytest.MonkeyPatch) -> None:
    before = fingerprint(search)
    monkeypatch.setattr(search, "void", {*search.void, "svg"})
    assert fingerprint(search) != before


QUIRKS = [
    # Material's elements compare by tag name: an inner </div> ends the exclusion of the outer one.
    "<div data-search-exclude><div>hidden</div>shown</div><p>after</p>",
    # A heading nested in an element opens a section that ends with the element.
    '<h1 id="t">Title</h1><div><h2 id="in">Inside</h2><p>a</p></div><p>back to the title</p>',
    '<h2 id="first">No h1 first</h2><p>x</p>',
    '<h1 id="t">T <a class="headerlink" href="#t">¶</a></h1><p>x</p>',
    "<pre><code>a\n\n  b</code></pre><p>c\nd</p>",
    "<p>  </p><ul><li> </li><li>kept</li></ul>",
    '<p>&amp; &lt;b&gt; caf&eacute; &#x27;q&#39;</p><h3 id="a&amp;b">x</h3>',
    '<H2 ID="Up">Upper</H2><P>text</P>',
    "<p>a<br>b<br/>c<img src=x alt=y></p><div/>after",
    '<div class="linenodiv">1 2 3</div><p>code</p>',
    '<h2 id="x" data-search-exclude>Hidden section</h2><p>hidden text</p><h2 id="y">Shown</h2>',
    "<!--cxmapsabc123c0--><p>after a comment</p>",
    "text before any tag<p>and a paragraph</p>",
    "<p>unclosed<div>nested</p></div>",
    "<p a='x>y'>z</p>",
    '<svg class="cx-trend" role="img"><title>Trend: NPS &amp; CSAT</title><desc>4 periods</desc><path d="M0 1"/></svg>',
]
FALLBACKS = [
    "<p>a < b</p>",
    "<script>x</script>",
    "<svg><title>a<b>c</b></title></svg>",
    "<p a=b/c>x</p>",
    "<!DOCTYPE html><p>x</p>",
    '<p a="x',
]


@pytest.mark.parametrize("html", QUIRKS)
def test_materials_quirks_are_followed(html: str) -> None:
    assert ours(html) == material(html)


@pytest.mark.parametrize("html", FALLBACKS)
def test_what_the_fast_index_cannot_read_is_left_to_material(html: str) -> None:
    assert sections(html) is None


_TEXT = st.sampled_from(["word", " ", "\n", "  \n ", "caf&eacute;", "a &amp; b", "&lt;x&gt;", "Élan", "\t"])
_OPEN = st.sampled_from(
    [
        "<div>", "<p>", "<ul>", "<li>", "<span>", "<pre>", "<code>", "<sub>", "<h1 id=\"a\">", "<h2 id=\"b\">",
        "<h3 id='c'>", "<h2>", "<h4 id=\"d\" data-search-exclude>", "<div data-search-exclude>",
        "<span data-search-exclude>", "<a class=\"headerlink\" href=\"#a\">", "<a href=\"#x\">", "<div class=\"linenodiv\">",
        "<object>", "<ol>", "<hx>",
    ]
)  # fmt: skip
_CLOSE = st.sampled_from(["</div>", "</p>", "</ul>", "</li>", "</span>", "</pre>", "</code>", "</h1>", "</h2>",
                          "</h3>", "</h4>", "</a>", "</object>", "</ol>", "</sub>", "</hx>"])  # fmt: skip
_VOIDS = st.sampled_from(["<br>", "<br/>", '<img src="x">', "<hr />", "<div/>", "<!--c0-->"])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_TEXT, _OPEN, _CLOSE, _VOIDS), max_size=40))
def test_any_fragment_of_these_shapes_gives_materials_sections(tokens: list[str]) -> None:
    html = "".join(tokens)
    try:
        expected = material(html)
    except ValueError:  # Material's parser fails on some ill-formed nestings: so must ours
        with pytest.raises(ValueError):
            sections(html)
        return
    assert ours(html) == expected


def test_sections_come_from_the_cache_and_a_tampered_entry_is_not_trusted(tmp_path: Path) -> None:
    """A warm build reads each page's sections from the cache; an entry that was edited is parsed again.

    Half the entries are forged with a plain SHA-256 header (the seal refuses
    them); the other half are sealed with this machine's own secret, as only
    someone who can read it could: their content still gives them away.
    """
    import hashlib
    import json

    from cxmaps.charts.seal import local_seal

    site = _copy("fr-sinistres", tmp_path)
    _build(site, tmp_path / "cold", fast=True)
    entries = sorted((site / ".cxmaps-cache" / "search").glob("*.json"))
    assert entries
    seal = local_seal()
    assert seal is not None
    expected = (tmp_path / "cold" / "search" / "search_index.json").read_bytes()
    payload = '<img src=x onerror="alert(1)">'
    for number, entry in enumerate(entries):
        body = seal.open("cxmaps-search", entry.stem, entry.read_bytes())
        assert body is not None, entry.name  # what the cold build wrote is sealed for its name
        found = json.loads(body)
        found[0][2] = payload  # a text Material's parser could never write
        forged = json.dumps(found).encode()
        if number % 2:  # sealed right: its content gives it away
            entry.write_bytes(seal.seal("cxmaps-search", entry.stem, forged))
        else:  # a plain hash, as the cache once was: no seal
            entry.write_bytes(b"cxmaps-search sha256=" + hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged)
    _build(site, tmp_path / "warm", fast=True)
    index = (tmp_path / "warm" / "search" / "search_index.json").read_bytes()
    assert index == expected
    assert b"onerror" not in index


def test_a_warm_build_parses_no_page_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cxmaps.mkdocs.searchindex

    site = _copy("fr-sinistres", tmp_path)
    _build(site, tmp_path / "cold", fast=True)
    parsed: list[str] = []
    real = cxmaps.mkdocs.searchindex._entries
    monkeypatch.setattr(cxmaps.mkdocs.searchindex, "_entries", lambda content: parsed.append(content) or real(content))
    _build(site, tmp_path / "warm", fast=True)
    assert parsed == []
    (site / "journeys" / next(p.name for p in (site / "journeys").glob("*.yml"))).write_text(
        (site / "journeys" / next(p.name for p in (site / "journeys").glob("*.yml"))).read_text(encoding="utf-8")
        .replace("title: ", "title: Édité ", 1),
        encoding="utf-8",
    )  # fmt: skip
    _build(site, tmp_path / "edit", fast=True)
    assert 0 < len(parsed) < len(list((site / ".cxmaps-cache" / "search").glob("*.json")))
