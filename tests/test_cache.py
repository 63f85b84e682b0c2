"""The chart cache is a hint: every entry is verified, anything else is drawn again, nothing fails the build.

Entries are sealed with a secret of this machine (charts/seal.py): these tests use one of their own
(`CXMAPS_CACHE_SECRET_FILE`), and tests/test_cache_binding.py holds what binding adds.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from conftest import ROOT, SITES, run_mkdocs, snapshot
from cxmaps.charts import store as chartstore
from cxmaps.charts.maps import draw, journey_spec, sparkline
from cxmaps.charts.seal import Seal
from cxmaps.charts.store import KIND, Chart, ChartStore, make_entry, parse_entry
from cxmaps.charts.svgcheck import is_drawn_chart
from cxmaps.language.i18n import catalogue
from cxmaps.reference.core import Settings
from cxmaps.reference.load import load_reference
from mkdocs.commands.build import build
from mkdocs.config import load_config

SAMPLE = load_reference(
    Settings(root=ROOT, journeys_dir=ROOT / "journeys", personas_dir=ROOT / "personas", docs_dir=ROOT / "docs")
)
NAMES = {pid: p.name for pid, p in SAMPLE.personas.items()}

LABELS = catalogue("en")
SPECS = {jid: journey_spec(jid, j, NAMES, (-2, 2), LABELS) for jid, j in SAMPLE.journeys.items()}
SPEC = next(iter(SPECS.values()))


def test_every_chart_cxmaps_draws_verifies() -> None:
    """Otherwise every build would redraw it: the check must accept all of cxmaps' own output."""
    for spec in SPECS.values():
        assert is_drawn_chart(draw(spec)), spec["id"]
        assert is_drawn_chart(sparkline(spec)), spec["id"]
        for pid, _name in spec["personas"]:
            assert is_drawn_chart(sparkline(spec, pid))


