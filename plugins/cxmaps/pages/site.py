"""The page generator: everything the templates need, computed once per build.

`Site` holds what all pages share (the reference, labels, charts, addresses) and
offers the templates their helpers. It knows no kind of page: each kind has a
module of its own, and `kinds` lists them. Nothing here knows MkDocs.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup

from ..charts.canvas import Canvas, layout
from ..charts.canvasdelivery import measured_emotions, measured_steps, shows_evidence
from ..charts.maps import LEVELS, journey_spec, reprefix
from ..charts.store import Chart, ChartStore, Drawing
from ..charts.style import persona_styles
from ..language.fold import legacy_slug, slugify
from ..language.i18n import Typography, catalogue
from ..model.format import Journey, Step
from ..reference.core import RESERVED_STEP_IDS, Reference
from ..reference.delivered import Delivery
from ..reference.embeds import find_embeds
from ..reference.futurestate import FutureStates
from ..reference.health import Finding, findings
from ..reference.improvements import Improvements
from ..reference.portfolio import Portfolio
from .core import CSV_URI, page_url, relative
from .history import HistoryWords
from .measured import Measured
from .portfolio import level_key as heat_level
from .redesign import RedesignWords


class ChartsMissing(Exception):
    """A map's placeholder did not come back in its page: something rewrote the page in between."""


