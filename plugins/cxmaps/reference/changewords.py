"""What changed, in words: the sentences of `cxmaps diff`, for a pull-request comment and for a page's history.

The words are written once, here, from the data of `diffsteps` (a journey's
or a persona's changes): "Step renamed: `check-in` → `arrival` (old links
still land on the step)", "`book` Lived (Claire): 0 → 1". Author text goes
through `Words.text` and ids through `Words.code`, which the caller gives:
literal GitHub Markdown for the comment (review/literal.py), escaped HTML for
the pages (pages/history.py), so that author text stays text in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..language.i18n import Typography, catalogue, fill

#: The label of each field in the site's language (a key of the locale catalogue).
FIELD_LABELS = {
    "title": "diff_field_title", "name": "diff_field_name", "summary": "diff_field_summary",
    "service": "service", "personas": "diff_field_personas", "scenario": "scenario",
    "promise": "service_promise", "owner": "owner", "status": "status", "tags": "tags",
    "description": "description", "touchpoints": "touchpoints", "evidence": "lane_evidence",
    "customer": "lane_customer", "frontstage": "lane_frontstage", "backstage": "lane_backstage",
    "support": "lane_support", "emotion": "lived", "expected": "expected", "feeling": "diff_field_feeling",
    "thoughts": "customer_thinks", "irritants": "irritant", "fail_points": "fail_point",
    "bottlenecks": "bottleneck", "opportunities": "opportunities", "objective": "objective",
    "level": "diff_field_level", "how": "how", "indicator": "indicator", "measure": "measure", "impact": "impact",
    "kind": "kind", "why": "why", "success": "success", "failure": "failure", "recovery": "recovery",
    "role": "role", "quote": "diff_field_quote", "image": "diff_field_image", "profile": "profile",
    "mission": "mission", "goals": "goals", "needs": "needs", "strengths": "strengths",
    "weaknesses": "weaknesses", "constraints": "constraints", "apprehensions": "apprehensions",
    "sensitivities": "sensitivities", "delighters": "delighters", "complaint_style": "complaint_style",
    "aliases": "diff_field_aliases", "sources": "diff_field_sources", "phase": "phase",
    "standard": "diff_field_standard", "moment of truth": "moment_of_truth", "reviewed": "reviewed",
    "improves": "improves", "target": "target",
    # owned opportunities (issue 27)
    "opportunity": "opp_title", "effort": "opp_effort", "due": "opp_due", "initiative": "opp_initiative",
    "link": "opp_link", "standards": "opp_standards",
}  # fmt: skip


class Words:
    """The site's words for changes; `text` makes author text literal, `code` writes an id, `now` adds a status."""

    def __init__(
        self,
        language: str,
        text: Callable[[str], str],
        code: Callable[[str], str],
        now: Callable[[dict[str, Any], str], str] = lambda d, language: "",
        t: dict[str, str] | None = None,
    ) -> None:
        self.language = language
        self.t = t if t is not None else catalogue(language)
        self.typo = Typography(self.t)
        self.text, self.code, self.now = text, code, now

    def say(self, key: str, **values: str) -> str:
        return fill(self.t.get(key, key), **values)

    def field(self, what: str) -> str:
        """``standard level`` → ``Standard: Level``: each word of a compound name labelled."""
        for prefix in ("standard ", "moment of truth ", "phase ", "opportunity "):
            if what.startswith(prefix):
                return f"{self.field(prefix.strip())}, {self.field(what[len(prefix) :]).lower()}"
        key = FIELD_LABELS.get(what)
        return self.t.get(key, what) if key else what

    def value(self, value: Any) -> str:
        if value is None or value == [] or value == {}:
            return self.t.get("none", "—")
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, (int, float)):
            return self.typo.number(float(value))
        if isinstance(value, list):
            return self.typo.list_separator.join(self.value(v) for v in value)
        if isinstance(value, dict):
            return self.typo.list_separator.join(
                f"{self.text(str(k))}{self.typo.colon} {self.value(v)}" for k, v in value.items()
            )
        return self.typo.quote(self.text(str(value)))


