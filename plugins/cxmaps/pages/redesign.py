"""A target journey's changes from its current journey, in the site's language (format 1.2, issue 27).

`reference.futurestate` compares the two journeys as data; here each change
of a redesigned step becomes a sentence, in the words `cxmaps diff` uses
("Service promise: “old” → “new”", "standard added: …"), with author text
rendered as inline Markdown (never markup of its own) and numbers, emotions
and targets written as the page's language writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from ..language.i18n import Typography, fill
from ..model.format import Target
from ..reference.futurestate import Change, Comparison, Pair
from .text import inline

#: The label of a step field named in "also changed" (a key of the locale catalogue).
FIELD_KEYS = {
    "description": "description", "touchpoints": "touchpoints", "evidence": "lane_evidence",
    "customer": "lane_customer", "frontstage": "lane_frontstage", "backstage": "lane_backstage",
    "support": "lane_support", "expected": "expected", "feeling": "diff_field_feeling",
    "thoughts": "customer_thinks", "irritants": "irritant", "fail_points": "fail_point",
    "bottlenecks": "bottleneck", "opportunities": "opportunities",
}  # fmt: skip
#: The label of a standard's field in "Standard “…”, level: old → new".
STANDARD_KEYS = {
    "objective": "objective", "level": "diff_field_level", "how": "how", "indicator": "indicator",
    "measure": "measure", "owner": "owner", "impact": "impact", "target": "target",
}  # fmt: skip


class RedesignWords:
    """``{{ redesign.say(change, comparison) }}`` and the other sentences of the redesign section."""

    def __init__(self, t: dict[str, str], typo: Typography, level: Callable[[float], str],
                 target: Callable[[Target], str], names: dict[str, str]) -> None:  # fmt: skip
        self.t, self.typo, self.level, self.target, self.names = t, typo, level, target, names

    def fill(self, key: str, **values: Any) -> Markup:
        """A label with its ``{fields}`` filled: the label escaped, each value escaped unless already Markup."""
        return Markup(fill(str(escape(self.t[key])), **{name: str(escape(v)) for name, v in values.items()}))

    def _text(self, value: Any) -> Markup:
        """Author text quoted and rendered inline; nothing as the catalogue's "none"."""
        if value is None or value == "" or value == []:
            return Markup(escape(self.t["none"]))
        if isinstance(value, Target):
            return Markup(escape(self.target(value)))
        if isinstance(value, list):
            return self.typo.join([self._text(v) for v in value])
        return Markup(self.typo.quote(inline(str(value))))

    def _emotion(self, value: float | None) -> str:
        return self.t["none"] if value is None else self.level(value)

    def say(self, change: Change, comparison: Comparison) -> Markup:
        """One change of a redesigned step, as a sentence."""
        what = change.what
        if what == "name":
            return self.fill("redesign_name", old=self._text(change.old), new=self._text(change.new))
        if what == "promise":
            return self.fill("redesign_promise", old=self._text(change.old), new=self._text(change.new))
        if what == "emotion":
            persona = self.names.get(change.persona, change.persona)
            return self.fill("redesign_emotion", persona=persona, old=self._emotion(change.old),
                              new=self._emotion(change.new))  # fmt: skip
        objective = self._text(change.standard)
        if what == "standard-added":
            return self.fill("redesign_standard_added", objective=objective, level=self._text(change.new))
        if what == "standard-removed":
            return self.fill("redesign_standard_removed", objective=objective, level=self._text(change.old))
        if what == "standard":
            part = self.t[STANDARD_KEYS.get(change.part, "standards")].lower()
            return self.fill("redesign_standard_changed", objective=objective, part=part,
                              old=self._text(change.old), new=self._text(change.new))  # fmt: skip
        return self.fill("redesign_moment_added" if what == "moment-added" else "redesign_moment_removed")

    def others(self, pair: Pair) -> Markup:
        """ "Also changed: touchpoints, support processes", or nothing."""
        names = [self.t[FIELD_KEYS.get(c.what, "description")] for c in pair.others]
        if not names:
            return Markup("")
        return self.fill("redesign_also_changed", fields=self.typo.join(list(dict.fromkeys(names))))
