"""`cxmaps diff` for the delivered experience (issue 14): status changes and measures between two revisions.

`compare_delivery` is pure: two `Delivery` objects (the measures and every
standard's status of two revisions) in, plain JSON-able data out:

- ``statuses``: every standard whose status changed (met → missed, no data →
  met, a target added or removed…), missed first, with its latest value;
  a standard new in the later revision is listed when it has measures;
- ``periods``: the periods measured in the later revision and in no row of
  the earlier one (a new quarter of data);
- ``measures``: rows ``added``, ``changed`` (same period, journey, step,
  persona and metric, another value or sample size) and ``removed``.

Steps and journeys renamed with ``aliases`` are matched to their former ids,
as in the rest of the diff. `markdown_lines` renders the data for the
pull-request comment in the site's language, author text made literal
(`literal.text`, `literal.code`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..language.i18n import Typography, catalogue, fill
from ..model.measurement import SCORES
from ..reference.delivered import STATUSES
from ..reference.deliverychanges import compare_delivery, renames, standards_now, status_changes
from .literal import code, text

__all__ = [
    "MAX_LISTED",
    "compare_delivery",
    "markdown_lines",
    "now_words",
    "renames",
    "standards_now",
    "status_changes",
]

#: Rows listed under one period before the rest are counted: a new quarter may hold hundreds.
MAX_LISTED = 20


def now_words(d: dict[str, Any], language: str = "en") -> str:
    """ ", now missed (latest 6 min, 2026-Q4, n = 380)" for a detail `standards_now` annotated; "" otherwise."""
    if "now" not in d:
        return ""
    w = _Words(language)
    words = w.say("diff_standard_now", status=w.status(d["now"]))
    latest = d.get("latest")
    if latest:
        words += (
            f" ({w.say('diff_status_latest', value=w.value(latest['value'], latest['unit']), sample=w.sample(latest))})"
        )
    return words


class _Words:
    """The site's words and number style for the comment."""

    def __init__(self, language: str) -> None:
        self.t = catalogue(language)
        self.typo = Typography(self.t)

    def say(self, key: str, **values: str) -> str:
        return fill(self.t.get(key, key), **values)

    def value(self, value: float, unit: str | None) -> str:
        number = self.typo.number(value, 2)
        if not unit:
            return number
        return number + (self.t.get("typo_percent_space", "") if unit == "%" else "\u00a0") + text(unit)

    def sample(self, row: dict[str, Any]) -> str:
        return str(row["period"]) + (f", n\u00a0=\u00a0{row['n']}" if row.get("n") else "")

    def status(self, status: str) -> str:
        if status in STATUSES:
            return self.t[f"delivered_{status}"]
        return self.t["diff_status_no_target" if status == "no-target" else "diff_status_absent"]

    def where(self, row: dict[str, Any]) -> str:
        step = code(row["step"]) if row["step"] else text(self.t["diff_whole_journey"])
        return f"{code(row['journey'])} {step}"

    def metric(self, row: dict[str, Any]) -> str:
        name = self.t.get(f"score_{row['metric']}") if row["metric"] in SCORES else None
        return text(name) if name else code(row["metric"])

    def who(self, row: dict[str, Any]) -> str:
        return f" ({text(row['who'] or row['persona'])})" if row["persona"] else ""


def markdown_lines(changes: dict[str, Any] | None, language: str = "en") -> list[str]:
    """The changes as a section of the pull-request comment; nothing when nothing changed."""
    if not changes or not (changes["statuses"] or any(changes["measures"].values())):
        return []
    w = _Words(language)
    lines = ["", f"### {w.say('diff_status')}", ""]
    for c in changes["statuses"]:
        line = f"- {w.where(c)} " + w.say("diff_status_changed", objective=w.typo.quote(text(c["objective"])),
                                          old=w.status(c["from"]), new=w.status(c["to"]))  # fmt: skip
        if c["latest"]:
            latest = c["latest"]
            line += f" ({w.say('diff_status_latest', value=w.value(latest['value'], latest['unit']), sample=w.sample(latest))})"
        lines.append(line)
    lines += _added_lines(w, changes["measures"]["added"], set(changes["periods"]))
    for row in changes["measures"]["changed"]:
        lines.append(f"- {w.where(row)} " + w.say("diff_measure_changed", metric=w.metric(row), who=w.who(row),
                     period=row["period"], old=w.value(row["from"], row["unit"]), new=w.value(row["value"], row["unit"])))  # fmt: skip
    for row in changes["measures"]["removed"]:
        lines.append(f"- {w.where(row)} " + w.say("diff_measure_removed", metric=w.metric(row), who=w.who(row),
                     period=row["period"], value=w.value(row["value"], row["unit"])))  # fmt: skip
    return lines


def _added_lines(w: _Words, added: list[dict[str, Any]], new_periods: set[str]) -> list[str]:
    """New rows grouped by period (a new period says so), at most `MAX_LISTED` listed in each."""
    by_period: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in added:
        by_period[row["period"]].append(row)
    lines = []
    for period, rows in by_period.items():
        key = "diff_measure_period" if period in new_periods else "diff_measure_period_added"
        lines.append("- " + w.say(key, period=period, count=str(len(rows))))
        for row in rows[:MAX_LISTED]:
            lines.append(f"  - {w.where(row)} " + w.say("diff_measure_added", metric=w.metric(row), who=w.who(row),
                         sample=w.sample(row), value=w.value(row["value"], row["unit"])))  # fmt: skip
        if len(rows) > MAX_LISTED:
            lines.append("  - " + w.say("diff_measure_more", count=str(len(rows) - MAX_LISTED)))
    return lines
