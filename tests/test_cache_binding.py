"""Cache entries are bound to what they cache, and a cache that git tracks or that is not files is not used.

Anyone who writes the working copy writes the cache too (a pull request with
``git add -f .cxmaps-cache``), so an entry is used only if it carries the
MAC of its name and content under a secret outside the repository
(charts/seal.py). Each forged entry here would pass every other check: it
is a chart cxmaps could have drawn, or sections Material could have cut,
with a correct plain SHA-256. A cache folder that git tracks is refused
with a warning; links to devices and FIFOs are refused without blocking.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_mkdocs, serve, snapshot
from cxmaps.charts.seal import Seal, read_unlinked
from cxmaps.charts.store import KIND
from cxmaps.charts.svgcheck import declarations_ok, is_drawn_chart
from cxmaps.mkdocs.searchindex import SectionCache

SECRET = bytes(range(100, 132))


@pytest.fixture(autouse=True)
def secret_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own secret, for builds in this process and in subprocesses."""
    path = tmp_path / "secret" / "cxmaps-secret"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    path.chmod(0o600)
    monkeypatch.setenv("CXMAPS_CACHE_SECRET_FILE", str(path))
    return path


#: The charts of the tiny site: its journey's bands, overlay and slide, and the three sparklines.
CHARTS = 6


def _built(make_site, *args: str) -> Path:  # type: ignore[no-untyped-def]
    site = make_site()
    result = run_mkdocs(site, "build", "--strict", *args)
    assert result.returncode == 0, result.stderr
    return site


def _pages(site: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((site / "site").rglob("*.html")))


def _charts(site: Path) -> dict[str, Path]:
    return {p.name.removesuffix(".chart"): p for p in sorted((site / ".cxmaps-cache" / "charts").glob("*.chart"))}


def _body(entry: Path) -> bytes:
    return entry.read_bytes().partition(b"\n")[2]


def _plain(kind: str, body: bytes) -> bytes:
    """An entry as an attacker can write it: a correct SHA-256, no secret."""
    return f"{kind} sha256={hashlib.sha256(body).hexdigest()}\n".encode() + body


