"""The `cxmaps diff` summary as a pull-request comment, in the site's language.

The comment is GitHub Markdown, posted by a bot: author text in it (names,
titles, promises, file names) must stay text: `literal` makes it so.
"""

from __future__ import annotations

from typing import Any

from ..reference.changewords import Words, detail, items_lines, journey_lines
from .literal import code, text
from .mermaid import Curve, chart
from .statusdiff import markdown_lines, now_words


def markdown(summary: dict[str, Any], language: str = "en") -> str:
    """The summary as a pull-request comment."""
    w = Words(language, text, code, now_words)
    lines = [f"## {w.say('diff_title')}", ""]
    lines += items_lines(w, summary)
    for journey in summary["changed"]:
        lines += ["", f"### {text(journey['title'])} ({code(journey['id'])})", ""]
        lines += journey_lines(w, journey)
        lines += _curves(w, journey, summary.get("scale", [-2, 2]))
    for persona in summary.get("personas_changed", []):
        lines += ["", f"### {text(persona['name'])} ({code(persona['id'])})", ""]
        lines += [f"- {detail(w, d)}" for d in persona["details"]]

    lines += markdown_lines(summary.get("delivery"), language)
    lines += _links(w, summary["broken_links"])
    if len(lines) == 2:
        lines.append(w.say("diff_none"))
    kept = [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]  # one blank line at most
    return "\n".join(kept) + "\n"


def _curves(w: Words, journey: dict[str, Any], scale: list[float]) -> list[str]:
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


def _links(w: Words, broken: list[dict[str, Any]]) -> list[str]:
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
