"""Starter files for `cxmaps new`: every field present, explained in one line.

The comments are the field descriptions of the model (the same text the JSON
Schema shows on hover), so the starter file and the format cannot drift.
The file is valid as written: `cxmaps check` passes on it at once.
"""

from __future__ import annotations

from pydantic import BaseModel

from .model import Journey, MomentOfTruth, Persona, Phase, Standard, Step

COMMENT_COLUMN = 44

#: Values for required fields, to be replaced by the author.
PLACEHOLDERS = {
    "name": "Name of the persona",
    "role": "The archetype in a few words",
    "title": "Title of the journey",
    "objective": "What the standard is for",
    "level": "The level to reach",
}
PHASES = (("Before", "before"), ("During", "during"), ("After", "after"))


def _doc(model: type[BaseModel], field: str) -> str:
    return (model.model_fields[field].description or "").split("\n")[0]


def _line(indent: int, text: str, comment: str) -> str:
    body = " " * indent + text
    return f"{body.ljust(COMMENT_COLUMN)} # {comment}" if comment else body


def _fields(
    model: type[BaseModel], indent: int, values: dict[str, str], blocks: dict[str, list[str]] | None = None
) -> list[str]:
    """One line per field, in the model's order: the given value, a placeholder, or empty (null or []).

    `blocks` replaces a field's line with several (a value and commented examples).
    """
    lines = []
    for name, info in model.model_fields.items():
        if blocks and name in blocks:
            lines += blocks[name]
            continue
        if name in values:
            value = values[name]
        elif name in PLACEHOLDERS and info.is_required():
            value = PLACEHOLDERS[name]
        elif str(info.annotation).startswith(("list", "typing.Annotated[list")):
            value = "[]"
        else:
            value = ""
        lines.append(_line(indent, f"{name}: {value}".rstrip(), _doc(model, name)))
    return lines


def _commented(model: type[BaseModel], indent: int, example: dict[str, str], bullet: bool = False) -> list[str]:
    """An optional block shown as comments: uncomment to use."""
    lines = []
    for i, name in enumerate(model.model_fields):
        lead = "# - " if bullet and i == 0 else ("#   " if bullet else "# ")
        lines.append(_line(indent, f"{lead}{name}: {example.get(name, '')}".rstrip(), _doc(model, name)))
    return lines


def persona_file(pid: str) -> str:
    blocks = {
        "profile": [
            _line(0, "profile: {}", _doc(Persona, "profile")),
            "  # Age: 42",
            "  # Occupation: Regional sales director",
        ],
        "apprehensions": [
            _line(0, "apprehensions: []", _doc(Persona, "apprehensions")),
            _line(2, "# - about: time", "role | environment | time | result | price"),
            "  #   text: Waiting at the desk after a late flight",
        ],
    }
    lines = [
        "# yaml-language-server: $schema=../schema/persona.schema.json",
        f"# Persona '{pid}': published at personas/{pid}/. Replace the placeholders, fill what you know,",
        "# and leave a field empty rather than inventing it. Run `cxmaps check` when done.",
        *_fields(Persona, 0, {}, blocks),
    ]
    return "\n".join(lines) + "\n"


def journey_file(jid: str, personas: list[str]) -> str:
    emotion = "0" if len(personas) == 1 else "{" + ", ".join(f"{p}: 0" for p in personas) + "}"
    phases = [_line(0, "phases:", _doc(Journey, "phases"))]
    for number, (name, kind) in enumerate(PHASES, start=1):
        phases += [
            _line(2, f"- name: {name} the service", _doc(Phase, "name")),
            _line(4, f"kind: {kind}", _doc(Phase, "kind")),
            _line(4, "steps:", _doc(Phase, "steps")),
        ]
        blocks = {
            "standards": [
                _line(8, "standards:", _doc(Step, "standards") + " Uncomment and copy the example."),
                *_commented(
                    Standard,
                    10,
                    {"objective": "Confirmation arrives at once", "level": "99 % within 60 s", "impact": "basic"},
                    bullet=True,
                ),
            ],
            "moment_of_truth": [
                _line(8, "moment_of_truth:", _doc(Step, "moment_of_truth") + " Uncomment at least 'kind'."),
                *_commented(MomentOfTruth, 10, {"kind": "first-time"}),
            ],
        }
        values = {"id": f"step-{number}", "name": f"Step {number} as the customer lives it", "emotion": emotion}
        step = _fields(Step, 8, values, blocks)
        phases += ["      - " + step[0].lstrip(), *step[1:]]
    lines = [
        "# yaml-language-server: $schema=../schema/journey.schema.json",
        f"# Journey '{jid}': published at journeys/{jid}/. Tell it from the customer's point of view,",
        "# step by step. Replace the placeholders and run `cxmaps check` when done.",
        *_fields(Journey, 0, {"personas": f"[{', '.join(personas)}]", "status": "current"}, {"phases": phases}),
    ]
    return "\n".join(lines) + "\n"