@pytest.fixture(autouse=True)
def _secret(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A secret of the tests' own, in a temporary folder, for builds in this process and in subprocesses."""
    monkeypatch.setenv("CXMAPS_CACHE_SECRET_FILE", str(_secret_file(tmp_path_factory)))


def _secret_file(factory: pytest.TempPathFactory) -> Path:
    path = factory.getbasetemp() / "cxmaps-secret"
    if not path.exists():
        path.write_bytes(SECRET)
        path.chmod(0o600)
    return path


SECRET = bytes(range(32))
SEAL = Seal(SECRET)
NAME = Chart("map", SPEC).name


def _hashed(body: bytes) -> bytes:
    """An entry sealed with the tests' secret: only its content can give it away."""
    return SEAL.seal(KIND, NAME, body)


GOOD = draw(SPEC)
CLOSE = GOOD.rindex("</svg>")
HOSTILE = {
    "script": GOOD[:CLOSE] + "<script>alert(1)</script>" + GOOD[CLOSE:],
    "namespaced script": GOOD[:CLOSE] + '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>\n',
    "event handler": GOOD.replace("<svg ", '<svg onload="alert(1)" ', 1),
    "foreignObject": GOOD[:CLOSE]
    + '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>\n',
    "external href": GOOD[:CLOSE]
    + '<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://evil.example/x.svg#a"/></svg>\n',
    "javascript href": GOOD[:CLOSE] + '<a href="javascript:alert(1)"><text>x</text></a></svg>\n',
    "style fetch": GOOD.replace("<svg ", "<svg style=\"background: url('https://evil.example/t')\" ", 1),
    "style import": GOOD[:CLOSE] + "<style>@import 'https://evil.example/x.css';</style></svg>\n",
    "comment": GOOD[:CLOSE] + "<!-- --!><img src=x onerror=alert(1)> --></svg>\n",
    "processing instruction": GOOD[:CLOSE] + '<?x a="><img src=x onerror=alert(1)>"?></svg>\n',
    "cdata": GOOD[:CLOSE] + "<style><![CDATA[</style><img src=x onerror=alert(1)>]]></style></svg>\n",
    "second root": GOOD + "<img src=x onerror=alert(1)>\n",
    "entity": '<!DOCTYPE svg [<!ENTITY a "b">]>' + GOOD,
    "not ours": '<svg class="other" xmlns="http://www.w3.org/2000/svg"></svg>\n',
    "html breakout": GOOD[:CLOSE] + "<p>text</p></svg>\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_entry_with_a_valid_hash_is_never_used(name: str) -> None:
    assert parse_entry(SEAL, NAME, _hashed(HOSTILE[name].encode())) is None


CORRUPT = {
    "empty": b"",
    "no header": GOOD.encode(),
    "truncated": make_entry(SEAL, NAME, GOOD)[:-200],
    "wrong mac": make_entry(SEAL, NAME, GOOD).replace(b"sha256=", b"sha256=0"),
    "plain sha256": f"cxmaps-chart sha256={hashlib.sha256(GOOD.encode()).hexdigest()}\n".encode() + GOOD.encode(),
    "another secret": make_entry(Seal(b"x" * 32), NAME, GOOD),
    "another chart's name": make_entry(SEAL, Chart("sparkline", SPEC).name, GOOD),
    "not utf-8": _hashed(b"<svg \xff\xfe"),
    "half a chart, hashed": _hashed(GOOD.encode()[: len(GOOD) // 2]),
    "too large": _hashed(b" " * (chartstore.MAX_ENTRY_BYTES + 1)),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_a_corrupt_entry_is_redrawn_and_rewritten(name: str, tmp_path: Path) -> None:
    chart = Chart("map", SPEC)
    store = ChartStore(tmp_path / "cache", workers=1)
    entry = store.entry(chart)
    assert entry is not None
    entry.parent.mkdir(parents=True)
    entry.write_bytes(CORRUPT[name])
    assert store.get_all([chart]) == {chart.name: GOOD}
    assert store.drawn == 1 and store.rejected == 1
    assert parse_entry(SEAL, NAME, entry.read_bytes()) == GOOD
    again = ChartStore(tmp_path / "cache", workers=1)
    assert again.get_all([chart]) == {chart.name: GOOD} and again.reused == 1


def test_an_entry_that_cannot_be_read_is_redrawn(tmp_path: Path) -> None:
    chart = Chart("map", SPEC)
    store = ChartStore(tmp_path / "cache", workers=1)
    entry = store.entry(chart)
    assert entry is not None
    entry.mkdir(parents=True)  # a folder where the file should be: reading and replacing both fail
    assert store.get_all([chart]) == {chart.name: GOOD} and not store.writable


def test_a_cache_folder_that_is_a_file_is_drawn_without_and_said_once(tmp_path: Path, caplog) -> None:
    (tmp_path / "cache").write_text("a file")
    store = ChartStore(tmp_path / "cache" / "charts", workers=1)
    charts = [Chart("map", spec) for spec in SPECS.values()]
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.cxmaps"):
        drawn = store.get_all(charts)
    assert len(drawn) == len(charts) and store.drawn == len(charts)
    assert sum("not cached" in r.getMessage() for r in caplog.records) == 1


def test_a_read_only_cache_is_drawn_without(tmp_path: Path, monkeypatch) -> None:
    """Tests run as root, for whom chmod does not bite: the write itself is made to fail."""

    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    store = ChartStore(tmp_path / "cache", workers=1)
    assert store.get_all([Chart("map", SPEC)]) == {Chart("map", SPEC).name: GOOD}
    assert not store.writable and not list((tmp_path / "cache").iterdir())


def test_a_build_never_publishes_a_tampered_entry_and_survives_a_broken_cache(make_site) -> None:
    site = make_site()
    assert run_mkdocs(site, "build").returncode == 0
    entries = sorted((site / ".cxmaps-cache" / "charts").glob("*.chart"))
    assert entries
    for entry in entries:
        name = entry.name.removesuffix(".chart")
        svg = parse_entry(SEAL, name, entry.read_bytes())
        assert svg is not None
        if "</svg>" not in svg:
            continue  # a slide's PNG (base64): held to being a PNG in tests/test_chart_style.py
        at = svg.rindex("</svg>")
        entry.write_bytes(SEAL.seal(KIND, name, (svg[:at] + "<script>alert('cache')</script>" + svg[at:]).encode()))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in (site / "site").rglob("*.html"))
    assert "alert('cache')" not in pages and "cx-map-svg" in pages
    assert all(parse_entry(SEAL, e.name.removesuffix(".chart"), e.read_bytes()) for e in entries), "rewritten"
    # A cache folder that is a file: the build draws without it.
    cache = site / ".cxmaps-cache"
    for entry in entries:
        entry.unlink()
    (cache / "charts").rmdir()
    (cache / "charts").write_text("not a folder")
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "not cached" in result.stderr


def test_charts_verified_by_one_rebuild_are_not_read_again_by_the_next(tmp_path: Path) -> None:
    """As `mkdocs serve` keeps the plugin: the next build takes its charts from memory, none drawn or read."""
    kept: dict[str, str] = {}
    charts = [Chart("map", SPEC), Chart("sparkline", SPEC)]
    first = ChartStore(tmp_path / "charts", kept=kept)
    drawn = first.get_all(charts)
    first.forget_unused()
    assert first.drawn == 2 and set(kept) == set(drawn)
    for entry in (tmp_path / "charts").iterdir():
        entry.write_bytes(b"not read")
    second = ChartStore(tmp_path / "charts", kept=kept)
    assert second.get_all(charts) == drawn
    assert second.drawn == 0 and second.rejected == 0
    third = ChartStore(tmp_path / "charts", kept=kept)
    third.get_all(charts[:1])
    third.forget_unused()
    assert set(kept) == {charts[0].name}  # a chart no page needs any more is dropped


def _serve_build(site: Path, out: str, command: str = "serve") -> dict[str, bytes]:
    """A build in this process; the plugin instance is kept from one to the next, as under `mkdocs serve`."""
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / out))
    if command:
        config.plugins.on_startup(command=command, dirty=False)
    build(config)
    return snapshot(site / out)


def test_a_serve_rebuild_parses_only_the_edited_file_and_gives_the_site_of_a_fresh_build(
    make_site, caplog: pytest.LogCaptureFixture
) -> None:
    """The parsed files kept between rebuilds (yamlsource.Parsed) change what a rebuild costs, never its pages."""
    site = make_site("fr-sinistres")
    edited = site / "journeys" / "assistance-panne.yml"
    sources = len(list(site.glob("journeys/*.yml"))) + len(list(site.glob("personas/*.yml")))
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.cxmaps")
    try:
        _serve_build(site, "served")
        assert "not parsed again" not in caplog.text
        edited.write_text(edited.read_text(encoding="utf-8").replace("emotion: -0.5", "emotion: -1.5"), "utf-8")
        caplog.clear()
        rebuilt = _serve_build(site, "served", command="")
        assert f"{sources - 1} source files unchanged since the last build, not parsed again" in caplog.text
        (site / "journeys" / "bris-de-glace.yml").unlink()
        caplog.clear()
        removed = _serve_build(site, "served", command="")
        assert f"{sources - 1} source files unchanged" in caplog.text  # the edited one too, now
        assert not any(name.startswith("journeys/bris-de-glace/") for name in removed)
    finally:
        fresh = _serve_build(site, "fresh", command="build")  # and the instance builds as `mkdocs build` again
    (site / "journeys" / "bris-de-glace.yml").write_bytes(
        (SITES / "fr-sinistres" / "journeys" / "bris-de-glace.yml").read_bytes()
    )
    assert removed == fresh
    again = _serve_build(site, "fresh", command="build")
    assert rebuilt == again and "\u22121,5" in rebuilt["journeys/assistance-panne/index.html"].decode()


@pytest.mark.parametrize(("command", "loaded"), [("serve", True), ("build", False)])
def test_serve_loads_matplotlib_at_start_and_a_build_never(command: str, loaded: bool) -> None:
    """The first save under serve redraws a map: it should not also wait for matplotlib (about a second)."""
    import subprocess
    import sys

    probe = (
        "import sys; from cxmaps.mkdocs.plugin import CxmapsPlugin; "
        f"CxmapsPlugin().on_startup(command={command!r}, dirty=False); print('matplotlib.figure' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(loaded)
