"""The plugin's options in mkdocs.yml, and how they become `Settings`."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig

from ..language.i18n import language_code
from ..pages.core import TEMPLATES
from ..reference.core import Settings
from ..reference.entries import entry_slug
from ..source.sitelabels import labels_file
from ..source.yamlsource import MAX_FILE_BYTES


class EmotionScale(base.BaseConfigOption[tuple[float, float]]):
    """Two finite numbers, lowest and highest, the lowest first.

    Checked with the rest of mkdocs.yml, before anything is built: an infinite
    or NaN bound would pass every emotion and only fail when a chart is drawn,
    after site/ is cleaned.
    """

    def __init__(self, default: tuple[float, float] = (-2.0, 2.0)) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> tuple[float, float]:
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise base.ValidationError(f"expected two numbers [lowest, highest], e.g. [-2, 2]; got {value!r}")
        low, high = value
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)):
            raise base.ValidationError(f"expected two numbers [lowest, highest]; got {value!r}")
        if not all(math.isfinite(v) for v in (low, high)):
            raise base.ValidationError(
                f"expected two finite numbers [lowest, highest], e.g. [-2, 2]; got {value!r} (.inf and .nan are not allowed)"
            )
        if not low < high:
            raise base.ValidationError(f"the lowest value must come first and be below the highest; got {value!r}")
        return (float(low), float(high))


class Bounded(opt.Type[int]):
    """A whole number between `low` and `high` (``max_file_size: -1`` or ``stale_after: 0`` are mistakes)."""

    def __init__(self, low: int, high: int, default: int, unit: str) -> None:
        super().__init__(int, default=default)
        self.low, self.high, self.unit = low, high, unit

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool):
            raise base.ValidationError(f"expected a number of {self.unit}, got {value!r}")
        number = super().run_validation(value)
        if not self.low <= number <= self.high:
            raise base.ValidationError(f"expected {self.unit} from {self.low:,} to {self.high:,}, got {number:,}")
        return number


class EntryNames(base.Config):
    """`entry_pages_for:` the touchpoints and systems that get a page even when a single step names them."""

    touchpoints = opt.ListOfItems(opt.Type(str), default=[])
    systems = opt.ListOfItems(opt.Type(str), default=[])


class CxmapsConfig(base.Config):
    journeys = opt.Dir(exists=True, default="journeys")
    """Folder of journey files, relative to mkdocs.yml."""
    personas = opt.Dir(exists=True, default="personas")
    """Folder of persona files, relative to mkdocs.yml."""
    emotion_scale = EmotionScale()
    """Lowest and highest emotion value, e.g. [-2, 2] (very negative … very positive)."""
    cache_dir = opt.Type(str, default=".cxmaps-cache")
    """Folder for drawn charts, relative to mkdocs.yml; kept between builds."""
    cache = opt.Type(bool, default=True)
    """Reuse charts whose journey did not change; false draws every chart at every build."""
    fail_on_health = opt.Type(bool, default=False)
    """Fail the build (and `cxmaps check --lint`) when the reference has health findings."""
    max_file_size = Bounded(1, 64 * 1024 * 1024, MAX_FILE_BYTES, "bytes")
    """Largest source file accepted, in bytes; larger files are refused unread."""
    sources = opt.Dir(exists=False, default="sources")
    """Folder of source files (studies, surveys), relative to mkdocs.yml; may be absent."""
    measures = opt.Dir(exists=False, default="measures")
    """Folder of measures CSV files, relative to mkdocs.yml; may be absent."""
    stale_after = Bounded(1, 100 * 366, 400, "days")
    """Days: a measure older than this, counted back from the newest period of its journey, is stale."""
    fail_on_missed = opt.Type(bool, default=False)
    """Fail the build and `cxmaps check` when a standard on a moment of truth misses its target."""
    trust_docs = opt.Type(bool, default=False)
    """Let docs/ pages publish any HTML, script, styles and frames included (see docs/security.md). Only
    for a site where everyone who can change docs/ is trusted as a maintainer."""
    entry_pages = opt.Choice(("shared", "all"), default="shared")
    """Which touchpoints and systems get a page of their own: those named by two steps or more ("shared"), or
    every one ("all"). The others are listed on their index under their journey, linked to their step."""
    entry_pages_for = opt.SubConfig(EntryNames)
    """Touchpoints and systems declared to get a page whatever the number of steps naming them, by name (spelt as
    any step spells it: case, accents and spacing don't count), e.g. `{touchpoints: [Mobile app]}`."""
    slides = opt.Type(bool, default=True)
    """Publish each journey's map for slides (journeys/<id>/map.svg, and its PNG drawn in the browser). False saves
    drawing one chart per journey on a cold build (about a third of its charts' time)."""
    parallel = opt.Type(bool, default=True)
    """From 24 journeys on, use a second core while the pages build: a forked process renders part of them
    (warm builds) or draws the maps (cold builds). False keeps the page build in one process."""

    # -- format 1.2: a living reference (issue 26) --
    review_every = Bounded(0, 100 * 366, 365, "days")
    """Days: a journey or persona whose `reviewed` date (else its last change in git) is older than this, counted
    back from the reference's date, is due for review; 0 turns reviews off."""
    history = opt.Type(bool, default=True)
    """Show each journey's and persona's history from git, and the changes/ page and feed; false: neither."""
    history_days = Bounded(1, 100 * 366, 90, "days")
    """How far back changes/ and its feed go, counted back from the reference's date."""
    release_tags = opt.Type(str, default="v*")
    """A glob: the git tags that mark a published release of the reference (changes/ groups changes by release)."""


def settings_from(config: MkDocsConfig, options: CxmapsConfig) -> Settings:
    """Resolve the options against the folder of mkdocs.yml (never the working directory)."""
    root = Path(config.config_file_path or ".").resolve().parent
    return Settings(
        root=root,
        journeys_dir=Path(options.journeys),
        personas_dir=Path(options.personas),
        docs_dir=Path(config.docs_dir),
        emotion_scale=options.emotion_scale,
        max_file_size=options.max_file_size,
        sources_dir=Path(options.sources),
        measures_dir=Path(options.measures),
        stale_after=options.stale_after,
        trust_docs=options.trust_docs,
        slides=options.slides,
        entry_pages=options.entry_pages,
        entry_pages_for={
            kind: tuple(sorted({entry_slug(name) for name in options.entry_pages_for[kind]}))
            for kind in ("touchpoints", "systems")
        },
        review_every=options.review_every,
        history=options.history,
        history_days=options.history_days,
        release_tags=options.release_tags,
        repo_url=_web_address(config.repo_url),
        labels_file=labels_file(
            Path(config.theme.custom_dir) if config.theme.custom_dir else None,
            language_code(config.theme.get("language", "en")),
        ),
    )


def plugin_options(config: MkDocsConfig) -> CxmapsConfig | None:
    """The cxmaps options of a loaded site configuration, if the site uses the plugin."""
    plugin: Any = config.plugins.get("cxmaps")
    return plugin.config if plugin is not None else None


def _web_address(url: str | None) -> str:
    """MkDocs' repo_url when it is an http(s) address without spaces or control characters; "" otherwise."""
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")) or any(c.isspace() or ord(c) < 32 for c in url):
        return ""
    return url


#: Markdown extensions the generated pages rely on (heading ids, tables).
REQUIRED_EXTENSIONS = ("attr_list", "tables", "toc")
STYLESHEET = "cxmaps/cxmaps.css"
CANVAS_SCRIPT = "cxmaps/canvas.js"  # the journey canvas at real size (issue 23)
SCRIPT = "cxmaps/standards-filter.js"
#: Where cxmaps' pages and files are published: links there wait while the reference is broken (safelog.py).
GENERATED_FOLDERS = (
    "journeys/", "personas/", "moments-of-truth/", "standards/", "touchpoints/", "systems/", "scorecard/",
    "owners/", "sources/", "health/", "changes/", "reference.json", "reference.schema.json", "measures.csv",
    "opportunities/",
)  # fmt: skip
SCORECARD_SCRIPT = "cxmaps/scorecard-filter.js"
PLAN_SCRIPT = "cxmaps/opportunities-filter.js"  # the improvement plan's filters (issue 27)


def take_part(config: MkDocsConfig, options: CxmapsConfig) -> None:
    """What the generated pages need from MkDocs: our templates, Markdown extensions, stylesheet, scripts, watched folders."""
    # Appended, not inserted: the site's overrides/ and the theme win over our templates.
    if str(TEMPLATES) not in config.theme.dirs:
        config.theme.dirs.append(str(TEMPLATES))
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if CANVAS_SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(CANVAS_SCRIPT)
    for script in (SCRIPT, SCORECARD_SCRIPT, PLAN_SCRIPT):
        if script not in [str(known) for known in config.extra_javascript]:
            config.extra_javascript.append(script)
    # `mkdocs serve` reloads the browser when a journey or persona changes.
    optional = [f for f in (options.sources, options.measures) if os.path.isdir(f)]
    for folder in (options.journeys, options.personas, *optional):
        if folder not in config.watch:
            config.watch.append(folder)
