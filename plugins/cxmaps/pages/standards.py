"""The standards catalogue (`standards/`) and its spreadsheet download (`standards/standards.csv`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args

from ..model.format import Impact, Journey, Standard, Step
from .core import CSV_URI, Document

if TYPE_CHECKING:
    from .site import Site

#: The fields of a standard, in the order of the catalogue and the CSV.
STANDARD_FIELDS = ("objective", "level", "how", "indicator", "measure", "owner", "impact")
#: What the CSV says of each standard's measures (format 1.1), after its fields: data, not words.
DELIVERED_FIELDS = ("standard_id", "target", "latest_value", "latest_period", "latest_n", "status")
#: Impacts in the tetraclass order (basic, key, plus, secondary), the order of the filter.
IMPACTS: tuple[str, ...] = get_args(Impact)


def standard_rows(site: Site) -> list[dict[str, Any]]:
    """One row per standard (or per promise without standards), in journey and step order."""
    rows = []
    for jid, journey in site.ref.journeys.items():
        for step in journey.steps():
            if not step.promise and not step.standards:
                continue
            standards: list[Standard | None] = [*step.standards] or [None]
            for standard in standards:
                rows.append({"jid": jid, "journey": journey, "step": step, "standard": standard})
    return rows


@dataclass
class JourneyStandards:
    """A journey's section of the catalogue: its steps that carry a promise or standards."""

    jid: str
    journey: Journey
    steps: list[Step] = field(default_factory=list)


@dataclass
class Catalogue:
    """The catalogue page's data: sections by journey, and the values its filters offer."""

    journeys: list[JourneyStandards]
    owners: list[str]
    impacts: list[str]


def catalogue(site: Site) -> Catalogue:
    """Steps grouped by journey (in reference order), with every owner and impact that occurs.

    Grouped by journey because that is how readers look a standard up ("what do
    we promise during a claim?"); owners and impacts become filters instead of
    columns, so each standard can show all its fields as a card.
    """
    sections: dict[str, JourneyStandards] = {}
    owners: set[str] = set()
    impacts: set[str] = set()
    for row in standard_rows(site):
        section = sections.setdefault(row["jid"], JourneyStandards(row["jid"], row["journey"]))
        if row["step"] not in section.steps:
            section.steps.append(row["step"])
        standard: Standard | None = row["standard"]
        if standard is not None and standard.owner:
            owners.add(standard.owner)
        if standard is not None and standard.impact:
            impacts.add(standard.impact)
    return Catalogue(
        list(sections.values()),
        sorted(owners, key=str.casefold),
        [impact for impact in IMPACTS if impact in impacts],
    )


def standards_csv(site: Site) -> str:
    """UTF-8 with a byte-order mark, which is how Excel knows to read the accents as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["journey", "journey_title", "step", "step_name", "address", "promise", *STANDARD_FIELDS, *DELIVERED_FIELDS]
    )
    for row in standard_rows(site):
        s = row["standard"]
        cells = [
            row["jid"],
            row["journey"].title,
            row["step"].id,
            row["step"].name,
            site.url("journeys", row["jid"], row["step"].id),
            row["step"].promise or "",
        ]
        cells += [getattr(s, f) or "" if s else "" for f in STANDARD_FIELDS]
        cells += delivered_cells(site, s)
        writer.writerow([spreadsheet_safe(c) for c in cells])
    return out.getvalue()


def delivered_cells(site: Site, s: Standard | None) -> list[str]:
    """A standard's id, target and latest measure as data (``min 90 %``, ``88.2``, ``2026-Q3``, ``met``)."""
    d = site.delivery.of(s) if s else None
    if s is None or d is None:
        return [""] * len(DELIVERED_FIELDS)
    target = ""
    if s.target is not None:
        bound, value = ("min", s.target.min) if s.target.min is not None else ("max", s.target.max)
        target = f"{bound} {value:g}" + (f" {s.target.unit}" if s.target.unit else "")
    m = d.latest
    latest = [f"{m.value:g}", m.period.text, str(m.n or "")] if m else ["", "", ""]
    return [s.id, target, *latest, d.status or ""]


def spreadsheet_safe(cell: str) -> str:
    """Keep a cell from being run as a formula when the file is opened in a spreadsheet."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def documents(site: Site) -> Iterator[Document]:
    uri = "standards/index.md"
    yield Document(uri, site.page("standards.md", uri, catalogue=catalogue(site)), in_nav=True)
    yield Document(CSV_URI, standards_csv(site))
