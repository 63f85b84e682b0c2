"""The `cxmaps diff` summary as a pull-request comment, in the site's language.

The comment is GitHub Markdown, posted by a bot: author text in it (names,
titles, promises, file names) must stay text: `literal` makes it so.
"""

from __future__ import annotations

from typing import Any

from ..language.i18n import Typography, catalogue, fill
from .literal import code, text
from .mermaid import Curve, chart
from .statusdiff import markdown_lines, now_words

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
    "standard": "diff_field_standard", "moment of truth": "moment_of_truth",
    # owned opportunities (issue 27)
    "opportunity": "opp_title", "effort": "opp_effort", "due": "opp_due", "initiative": "opp_initiative",
    "link": "opp_link", "standards": "opp_standards",
}  # fmt: skip


class _Writer:
    def __init__(self, language: str) -> None:
        self.language = language
        self.t = catalogue(language)
        self.typo = Typography(self.t)

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
                f"{text(str(k))}{self.typo.colon} {self.value(v)}" for k, v in value.items()
            )
        return self.typo.quote(text(str(value)))


def markdown(summary: dict[str, Any], language: str = "en") -> str:
    """The summary as a pull-request comment."""
    w = _Writer(language)
    lines = [f"## {w.say('diff_title')}", ""]
    lines += _items(w, summary)
    for journey in summary["changed"]:
        lines += ["", f"### {text(journey['title'])} ({code(journey['id'])})", ""]
        lines += _journey_lines(w, journey)
        lines += _curves(w, journey, summary.get("scale", [-2, 2]))
    for persona in summary.get("personas_changed", []):
        lines += ["", f"### {text(persona['name'])} ({code(persona['id'])})", ""]
        lines += [f"- {_detail(w, d)}" for d in persona["details"]]

    lines += markdown_lines(summary.get("delivery"), language)
    lines += _links(w, summary["broken_links"])
    if len(lines) == 2:
        lines.append(w.say("diff_none"))
    kept = [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]  # one blank line at most
    return "\n".join(kept) + "\n"


def _items(w: _Writer, summary: dict[str, Any]) -> list[str]:
    lines = []
    for kind in ("journeys", "personas"):
        part = summary[kind]
        for change in ("added", "removed"):
            ids = part[change]
            if ids:
                items = ", ".join(f"{code(i)} ({text(summary['names'].get(i, i))})" for i in ids)
                noun = kind if len(ids) > 1 else kind[:-1]
                lines.append("- " + w.say(f"diff_{noun}_{change}", items=items))
        for r in part["renamed"]:
            lines.append("- " + w.say(f"diff_{kind[:-1]}_renamed", old=code(r["from"]), new=code(r["to"])))
    return lines


def _journey_lines(w: _Writer, journey: dict[str, Any]) -> list[str]:
    lines = [
        "- " + w.say("diff_step_renamed", old=code(s["from"]), new=f"{code(s['to'])} {text(s['name'])}")
        for s in journey.get("steps_renamed", [])
    ]
    lines += [
        "- " + w.say("diff_step_added", step=f"{code(s['id'])} {text(s['name'])}", phase=text(s["phase"]))
        for s in journey.get("steps_added", [])
    ]
    lines += [
        "- " + w.say("diff_step_removed", step=f"{code(s['id'])} {text(s['name'])}")
        for s in journey.get("steps_removed", [])
    ]
    for s in journey.get("steps_moved", []):
        if s["from"] != s["to"]:
            lines.append("- " + w.say("diff_step_moved", step=code(s["id"]), old=text(s["from"]), new=text(s["to"])))
        else:
            lines.append("- " + w.say("diff_step_reordered", step=code(s["id"])))
    return lines + [f"- {_detail(w, d)}" for d in journey.get("details", [])]


def _detail(w: _Writer, d: dict[str, Any]) -> str:
    what = d["what"]
    where = f"{code(d['step'])} " if "step" in d else ""
    if what == "phase name":
        return w.say("diff_phase_renamed", old=text(d["from"]), new=text(d["to"]))
    if what == "standard" and (d["from"] is None or d["to"] is None):
        objective = w.typo.quote(text(d["objective"]))
        if d["from"] is None:
            return (
                where
                + w.say("diff_standard_added", objective=objective, level=text(d["to"]))
                + now_words(d, w.language)
            )
        return where + w.say("diff_standard_removed", objective=objective)
    if what in ("opportunity added", "opportunity removed", "opportunity status"):
        title = w.typo.quote(text(d["title"]))
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
        label += f" ({text(d['persona'])})"
    if "title" in d:  # Opportunity “Key ready…”, owner
        head, _, sub = label.partition(", ")
        label = f"{head} {w.typo.quote(text(d['title']))}" + (f", {sub}" if sub else "")
    if "objective" in d:  # Standard “Fast confirmation”, level
        head, _, sub = label.partition(", ")
        label = f"{head} {w.typo.quote(text(d['objective']))}" + (f", {sub}" if sub else "")
    if "phase" in d:
        label += f" ({text(d['phase'])})"
    return f"{where}{label}{w.typo.colon} {w.value(d['from'])} → {w.value(d['to'])}" + now_words(d, w.language)


def _curves(w: _Writer, journey: dict[str, Any], scale: list[float]) -> list[str]:
    """The lived experience before and after, one Mermaid chart per curve; nothing when no curve changed."""
    if not journey.get("curves"):
        return []
    lines = ["", f"#### {w.say('diff_curve')}", ""]
    for curve in journey["curves"]:
        who = curve["persona"] or w.say("diff_all_personas")
        title = w.say("diff_curve_title", who=who)
        drawn = Curve(title, curve["steps"], curve["before"], curve["after"])
        lines += [chart(drawn, (scale[0], scale[1]), w.t.get("emotion", "emotion")), ""]
    lines.append(w.say("diff_curve_legend"))
    return lines


def _links(w: _Writer, broken: list[dict[str, Any]]) -> list[str]:
    if not broken:
        return []
    lines = ["", f"### {w.say('diff_links')}", ""]
    for b in broken:
        where, target = code(f"{b['file']}:{b['line']}"), code(f"journeys/{b['journey']}.md#{b['step']}")
        if "renamed_to" in b:
            lines.append("- " + w.say("diff_link_renamed", where=where, target=target, new=code(b["renamed_to"])))
        else:
            lines.append("- " + w.say("diff_link_removed", where=where, target=target))
    return lines
