"""The improvement plan as data (issue 27): ``opportunities/opportunities.csv``, a sheet of the workbook,
and each owned opportunity's address and loop in ``reference.json``.

One row per owned opportunity (written as a mapping on a step), in journey
order. Every text cell is guarded against formulas (`standards.spreadsheet_safe`
in the CSV; typed text in the workbook), as the standards' exports are. Codes
(kind, status, impact, effort, due) are the values of the format, so that a
data team can filter them in any language; the workbook's headers are in
the site's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model.opportunity import Opportunity
from .core import Document
from .standards import spreadsheet_safe

if TYPE_CHECKING:
    from .site import Site

CSV_URI = "opportunities/opportunities.csv"
COLUMNS = (
    "journey", "journey_title", "step", "step_name", "id", "title", "kind", "status", "impact", "effort",
    "owner", "due", "initiative", "standards", "sources", "link", "address", "still_missed_since",
)  # fmt: skip
#: Each column's header in the workbook: a key of the site's labels.
HEADERS = {
    "journey": "journey_id", "journey_title": "journey_title", "step": "step_id", "step_name": "step_name",
    "id": "opp_id", "title": "opp_title", "kind": "kind", "status": "status", "impact": "opp_impact",
    "effort": "opp_effort", "owner": "owner", "due": "opp_due", "initiative": "opp_initiative",
    "standards": "opp_standards", "sources": "opp_sources", "link": "opp_link", "address": "address",
    "still_missed_since": "opp_still_missed_column",
}  # fmt: skip


def rows(site: Site) -> list[dict[str, str]]:
    """One row per owned opportunity, as text."""
    out = []
    for o in site.plan.items:
        op = o.opportunity
        still = site.plan.of(o.jid, op.id)
        out.append({
            "journey": o.jid, "journey_title": o.journey.title, "step": o.step.id, "step_name": o.step.name,
            "id": op.id, "title": op.title, "kind": op.kind or "", "status": op.status, "impact": op.impact or "",
            "effort": op.effort or "", "owner": op.owner or "", "due": op.due or "", "initiative": op.initiative or "",
            "standards": " ".join(op.standards), "sources": " ".join(op.sources), "link": op.link or "",
            "address": site.url("journeys", o.jid, op.id),
            "still_missed_since": min(s.since.period for s in still).text if still else "",
        })  # fmt: skip
    return out


def opportunities_csv(site: Site) -> str:
    """UTF-8 with a byte-order mark (how Excel knows the accents are UTF-8), every cell formula-guarded."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(site):
        writer.writerow([spreadsheet_safe(row[c]) for c in COLUMNS])
    return out.getvalue()


def add_sheet(site: Site, book: Any, max_cell: int, cut: str) -> None:
    """The plan as a second sheet of ``standards.xlsx`` (when the reference has owned opportunities)."""
    body = rows(site)
    if not body:
        return
    sheet = book.add_worksheet(site.t["plan"][:31].translate(str.maketrans("[]:*?/\\", "       ")))
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, key in enumerate(COLUMNS):
        sheet.write_string(0, col, site.t[HEADERS[key]], bold)
        sheet.set_column(col, col, 36 if key in ("title", "journey_title", "step_name", "address") else 16)
    for r, row in enumerate(body, start=1):
        for col, key in enumerate(COLUMNS):
            cell = row[key]
            sheet.write_string(r, col, cell if len(cell) <= max_cell else cell[: max_cell - len(cut)] + cut, wrap)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(body), len(COLUMNS) - 1)


def json_opportunity(site: Site, jid: str, opportunity: Opportunity, data: Any) -> Any:
    """An owned opportunity in ``reference.json``: its fields, its address and the loop; a plain one stays text."""
    if opportunity.plain or not isinstance(data, dict):
        return data
    still = site.plan.of(jid, opportunity.id)
    since = min(s.since.period for s in still).text if still else None
    return {"url": site.url("journeys", jid, opportunity.id), **data, "still_missed_since": since}


def json_schema(schema: dict[str, Any], url: dict[str, Any]) -> dict[str, Any]:
    """The Opportunity definition of ``reference.schema.json``: text, or the fields with the export's own."""
    branches = schema.get("anyOf", [])
    out = []
    for branch in branches:
        if branch.get("type") == "object":
            branch = {**branch, "properties": {"url": url, **branch["properties"],
                      "still_missed_since": {"anyOf": [{"type": "string"}, {"type": "null"}],
                                             "description": "Done, and a standard it names still missed since "
                                             "this period (null otherwise)."}}}  # fmt: skip
            branch["required"] = ["url", *branch.get("required", []), "still_missed_since"]
        out.append(branch)
    return {**schema, "anyOf": out}


def documents(site: Site) -> Iterator[Document]:
    if site.plan.items:
        yield Document(CSV_URI, opportunities_csv(site))
