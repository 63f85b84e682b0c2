"""The authoring format v1 as typed models: the single source of truth.

Validation, the JSON Schema in ``schema/`` and the field reference in the docs
are all derived from these classes. Field names are the YAML names, and the
docstring under each field is its description in the schema.

Scalars arrive as text (see `yamlsource`); pydantic turns text into numbers
where a field is a number, and nothing else is coerced.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from ..language.fold import ID_PATTERN, slugify
from .fieldtypes import Count, Day, Emotion, IdList, Line, LineList, Number, Text, TextList, as_list
from .opportunity import Opportunity, text_or_list

Impact = Literal["basic", "key", "plus", "secondary"]
#: The Tetraclass impacts in their order (basic first), for pages that group standards by impact.
IMPACTS: tuple[str, ...] = get_args(Impact)
MomentKind = Literal["first-time", "incident", "milestone"]
PhaseKind = Literal["before", "during", "after"]
Status = Literal["current", "target"]
ComplaintStyle = Literal["passive", "expressive", "irate", "activist"]
About = Literal["role", "environment", "time", "result", "price"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, str_strip_whitespace=True)


# -- format 1.1: measured standards and sources (issue 14) ---------------------------------------
SourceKind = Literal["survey", "interviews", "observation", "mystery-shopping", "complaints", "analytics", "workshop"]


class Target(_Strict):
    """A standard's level as a number: exactly one of min or max."""

    min: Number | None = None
    """The measured value must be at least this."""
    max: Number | None = None
    """The measured value must be at most this."""
    unit: Annotated[str, Field(min_length=1, max_length=12)] | None = None
    """A short text shown after numbers: %, s, min, €."""

    @model_validator(mode="after")
    def _one_bound(self) -> Target:
        if (self.min is None) == (self.max is None):
            raise PydanticCustomError("target", "give exactly one of 'min' (at least) or 'max' (at most)")
        return self


class Source(_Strict):
    """Where what the reference says comes from: ``sources/<id>.yml``."""

    title: Line
    """What the study is, e.g. 'Post-stay survey, third quarter 2026'."""
    kind: SourceKind
    """survey, interviews, observation, mystery-shopping, complaints, analytics or workshop."""
    date: Day
    """When the fieldwork ended, YYYY-MM-DD."""
    n: Count | None = None
    """Respondents, interviews or observations."""
    by: Line | None = None
    """Who ran it."""
    link: Line | None = None
    """Where to read it (http, https or a relative address)."""
    summary: Text | None = None
    """How it was done, in a sentence or two."""


class Standard(_Strict):
    """A standard that makes a step's promise operational."""

    objective: Line
    """What the standard is for."""
    level: Text
    """The level to reach: the standard itself."""
    how: Text | None = None
    """How it is reached: procedures, resources, skills."""
    indicator: Text | None = None
    """What is measured."""
    measure: Text | None = None
    """Measurement method and frequency."""
    owner: Line | None = None
    """Who steers it."""
    impact: Impact | None = None
    """Tetraclass impact of the attribute: basic, key, plus or secondary."""
    id: Annotated[str, Field(pattern=ID_PATTERN)] = ""
    """Names the standard in measures; unique within the step; default: the objective made into a slug."""
    target: Target | None = None
    """The level as a number ({min} or {max}, and a unit), compared with the measures."""

    @model_validator(mode="after")
    def _default_id(self) -> Standard:
        if not self.id:
            self.id = slugify(self.objective)
        return self


class MomentOfTruth(_Strict):
    """Makes a step a moment of truth: where the customer judges the service."""

    title: Line | None = None
    """Defaults to the step's name."""
    kind: MomentKind
    """first-time, incident or milestone."""
    why: Text | None = None
    """Why this encounter decides the customer's judgement."""
    success: TextList = []
    """What success brings."""
    failure: TextList = []
    """What failure costs."""
    recovery: Text | None = None
    """How the service recovers when it fails."""


