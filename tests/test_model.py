"""The typed model: defaults, string-or-list fields, emotions, ids."""

from __future__ import annotations

import pytest
from cxmaps.language.fold import is_id, slugify
from cxmaps.model.format import Journey, Persona
from pydantic import ValidationError

STEP = {"name": "Arrivée à l'hôtel", "emotion": "1"}


def journey(**step: object) -> Journey:
    return Journey.model_validate(
        {"title": "T", "personas": "claire", "phases": [{"name": "P", "steps": [{**STEP, **step}]}]}
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Arrivée à l'hôtel", "arrivee-a-l-hotel"), ("Check-in  at the DESK!", "check-in-at-the-desk"),
     ("Cœur de métier", "coeur-de-metier"), ("Straße", "strasse"), ("???", "id-a03b221c")],
)  # fmt: skip
def test_slugify_folds_accents(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_ids() -> None:
    assert is_id("business-traveller") and is_id("a1")
    assert not any(is_id(x) for x in ("Business", "a--b", "-a", "a_b", "a b", ""))


def test_step_id_defaults_to_slug_of_name() -> None:
    assert journey().phases[0].steps[0].id == "arrivee-a-l-hotel"
    assert journey(id="arrival").phases[0].steps[0].id == "arrival"


def test_list_fields_accept_one_string_a_list_or_nothing() -> None:
    j = journey(touchpoints="Website", evidence=["Page", "E-mail"], customer=None)
    step = j.phases[0].steps[0]
    assert (step.touchpoints, step.evidence, step.customer) == (["Website"], ["Page", "E-mail"], [])
    assert j.personas == ["claire"]


def test_emotion_is_a_number_or_a_mapping_of_numbers() -> None:
    assert journey().phases[0].steps[0].emotion == 1.0
    assert journey(emotion={"claire": "-1.5", "tom": "2"}).phases[0].steps[0].emotion == {"claire": -1.5, "tom": 2.0}
    for bad in ("yes", "nan", ".inf", ["1"], {"claire": "high"}):
        with pytest.raises(ValidationError):
            journey(emotion=bad)


def test_text_fields_keep_yes_and_no_as_text() -> None:
    assert journey(feeling="NO").phases[0].steps[0].feeling == "NO"


def test_apprehension_is_text_or_about_and_text() -> None:
    p = Persona.model_validate(
        {
            "name": "C",
            "role": "R",
            "apprehensions": ["Queues", {"about": "price", "text": "Extras"}],
            "profile": {"Age": "42", "Pets": None},
        }
    )
    assert [(a.about, a.text) for a in p.apprehensions] == [(None, "Queues"), ("price", "Extras")]
    assert p.profile == {"Age": "42", "Pets": ""}


def test_profile_keeps_the_authors_order() -> None:
    p = Persona.model_validate({"name": "C", "role": "R", "profile": {"Z": "1", "A": "2", "M": "3"}})
    assert list(p.profile) == ["Z", "A", "M"]


# -- issue 12: numbers as written, one-line names ---------------------------------------------


def _errors(**step: object) -> list[str]:
    with pytest.raises(ValidationError) as err:
        journey(**step)
    return [e["msg"] for e in err.value.errors()]


@pytest.mark.parametrize("digits", ["\uff12", "-\uff11", "\u0662", "\u0967", "1.\uff15", "\u00b2"])
def test_only_ascii_digits_make_a_number(digits: str) -> None:
    assert _errors(emotion=digits) == [f"expected a number, or a mapping of persona id to number, got '{digits}'"]
    assert _errors(emotion={"claire": digits})[0] == f"expected a number written with digits 0-9, got '{digits}'"


@pytest.mark.parametrize("text", ["1e0", "-0.5", "+1", ".5", "2.", " 1 "])
def test_ascii_numbers_are_numbers(text: str) -> None:
    assert isinstance(journey(emotion=text).phases[0].steps[0].emotion, float)


def test_a_decimal_comma_asks_for_a_point() -> None:
    assert _errors(emotion="-0,6") == ["'-0,6' uses a decimal comma; write it with a point: -0.6"]
    assert _errors(expected={"claire": "1,5"}) == ["'1,5' uses a decimal comma; write it with a point: 1.5"]


@pytest.mark.parametrize("bad", ["high", "1_000", "0x1F", ["1"], None])
def test_emotion_messages_show_the_value_not_a_placeholder(bad: object) -> None:
    (message,) = _errors(emotion=bad)
    assert "{" not in message and "!r" not in message
    assert message.startswith("expected a number, or a mapping of persona id to number, got ")


LINE_FIELDS = {
    "journey title": {"title": "Hotel\nstay"},
    "step name": {"phases": [{"name": "P", "steps": [{**STEP, "name": "Books\na room"}]}]},
    "phase name": {"phases": [{"name": "Before\rthe stay", "steps": [STEP]}]},
    "objective": {"phases": [{"name": "P", "steps": [{**STEP, "standards": [{"objective": "a\u2028b", "level": "1"}]}]}]},
    "moment title": {"phases": [{"name": "P", "steps": [{**STEP, "moment_of_truth": {"kind": "incident", "title": "a\nb"}}]}]},
    "service": {"service": "Rooms\nand more"},
}  # fmt: skip


@pytest.mark.parametrize("fields", LINE_FIELDS.values(), ids=LINE_FIELDS.keys())
def test_names_and_titles_are_one_line(fields: dict[str, object]) -> None:
    data = {"title": "T", "personas": "claire", "phases": [{"name": "P", "steps": [STEP]}], **fields}
    with pytest.raises(ValidationError) as err:
        Journey.model_validate(data)
    assert [e["msg"] for e in err.value.errors()] == [
        "must be one line: a name or title is a heading, remove the line break"
    ]


def test_persona_name_is_one_line_but_summary_may_have_paragraphs() -> None:
    with pytest.raises(ValidationError):
        Persona.model_validate({"name": "Claire\nMartin", "role": "R"})
    assert Persona.model_validate({"name": "Claire", "role": "R", "summary": "One.\n\nTwo."}).summary == "One.\n\nTwo."
    assert Persona.model_validate({"name": "Claire\n", "role": "R"}).name == "Claire"  # a block scalar's last newline