class Site:
    """Everything the templates need, computed once per build."""

    def __init__(
        self,
        ref: Reference,
        env: jinja2.Environment,
        language: str,
        directory_urls: bool,
        store: ChartStore,
        found: list[Finding] | None = None,
    ) -> None:
        self.ref = ref
        self.env = env
        self.language = language
        self.t = {**catalogue(language), **ref.labels}  # the site's own words over cxmaps' (sitelabels.py)
        self.typo = Typography(self.t)
        # Numbers and labels as the site's language writes them: {{ value|num }}, {{ t.phase|label }}.
        env.filters["num"] = self.typo.number
        env.filters["label"] = self.typo.label
        self.directory_urls = directory_urls
        self.low, self.high = ref.settings.emotion_scale
        self.store = store
        self.found = findings(ref) if found is None else found
        self.svg: dict[tuple[str, str, str | None], str] = {}
        self.defer_charts = False
        self.owned: frozenset[str] = frozenset()
        """Pages docs/ supplies itself (``journeys/x.md``): never rendered, so no map is placed for them."""
        self.parallel = False
        """Whether a forked process may render part of the pages (see parallel.py); the plugin's `parallel`."""
        """Under MkDocs: many missing maps are drawn while the pages build, and placed in them last."""
        self.drawing: Drawing | None = None
        self.later: dict[tuple[str, str, str | None], str] = {}
        """The charts still being drawn, by place, with their names in the `Drawing`."""
        self.placed: list[tuple[str, int]] = []
        """Each map written into a page as a placeholder: its name and its occurrence on the page."""
        self.placed_on: Counter[str] = Counter()
        self.word = secrets.token_hex(8)
        self.placed_by: dict[str, list[tuple[str, int]]] = {self.word: self.placed}
        """The placeholders by the word they carry: this process's, and those of a child that rendered pages."""
        self.now = False
        # The delivered experience (format 1.1): every standard's status, computed once.
        self.delivery = Delivery(ref)
        self.m = Measured(ref, self.t, self.typo, self.delivery)
        self.shown: dict[tuple[str, str], int] = defaultdict(int)
        self.fragments: dict[tuple[str, ...], Markup] = {}
        self.memo: Any = None
        """Under `mkdocs serve`: a `rendermemo.RenderMemo` (which knows `Site`, so is not imported here)."""

    # -- charts ---------------------------------------------------------------
    def draw_charts(self) -> None:
        """Every map and sparkline of the reference, drawn or taken from the cache, before any page."""
        names = {pid: p.name for pid, p in self.ref.personas.items()}
        wanted: dict[tuple[str, str, str | None], Chart] = {}
        for jid, j in self.ref.journeys.items():
            spec = journey_spec(jid, j, names, (self.low, self.high), self.t, measured_emotions(self.delivery, jid, j),
                                self.persona_styles, self.future.ghost(jid))  # fmt: skip
            wanted[("map", jid, None)] = Chart("map", spec)
            # Issue 23: the personas overlaid (the canvas' other view), and the map for slides (its PNG is made
            # from this SVG in the reader's browser, canvas.js: drawing one per journey tripled a cold build).
            if len(j.personas) > 1:
                wanted[("overlay", jid, None)] = Chart("overlay", spec)
            if self.ref.settings.slides:
                wanted[("slide", jid, None)] = Chart("slide", spec)
            wanted[("sparkline", jid, None)] = Chart("sparkline", spec)
            if len(j.personas) > 1:
                for pid in j.personas:
                    wanted[("sparkline", jid, pid)] = Chart("sparkline", spec, pid)
        if self.defer_charts:
            drawn, self.drawing = self.store.start_all(wanted.values())
        else:
            drawn = self.store.get_all(wanted.values())
        self.svg = {where: drawn[chart.name] for where, chart in wanted.items() if chart.name in drawn}
        self.later = {where: chart.name for where, chart in wanted.items() if chart.name not in drawn}

    def chart(self, kind: str, jid: str, persona: str | None = None, page: str = "") -> Markup:
        """A chart's SVG, with ids of its own if the same chart is already on `page`.

        A map still being drawn is written as a placeholder (an HTML comment
        with this build's random word, which no author text can write) that
        `place_charts` replaces in the finished page.
        """
        if (kind, jid, persona) not in self.svg and (kind, jid, persona) not in self.later:
            persona = None
        where = (kind, jid, persona)
        self.shown[(page, f"{kind}-{jid}-{persona}")] += 1
        occurrence = self.shown[(page, f"{kind}-{jid}-{persona}")]
        if where in self.later and self.drawing is not None:
            if self.now:
                return Markup(reprefix(self.drawing.svg(self.later[where]), occurrence))
            self.placed.append((self.later[where], occurrence))
            self.placed_on[page] += 1
            # The chart's last newline stays in the page, as when the fast path cuts a drawn chart out for search.
            return Markup(f"<!--cxmaps{self.word}m{len(self.placed) - 1}-->\n")
        return Markup(reprefix(self.svg.get(where, ""), occurrence))

    def drawn(self, kind: str, jid: str) -> str | None:
        """A journey's chart of `kind` as text (waiting for it if a worker draws it), or None if there is none."""
        where = (kind, jid, None)
        if where in self.later and self.drawing is not None:
            return self.drawing.svg(self.later[where])
        return self.svg.get(where)

    def place_charts(self, page: str, output: str) -> str:
        """The finished page with its maps in place of their placeholders (waiting for each to be drawn)."""
        expected = self.placed_on.pop(page, 0)
        if not expected or self.drawing is None:
            return output
        drawing = self.drawing

        def svg(match: re.Match[str]) -> str:
            name, occurrence = self.placed_by[match.group(1)][int(match.group(2))]
            return reprefix(drawing.svg(name), occurrence).removesuffix("\n")

        output, found = re.subn(rf"<!--cxmaps({'|'.join(self.placed_by)})m(\d+)-->", svg, output)
        if found != expected:
            raise ChartsMissing(f"{page}: {expected - found} of {expected} journey maps went missing")
        return output

    def finish_charts(self, cancel: bool = False) -> None:
        """The build is over: every map cached and the workers stopped (or, when it failed, just stopped)."""
        if self.drawing is None:
            return
        if cancel:
            self.drawing.cancel()
        else:
            self.drawing.finish()
        self.drawing = None

    @functools.cached_property
    def persona_styles(self) -> dict[str, int]:
        """Each persona's colour and marker number, the same on every chart and page (issue 23, `style`)."""
        return persona_styles(self.ref.personas)

    @functools.cached_property
    def hist(self) -> HistoryWords:
        """The reference's history and reviews in the site's words (format 1.2, see history.py)."""
        return HistoryWords(self.ref, self.t, self.typo, self.language)

    @functools.cached_property
    def future(self) -> FutureStates:
        """Future-state journeys (format 1.2, issue 27): each target's comparison, each current journey's targets."""
        return FutureStates(self.ref)

    @functools.cached_property
    def portfolio(self) -> Portfolio:
        """The portfolio views' figures (issue 27): per phase, per persona and journey, per touchpoint and system."""
        return Portfolio(self.ref, self.delivery)

    def heat_level(self, value: float) -> str:
        """The level a mean emotion falls in, for a cell's ``data-level`` (its word is written in the cell too)."""
        return heat_level((self.low, self.high), value)

    @functools.cached_property
    def redesign_words(self) -> RedesignWords:
        """A target journey's changes in the site's language (pages/redesign.py)."""
        return RedesignWords(
            self.t, self.typo, self.level, self.m.target, {p: x.name for p, x in self.ref.personas.items()}
        )

    def persona_style(self, pid: str) -> int:
        """A persona's style number, for the templates' keys (``--cx-series-{n + 1}`` and the shape of `style.MARKERS`)."""
        return self.persona_styles.get(pid, 0)

    @functools.cached_property
    def plan(self) -> Improvements:
        """The owned opportunities and what their standards' measures say of them (format 1.2, issue 27)."""
        return Improvements(self.ref, self.delivery)

    # -- helpers for templates ------------------------------------------------
    def canvas(self, journey: Journey, part: str = "all", jid: str = "") -> Canvas:
        """The grid of a journey's canvas (columns, rows present, print scale), for the templates.

        With the journey's id, the canvas has the delivered lane (issue 14) when a standard of the
        journey is measured, each step's evidence level when the site has measures or sources, and
        the measured emotion's marker in the legend when the curve shows one."""
        if not jid:
            return layout(journey, (self.low, self.high), part)
        return layout(journey, (self.low, self.high), part, measured_steps(self.delivery, jid, journey),
                      shows_evidence(self.delivery), bool(measured_emotions(self.delivery, jid, journey)))  # fmt: skip

    def url(self, kind: str, item_id: str = "", anchor: str = "") -> str:
        uri = f"{kind}/{item_id}.md" if item_id else f"{kind}/index.md"
        url = page_url(uri, self.directory_urls)
        return f"{url}#{anchor}" if anchor else url

    def level(self, value: float) -> str:
        """The emotion in words, its value written as the site's language writes numbers (a minus sign and a decimal comma in French)."""
        share = (value - self.low) / (self.high - self.low)
        return self.typo.level(self.t[LEVELS[min(int(share * 5), 4)]], value)

    def emotions(self, journey: Journey, step: Step, name: str = "emotion") -> list[tuple[str, float]]:
        """(persona id, value) for each persona of the journey that has a value."""
        value = getattr(step, name)
        if value is None:
            return []
        if isinstance(value, dict):
            return [(pid, value[pid]) for pid in journey.personas if pid in value]
        return [(pid, value) for pid in journey.personas]

    def former_ids(self, journey: Journey, step: Step) -> list[str]:
        """A step's former anchors: its ``aliases``, and the id cxmaps 0.1 made of its name where that differs.

        Before `fold.slugify` split words at every character that is not a letter or a digit, a
        name with a typographic apostrophe (U+2019) in ``l'hôtel`` gave ``lhotel``; links to that anchor still land.
        """
        former = list(step.aliases)
        # An ASCII name folds the same both ways: most steps stop here, before any fold.
        if (
            not step.name.isascii()
            and step.id == slugify(step.name)
            and (old := legacy_slug(step.name))
            and old != step.id
        ):
            taken = {other.id for other in journey.steps()} | {a for other in journey.steps() for a in other.aliases}
            if old not in taken and old not in RESERVED_STEP_IDS and not re.fullmatch(r"phase-\d+", old):
                former.append(old)
        return former

    def differs(self, step: Step) -> bool:
        return isinstance(step.emotion, dict) and len(set(step.emotion.values())) > 1

    # -- pages ----------------------------------------------------------------
    def page(self, template: str, uri: str, **context: Any) -> str:
        """A whole generated page at `uri`: "" when docs/ supplies that page itself (see `owned`)."""
        if uri in self.owned:
            return ""  # the site's own page replaces it (the plugin says so); nothing of it is counted
        return self.render(template, uri, **context)

    def render(self, template: str, uri: str, **context: Any) -> str:
        """A template rendered for the page at `uri`: a whole page, or a fragment of one (an embed)."""
        here = uri if uri.endswith(".html") else page_url(uri, self.directory_urls)
        if uri.endswith("/index.html"):
            here = uri[: -len("index.html")]

        def link(kind: str, item_id: str = "", anchor: str = "") -> str:
            return relative(here, self.url(kind, item_id, anchor))

        return self.env.get_template(f"cxmaps/{template}").render(
            uri=uri,
            site=self,
            ref=self.ref,
            t=self.t,
            typo=self.typo,
            link=link,
            asset=lambda path: relative(here, path),
            csv_url=relative(here, CSV_URI),
            **context,
        )

    def entry_step(self, o: Any, kind: str, uri: str) -> Markup:
        """A step on a touchpoint or system page: the same on every page of `kind`, so rendered once for them all.

        A step with three touchpoints is on three touchpoint pages, which sit at
        the same depth (their links are the same); `entry_documents` forgets
        the fragments once a kind's pages are written.
        """
        key = (kind, o.jid, o.step.id, uri.rpartition("/")[0])
        if key not in self.fragments:
            render = functools.partial(self._entry_step, o, kind, uri)
            self.fragments[key] = render() if self.memo is None else self.memo.fragment(self, o.jid, key, render)
        return self.fragments[key]

    def catalogue_section(self, section: Any, uri: str) -> Markup:
        """A journey's section of the standards catalogue; under serve, kept while the journey's key is the same."""
        render = functools.partial(self._catalogue_section, section, uri)
        return render() if self.memo is None else self.memo.fragment(self, section.jid, ("catalogue", uri), render)

    def _catalogue_section(self, section: Any, uri: str) -> Markup:
        return Markup(self.render("standards-section.md", uri, section=section))

    def _entry_step(self, o: Any, kind: str, uri: str) -> Markup:
        return Markup(self.render("entry-step.html", uri, o=o, kind=kind))

    def embed(self, markdown: str, uri: str, keep: Callable[[str], str] | None = None) -> str:
        """Replace the embed lines of a docs/ page with the rendered map, blueprint or step.

        With `keep`, a line gets what `keep` returns for the rendered HTML (the plugin's placeholder,
        so that the checks of the author's HTML never see cxmaps' own).
        """
        embeds = {e.line: e for e in find_embeds(markdown)}
        if not embeds:
            return markdown
        lines = markdown.splitlines()
        self.now = True  # the site's own pages go through Markdown and search whole: their maps are drawn now
        try:
            for number, e in embeds.items():
                j = self.ref.journeys[e.journey]
                step = next((s for s in j.steps() if s.id == e.step), None)
                html = self.render("embed.html", uri, kind=e.kind, journey=j, jid=e.journey, step=step, embedded=True)
                lines[number - 1] = "\n" + (keep(html.strip()) if keep else html.strip()) + "\n"
        finally:
            self.now = False
        return "\n".join(lines) + "\n"
