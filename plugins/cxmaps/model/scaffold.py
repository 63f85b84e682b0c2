"""Starter files for `cxmaps new`: every field present, explained in one line, in the site's language.

The comments are the field descriptions of the model (the same text the JSON
Schema shows on hover), so the starter file and the format cannot drift; a
language may translate them in ``locales/fields/<code>.yml``, field by field
(a field it leaves out keeps the model's English line, and a test holds the
French file to every field of the model).
The file is valid as written, and every commented example is valid once
uncommented (the key above it is left empty, which is no value); the
placeholders come from the locale catalogue, and `placeholders` lists them
in every language so that ``check --lint`` reports each one left.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel

from ..language.fold import slugify
from ..language.i18n import LOCALES, Typography, catalogue, language_code, languages
from ..source.problems import FieldPath
from .format import Journey, MomentOfTruth, Persona, Phase, Standard, Step

COMMENT_COLUMN = 44

#: Required fields whose starter value is a placeholder: field → locale key.
PLACEHOLDER_KEYS = {"name": "new_name", "role": "new_role", "title": "new_title",
                    "objective": "new_objective", "level": "new_level"}  # fmt: skip
PHASES = ("before", "during", "after")
STEPS_PER_PHASE = 1


@lru_cache(maxsize=1)
def placeholders() -> frozenset[str]:
    """Every placeholder a starter file may hold, in every language."""
    found: set[str] = set()
    for language in languages():
        t = catalogue(language)
        found.update(t[key] for key in PLACEHOLDER_KEYS.values())
        found.update(t[f"new_phase_{kind}"] for kind in PHASES)
        found.update(t["new_step"].format(n=n) for n in range(1, len(PHASES) * STEPS_PER_PHASE + 1))
    return frozenset(found)


@dataclass(frozen=True)
class Notes:
    """The comments of a starter file in one language: a line per field, the hints, the examples."""

    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    examples: dict[str, Any] = field(default_factory=dict)

    def doc(self, model: type[BaseModel], name: str) -> str:
        """The field's line in this language, or the model's own (English)."""
        own = self.fields.get(model.__name__, {}).get(name)
        return own or (model.model_fields[name].description or "").split("\n")[0]


#: English: the model's descriptions, and these.
ENGLISH = Notes(
    hints={"uncomment_examples": "Uncomment the examples to use them.", "uncomment_example":
           "Uncomment the example to use it.", "uncomment_copy": "Uncomment and copy the example.",
           "uncomment": "Uncomment to use it."},
    examples={"profile": ["Age: 42", "Occupation: Regional sales director"],
              "apprehension": "Waiting at the desk after a late flight"},
)  # fmt: skip


@lru_cache(maxsize=8)
def notes(language: str) -> Notes:
    """The starter's comments for `language` (``locales/fields/<code>.yml``), English for what it lacks."""
    code = language_code(language)
    path = LOCALES / "fields" / f"{code}.yml"
    if code == "en" or not path.is_file():
        return ENGLISH
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    typo = Typography(catalogue(code))  # prose follows the language's punctuation; examples become YAML, as written
    return Notes(
        {model: {name: typo.text(text) for name, text in lines.items()} for model, lines in data["fields"].items()},
        {**ENGLISH.hints, **{key: typo.text(text) for key, text in data.get("hints", {}).items()}},
        {**ENGLISH.examples, **data.get("examples", {})},
    )


def _line(indent: int, text: str, comment: str) -> str:
    body = " " * indent + text
    return f"{body.ljust(COMMENT_COLUMN)} # {comment}" if comment else body


