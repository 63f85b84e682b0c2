"""The reference as data: `reference.json` at the site root and its JSON Schema.

For data teams and dashboards: every validated persona and journey with its
phases, steps, standards and moments of truth, each with its published address,
plus the touchpoint and system entries. The schema is derived from the model
(`model/format.py`), like the authoring schema, so the export cannot drift from what the
files may say. Ordering is stable: items by id, phases and steps in journey order,
fields in model order; two builds of the same files give the same bytes.

Measures are bounded per series (a journey, step, persona and metric): the
export keeps the latest `MAX_EXPORTED_PER_SERIES` rows of each series, and
``measures_cut`` names every series it shortened with its count of rows. Every
row, of every series, is in `MEASURES_CSV_URI` (the rows of measures/*.csv in
file and line order), so a standard measured daily for years makes a CSV as
long as its input and a JSON file of bounded size.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..model.format import Journey, Persona, Source
from ..model.measurement import COLUMNS, Measure
from ..reference.delivered import STATUSES
from ..reference.entries import Entry, collect
from .core import Document
from .entry import has_page
from .plandata import json_opportunity, json_schema
from .standards import spreadsheet_safe

if TYPE_CHECKING:
    from .site import Site

JSON_URI = "reference.json"
SCHEMA_URI = "reference.schema.json"
#: The version of this export's shape: bumped when a field changes meaning or goes away.
EXPORT_VERSION = "1.2"
#: The rows of one series that reference.json keeps: its latest periods (the CSV keeps every row).
MAX_EXPORTED_PER_SERIES = 100
#: Every measured row, published beside reference.json when the reference has measures.
MEASURES_CSV_URI = "measures.csv"


def export(site: Site) -> dict[str, Any]:
    """The whole reference as plain data, each item with its address relative to the site root."""
    ref = site.ref
    personas = [
        {
            "id": pid,
            "url": site.url("personas", pid),
            **persona.model_dump(mode="json"),
            **_living(site, "persona", pid),
        }
        for pid, persona in sorted(ref.personas.items())
    ]
    journeys = [_journey(site, jid, journey) for jid, journey in sorted(ref.journeys.items())]
    return {
        "$schema": f"./{SCHEMA_URI}",
        "export_version": EXPORT_VERSION,
        "generator": f"cxmaps {__version__}",
        "language": site.language,
        "emotion_scale": [site.low, site.high],
        "personas": personas,
        "journeys": journeys,
        "touchpoints": [_entry(site, "touchpoints", e) for e in collect(ref, "touchpoints")],
        "systems": [_entry(site, "systems", e) for e in collect(ref, "support")],
        "sources": [
            {"id": sid, "url": site.url("sources", sid), **source.model_dump(mode="json")}
            for sid, source in sorted(ref.sources.items())
        ],
        **_measures(site),
    }


def _measures(site: Site) -> dict[str, Any]:
    """The latest rows of each series (in file and line order), the series cut short, and where every row is."""
    dropped: set[int] = set()
    cut = []
    for (jid, step, persona, metric), series in sorted(site.delivery.index.items()):
        if len(series) > MAX_EXPORTED_PER_SERIES:
            dropped.update(id(m) for m in series[:-MAX_EXPORTED_PER_SERIES])
            cut.append({"journey": jid, "step": step or None, "persona": persona or None, "metric": metric,
                        "rows": len(series), "exported": MAX_EXPORTED_PER_SERIES})  # fmt: skip
    return {
        "measures": [_measure(m) for m in site.ref.measures if id(m) not in dropped],
        "measures_cut": cut,
        "measures_csv": MEASURES_CSV_URI if site.ref.measures else None,
    }


def _measure(m: Measure) -> dict[str, Any]:
    """One measured value as the CSV gave it (empty cells as null), in file and line order."""
    return {
        "period": m.period.text,
        "journey": m.journey,
        "step": m.step or None,
        "persona": m.persona or None,
        "metric": m.metric,
        "value": m.value,
        "n": m.n,
        "source": m.source or None,
    }


def measures_csv(measures: list[Measure]) -> str:
    """Every measured row, as measures/*.csv give them (UTF-8 with a byte-order mark, formula-guarded)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in measures:
        text = {k: spreadsheet_safe(v) for k, v in _measure(m).items() if isinstance(v, str)}
        cells = text | {"value": f"{m.value:.15g}", "n": "" if m.n is None else str(m.n)}
        writer.writerow([cells.get(column, "") for column in COLUMNS])
    return out.getvalue()


def _journey(site: Site, jid: str, journey: Journey) -> dict[str, Any]:
    data = journey.model_dump(mode="json")
    for phase, model_phase in zip(data["phases"], journey.phases, strict=True):
        for step, model_step in zip(phase["steps"], model_phase.steps, strict=True):
            step["url"] = site.url("journeys", jid, step["id"])
            step["opportunities"] = [json_opportunity(site, jid, o, d)
                                     for o, d in zip(model_step.opportunities, step["opportunities"], strict=True)]  # fmt: skip
            for standard, model_standard in zip(step["standards"], model_step.standards, strict=True):
                delivered = site.delivery.of(model_standard)
                standard["status"] = delivered.status if delivered else None
    return {"id": jid, "url": site.url("journeys", jid), **data, **_living(site, "journey", jid)}


def _living(site: Site, kind: str, item_id: str) -> dict[str, Any]:
    """Format 1.2: when the item falls due for review, and its last change in git (date, commit)."""
    review = site.hist.review(kind, item_id)
    last = site.hist.last(kind, item_id) if site.hist.available else None
    return {
        "review": {"due": review.due.isoformat() if review.due else None, "is_due": review.is_due},
        "last_change": {"date": last.day.isoformat(), "commit": last.id} if last else None,
    }


def _entry(site: Site, kind: str, entry: Entry) -> dict[str, Any]:
    return {
        "slug": entry.slug,
        "name": entry.name,
        "spellings": entry.spellings,
        "url": site.url(kind, entry.slug) if has_page(site, kind, entry) else None,
        "steps": [
            {"journey": o.jid, "step": o.step.id, "url": site.url("journeys", o.jid, o.step.id)}
            for o in entry.occurrences
        ],
    }


def _with(schema: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    """A model's schema with the export's own fields (id, url) added, first and required."""
    out = copy.deepcopy(schema)
    out["properties"] = {**extra, **out["properties"]}
    out["required"] = [*extra, *out.get("required", [])]
    return out


def _living_schema(text: dict[str, Any]) -> dict[str, Any]:
    """The schema of `_living`'s fields (format 1.2)."""
    nullable = {"anyOf": [text, {"type": "null"}]}
    return {
        "review": {
            "type": "object",
            "description": "When the item falls due for review (null: never), and whether it is due now.",
            "properties": {"due": nullable, "is_due": {"type": "boolean"}},
            "required": ["due", "is_due"],
            "additionalProperties": False,
        },
        "last_change": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {"date": text, "commit": text},
                    "required": ["date", "commit"],
                    "additionalProperties": False,
                },
                {"type": "null"},
            ],
            "description": "The last commit that changed the item's file (null without git history).",
        },
    }


def export_schema() -> dict[str, Any]:
    """JSON Schema of `reference.json`, from the model's own schemas."""
    text = {"type": "string"}
    url = {"type": "string", "description": "Address of the published page, relative to the site root."}
    journey = Journey.model_json_schema(mode="serialization")
    persona = Persona.model_json_schema(mode="serialization")
    defs: dict[str, Any] = {**journey.pop("$defs", {}), **persona.pop("$defs", {})}
    defs["Step"] = _with(defs["Step"], url=url)
    status = {
        "anyOf": [{"enum": list(STATUSES)}, {"type": "null"}],
        "description": "The standard against its target: met, missed, no-data or stale; null without a target.",
    }
    defs["Standard"] = _with(defs["Standard"], status=status)
    defs["Opportunity"] = json_schema(defs["Opportunity"], url)
    source = Source.model_json_schema(mode="serialization")
    defs["Source"] = _with(source, id=text, url=url)
    nullable = {"anyOf": [text, {"type": "null"}]}
    defs["Measure"] = {
        "type": "object",
        "description": "One measured value of measures/*.csv; empty cells are null.",
        "properties": {
            "period": text, "journey": text, "step": nullable, "persona": nullable, "metric": text,
            "value": {"type": "number"}, "n": {"anyOf": [{"type": "integer"}, {"type": "null"}]}, "source": nullable,
        },
        "required": ["period", "journey", "step", "persona", "metric", "value", "n", "source"],
        "additionalProperties": False,
    }  # fmt: skip
    defs["SeriesCut"] = {
        "type": "object",
        "description": "A series with more rows than measures keeps: how many it has, how many are exported.",
        "properties": {
            "journey": text, "step": nullable, "persona": nullable, "metric": text,
            "rows": {"type": "integer"}, "exported": {"type": "integer"},
        },
        "required": ["journey", "step", "persona", "metric", "rows", "exported"],
        "additionalProperties": False,
    }  # fmt: skip
    living = _living_schema(text)
    defs["Journey"] = {
        **_with(journey, id=text, url=url),
        "properties": {**_with(journey, id=text, url=url)["properties"], **living},
    }
    defs["Persona"] = {
        **_with(persona, id=text, url=url),
        "properties": {**_with(persona, id=text, url=url)["properties"], **living},
    }
    steps_ref = {
        "type": "object",
        "properties": {"journey": text, "step": text, "url": url},
        "required": ["journey", "step", "url"],
        "additionalProperties": False,
    }
    defs["Entry"] = {
        "type": "object",
        "description": "A touchpoint or support system, with every step that names it.",
        "properties": {
            "slug": text,
            "name": text,
            "spellings": {"type": "array", "items": text},
            "url": {**url, "type": ["string", "null"], "description": "Its page; null when one step only names it."},
            "steps": {"type": "array", "items": steps_ref},
        },
        "required": ["slug", "name", "spellings", "url", "steps"],
        "additionalProperties": False,
    }
    number = {"type": "number"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cxmaps reference export",
        "type": "object",
        "properties": {
            "$schema": text,
            "export_version": {"const": EXPORT_VERSION},
            "generator": text,
            "language": text,
            "emotion_scale": {"type": "array", "items": number, "minItems": 2, "maxItems": 2},
            "personas": {"type": "array", "items": {"$ref": "#/$defs/Persona"}},
            "journeys": {"type": "array", "items": {"$ref": "#/$defs/Journey"}},
            "touchpoints": {"type": "array", "items": {"$ref": "#/$defs/Entry"}},
            "systems": {"type": "array", "items": {"$ref": "#/$defs/Entry"}},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/Source"}},
            "measures": {
                "type": "array",
                "items": {"$ref": "#/$defs/Measure"},
                "description": f"The latest {MAX_EXPORTED_PER_SERIES} rows of each series; every row is in measures_csv.",
            },
            "measures_cut": {"type": "array", "items": {"$ref": "#/$defs/SeriesCut"}},
            "measures_csv": {
                "anyOf": [text, {"type": "null"}],
                "description": "Address of the CSV file of every measured row, relative to the site root; "
                "null without measures.",
            },
        },
        "required": REQUIRED,
        "additionalProperties": False,
        "$defs": defs,
    }


#: Every top-level field of the export is always present (sources and measures may be empty lists).
REQUIRED = ["export_version", "language", "emotion_scale", "personas", "journeys", "touchpoints", "systems"]
REQUIRED += ["sources", "measures", "measures_cut", "measures_csv"]

#: Escaped inside strings, so that no author text is markup even to a consumer that pastes it into HTML.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _dumps(data: dict[str, Any]) -> str:
    """JSON with these characters escaped: they only occur inside strings, so the data reads back the same."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_HTML_SAFE) + "\n"


def _dumps_lines(data: dict[str, Any]) -> str:
    """As `_dumps`, laid out a field a line and a list's item (a journey, a persona…) a line, each item compact.

    `json.dumps` with `indent` runs Python's own encoder; without it, the C one, some ten times faster: at
    N=400 the indented export was the largest part of a serve rebuild. A diff of two exports still shows
    which journey changed, on its own line.
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    fields = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(encode(item) for item in value)
            fields.append(f"{encode(key)}: [\n  {items}\n ]")
        else:
            fields.append(f"{encode(key)}: {encode(value)}")
    return ("{\n " + ",\n ".join(fields) + "\n}").translate(_HTML_SAFE) + "\n"


@functools.cache
def _schema_text() -> str:
    """The export's schema: the same at every build of this version of cxmaps."""
    return _dumps(export_schema())


def documents(site: Site) -> Iterator[Document]:
    yield Document(JSON_URI, _dumps_lines(export(site)))
    yield Document(SCHEMA_URI, _schema_text())
    if site.ref.measures:
        yield Document(MEASURES_CSV_URI, measures_csv(site.ref.measures))
