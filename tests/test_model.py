"""The typed model: defaults, string-or-list fields, emotions, ids."""

from __future__ import annotations

import pytest
from cxmaps.model import Journey, Persona
from cxmaps.slug import is_id, slugify
from pydantic import ValidationError

STEP = {"name": "Arrivée à l'hôtel", "emotion": "1"}


def journey(**step: object) -> Journey:
    return Journey.model_validate(
        {"title": "T", "personas": "claire", "phases": [{"name": "P", "steps": [{**STEP, **step}]}]}
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Arrivée à l'hôtel", "arrivee-a-l-hotel"), ("Check-in  at the DESK!", "check-in-at-the-desk"),
     ("Cœur de métier", "coeur-de-metier"), ("Straße", "strasse"), ("???", "")],
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