def test_a_forged_chart_with_a_plain_hash_or_another_secret_is_not_published(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _built(make_site)
    before = snapshot(site / "site")
    charts = _charts(site)
    for number, (name, entry) in enumerate(charts.items()):
        text = _body(entry).decode()
        if not text.startswith("<svg"):
            forged = text  # a slide's PNG (base64), unchanged: sealed with no right, its seal alone gives it away
        else:
            forged = text.replace('-title">', '-title">FORGED ', 1)
            assert is_drawn_chart(forged), "only the MAC gives it away"
        body = forged.encode()
        entry.write_bytes(_plain(KIND, body) if number % 2 else Seal(b"another machine" * 3).seal(KIND, name, body))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert f"{len(charts)} cached charts did not verify and were drawn again" in result.stderr
    assert "FORGED" not in _pages(site)
    assert snapshot(site / "site") == before, "the real charts"
    assert all(Seal(SECRET).open(KIND, name, entry.read_bytes()) for name, entry in charts.items()), "rewritten"


def test_an_entry_copied_over_another_charts_name_is_refused(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _built(make_site)
    before = snapshot(site / "site")
    sparklines = {name: entry for name, entry in _charts(site).items() if name.startswith("sparkline-")}
    assert len(sparklines) == 3  # all personas, and one for each of the two
    widest = max(sparklines.values(), key=lambda entry: entry.stat().st_size).read_bytes()
    for entry in sparklines.values():
        entry.write_bytes(widest)  # a valid entry, of another chart
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "2 cached charts did not verify" in result.stderr
    assert snapshot(site / "site") == before


def _git(site: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(site), *args], capture_output=True, text=True, check=True).stdout


def test_a_cache_folder_that_git_tracks_is_not_used_and_warned_of(make_site, secret_file: Path) -> None:  # type: ignore[no-untyped-def]
    site = _built(make_site)
    before = snapshot(site / "site")
    _git(site, "init", "-q")
    (site / ".gitignore").write_text(".cxmaps-cache/\nsite/\n", encoding="utf-8")
    # Sealed with the right secret and a chart cxmaps could draw: nothing but the git check refuses it.
    name, entry = next(iter(_charts(site).items()))
    real = entry.read_bytes()
    entry.write_bytes(Seal(SECRET).seal(KIND, name, _body(entry).replace(b'-title">', b'-title">COMMITTED ', 1)))
    _git(site, "add", "-f", "--", ".cxmaps-cache")
    tracked = len(_git(site, "ls-files", "-z", "--", ".cxmaps-cache").split("\0")) - 1
    assert tracked > 5

    built = run_mkdocs(site, "build")
    assert built.returncode == 0, built.stderr
    assert (
        f"WARNING -  cxmaps: git tracks {tracked} files in the cache folder .cxmaps-cache, "
        "so the cache is not used in this build" in built.stderr
    )
    assert "git rm -r --cached .cxmaps-cache" in built.stderr
    assert "0 reused from the cache" in built.stderr
    assert "COMMITTED" not in _pages(site) and snapshot(site / "site") == before
    assert b"COMMITTED" in entry.read_bytes(), "nor written"
    strict = run_mkdocs(site, "build", "--strict")
    assert strict.returncode == 1 and "git tracks" in strict.stderr

    _git(site, "rm", "-r", "-q", "--cached", "--", ".cxmaps-cache")  # the fix the warning gives
    entry.write_bytes(real)
    fixed = run_mkdocs(site, "build", "--strict")
    assert fixed.returncode == 0, fixed.stderr
    assert "git tracks" not in fixed.stderr and f"0 charts drawn, {CHARTS} reused from the cache" in fixed.stderr


def test_no_git_and_no_repository_are_fine(make_site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    site = _built(make_site)
    monkeypatch.setenv("PATH", str(site / "no-such-folder"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"0 charts drawn, {CHARTS} reused from the cache" in result.stderr


#: Run in a child with a timeout, so that a read that blocks fails the test instead of hanging it.
_NOT_FILES = """
import os, sys
from pathlib import Path
from cxmaps.charts.seal import Seal, read_unlinked
from cxmaps.charts.store import Chart, ChartStore
from cxmaps.mkdocs.searchindex import SectionCache

folder = Path(sys.argv[1])
os.mkfifo(folder / "fifo")
os.symlink("/dev/zero", folder / "zero")
os.symlink(folder / "fifo", folder / "to-fifo")
(folder / "large").write_bytes(b"x" * 5000)
print([read_unlinked(folder / name, 1000) for name in ("fifo", "zero", "to-fifo")])
print(len(read_unlinked(folder / "large", 1000) or b""))
charts = folder / "charts"
charts.mkdir()
store = ChartStore(charts, seal=Seal(b"k" * 32), workers=1)
chart = Chart("sparkline", {"id": "x", "title": "X", "scale": [-2, 2], "personas": [], "steps": [],
                            "labels": {"journey_map": "Map", "typo_decimal": ".", "typo_minus": "-"}})
os.symlink("/dev/zero", store.entry(chart))
print(store._read(chart) is None, store.rejected)
search = SectionCache(folder / "search", seal=Seal(b"k" * 32))
search.folder.mkdir()
os.mkfifo(search.folder / "a.json")
os.symlink("/dev/zero", search.folder / "b.json")
print(search.get("a"), search.get("b"), search.get("c"), search.rejected)
"""


def test_links_to_devices_and_fifos_are_refused_without_blocking(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _NOT_FILES, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[None, None, None]", "1001", "True 1", "None None None 2"]


def test_a_build_over_devices_and_fifos_in_the_cache_redraws_and_reindexes(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _built(make_site)
    before = snapshot(site / "site")
    entries = [*_charts(site).values(), *sorted((site / ".cxmaps-cache" / "search").glob("*.json"))]
    for number, entry in enumerate(entries):
        entry.unlink()
        if number % 2:
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    result = run_mkdocs(site, "build", "--strict")  # run_mkdocs times out: a read that blocks fails here
    assert result.returncode == 0, result.stderr
    assert f"{CHARTS} cached charts did not verify" in result.stderr
    assert snapshot(site / "site") == before
    assert all(entry.is_file() and not entry.is_symlink() for entry in entries), "replaced by entries"


def test_forged_search_sections_are_not_published(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _built(make_site)
    index = site / "site" / "search" / "search_index.json"
    expected = index.read_bytes()
    entries = sorted((site / ".cxmaps-cache" / "search").glob("*.json"))
    assert len(entries) > 4
    for number, entry in enumerate(entries):
        found = json.loads(_body(entry))
        found[0][2] = "FORGED <p>text</p>"  # escaped text and a kept tag: what Material could write
        body = json.dumps(found).encode()
        if number % 3 == 0:
            entry.write_bytes(_plain("cxmaps-search", body))
        elif number % 3 == 1:
            entry.write_bytes(Seal(b"another machine" * 3).seal("cxmaps-search", entry.stem, body))
        else:  # sealed right, for another page
            entry.write_bytes(Seal(SECRET).seal("cxmaps-search", entries[0].stem, body))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert index.read_bytes() == expected and b"FORGED" not in index.read_bytes()


def test_section_cache_entries_are_bound_to_their_key(tmp_path: Path) -> None:
    seal = Seal(SECRET)
    cache = SectionCache(tmp_path / "search", seal=seal)
    sections = [(None, "Title", "<p>Text</p>")]
    cache.put("one", sections)
    assert cache.get("one") == sections and cache.rejected == 0
    (tmp_path / "search" / "two.json").write_bytes((tmp_path / "search" / "one.json").read_bytes())
    assert cache.get("two") is None and cache.rejected == 1
    body = _body(tmp_path / "search" / "one.json")
    (tmp_path / "search" / "one.json").write_bytes(_plain("cxmaps-search", body))
    assert cache.get("one") is None and cache.rejected == 2
    # A chart entry never passes for sections, even under the same name and secret.
    (tmp_path / "search" / "one.json").write_bytes(seal.seal(KIND, "one", body))
    assert cache.get("one") is None


def test_the_secret_is_made_on_first_use_outside_the_site_and_kept_private(
    make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "xdg"
    monkeypatch.delenv("CXMAPS_CACHE_SECRET_FILE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    site = _built(make_site)
    secret = home / "cxmaps" / "secret"
    assert len(secret.read_bytes()) == 32
    assert secret.stat().st_mode & 0o777 == 0o600 and secret.parent.stat().st_mode & 0o777 == 0o700
    again = run_mkdocs(site, "build", "--strict")
    assert f"0 charts drawn, {CHARTS} reused" in again.stderr, "the same secret is read back"

    secret.chmod(0o644)  # others could forge entries: refused, and the build goes on without a cache
    loose = run_mkdocs(site, "build", "--strict")
    assert loose.returncode == 0, loose.stderr
    assert loose.stderr.count("nothing is cached in this build") == 1 and "chmod 600" in loose.stderr
    assert f"{CHARTS} charts drawn, 0 reused" in loose.stderr

    monkeypatch.setenv("CXMAPS_CACHE_SECRET_FILE", str(site / "docs" / "secret"))  # a pull request could bring it
    (site / "docs" / "secret").write_bytes(SECRET)
    (site / "docs" / "secret").chmod(0o600)
    inside = run_mkdocs(site, "build", "--strict")
    assert inside.returncode == 0, inside.stderr
    assert "is inside the site" in inside.stderr and f"{CHARTS} charts drawn, 0 reused" in inside.stderr

    monkeypatch.setenv("CXMAPS_CACHE_SECRET_FILE", str(tmp_path))  # a folder: cannot be read
    folder = run_mkdocs(site, "build", "--strict")
    assert folder.returncode == 0, folder.stderr
    assert folder.stderr.count("nothing is cached in this build") == 1


def test_read_regular_reads_at_most_one_byte_past_the_limit(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"abc")
    assert read_unlinked(tmp_path / "f", 10) == b"abc" and read_unlinked(tmp_path / "f", 1) == b"ab"
    with pytest.raises(FileNotFoundError):
        read_unlinked(tmp_path / "missing", 10)
    (tmp_path / "link").symlink_to(tmp_path / "f")
    assert read_unlinked(tmp_path / "link", 10) is None and read_unlinked(tmp_path, 10) is None


GOOD_STYLE = "fill: none; stroke: var(--cx-series-1, #0072b2); stroke-width: 2; stroke-linejoin: round"
HOSTILE_STYLES = {
    "image-set": "fill: none; background-image: image-set('https://evil.example/x' 1x)",
    "image-set in a value": "fill: image-set('https://evil.example/x' 1x)",
    "url to elsewhere": "fill: url(https://evil.example/x)",
    "url quoted": "fill: url('https://evil.example/x#a')",
    "url to a document's fragment": "fill: url(other.svg#a)",
    "import": "@import 'https://evil.example/x.css'",
    "escape": "fill: u\\72l(https://evil.example/x)",
    "content": "content: 'pwned'",
    "another function": "fill: attr(title)",
    "var without fallback": "fill: var(--x)",
    "double quotes": 'font-family: "x"',
    "comment": "fill: none /* x */",
    "important": "fill: red !important",
    "no property": "none",
    "unknown property": "display: none",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_STYLES))
def test_a_style_attribute_is_held_to_what_cxmaps_writes(name: str) -> None:
    svg = f'<svg class="cx-sparkline" xmlns="http://www.w3.org/2000/svg"><circle style="{GOOD_STYLE}"/></svg>'
    assert is_drawn_chart(svg) and declarations_ok(GOOD_STYLE)
    assert not declarations_ok(HOSTILE_STYLES[name])
    assert not is_drawn_chart(svg.replace(GOOD_STYLE, HOSTILE_STYLES[name]))


def test_a_long_style_is_read_in_one_pass() -> None:
    """Token by token: a value of many words that fails at its end is refused, not backtracked (in a child, with a
    timeout, so that a regression fails instead of hanging)."""
    probe = (
        "from cxmaps.charts.svgcheck import declarations_ok; "
        "print(declarations_ok('fill: ' + 'a' * 50000 + '!'), declarations_ok('font-family: ' + 'a,' * 50000))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "True"], result.stderr


MATPLOTLIB_STYLE = "*{stroke-linejoin: round; stroke-linecap: butt}"
HOSTILE_SHEETS = [
    'h1::after{content:"pwned"}',
    MATPLOTLIB_STYLE + ' h1::after{content:"pwned"}',
    "*{background: image-set('https://evil.example/x' 1x)}",
    "@import url(https://evil.example/x.css);",
    "*{fill: url(https://evil.example/x)}",
    "@font-face{font-family: x; src: local(x)}",
    "*{stroke-linejoin: round; stroke-linecap: butt} ",
]


@pytest.mark.parametrize("sheet", HOSTILE_SHEETS)
def test_a_style_element_is_one_matplotlib_writes_or_nothing(sheet: str) -> None:
    svg = '<svg class="cx-map-svg" xmlns="http://www.w3.org/2000/svg"><defs><style type="text/css">{}</style></defs></svg>'
    assert is_drawn_chart(svg.format(MATPLOTLIB_STYLE))
    assert not is_drawn_chart(svg.format(sheet.replace("&", "&amp;").replace("<", "&lt;")))


@pytest.mark.browser
def test_a_forged_entry_with_a_style_changes_nothing_in_chromium(browser, make_site) -> None:  # type: ignore[no-untyped-def]
    site = _built(make_site)
    sheet = (
        '<style type="text/css">h1::after{content:"pwned"} '
        "body{background-image: image-set('https://evil.example/leak' 1x)}</style>"
    )
    for name, entry in _charts(site).items():
        svg = _body(entry).decode()
        forged = svg.replace("</svg>", f"{sheet}</svg>", 1).encode()
        # Two forgeries: what anyone can write (a plain hash), and what only this machine could seal.
        entry.write_bytes(_plain(KIND, forged) if name.startswith("map-") else Seal(SECRET).seal(KIND, name, forged))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "pwned" not in _pages(site)
    requests: list[str] = []
    with serve(site / "site") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.on("request", lambda r: requests.append(r.url))
        for page in ("journeys/stay/", "personas/claire/", "journeys/"):
            tab.goto(url + page)
            assert tab.locator("svg.cx-map-svg, svg.cx-sparkline").count() >= 1
            after = tab.evaluate("getComputedStyle(document.querySelector('h1'), '::after').content")
            assert after in ("none", "normal"), after
            assert "pwned" not in tab.inner_text("body")
        context.close()
    assert not [r for r in requests if "evil.example" in r]


@pytest.mark.parametrize("workflow", ["check", "publish"])
def test_each_workflow_keeps_a_secret_of_its_own_beside_the_cache(workflow: str) -> None:
    """Without it, every run would refuse the entries the last one sealed; shared, a pull request would restore
    the secret of the publishing workflow (a run can read its base branch's caches)."""
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / f"{workflow}.yml").read_text(encoding="utf-8"))["jobs"]
    steps = jobs["check" if workflow == "check" else "build"]["steps"]
    caches = [step["with"] for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert [c["path"] for c in caches] == [".cxmaps-cache", "~/.cache/cxmaps"]
    assert caches[1] == {"path": "~/.cache/cxmaps", "key": f"cxmaps-cache-secret-{workflow}"}, "no restore-keys"
    build = next(i for i, step in enumerate(steps) if "mkdocs build" in step.get("run", ""))
    assert max(i for i, step in enumerate(steps) if step.get("with") in caches) < build
