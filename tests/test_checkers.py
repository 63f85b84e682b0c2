"""Independent checks of the built sample: HTML validity, links and anchors, reproducibility.

The Nu HTML Checker (vnu-jar, from the npm registry, run with Java) must find
no error in what cxmaps writes. Material's own findings are a known baseline,
filtered explicitly by message so that they neither hide nor fail ours; the
counts are written to tests/artifacts/checkers.json.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin
from urllib.request import urlopen

import pytest
from conftest import ROOT, TESTS, serve

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = TESTS / "artifacts"
#: Errors the checker reports in Material's own markup (search form, navigation labels), not ours.
MATERIAL_BASELINE = (
    "Attribute “autocomplete” is only allowed when the input type is",
    "Bad value “” for attribute “tabindex” on element “label”",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
)
PUBLISHED = [
    "journeys/",
    "journeys/business-hotel-stay/",
    "personas/",
    "personas/business-traveller/",
    "moments-of-truth/",
    "standards/",
    "touchpoints/",
    "touchpoints/front-desk/",
    "systems/",
    "systems/property-management-system/",
]


def build(source: Path, out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=source,
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("checked") / "site"
    build(ROOT, out)
    return out


def _record(key: str, value: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    report = ARTIFACTS / "checkers.json"
    data = json.loads(report.read_text()) if report.is_file() else {}
    data[key] = value
    report.write_text(json.dumps(data, indent=2, ensure_ascii=False))


@pytest.mark.skipif(
    not VNU.is_file() or shutil.which("java") is None, reason="tests/run installs vnu-jar (npm) and Java is needed"
)
@pytest.mark.slow
def test_html_checker_finds_no_error_in_cxmaps_markup(site: Path) -> None:
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    baseline = [m for m in errors if m["message"].startswith(MATERIAL_BASELINE)]
    ours = [
        f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in errors if m not in baseline
    ]
    _record("vnu", {"pages": len(list(site.rglob("*.html"))), "errors": len(ours), "material_baseline": len(baseline)})
    assert not ours, "\n".join(ours[:20])
    assert len(list(site.rglob("*.html"))) > 20


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(str(values[name]))
        if tag in ("a", "link") and values.get("href"):
            self.links.append(str(values["href"]))


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    """Crawl the built sample over HTTP on 127.0.0.1: every internal link answers 200, every anchor exists."""
    with serve(site) as root:
        pages: dict[str, _Page] = {}
        queue, broken = [root], []
        status: dict[str, int] = {}

        def fetch(url: str) -> str | None:
            try:
                with urlopen(url, timeout=30) as response:
                    status[url] = response.status
                    kind = response.headers.get_content_type()
                    return response.read().decode("utf-8") if kind == "text/html" else ""
            except HTTPError as err:
                status[url] = err.code
                return None

        links: list[tuple[str, str]] = []
        while queue:
            url = queue.pop()
            if url in status:
                continue
            text = fetch(url)
            if text is None or not text:
                continue
            parser = _Page()
            parser.feed(text)
            pages[url] = parser
            for href in parser.links:
                target = urljoin(url, href)
                if not target.startswith(root):
                    continue
                links.append((url, target))
                page_url = target.split("#", 1)[0]
                if page_url not in status:
                    queue.append(page_url)
        for source, target in links:
            page_url, _, fragment = target.partition("#")
            if status.get(page_url) != 200:
                broken.append(f"{source}: {target} ({status.get(page_url)})")
            elif fragment and page_url in pages and unquote(fragment) not in pages[page_url].ids:
                broken.append(f"{source}: {target} (no #{fragment})")
        for address in PUBLISHED:
            assert fetch(root + address) is not None, address
        _record("links", {"pages": len(pages), "internal_links_checked": len(links), "broken": len(broken)})
    assert not broken, "\n".join(broken[:20])
    assert len(links) > 1000 and len(pages) > 20
    assert "check-in" in pages[root + "journeys/business-hotel-stay/"].ids


def test_builds_from_two_clean_checkouts_are_identical(tmp_path: Path) -> None:
    """Two `git clone`s of the committed repository, in different folders, build the same bytes."""
    outputs = []
    for name in ("first", "second"):
        checkout = tmp_path / name / "cx"
        shutil.copytree(
            ROOT,
            checkout,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "site", ".cxmaps-cache", "node_modules", "tests", "*.egg-info"
            ),
        )
        build(checkout, checkout / "site")
        outputs.append(checkout / "site")
    compared = 0
    for folder in ("journeys", "personas", "moments-of-truth", "standards", "health", "touchpoints", "systems"):
        first = sorted(p.relative_to(outputs[0]) for p in (outputs[0] / folder).rglob("*") if p.is_file())
        second = sorted(p.relative_to(outputs[1]) for p in (outputs[1] / folder).rglob("*") if p.is_file())
        assert first == second
        for rel in first:
            assert (outputs[0] / rel).read_bytes() == (outputs[1] / rel).read_bytes(), rel
            compared += 1
    assert compared >= 15
    for name in ("reference.json", "reference.schema.json"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
    assert any(
        re.search(r"cx-map-svg", (outputs[0] / "journeys" / j / "index.html").read_text()) for j in ("scooter-ride",)
    )
