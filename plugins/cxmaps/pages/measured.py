"""What the templates need to show measures: values in the site's language, trends, scores, gaps.

Reached from every template as ``site.m``. Numbers are written by the
site's `Typography` (``88,2 %`` in French, a narrow no-break space before the
percent sign), so a page never shows a number the way Python prints it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..charts.trend import Point, thin, trend_svg
from ..model.format import Journey, Step, Target
from ..model.measurement import SCORES, Measure
from ..reference.delivered import EVIDENCE, Delivered
from ..reference.gaps import CAUSES, GAPS, Experiences, experiences, open_gaps

if TYPE_CHECKING:
    from ..language.i18n import Typography
    from ..reference.core import Reference
    from ..reference.delivered import Delivery

#: The scores a journey page shows for the whole journey, in this order.
JOURNEY_SCORES = ("nps", "csat", "ces")


@dataclass(frozen=True)
class Score:
    """One score series: a metric for the whole journey or a step, for all customers or one persona."""

    metric: str
    persona: str
    """Empty: all customers."""
    series: list[Measure]

    @property
    def latest(self) -> Measure:
        return self.series[-1]


class Measured:
    """Template helpers over the site's `Delivery`."""

    def __init__(self, ref: Reference, t: dict[str, str], typo: Typography, delivery: Delivery) -> None:
        self.ref = ref
        self.t = t
        self.typo = typo
        self.delivery = delivery
        self.gaps = GAPS
        self.causes = CAUSES

    def value(self, value: float, unit: str | None = None) -> str:
        """``88.2%`` in English, ``88,2 %`` in French; other units after a no-break space (``4.2 min``)."""
        text = self.typo.number(value, 2)
        if not unit:
            return text
        space = self.typo.percent_space if unit == "%" else "\u00a0"
        return f"{text}{space}{unit}"

    def target(self, target: Target) -> str:
        """The target in words: ``at least 90%``, ``at most 5 min``."""
        if target.min is not None:
            return self.t["target_min"].replace("{value}", self.value(target.min, target.unit))
        return self.t["target_max"].replace("{value}", self.value(target.max or 0.0, target.unit))

    def period(self, m: Measure) -> str:
        """The period of a value as the language writes it: ``Q3 2026``, ``T3 2026`` in French (the data keep ``2026-Q3``)."""
        return self.typo.period(m.period.text)

    def sample(self, m: Measure) -> str:
        """The period and sample size of a value: ``Q3 2026, n = 12,840``; ``T3 2026, n = 12 840`` in French."""
        period = self.period(m)
        return f"{period}, n\u00a0=\u00a0{self.typo.number(m.n)}" if m.n else period

    def trend(self, series: list[Measure], what: str, unit: str | None = None, d: Delivered | None = None) -> Markup:
        """The trend of a series as an inline SVG, its description in words.

        A long series is thinned before any hover text is written (`charts.trend.thin`:
        at most `MAX_POINTS` points, the latest always among them), so a standard
        measured every day for years costs a page no more than one measured monthly;
        the description still counts every period.
        """
        if len(series) < 2:
            return Markup("")
        kept = thin([m.value for m in series])
        points = [
            Point(series[i].value, f"{self.sample(series[i])}: {self.value(series[i].value, unit)}", i) for i in kept
        ]
        first, last = series[0], series[-1]
        desc = self.t["trend_desc"].format(
            first=self.value(first.value, unit), first_period=self.period(first),
            last=self.value(last.value, unit), last_period=self.period(last), periods=len(series),
        )  # fmt: skip
        target = None
        if d is not None and d.standard.target is not None:
            target = d.standard.target.min if d.standard.target.min is not None else d.standard.target.max
        title = f"{self.typo.label(self.t['trend'])} {what}"
        status = (d.status or "") if d else ""
        return trend_svg(points, title=title, desc=desc, target=target, status=status, length=len(series))

    def score_name(self, metric: str) -> str:
        return self.t.get(f"score_{metric}", metric)

    def who(self, journey: Journey, persona: str) -> str:
        return self.ref.personas[persona].name if persona else self.t["all_customers"]

    def journey_scores(self, jid: str, journey: Journey) -> list[Score]:
        """The journey's NPS, CSAT and CES: for all customers, then per persona, each with its series."""
        return self._scores(jid, "", journey, JOURNEY_SCORES)

    def step_scores(self, jid: str, journey: Journey, step: Step) -> list[Score]:
        """A step's measured scores (CES, CSAT, NPS, emotion) for all customers and by persona."""
        return self._scores(jid, step.id, journey, tuple(SCORES))

    def _scores(self, jid: str, step: str, journey: Journey, metrics: tuple[str, ...]) -> list[Score]:
        out = []
        for metric in metrics:
            for persona in ("", *journey.personas):
                series = self.delivery.series(jid, step, metric, persona)
                if series:
                    out.append(Score(metric, persona, series))
        return out

    def score_unit(self, metric: str) -> str | None:
        return "%" if metric == "csat" else None

    def experiences(self, jid: str, journey: Journey, step: Step) -> Experiences:
        return experiences(self.delivery, jid, journey, step)

    def open_gaps(self) -> list[Experiences]:
        return open_gaps(self.delivery)

    def cause_words(self, gap: str) -> list[str]:
        """A gap's usual causes in the site's language."""
        return [self.t[f"cause_{cause}"] for cause in CAUSES[gap]]

    def names(self, personas: list[str]) -> list[str]:
        return [self.ref.personas[pid].name for pid in personas]

    def evidence_share(self) -> dict[str, object]:
        """How many steps are measured, researched and assumed, and the share of assumed ones (health page)."""
        counts = {level: 0 for level in EVIDENCE}
        for jid, journey in self.ref.journeys.items():
            for step in journey.steps():
                counts[self.delivery.evidence(jid, step)] += 1
        steps = sum(counts.values())
        share = self.value(round(100 * counts["assumed"] / steps, 1) if steps else 0.0, "%")
        return {**counts, "steps": steps, "share": share}

    def status_word(self, status: str | None) -> str:
        return self.t[f"delivered_{status}"] if status else ""