def items_lines(w: Words, summary: dict[str, Any]) -> list[str]:
    lines = []
    for kind in ("journeys", "personas"):
        part = summary[kind]
        for change in ("added", "removed"):
            ids = part[change]
            if ids:
                items = ", ".join(f"{w.code(i)} ({w.text(summary['names'].get(i, i))})" for i in ids)
                noun = kind if len(ids) > 1 else kind[:-1]
                lines.append("- " + w.say(f"diff_{noun}_{change}", items=items))
        for r in part["renamed"]:
            lines.append("- " + w.say(f"diff_{kind[:-1]}_renamed", old=w.code(r["from"]), new=w.code(r["to"])))
    return lines


def journey_lines(w: Words, journey: dict[str, Any]) -> list[str]:
    lines = [
        "- " + w.say("diff_step_renamed", old=w.code(s["from"]), new=f"{w.code(s['to'])} {w.text(s['name'])}")
        for s in journey.get("steps_renamed", [])
    ]
    lines += [
        "- " + w.say("diff_step_added", step=f"{w.code(s['id'])} {w.text(s['name'])}", phase=w.text(s["phase"]))
        for s in journey.get("steps_added", [])
    ]
    lines += [
        "- " + w.say("diff_step_removed", step=f"{w.code(s['id'])} {w.text(s['name'])}")
        for s in journey.get("steps_removed", [])
    ]
    for s in journey.get("steps_moved", []):
        if s["from"] != s["to"]:
            lines.append(
                "- " + w.say("diff_step_moved", step=w.code(s["id"]), old=w.text(s["from"]), new=w.text(s["to"]))
            )
        else:
            lines.append("- " + w.say("diff_step_reordered", step=w.code(s["id"])))
    return lines + [f"- {detail(w, d)}" for d in journey.get("details", [])]


def detail(w: Words, d: dict[str, Any]) -> str:
    what = d["what"]
    where = f"{w.code(d['step'])} " if "step" in d else ""
    if what == "phase name":
        return w.say("diff_phase_renamed", old=w.text(d["from"]), new=w.text(d["to"]))
    if what == "standard" and (d["from"] is None or d["to"] is None):
        objective = w.typo.quote(w.text(d["objective"]))
        if d["from"] is None:
            return (
                where + w.say("diff_standard_added", objective=objective, level=w.text(d["to"])) + w.now(d, w.language)
            )
        return where + w.say("diff_standard_removed", objective=objective)
    if what in ("opportunity added", "opportunity removed", "opportunity status", "opportunity owned"):
        title = w.typo.quote(w.text(d["title"]))
        if what == "opportunity owned":  # a plain idea, now an owned action: one line, not one per field
            status = w.t.get(f"opp_status_{d['to']}", str(d["to"]))
            who = w.text(d["owner"]) if d.get("owner") else w.t.get("none", "—")
            due = w.text(d["due"]) if d.get("due") else w.t.get("none", "—")
            return where + w.say("diff_opportunity_owned", title=title, status=status, owner=who, due=due)
        if what == "opportunity added":
            return where + w.say("diff_opportunity_added", title=title, status=w.t.get(f"opp_status_{d['to']}", ""))
        if what == "opportunity removed":
            return where + w.say("diff_opportunity_removed", title=title)
        old, new = (w.t.get(f"opp_status_{d[k]}", str(d[k])) for k in ("from", "to"))
        return where + w.say("diff_opportunity_status", title=title, old=old, new=new)
    if what == "moment of truth":
        if d["from"] is None:
            return where + w.say("diff_moment_added", kind=w.t.get(f"kind_{d['to']}", d["to"]))
        return where + w.say("diff_moment_removed")
    label = w.field(what)
    if "persona" in d:
        label += f" ({w.text(d['persona'])})"
    if "title" in d:  # Opportunity “Key ready…”, owner
        head, _, sub = label.partition(", ")
        label = f"{head} {w.typo.quote(w.text(d['title']))}" + (f", {sub}" if sub else "")
    if "objective" in d:  # Standard “Fast confirmation”, level
        head, _, sub = label.partition(", ")
        label = f"{head} {w.typo.quote(w.text(d['objective']))}" + (f", {sub}" if sub else "")
    if "phase" in d:
        label += f" ({w.text(d['phase'])})"
    return f"{where}{label}{w.typo.colon} {w.value(d['from'])} → {w.value(d['to'])}" + w.now(d, w.language)