def _fields(
    model: type[BaseModel],
    indent: int,
    values: dict[str, str],
    blocks: dict[str, list[str]] | None = None,
    t: dict[str, str] | None = None,
    n: Notes = ENGLISH,
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
        elif name in PLACEHOLDER_KEYS and info.is_required() and t is not None:
            value = _scalar(t[PLACEHOLDER_KEYS[name]])
        elif str(info.annotation).startswith(("list", "typing.Annotated[list")):
            value = "[]"
        else:
            value = ""
        lines.append(_line(indent, f"{name}: {value}".rstrip(), n.doc(model, name)))
    return lines


def _commented(
    model: type[BaseModel], indent: int, example: dict[str, str], n: Notes, bullet: bool = False
) -> list[str]:
    """An optional block shown as comments: uncomment to use."""
    lines = []
    for i, name in enumerate(model.model_fields):
        lead = "# - " if bullet and i == 0 else ("#   " if bullet else "# ")
        lines.append(_line(indent, f"{lead}{name}: {example.get(name, '')}".rstrip(), n.doc(model, name)))
    return lines


def _scalar(text: str) -> str:
    """A placeholder as a YAML value: quoted when it holds what YAML would read otherwise (`'`, `: `, `#`)."""
    if any(c in text for c in ":#'\"") or text[:1] in "%@`&*!|>-?[]{},":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _header(text: str, width: int = 88) -> list[str]:
    """A comment paragraph, wrapped."""
    lines, line = [], "#"
    for word in text.split():
        if len(line) + 1 + len(word) > width:
            lines.append(line)
            line = "#"
        line += " " + word
    return [*lines, line]


def persona_file(pid: str, language: str = "en", schema: str = "../schema/persona.schema.json") -> str:
    """A starter persona in the site's language; `schema` is the JSON Schema path relative to the file."""
    t, n = catalogue(language), notes(language)
    blocks = {
        "profile": [
            _line(0, "profile:", f"{n.doc(Persona, 'profile')} {n.hints['uncomment_examples']}"),
            *(f"  # {fact}" for fact in n.examples["profile"]),
        ],
        "apprehensions": [
            _line(0, "apprehensions:", f"{n.doc(Persona, 'apprehensions')} {n.hints['uncomment_example']}"),
            _line(2, "# - about: time", "role | environment | time | result | price"),
            f"  #   text: {_scalar(n.examples['apprehension'])}",
        ],
    }
    lines = [
        f"# yaml-language-server: $schema={schema}",
        *_header(t["new_persona_header"].format(id=pid)),
        *_fields(Persona, 0, {}, blocks, t, n),
    ]
    return "\n".join(lines) + "\n"


def journey_file(
    jid: str, personas: list[str], language: str = "en", schema: str = "../schema/journey.schema.json"
) -> str:
    """A starter journey of three phases of one step each, in the site's language."""
    t, n = catalogue(language), notes(language)
    emotion = "0" if len(personas) == 1 else "{" + ", ".join(f"{p}: 0" for p in personas) + "}"
    phases = [_line(0, "phases:", n.doc(Journey, "phases"))]
    for number, kind in enumerate(PHASES, start=1):
        phases += [
            _line(2, f"- name: {_scalar(t[f'new_phase_{kind}'])}", n.doc(Phase, "name")),
            _line(4, f"kind: {kind}", n.doc(Phase, "kind")),
            _line(4, "steps:", n.doc(Phase, "steps")),
        ]
        values = {"id": f"step-{number}", "name": _scalar(t["new_step"].format(n=number)), "emotion": emotion}
        step = _fields(Step, 8, values, _step_blocks(t, n), t, n)
        phases += ["      - " + step[0].lstrip(), *step[1:]]
    lines = [
        f"# yaml-language-server: $schema={schema}",
        *_header(t["new_journey_header"].format(id=jid)),
        *_fields(Journey, 0, {"personas": f"[{', '.join(personas)}]", "status": "current"}, {"phases": phases}, t, n),
    ]
    return "\n".join(lines) + "\n"


def _step_blocks(t: dict[str, str], n: Notes) -> dict[str, list[str]]:
    """The optional blocks of a step, as commented examples under an empty key."""
    # An id, when the format has one, is written out: an empty one would be no id at all once uncommented.
    standard = {"objective": _scalar(t["new_objective"]), "level": _scalar(t["new_level"]), "impact": "basic",
                "id": slugify(t["new_objective"])}  # fmt: skip
    return {
        "standards": [
            _line(8, "standards:", f"{n.doc(Step, 'standards')} {n.hints['uncomment_copy']}"),
            *_commented(Standard, 10, standard, n, bullet=True),
        ],
        "moment_of_truth": [
            _line(8, "moment_of_truth:", f"{n.doc(Step, 'moment_of_truth')} {n.hints['uncomment']}"),
            *_commented(MomentOfTruth, 10, {"kind": "first-time"}, n),
        ],
    }


def placeholders_left(item: Journey | Persona) -> Iterator[tuple[FieldPath, str]]:
    """The path and value of each placeholder still in `item` (a persona's name, a step's name…)."""
    left = placeholders()
    if isinstance(item, Persona):
        for name in ("name", "role"):
            if getattr(item, name) in left:
                yield (name,), getattr(item, name)
        return
    if item.title in left:
        yield ("title",), item.title
    for p, phase in enumerate(item.phases):
        if phase.name in left:
            yield ("phases", p, "name"), phase.name
        for s, step in enumerate(phase.steps):
            if step.name in left:
                yield ("phases", p, "steps", s, "name"), step.name
            for i, standard in enumerate(step.standards):
                for name in ("objective", "level"):
                    if getattr(standard, name) in left:
                        yield ("phases", p, "steps", s, "standards", i, name), getattr(standard, name)
