"""The fast path (fastpath.py) gives, for every generated page, exactly what Markdown gives.

Pure: the pages of the sample and of a reference whose every field is hostile
are converted once by Python-Markdown as MkDocs configures it, and once through
the shelf (blocks and charts out, Markdown, blocks back, charts back); the two
must be the same bytes. The built sites are checked the same way by the rest
of the suite (search, anchors, hostile input).
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from cxmaps.mkdocs.fastpath import MissingPlaceholder, Shelf
from cxmaps.pages.kinds import render_documents
from cxmaps.reference.core import Settings
from cxmaps.reference.load import load_reference
from test_hostile import hostile_files

ROOT = Path(__file__).parent.parent
EXTENSIONS = ["attr_list", "tables", "toc"]


def pages(root: Path) -> dict[str, str]:
    settings = Settings(
        root=root, journeys_dir=root / "journeys", personas_dir=root / "personas", docs_dir=root / "docs"
    )
    docs = render_documents(load_reference(settings), [])
    return {d.src_uri: d.content.split("\n---\n", 1)[-1] for d in docs if d.src_uri.endswith(".md")}  # type: ignore[union-attr]


def through_shelf(text: str) -> str:
    shelf = Shelf()
    html = markdown.Markdown(extensions=EXTENSIONS).convert(shelf.shelve("page", text))
    return shelf.restore_charts("page", shelf.restore_blocks("page", html))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-fast")
    for folder in ("docs", "journeys", "personas"):
        (root / folder).mkdir()
    for name, text in hostile_files().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_every_generated_page_converts_to_the_same_bytes(which: str, request: pytest.FixtureRequest) -> None:
    root = ROOT if which == "sample" else request.getfixturevalue("hostile")
    found = pages(root)
    assert any(uri.startswith("journeys/") for uri in found)
    for uri, text in found.items():
        assert through_shelf(text) == markdown.Markdown(extensions=EXTENSIONS).convert(text), uri


def test_markdown_sees_headings_and_placeholders_only() -> None:
    text = pages(ROOT)["journeys/scooter-ride.md"]
    shelf = Shelf()
    shelved = shelf.shelve("page", text)
    assert '<svg class="cx-map-svg"' not in shelved and "<div" not in shelved
    assert "### Finds a scooter {#finds-a-scooter}" in shelved
    assert len(shelved) < len(text) / 20


def test_what_the_fast_path_cannot_vouch_for_is_left_to_markdown() -> None:
    shelf = Shelf()
    for text in ("<div>a</div> tail text", "<div>unclosed", "<span>inline</span>", "<div>a</div>\n   <p>b</p>",
                 "<!-- c -->", "<div><script>x < y</script></div>"):  # fmt: skip
        assert shelf.shelve("p", text) == text
        assert through_shelf(text) == markdown.Markdown(extensions=EXTENSIONS).convert(text)


def test_a_heading_inside_a_block_stays_inside() -> None:
    text = "<div><p>one\n# not a heading\n</p></div>\n### A heading {#a}\n<p>x</p>"
    assert through_shelf(text) == markdown.Markdown(extensions=EXTENSIONS).convert(text)


def test_a_lost_placeholder_is_an_error_not_a_lost_block() -> None:
    shelf = Shelf()
    shelf.shelve("page", "<div>a</div>\n\n<p>b</p>")
    with pytest.raises(MissingPlaceholder, match="1 of 2"):
        shelf.restore_blocks("page", f"<p>{shelf.word}b0</p>")


def test_each_build_draws_its_own_word() -> None:
    assert Shelf().word != Shelf().word