class Step(_Strict):
    """One step of a journey, told from the customer's point of view."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = ""
    """Anchor of the step (#id); default: the name made into a slug."""
    name: Line
    """What the customer does, in a few words; the step's heading."""
    description: Text | None = None
    """The step told from the customer's point of view."""
    touchpoints: TextList = []
    """Channels and contact points."""
    evidence: TextList = []
    """Context and physical evidence."""
    customer: TextList = []
    """Customer actions."""
    frontstage: TextList = []
    """Front-office actions, seen by the customer."""
    backstage: TextList = []
    """Back-office actions, unseen."""
    support: TextList = []
    """Support processes and information system."""
    emotion: Emotion
    """Lived experience, on the site's emotion scale; a number or persona id → number."""
    expected: Emotion | None = None
    """Expected experience, same scale."""
    feeling: Line | None = None
    """One word."""
    thoughts: TextList = []
    """What the customer thinks or says."""
    irritants: TextList = []
    """Critical points: negative elements that degrade the experience."""
    fail_points: TextList = []
    """Critical points: what goes wrong here if badly managed."""
    bottlenecks: TextList = []
    """Critical points: where the customer may wait too long."""
    opportunities: Annotated[list[Opportunity], BeforeValidator(as_list), Field(json_schema_extra=text_or_list)] = []
    """Ideas to improve the step: text (an idea nobody owns yet), or an owned action {title, kind, status, …}."""
    promise: Text | None = None
    """The step's service promise."""
    standards: Annotated[list[Standard], BeforeValidator(lambda v: [] if v is None else v)] = []
    """Standards that make the step's promise operational."""
    moment_of_truth: MomentOfTruth | None = None
    """Makes this step a moment of truth."""
    aliases: IdList = []
    """Former ids of this step: an old #anchor still lands on it, and diff shows a rename."""
    sources: IdList = []
    """Ids of the sources (`sources/<id>.yml`) this step rests on."""

    @model_validator(mode="after")
    def _default_id(self) -> Step:
        if not self.id:
            self.id = slugify(self.name)
        return self


class Phase(_Strict):
    """A phase of the journey: before, during or after the service."""

    name: Line
    """The phase's heading, e.g. 'Before the stay'."""
    kind: PhaseKind | None = None
    """before, during or after."""
    steps: Annotated[list[Step], Field(min_length=1)]
    """The steps of the phase, in the order the customer lives them; at least one."""


class Journey(_Strict):
    """A customer journey: ``journeys/<id>.yml``."""

    title: Line
    """The journey's title."""
    summary: Text | None = None
    """One or two sentences shown on the index."""
    service: Line | None = None
    """Groups journeys on the index."""
    personas: Annotated[IdList, Field(min_length=1)]
    """One or more persona ids."""
    scenario: Text | None = None
    """The situation the journey tells: who, when, in what circumstances."""
    promise: Text | None = None
    """The experience promise."""
    owner: Line | None = None
    """Who is accountable for the journey."""
    status: Status | None = None
    """current (as-is) or target (to-be)."""
    tags: LineList = []
    """Free keywords."""
    aliases: IdList = []
    """Former ids, whose addresses keep working."""
    phases: Annotated[list[Phase], Field(min_length=1)]
    """The phases in order; at least one."""
    sources: IdList = []
    """Ids of the sources (`sources/<id>.yml`) this journey rests on."""
    # format 1.2, reviews (issue 26)
    reviewed: Day | None = None
    """When the owner last checked this journey against reality, YYYY-MM-DD (see the site's review_every)."""
    # -- format 1.2: future-state journeys (issue 27) --
    improves: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    """Only with status target: the id of the current journey this to-be journey redesigns."""

    def steps(self) -> list[Step]:
        return [step for phase in self.phases for step in phase.steps]


class Apprehension(_Strict):
    """A worry of the persona before an encounter; a plain string is the text alone."""

    about: About | None = None
    """role, environment, time, result or price."""
    text: Text
    """The worry, in the customer's words."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string"}, handler(schema)]}


class Persona(_Strict):
    """A persona: ``personas/<id>.yml``."""

    name: Line
    """The persona's name, e.g. 'Claire Martin'."""
    role: Line
    """The archetype in a few words."""
    summary: Text | None = None
    """Who they are, in a few sentences."""
    quote: Text | None = None
    """A sentence they would say."""
    image: Line | None = None
    """A path inside docs/."""
    profile: Annotated[
        dict[
            str,
            Annotated[
                str,
                BeforeValidator(lambda v: "" if v is None else v),
                WithJsonSchema({"type": ["string", "number", "boolean", "null"]}),
            ],
        ],
        # Empty ("profile:") is no facts, like an empty list field: a starter's example uncomments under it.
        BeforeValidator(lambda v: {} if v is None else v),
    ] = {}
    """Short facts, in the order written."""
    mission: Text | None = None
    """Mission and evaluation criteria."""
    goals: TextList = []
    """What they want to achieve."""
    needs: TextList = []
    """Problems, needs, expectations."""
    strengths: TextList = []
    """Skills, confidence points."""
    weaknesses: TextList = []
    """Weak points."""
    constraints: TextList = []
    """What limits them: budget, time, policy."""
    apprehensions: Annotated[list[Apprehension], BeforeValidator(as_list)] = []
    """What worries them before an encounter: text, or {about, text}."""
    sensitivities: TextList = []
    """What they are sensitive to."""
    delighters: TextList = []
    """What would be a good surprise."""
    complaint_style: ComplaintStyle | None = None
    """passive, expressive, irate or activist."""
    tags: LineList = []
    """Free keywords."""
    aliases: IdList = []
    """Former ids, whose addresses keep working."""
    sources: IdList = []
    """Ids of the sources (`sources/<id>.yml`) this persona rests on."""
    # format 1.2, reviews (issue 26)
    reviewed: Day | None = None
    """When this persona was last checked against reality, YYYY-MM-DD (see the site's review_every)."""
