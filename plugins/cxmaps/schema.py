"""JSON Schema of the source files, generated from the model (never kept by hand)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from .model import Journey, Persona

SCHEMAS: dict[str, type[BaseModel]] = {"journey": Journey, "persona": Persona}
SCHEMA_BASE = "https://cxmaps.example/schema/"


def schema_dict(name: str) -> dict[str, object]:
    model = SCHEMAS[name]
    body = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{name}.schema.json",
        **body,
    }


def schema_text(name: str) -> str:
    """The schema as committed under schema/: stable key order, one trailing newline."""
    return json.dumps(schema_dict(name), indent=2, ensure_ascii=False) + "\n"
